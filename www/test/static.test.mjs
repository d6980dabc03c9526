// Static files: content types, security headers, the /pkg/ mount, traversal refused, the index placeholder.

import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from '../server.mjs';
import { request } from './support/http.mjs';

let dir;
let app;
let base;
const wasm = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'www-static-'));
  const www = path.join(dir, 'www');
  const pkg = path.join(dir, 'pkg');
  await mkdir(path.join(www, 'sub'), { recursive: true });
  await mkdir(pkg);
  await writeFile(path.join(www, 'index.html'), '<!doctype html><title>index</title>');
  await writeFile(path.join(www, 'app.mjs'), 'export const a = 1;\n');
  await writeFile(path.join(www, 'old.js'), 'var b = 2;\n');
  await writeFile(path.join(www, 'style.css'), 'body{}');
  await writeFile(path.join(www, 'sub', 'page.html'), '<p>sub</p>');
  await writeFile(path.join(www, '.env.json'), '{"secret":1}');
  await writeFile(path.join(www, 'notes.unknownext'), 'x');
  await writeFile(path.join(dir, 'outside.txt'), 'OUTSIDE-SECRET');
  await symlink(path.join(dir, 'outside.txt'), path.join(www, 'link.txt'));
  await writeFile(path.join(pkg, 'slb.js'), 'export {};\n');
  await writeFile(path.join(pkg, 'slb_bg.wasm'), wasm);
  app = createServer({ root: www, pkgRoot: pkg, log: () => {} });
  base = await app.listen(0, '127.0.0.1');
});
after(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

const get = (p, opts) => request({ origin: base, path: p }, opts);

for (const [p, type, body] of [
  ['/', 'text/html', '<!doctype html><title>index</title>'],
  ['/index.html', 'text/html', '<!doctype html><title>index</title>'],
  ['/app.mjs', 'text/javascript', 'export const a = 1;\n'],
  ['/old.js', 'text/javascript', 'var b = 2;\n'],
  ['/style.css', 'text/css', 'body{}'],
  ['/sub/page.html', 'text/html', '<p>sub</p>'],
  ['/pkg/slb.js', 'text/javascript', 'export {};\n'],
  ['/app.mjs?v=1', 'text/javascript', 'export const a = 1;\n'],
]) {
  test(`GET ${p} -> 200 ${type}`, async () => {
    const res = await get(p);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'].split(';')[0], type);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.text, body);
  });
}

/** A Content-Security-Policy header as { directive: 'sources' }. */
const directives = (csp) => Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources.join(' ')]));

test('every response carries the security headers: the page runs only its own scripts and wasm', async () => {
  for (const p of ['/', '/app.mjs', '/style.css', '/pkg/slb_bg.wasm', '/nope.html', '/config.json']) {
    const { headers } = await get(p);
    assert.deepEqual(directives(headers['content-security-policy']), {
      'default-src': "'self'",
      'script-src': "'self' 'wasm-unsafe-eval'",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    }, p);
    assert.equal(headers['referrer-policy'], 'no-referrer', p);
    assert.equal(headers['cross-origin-opener-policy'], 'same-origin', p);
    assert.equal(headers['x-content-type-options'], 'nosniff', p);
  }
});

test('GET /pkg/slb_bg.wasm -> application/wasm, exact bytes', async () => {
  const res = await get('/pkg/slb_bg.wasm');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/wasm');
  assert.deepEqual(res.body, wasm);
});

test('HEAD gives the headers without a body', async () => {
  const res = await get('/app.mjs', { method: 'HEAD' });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-length'], String('export const a = 1;\n'.length));
  assert.equal(res.body.length, 0);
});

for (const p of [
  '/../outside.txt',
  '/sub/../../outside.txt',
  '/%2e%2e/outside.txt',
  '/%2E%2E/outside.txt',
  '/..%2foutside.txt',
  '/..%2Foutside.txt',
  '/..%5coutside.txt',
  '/..\\outside.txt',
  '/pkg/../../outside.txt',
  '/pkg/%2e%2e/%2e%2e/outside.txt',
  '//outside.txt',
  '/sub//page.html',
  '/./index.html',
  '/link.txt',
  '/.env.json',
  '/notes.unknownext',
  '/sub',
  '/sub/',
  '/index.html%00.txt',
  '/%ZZ.html',
  '/nope.html',
  '/pkg/',
]) {
  test(`GET ${p} -> 404, nothing outside the roots`, async () => {
    const res = await get(p);
    assert.equal(res.status, 404);
    assert.doesNotMatch(res.text, /OUTSIDE-SECRET|secret/);
  });
}

test('absolute-form request target is refused', async () => {
  const res = await get(`${base}/../outside.txt`);
  assert.equal(res.status, 400);
  assert.doesNotMatch(res.text, /OUTSIDE-SECRET/);
});

test('other methods on static paths: 405', async () => {
  const res = await get('/index.html', { method: 'POST', body: 'x' });
  assert.equal(res.status, 405);
});

test('without index.html, / serves a placeholder page', async (t) => {
  const empty = await mkdtemp(path.join(tmpdir(), 'www-empty-'));
  const bare = createServer({ root: empty, pkgRoot: empty, log: () => {} });
  const bareBase = await bare.listen(0, '127.0.0.1');
  t.after(async () => { await bare.close(); await rm(empty, { recursive: true, force: true }); });
  const res = await request(`${bareBase}/`);
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'], /^text\/html/);
  assert.match(res.text, /not built yet/);
  assert.equal((await request(`${bareBase}/index.html`)).status, 404);
});

test('by default the www/ folder itself is served', async (t) => {
  const dflt = createServer({ log: () => {} });
  const dfltBase = await dflt.listen(0, '127.0.0.1');
  t.after(() => dflt.close());
  const res = await request(`${dfltBase}/emulator.mjs`);
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'], /^text\/javascript/);
});

test('/config.json tells the page where the emulator is', async () => {
  const srv = createServer({ emulatorOrigin: 'http://127.0.0.1:18081', log: () => {} });
  const url = await srv.listen(0);
  try {
    const res = await fetch(new URL('/config.json', url));
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { emulatorOrigin: 'http://127.0.0.1:18081' });
  } finally {
    await srv.close();
  }
});
