// The installed package's web build, loaded from a plain page in headless Chromium:
// a clear error before init(), then every vector signed in the browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..', 'node_modules', 'aliyun-slb-wasm');
const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html' };
const page = `<!doctype html><meta charset="utf-8"><title>aliyun-slb-wasm</title>
<script type="module">
  import init, * as slb from '/pkg/web/index.js';
  window.run = async () => {
    let before;
    try { slb.signRpcRequest({}); } catch (e) { before = [e.name, e.code, e.message]; }
    await init();
    const vectors = await (await fetch('/rpc-v1.json')).json();
    const mismatches = [];
    for (const c of [...vectors.cases, ...vectors.disagreements]) {
      const expected = c.expected ?? c.popcore;
      const s = slb.signRpcRequest(c.input);
      if (s.canonicalQuery !== expected.canonicalQuery || s.stringToSign !== expected.stringToSign
          || s.signature !== expected.signature || (expected.url && s.url !== expected.url)) mismatches.push(c.id);
    }
    const typed = slb.addVServerGroupBackendServers(
      { regionId: 'cn-hangzhou', vServerGroupId: 'rsp-cige6j5e7p', backendServers: [{ serverId: 'i-bp1test', port: 80, weight: 100, type: 'ecs', description: 'web 1' }] },
      { accessKeyId: 'testid', accessKeySecret: 'testsecret' },
      { timestamp: '2016-02-23T12:46:24Z', nonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf' });
    let invalid;
    try { slb.serializeBackendServers([{ serverId: 'vm-1', port: 0 }]); } catch (e) { invalid = [e instanceof slb.SlbError, e.code, e.issues[0].path]; }
    const nonce = slb.signRpcRequest({ endpoint: 'https://ecs.aliyuncs.com', accessKeyId: 'a', accessKeySecret: 'b', params: { Action: 'A', Version: '1' } }).params.SignatureNonce;
    return { before, count: vectors.cases.length, mismatches, typed: typed.signature, invalid, nonce };
  };
</script>`;

function serve() {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    let file;
    if (path === '/') file = null;
    else if (path === '/rpc-v1.json') file = join(here, 'rpc-v1.json');
    else if (path.startsWith('/pkg/')) file = normalize(join(packageDir, path.slice(5)));
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    } else if (file && file.startsWith(packageDir) || file === join(here, 'rpc-v1.json')) {
      try {
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
      } catch {
        res.writeHead(404).end();
      }
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('the web build signs every vector in headless Chromium', async () => {
  // playwright-core comes from the project's dev tools (the root package.json).
  const require = createRequire(process.env.SLB_DEV_TOOLS ?? join(here, '..', '..', '..', 'package.json'));
  const { chromium } = require('playwright-core');
  const server = await serve();
  const profile = mkdtempSync(join(tmpdir(), 'slb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const tab = await context.newPage();
    const errors = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(`http://127.0.0.1:${server.address().port}/`);
    await tab.waitForFunction(() => typeof window.run === 'function');
    const result = await tab.evaluate(() => window.run());
    assert.deepEqual(result.before.slice(0, 2), ['SlbError', 'NotInitialized']);
    assert.match(result.before[2], /init\(\)/);
    assert.equal(result.count, 300);
    assert.deepEqual(result.mismatches, []);
    assert.equal(result.typed, 'DzqsF41MvauLDKgNVYAxcURlGiU=');
    assert.deepEqual(result.invalid, [true, 'ValidationFailed', 'backendServers[0].port']);
    assert.match(result.nonce, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    server.close();
  }
});
