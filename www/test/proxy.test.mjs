// The /proxy endpoint over real HTTP on 127.0.0.1. A test upstream stands in as the allowed
// "emulator origin"; real Alibaba Cloud hosts are refused before any connection, and the
// refused cases below never reach a network.

import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createServer, MAX_PROXY_BODY_BYTES } from '../server.mjs';
import { closedOrigin, request, startUpstream } from './support/http.mjs';

let upstream;
let app;
let base;
const logs = [];

before(async () => {
  upstream = await startUpstream();
  app = createServer({ emulatorOrigin: upstream.origin, log: (line) => logs.push(line) });
  base = await app.listen(0, '127.0.0.1');
});
after(async () => {
  await app.close();
  await upstream.close();
});

const proxyPath = (target) => `/proxy?url=${encodeURIComponent(target)}`;
const viaProxy = (target, opts) => request({ origin: base, path: proxyPath(target) }, opts);

async function assertRefused(res, status, code) {
  assert.equal(res.status, status);
  assert.match(res.headers['content-type'], /^application\/json/);
  const body = res.json();
  assert.equal(body.Code, code);
  assert.equal(typeof body.Message, 'string');
  assert.ok(body.Message.length > 0);
}

// Each refused target: status 403 and the JSON error, and the upstream never called.
const forbidden = () => [
  ['other host', 'https://example.com/'],
  ['http to a real endpoint', 'http://slb.aliyuncs.com/'],
  ['user info', 'https://user:pw@slb.aliyuncs.com/'],
  ['other port', 'https://slb.aliyuncs.com:8443/'],
  ['IPv4 literal', 'https://47.98.1.1/'],
  ['IPv6 literal', 'https://[::1]/'],
  ['lookalike slb.aliyuncs.com.example.com', 'https://slb.aliyuncs.com.example.com/'],
  ['lookalike evil-slb.aliyuncs.com', 'https://evil-slb.aliyuncs.com/'],
  ['trailing dot', 'https://slb.aliyuncs.com./'],
  ['ftp scheme', 'ftp://slb.aliyuncs.com/'],
  ['file scheme', 'file:///etc/passwd'],
  ['javascript scheme', 'javascript:alert(1)'],
  ['backslashes', 'https:\\\\slb.aliyuncs.com\\'],
  ['tab inside the host', 'https://slb.aliyun\tcs.com/'],
  ['upper-case host', 'https://SLB.ALIYUNCS.COM/'],
  ['other path', 'https://slb.aliyuncs.com/api'],
  ['encoded dot-dot path', 'https://slb.aliyuncs.com/%2e%2e/'],
  ['emulator host on another port', upstream.origin.replace(/:\d+$/, ':1')],
  ['emulator origin with another path', `${upstream.origin}/x`],
  ['emulator origin as localhost', upstream.origin.replace('127.0.0.1', 'localhost')],
];
test('refused targets: 403 ProxyForbidden each, upstream never called', async (t) => {
  const hitsBefore = upstream.hits;
  for (const [why, target] of forbidden()) {
    await t.test(why, async () => assertRefused(await viaProxy(target), 403, 'ProxyForbidden'));
  }
  assert.equal(upstream.hits, hitsBefore);
});

test('missing url: 400', async () => assertRefused(await request(`${base}/proxy`), 400, 'ProxyBadRequest'));
test('empty url: 400', async () => assertRefused(await request(`${base}/proxy?url=`), 400, 'ProxyBadRequest'));
test('unparsable url: 400', async () => assertRefused(await viaProxy('not a url'), 400, 'ProxyBadRequest'));
test('broken percent-encoding in url: 400', async () => assertRefused(await request(`${base}/proxy?url=%E0%A4%A`), 400, 'ProxyBadRequest'));
test('unencoded target URL (its & splits the proxy query): 400, not forwarded cut short', async () => {
  const hits = upstream.hits;
  await assertRefused(await request(`${base}/proxy?url=${upstream.origin}/?A=1&B=2`), 400, 'ProxyBadRequest');
  assert.equal(upstream.hits, hits);
});
test('other methods: 405', async () => {
  const res = await viaProxy(`${upstream.origin}/`, { method: 'PUT', body: 'x' });
  await assertRefused(res, 405, 'ProxyMethodNotAllowed');
  assert.equal(res.headers.allow, 'GET, POST');
});

