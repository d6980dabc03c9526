// The installed package's web build, loaded from a plain page in headless Chromium:
// a clear error before init(), then every vector signed in the browser; init() loads the
// signer and its JS, and the client side (its JS and module: send, SlbClient, parseResponse,
// diagnoseSignature) comes only when it is used or initClient() is awaited.
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
  window.init = init;
  window.slb = slb;
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
  // The page's own origin stands in for the service (see serve()).
  window.signed = (action = 'DescribeRegions') => slb.signRpcRequest({ endpoint: location.origin, accessKeyId: 'testid',
    accessKeySecret: 'testsecret', params: { Action: action, Version: '2014-05-15' } });
  window.caught = (f) => { try { f(); return null; } catch (e) { return [e.name, e.code, e.message]; } };
  window.ready = true;
</script>`;

// What the stand-in service answers to any signed request.
const ANSWER = {
  RequestId: 'R-1',
  VServerGroupId: 'rsp-cige6j5e7p',
  BackendServers: { BackendServer: [{ ServerId: 'vm-1', Port: 80, Weight: 100, Type: 'ecs' }] },
};
const CLIENT_WASM = '/pkg/web/client/aliyun_slb_wasm_bg.wasm';
// The client side: the module's glue and .wasm, and the wrapper's client part.
const CLIENT_FILES = ['/pkg/web/client/aliyun_slb_wasm.js', CLIENT_WASM, '/pkg/web/client/api.js'];

/** The static files, and `/?...Signature=...` as the service; `failures` fails paths once each with a 503. */
function serve(failures = new Set()) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const path = url.pathname;
    let file;
    if (path === '/rpc-v1.json') file = join(here, 'rpc-v1.json');
    else if (path === '/boundary.js') file = join(here, 'boundary.js');
    else if (path.startsWith('/pkg/')) file = normalize(join(packageDir, path.slice(5)));
    if (failures.delete(path)) {
      res.writeHead(503).end();
    } else if (path === '/' && url.searchParams.has('Signature')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ANSWER));
    } else if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    } else if (file && file.startsWith(packageDir) || file === join(here, 'rpc-v1.json') || file === join(here, 'boundary.js')) {
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

/** A fresh Chromium on the test page; `loaded()` lists the package files fetched since the last call. */
async function openPage(t, { failures } = {}) {
  // playwright-core comes from the project's dev tools (the root package.json).
  const require = createRequire(process.env.SLB_DEV_TOOLS ?? join(here, '..', '..', '..', 'package.json'));
  const { chromium } = require('playwright-core');
  const server = await serve(failures);
  const profile = mkdtempSync(join(tmpdir(), 'slb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const errors = [];
  t.after(async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    server.close();
    assert.deepEqual(errors, []);
  });
  const tab = await context.newPage();
  tab.on('pageerror', (e) => errors.push(e.message));
  let fetched = [];
  tab.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/pkg/')) fetched.push(path);
  });
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  await tab.waitForFunction(() => window.ready === true);
  const loaded = () => {
    const list = fetched.sort();
    fetched = [];
    return list;
  };
  return { tab, loaded };
}

test('the web build signs every vector in headless Chromium', async (t) => {
  const { tab } = await openPage(t);
  const result = await tab.evaluate(() => window.run());
  assert.deepEqual(result.before.slice(0, 2), ['SlbError', 'NotInitialized']);
  assert.match(result.before[2], /init\(\)/);
  assert.equal(result.count, 300);
  assert.deepEqual(result.mismatches, []);
  assert.equal(result.typed, 'DzqsF41MvauLDKgNVYAxcURlGiU=');
  assert.deepEqual(result.invalid, [true, 'ValidationFailed', 'backendServers[0].port']);
  assert.match(result.nonce, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('the boundary probe in headless Chromium: no JS value in any argument position traps', async (t) => {
  const { tab } = await openPage(t);
  const result = await tab.evaluate(async () => {
    await window.init();
    await window.slb.initClient();
    const { probeBoundary } = await import('/boundary.js');
    return probeBoundary(window.slb);
  });
  assert.deepEqual(result.problems, []);
  assert.ok(result.count >= 19 * 40, `${result.count} calls`);
  assert.equal(result.signature, result.expected);
});

test('init() loads the signing module only; send loads the client module on first use', async (t) => {
  const { tab, loaded } = await openPage(t);
  // The page imports the entry, its wrapper and the signer's glue, and no .wasm yet.
  assert.deepEqual(loaded(), ['/pkg/web/aliyun_slb_wasm.js', '/pkg/web/api.js', '/pkg/web/index.js']);
  await tab.evaluate(() => window.init());
  assert.deepEqual(loaded(), ['/pkg/web/aliyun_slb_wasm_bg.wasm']);

  // The synchronous client functions say what to do until the client module is there.
  const before = await tab.evaluate(() => [
    window.caught(() => window.slb.parseResponse(200, '{"RequestId":"R"}')),
    window.caught(() => window.slb.diagnoseSignature('GET&%2F&A', 'GET&%2F&B')),
  ]);
  for (const error of before) {
    assert.deepEqual(error.slice(0, 2), ['SlbError', 'NotInitialized']);
    assert.match(error[2], /await initClient\(\)/);
  }
  assert.equal(await tab.evaluate(() => window.slb.signRpcRequest({ endpoint: 'https://ecs.aliyuncs.com', accessKeyId: 'a',
    accessKeySecret: 'b', params: { Action: 'A', Version: '1' } }).method), 'GET');
  // Planning is the signing module's, as member checks are.
  assert.deepEqual(await tab.evaluate(() => window.slb.planMembership([{ serverId: 'vm-1', port: 80 }], [{ serverId: 'vm-2', port: 80 }]).lines.length), 2);
  assert.deepEqual(loaded(), [], 'signing, planning and the NotInitialized errors load nothing');

  // send() loads the client module itself, once, even when two calls race.
  const sent = await tab.evaluate(async () => {
    const [a, b] = await Promise.all([window.slb.send(window.signed()), window.slb.send(window.signed())]);
    return [a.ok, a.status, a.requestId, b.requestId];
  });
  assert.deepEqual(sent, [true, 200, 'R-1', 'R-1']);
  assert.deepEqual(loaded().filter((p) => p.startsWith('/pkg/')), CLIENT_FILES);

  // From then on the synchronous functions work, and initClient() has nothing left to load.
  const after = await tab.evaluate(async () => {
    await window.slb.initClient();
    return [window.slb.parseResponse(200, '{"RequestId":"R"}').requestId,
      window.slb.diagnoseSignature('GET&%2F&A', 'GET&%2F&A').kind];
  });
  assert.deepEqual(after, ['R', 'WrongSecret']);
  assert.deepEqual(loaded(), []);
});

test('initClient() loads the client module explicitly; SlbClient loads it by itself', async (t) => {
  const { tab, loaded } = await openPage(t);
  loaded();
  // SlbClient needs neither init() nor initClient(): its first call loads the client side
  // and the signer (each try is signed afresh), and a bad retry option is reported then.
  const viaClient = await tab.evaluate(async () => {
    const credentials = { accessKeyId: 'testid', accessKeySecret: 'testsecret' };
    const bad = new window.slb.SlbClient({ credentials, endpoint: location.origin, retry: { attempts: 0 } });
    const client = new window.slb.SlbClient({ credentials, endpoint: location.origin });
    const result = await client.addVServerGroupBackendServers({ regionId: 'cn-hangzhou', vServerGroupId: 'rsp-cige6j5e7p',
      backendServers: [{ serverId: 'vm-1', port: 80 }] });
    let refused;
    try { await bad.addVServerGroupBackendServers({}); } catch (e) { refused = e.code; }
    // Once the client module is loaded, the constructor checks the options itself.
    const early = window.caught(() => new window.slb.SlbClient({ credentials, retry: { attempts: 0 } }));
    return { result, refused, early: early?.[1] };
  });
  assert.deepEqual(viaClient.result, { requestId: 'R-1', vServerGroupId: 'rsp-cige6j5e7p',
    backendServers: [{ serverId: 'vm-1', port: 80, weight: 100, type: 'ecs' }] });
  assert.equal(viaClient.refused, 'InvalidRetryPolicy');
  assert.equal(viaClient.early, 'InvalidRetryPolicy');
  assert.deepEqual(loaded(), ['/pkg/web/aliyun_slb_wasm_bg.wasm', ...CLIENT_FILES]);

  // A fresh page: initClient() alone makes parseResponse usable, before any init().
  await tab.reload();
  await tab.waitForFunction(() => window.ready === true);
  loaded();
  const parsed = await tab.evaluate(async () => {
    await Promise.all([window.slb.initClient(), window.slb.initClient()]);
    return window.slb.parseResponse(400, '<Error><Code>Throttling</Code><Message>slow down</Message></Error>', 'XML').error.code;
  });
  assert.equal(parsed, 'Throttling');
  assert.deepEqual(loaded(), CLIENT_FILES);
});

test('a client module that fails to load is tried again by the next call', async (t) => {
  const { tab, loaded } = await openPage(t, { failures: new Set([CLIENT_WASM]) });
  const outcome = await tab.evaluate(async () => {
    await window.init();
    let first;
    try { await window.slb.send(window.signed()); } catch (e) { first = String(e?.message ?? e); }
    const second = await window.slb.send(window.signed());
    return { first, second: second.requestId };
  });
  assert.ok(outcome.first, 'the first send fails with the load');
  assert.equal(outcome.second, 'R-1');
  assert.deepEqual(loaded().filter((p) => p === CLIENT_WASM), [CLIENT_WASM, CLIENT_WASM]);
});
