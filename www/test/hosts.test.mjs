// Who the server answers: only the Hosts it serves (a DNS-rebinding page sends its own name),
// and on /proxy only its own Origin or none (a cross-site form post or fetch sends another).
// Raw requests: fetch cannot set Host.

import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, parseAllowedHosts } from '../server.mjs';
import { request, startUpstream } from './support/http.mjs';

let dir;
let upstream;
let app;
let base;
let port;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'www-hosts-'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>index</title>');
  upstream = await startUpstream();
  app = createServer({ root: dir, pkgRoot: dir, emulatorOrigin: upstream.origin, allowedHosts: ['Demo.Example'], log: () => {} });
  base = await app.listen(0, '127.0.0.1');
  port = Number(new URL(base).port);
});
after(async () => {
  await app.close();
  await upstream.close();
  await rm(dir, { recursive: true, force: true });
});

const proxied = () => `/proxy?url=${encodeURIComponent(`${upstream.origin}/?A=1`)}`;
const ask = (p, headers, opts = {}) => request({ origin: base, path: p }, { ...opts, headers });
const postProxy = (headers) => ask(proxied(), { 'content-type': 'application/x-www-form-urlencoded', ...headers }, { method: 'POST', body: 'B=2' });

const served = () => [
  '127.0.0.1', `127.0.0.1:${port}`, 'localhost', `localhost:${port}`, `LOCALHOST:${port}`,
  '[::1]', `[::1]:${port}`, 'demo.example', `demo.example:${port}`,
];
const foreign = () => [
  'evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, `localhost:${port}0`, `[::1]:1`,
  `demo.example:${port + 1}`, 'localhost.', 'localhost.evil.example', '127.0.0.2', '[::2]', '[::ffff:127.0.0.1]',
  `127.0.0.1:${port}@evil.example`,
];

test('each served Host form gets the page and the proxy', async () => {
  for (const host of served()) {
    const page = await ask('/', { host });
    assert.equal(page.status, 200, `${host}: ${page.text}`);
    assert.equal(page.text, '<!doctype html><title>index</title>');
    const res = await ask(proxied(), { host });
    assert.equal(res.status, 200, `${host}: ${res.text}`);
    assert.equal(res.json().url, '/?A=1');
  }
});

test('another Host, or a served name on another port: 403 on every path, nothing forwarded', async () => {
  const hits = upstream.hits;
  for (const host of foreign()) {
    for (const p of ['/', '/index.html', '/config.json', '/nope.html', proxied()]) {
      const res = await ask(p, { host });
      assert.equal(res.status, 403, `${host} ${p}`);
      assert.match(res.headers['content-type'], /^text\/plain/);
      assert.match(res.text, /^Blocked request: this server does not answer to the host ".*"\. To allow a host name, add it to ALLOWED_HOSTS/);
      assert.doesNotMatch(res.text, /index/);
    }
  }
  assert.equal(upstream.hits, hits);
});

test('a rebinding page\'s POST (its Host and Origin) is refused before the proxy', async () => {
  const hits = upstream.hits;
  const res = await postProxy({ host: 'evil.example', origin: 'https://evil.example' });
  assert.equal(res.status, 403);
  assert.match(res.text, /"evil\.example"/);
  assert.equal(upstream.hits, hits);
});

test('an HTTP/1.0 request without Host is refused', async () => {
  const text = await new Promise((resolve, reject) => {
    let got = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.0\r\n\r\n'));
    socket.on('data', (d) => { got += d; });
    socket.on('end', () => resolve(got));
    socket.on('error', reject);
  });
  assert.match(text, /^HTTP\/1\.1 403 /);
});

test('/proxy without Origin passes: GET and POST', async () => {
  assert.equal((await ask(proxied(), {})).status, 200);
  const res = await postProxy({});
  assert.equal(res.status, 200, res.text);
  assert.equal(Buffer.from(res.json().body, 'base64').toString(), 'B=2');
});

test('/proxy with its own Origin passes (a browser\'s same-origin POST), as each served Host gives it', async () => {
  for (const [host, origin] of [
    [`127.0.0.1:${port}`, base],
    [`localhost:${port}`, `http://localhost:${port}`],
    [`[::1]:${port}`, `http://[::1]:${port}`],
    ['demo.example', 'http://demo.example'],
    ['demo.example', 'https://demo.example'], // a TLS proxy in front
  ]) {
    const res = await postProxy({ host, origin });
    assert.equal(res.status, 200, `${host} ${origin}: ${res.text}`);
  }
});

test('/proxy with another Origin: 403 ProxyOriginNotAllowed, nothing forwarded', async () => {
  const hits = upstream.hits;
  for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${port + 1}`, `http://localhost:${port}`,
    `https://127.0.0.1:${port}.evil.example`, `${base}/`, 'http://demo.example']) {
    for (const send of [() => postProxy({ origin }), () => ask(proxied(), { origin })]) {
      const res = await send();
      assert.equal(res.status, 403, origin);
      assert.deepEqual(res.json(), {
        Code: 'ProxyOriginNotAllowed',
        Message: `Refused: the Origin ${origin} is not this server's; the proxy answers only its own page.`,
      });
    }
  }
  assert.equal(upstream.hits, hits);
});

test('allowedHosts takes names only; ALLOWED_HOSTS is a comma-separated list', () => {
  for (const bad of ['http://a.example', 'a.example:8080', 'a.example/', '', '*.example', 'a b']) {
    assert.throws(() => createServer({ allowedHosts: [bad] }), TypeError, bad);
  }
  assert.deepEqual(parseAllowedHosts(' a.example, ,B.example,'), ['a.example', 'B.example']);
  assert.deepEqual(parseAllowedHosts(undefined), []);
});