test('GET to the emulator origin: the query goes upstream byte for byte', async () => {
  const query = "?A=%20&B=%2B&C=%7E&D=~&E=+&F=%2b&G='!*()&H=%E4%B8%AD&I=%25&J=&Signature=x%2By%3D";
  const res = await viaProxy(`${upstream.origin}/${query}`);
  assert.equal(res.status, 200);
  const seen = res.json();
  assert.equal(seen.method, 'GET');
  assert.equal(seen.url, `/${query}`);
  assert.equal(seen.body, '');
});

test('an empty target path is sent as /', async () => {
  const seen = (await viaProxy(`${upstream.origin}?A=1`)).json();
  assert.equal(seen.url, '/?A=1');
});

test('POST: body and content-type go upstream byte for byte', async () => {
  const body = Buffer.concat([Buffer.from('A=%20&B=%2B&C=+&D=中&'), Buffer.from([0x00, 0xff, 0xfe])]);
  const type = 'application/x-www-form-urlencoded; charset=UTF-8';
  const res = await viaProxy(`${upstream.origin}/`, { method: 'POST', body, headers: { 'content-type': type } });
  assert.equal(res.status, 200);
  const seen = res.json();
  assert.equal(seen.method, 'POST');
  assert.equal(seen.url, '/');
  assert.equal(seen.headers['content-type'], type);
  assert.deepEqual(Buffer.from(seen.body, 'base64'), body);
});

test('POST body of exactly 64 KiB is forwarded', async () => {
  const body = Buffer.alloc(MAX_PROXY_BODY_BYTES, 0x61);
  const res = await viaProxy(`${upstream.origin}/`, { method: 'POST', body, headers: { 'content-type': 'text/plain' } });
  assert.equal(res.status, 200);
  assert.equal(Buffer.from(res.json().body, 'base64').length, MAX_PROXY_BODY_BYTES);
});

test('POST body over 64 KiB: 413, nothing forwarded', async () => {
  const hits = upstream.hits;
  const res = await viaProxy(`${upstream.origin}/`, { method: 'POST', body: Buffer.alloc(65 * 1024 + 1, 0x61), headers: { 'content-type': 'text/plain' } });
  await assertRefused(res, 413, 'ProxyBodyTooLarge');
  assert.equal(upstream.hits, hits);
});

test('POST body over 64 KiB sent chunked (no content-length): 413', async () => {
  const hits = upstream.hits;
  const res = await viaProxy(`${upstream.origin}/`, {
    method: 'POST', body: Buffer.alloc(65 * 1024, 0x61), headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' },
  });
  await assertRefused(res, 413, 'ProxyBodyTooLarge');
  assert.equal(upstream.hits, hits);
});

test('client cookies, authorization, origin and referer are not forwarded', async () => {
  const res = await viaProxy(`${upstream.origin}/?A=1`, {
    method: 'POST',
    body: 'A=1',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      cookie: 'session=secret-cookie',
      authorization: 'Bearer secret-token',
      'proxy-authorization': 'Basic c2VjcmV0',
      // The page's own: a browser's same-origin POST carries it.
      origin: base,
      referer: `${base}/`,
      'x-forwarded-for': '10.0.0.1',
      'user-agent': 'test-browser',
    },
  });
  const { headers } = res.json();
  for (const name of ['cookie', 'authorization', 'proxy-authorization', 'origin', 'referer', 'x-forwarded-for', 'user-agent']) {
    assert.equal(headers[name], undefined, `${name} must not be forwarded`);
  }
  assert.equal(headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(headers.accept, 'application/json');
  assert.deepEqual(Object.keys(headers).sort(), ['accept', 'connection', 'content-length', 'content-type', 'host']);
});

test('signature v3: authorization and every x-acs-* header go upstream as sent, host is the target\'s', async () => {
  const v3 = {
    authorization: 'ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action,Signature=ab12',
    'x-acs-action': 'DescribeVServerGroups',
    'x-acs-date': '2016-02-23T12:46:24Z',
    'x-acs-security-token': 'CAIS+/=',
  };
  const res = await viaProxy(`${upstream.origin}/?A=1`, {
    method: 'POST',
    body: 'B=2',
    headers: { ...v3, 'content-type': 'application/x-www-form-urlencoded', cookie: 'session=secret-cookie', 'x-other': '1' },
  });
  const { headers } = res.json();
  for (const [name, value] of Object.entries(v3)) assert.equal(headers[name], value, name);
  assert.equal(headers.host, new URL(upstream.origin).host);
  assert.deepEqual(Object.keys(headers).sort(),
    ['authorization', 'connection', 'content-length', 'content-type', 'host', ...Object.keys(v3).slice(1)].sort());
  // Without a body, a GET carries them too.
  const get = (await viaProxy(`${upstream.origin}/?A=1`, { headers: v3 })).json();
  assert.equal(get.headers.authorization, v3.authorization);
  assert.equal(get.headers['x-acs-date'], v3['x-acs-date']);
});

test('upstream status, content-type and body come back unchanged', async (t) => {
  upstream.handler = (req, res) => {
    res.writeHead(400, { 'content-type': 'text/xml;charset=utf-8', 'set-cookie': 'a=b', 'x-other': '1' });
    res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>X</Code></Error>');
  };
  t.after(() => { upstream.handler = null; });
  const res = await viaProxy(`${upstream.origin}/`);
  assert.equal(res.status, 400);
  assert.equal(res.headers['content-type'], 'text/xml;charset=utf-8');
  assert.equal(res.text, '<?xml version="1.0" encoding="UTF-8"?><Error><Code>X</Code></Error>');
  assert.equal(res.headers['set-cookie'], undefined);
  assert.equal(res.headers['x-other'], undefined);
});

test('an upstream redirect is not followed: 502 ProxyUpstreamRedirect', async (t) => {
  const elsewhere = await startUpstream();
  upstream.handler = (req, res) => {
    res.writeHead(302, { location: `${elsewhere.origin}/stolen` });
    res.end();
  };
  t.after(async () => { upstream.handler = null; await elsewhere.close(); });
  const res = await viaProxy(`${upstream.origin}/`);
  await assertRefused(res, 502, 'ProxyUpstreamRedirect');
  assert.equal(res.headers.location, undefined);
  assert.equal(elsewhere.hits, 0);
});

test('an upstream slower than the timeout: 504', async (t) => {
  const silent = await startUpstream();
  silent.handler = () => {}; // never answers
  const slowApp = createServer({ emulatorOrigin: silent.origin, upstreamTimeoutMs: 200, log: () => {} });
  const slowBase = await slowApp.listen(0, '127.0.0.1');
  t.after(async () => { await slowApp.close(); await silent.close(); });
  const started = Date.now();
  const res = await request({ origin: slowBase, path: proxyPath(`${silent.origin}/`) });
  await assertRefused(res, 504, 'ProxyUpstreamTimeout');
  assert.ok(Date.now() - started < 5000);
  assert.equal(silent.hits, 1);
});

/** POSTs through `base`'s proxy over a raw socket, writing `parts` of the body `gapMs` apart. */
function dribble(base, target, parts, gapMs) {
  const { port } = new URL(base);
  const length = parts.reduce((n, p) => n + Buffer.byteLength(p), 0);
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.on('connect', async () => {
      socket.write(`POST ${proxyPath(target)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${length}\r\n\r\n`);
      for (const part of parts) {
        await new Promise((r) => setTimeout(r, gapMs));
        if (!socket.writable) return;
        socket.write(part);
      }
    });
    socket.on('data', (d) => { text += d; });
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

test('a request body slower than its time limit: 408 ProxyRequestTimeout, connection closed, upstream not called', async (t) => {
  const slowApp = createServer({ emulatorOrigin: upstream.origin, bodyTimeoutMs: 300, log: () => {} });
  const slowBase = await slowApp.listen(0, '127.0.0.1');
  t.after(() => slowApp.close());
  const hits = upstream.hits;
  const started = Date.now();
  const text = await dribble(slowBase, `${upstream.origin}/`, ['A=1', '&B=2', '&C=3', '&D=4', '&E=5'], 150);
  assert.ok(Date.now() - started < 600, 'answered at the limit, not at the end of the body');
  assert.match(text, /^HTTP\/1\.1 408 /);
  assert.match(text, /\r\nconnection: close\r\n/i);
  assert.equal(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)).Code, 'ProxyRequestTimeout');
  assert.equal(upstream.hits, hits);
});

test('a request body in pieces within the limit is forwarded whole', async () => {
  const text = await dribble(base, `${upstream.origin}/`, ['A=1', '&B=2'], 50);
  assert.match(text, /^HTTP\/1\.1 200 /);
  const echoed = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));
  assert.equal(Buffer.from(echoed.body, 'base64').toString(), 'A=1&B=2');
});

/** A fresh upstream and a proxy allowed to reach it, both closed after the test. */
async function pair(t, options = {}) {
  const up = await startUpstream();
  const pairApp = createServer({ emulatorOrigin: up.origin, log: () => {}, ...options });
  const pairBase = await pairApp.listen(0, '127.0.0.1');
  t.after(async () => { await pairApp.close(); await up.close(); });
  return { up, get: () => request({ origin: pairBase, path: proxyPath(`${up.origin}/`) }) };
}

test('a kept-alive upstream socket reset as it is reused: sent once more on a new one', async (t) => {
  const { up, get } = await pair(t);
  const seen = new WeakSet();
  let resets = 0;
  up.handler = (req, res) => {
    // The second request on a socket: the server drops the socket instead of answering.
    if (seen.has(req.socket)) { resets++; req.socket.destroy(); return; }
    seen.add(req.socket);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  };
  assert.equal((await get()).status, 200);
  assert.equal((await get()).status, 200);
  assert.equal(resets, 1);
  assert.equal(up.hits, 3);
});

test('a reset on a new upstream socket is not retried: 502', async (t) => {
  const { up, get } = await pair(t);
  up.handler = (req) => req.socket.destroy();
  await assertRefused(await get(), 502, 'ProxyUpstreamUnreachable');
  assert.equal(up.hits, 1);
});

test('idle upstream sockets are dropped before the server\'s Keep-Alive timeout', async (t) => {
  const { up, get } = await pair(t);
  up.server.keepAliveTimeout = 2000; // announced as timeout=2: the proxy keeps it 1 s
  const sockets = new Set();
  up.handler = (req, res) => { sockets.add(req.socket); res.end('{}'); };
  assert.equal((await get()).status, 200);
  await new Promise((r) => setTimeout(r, 1300));
  assert.equal((await get()).status, 200);
  assert.equal(sockets.size, 2, 'the second call came on a new socket');
});

test('an unreachable upstream (closed port): 502', async (t) => {
  const origin = await closedOrigin();
  const deadApp = createServer({ emulatorOrigin: origin, log: () => {} });
  const deadBase = await deadApp.listen(0, '127.0.0.1');
  t.after(() => deadApp.close());
  await assertRefused(await request({ origin: deadBase, path: proxyPath(`${origin}/`) }), 502, 'ProxyUpstreamUnreachable');
});

test('logs never hold Signature or SecurityToken values', async () => {
  logs.length = 0;
  const secretQuery = '?A=1&Signature=SIGVALUE%2Babc%3D&SecurityToken=TOKENVALUE%20x';
  await viaProxy(`${upstream.origin}/${secretQuery}`);
  await viaProxy(`https://evil.example.com/${secretQuery}`);
  await viaProxy(`https://user:PASSWORDVALUE@slb.aliyuncs.com/${secretQuery}`);
  await viaProxy(`${upstream.origin}/`, {
    method: 'POST', body: 'Signature=SIGVALUE&SecurityToken=TOKENVALUE', headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(logs.length, 4);
  for (const line of logs) {
    assert.doesNotMatch(line, /SIGVALUE|TOKENVALUE|PASSWORDVALUE/);
    assert.doesNotMatch(line, /\n/);
  }
  assert.match(logs[0], /Signature=\*\*\*&SecurityToken=\*\*\*/);
  assert.match(logs[0], / -> 200 /);
  assert.match(logs[1], / -> 403 ProxyForbidden /);
});
