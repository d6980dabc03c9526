// The installed package through `import`: every vector, the typed API, error shapes,
// malformed input, and default nonces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import init, * as slb from 'aliyun-slb-wasm';

const vectors = JSON.parse(readFileSync(new URL('./rpc-v1.json', import.meta.url), 'utf8'));
const credentials = { accessKeyId: 'testid', accessKeySecret: 'testsecret' };
const fixed = { timestamp: '2016-02-23T12:46:24Z', nonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf' };
const seedRequest = () => ({
  regionId: 'cn-hangzhou',
  vServerGroupId: 'rsp-cige6j5e7p',
  backendServers: [{ serverId: 'i-bp1test', port: 80, weight: 100, type: 'ecs', description: 'web 1' }],
});

test('the Node build is ready on import; init() and initClient() are harmless no-ops', async () => {
  await init();
  assert.equal(slb.endpointForRegion('cn-hangzhou'), 'https://slb.aliyuncs.com');
  // One full module: the client functions work at once, no initClient() needed.
  assert.equal(slb.parseResponse(200, '{"RequestId":"R"}').requestId, 'R');
  assert.equal(await slb.initClient(), undefined);
});

test('every vector, stage by stage, with params and transport', () => {
  assert.equal(vectors.cases.length, 300);
  for (const c of [...vectors.cases, ...vectors.disagreements]) {
    const expected = c.expected ?? c.popcore;
    const signed = slb.signRpcRequest(c.input);
    assert.equal(signed.canonicalQuery, expected.canonicalQuery, c.id);
    assert.equal(signed.stringToSign, expected.stringToSign, c.id);
    assert.equal(signed.signature, expected.signature, c.id);
    if (expected.url) assert.equal(signed.url, expected.url, c.id);
    const base = c.input.endpoint.replace(/\/$/, '');
    const query = `${expected.canonicalQuery}&Signature=${encodeURIComponent(expected.signature)}`;
    if (c.input.method === 'POST') {
      assert.deepEqual([signed.url, signed.body, signed.headers], [`${base}/`, query, { 'content-type': 'application/x-www-form-urlencoded' }], c.id);
    } else {
      assert.deepEqual([signed.url, signed.body, signed.headers], [`${base}/?${query}`, null, {}], c.id);
    }
    const sent = { ...c.input.params, AccessKeyId: c.input.accessKeyId };
    if (c.input.securityToken) sent.SecurityToken = c.input.securityToken;
    const { Signature, ...rest } = signed.params;
    assert.equal(Signature, expected.signature, c.id);
    assert.deepEqual(rest, sent, c.id);
  }
});

test('the typed seed example, GET and POST, and the API page example pasted with PascalCase', () => {
  assert.equal(slb.addVServerGroupBackendServers(seedRequest(), credentials, fixed).signature, 'DzqsF41MvauLDKgNVYAxcURlGiU=');
  const post = slb.addVServerGroupBackendServers(seedRequest(), credentials, { ...fixed, method: 'POST' });
  assert.equal(post.signature, 'Gfod6Tzhe2j8CCjo8ufW6561B28=');
  assert.equal(post.url, 'https://slb.aliyuncs.com/');
  assert.ok(post.body.endsWith('&Signature=Gfod6Tzhe2j8CCjo8ufW6561B28%3D'));
  const pasted = slb.addVServerGroupBackendServers(
    { RegionId: 'cn-hangzhou', VServerGroupId: 'rsp-cige6j5e7p', BackendServers: [{ ServerId: 'vm-233', Port: '80', Weight: '100' }] },
    credentials, { ...fixed, timestamp: new Date(Date.UTC(2016, 1, 23, 12, 46, 24, 999)) },
  );
  assert.equal(pasted.params.BackendServers, '[{"ServerId":"vm-233","Port":80,"Weight":100}]');
  assert.equal(pasted.params.Timestamp, '2016-02-23T12:46:24Z');
  assert.equal(slb.serializeBackendServers([{ serverId: 'vm-233', port: '80', weight: 100 }]), '[{"ServerId":"vm-233","Port":80,"Weight":100}]');
});

test('errors are SlbError with code, path and every issue; secrets never shown', () => {
  const secret = 'Never-Show-This-Secret';
  let error;
  try {
    slb.addVServerGroupBackendServers(
      { regionId: 'Hangzhou', vServerGroupId: 'rsp-cige6j5e7p', backendServers: [{ serverId: 'vm-1', port: NaN, wieght: 1 }] },
      { accessKeyId: 'id', accessKeySecret: ` ${secret}`, securityToken: `${secret}-token ` },
      { timestamp: '2016-02-23T12:46:24.123Z' },
    );
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof slb.SlbError && error instanceof Error);
  assert.equal(error.name, 'SlbError');
  assert.equal(error.code, 'ValidationFailed');
  assert.deepEqual(error.issues.map((i) => [i.path, i.code]), [
    // What reading the input finds, then validation's own.
    ['backendServers[0].wieght', 'UnknownField'],
    ['backendServers[0].port', 'InvalidPort'],
    ['options.timestamp', 'InvalidTimestamp'],
    ['regionId', 'InvalidRegionId'],
    ['credentials.accessKeySecret', 'InvalidCredentials'],
    ['credentials.securityToken', 'InvalidCredentials'],
  ]);
  assert.match(error.issues[0].message, /did you mean "weight"/);
  assert.match(error.message, /backendServers\[0\]\.port/);
  assert.ok(!JSON.stringify({ ...error, message: error.message, stack: error.stack }).includes(secret));

  assert.throws(() => slb.signRpcRequest({ endpoint: 'https://x.y', accessKeyId: 'a', accessKeySecret: 'b', params: { Action: 'A', Version: '1', Tags: { a: 1 } } }),
    (e) => e instanceof slb.SlbError && e.code === 'InvalidInput' && e.path === 'params.Tags' && /Tags/.test(e.message));
  assert.throws(() => slb.signRpcRequest({ endpoint: 'https://x.y/path', accessKeyId: 'a', accessKeySecret: 'b', params: { Action: 'A', Version: '1' } }),
    (e) => e.code === 'InvalidEndpoint');
  assert.throws(() => slb.endpointForRegion(5), (e) => e.code === 'InvalidInput');
  assert.throws(() => slb.serializeBackendServers([{ serverId: 'vm-1', port: 0 }]), (e) => e.code === 'ValidationFailed' && e.issues[0].code === 'InvalidPort');
  const cyclic = {};
  cyclic.self = cyclic;
  assert.deepEqual(slb.validateAddVServerGroupBackendServers(cyclic).map((i) => i.code), ['InvalidInput']);
  assert.deepEqual(slb.validateAddVServerGroupBackendServers(undefined).map((i) => [i.path, i.code]), [['request', 'InvalidInput']]);
  assert.deepEqual(slb.validateAddVServerGroupBackendServers(seedRequest()), []);
});

// A small deterministic generator, so a failure can be replayed.
function rng(seed) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

test('10,000 malformed inputs each give an SlbError, and the module keeps signing', () => {
  const random = rng(20261128);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const junk = () => pick([null, undefined, 0, -1, 1.5, NaN, Infinity, true, '', ' ', 'x'.repeat(200), '\u0000', '🙂', [], [1], {}, { a: 1 }, () => 1, Symbol('s'), 10n]);
  const mutations = [
    (r) => { delete r.regionId; },
    (r) => { r.regionId = pick(['Hangzhou', 'cn_hangzhou', '', 5, null, {}]); },
    (r) => { r.vServerGroupId = pick(['a b', 'x'.repeat(65), '', 7, []]); },
    (r) => { r.backendServers = pick([[], 'vm-1', {}, null, 3]); },
    (r) => { r.backendServers = Array.from({ length: 21 }, (_, i) => ({ serverId: `vm-${i}`, port: 80 })); },
    (r) => { r.backendServers[0].port = pick([0, 65536, 80.5, -1, '80a', '', NaN, Infinity, true, null, {}]); },
    (r) => { r.backendServers[0].weight = pick([101, -1, 1.5, 'x', '', true, {}]); },
    (r) => { r.backendServers[0].type = pick(['ECS', 'vm', '', 1]); },
    (r) => { r.backendServers[0].type = pick(['eni', 'eci']); delete r.backendServers[0].serverIp; },
    (r) => { r.backendServers[0].serverIp = pick(['1.2.3', 'host', '', 5]); },
    (r) => { r.backendServers[0].serverId = pick(['', 'vm 1', 'x'.repeat(129), 5, null]); },
    (r) => { r.backendServers[0].description = pick(['', 'x'.repeat(81), 'a\nb', 5]); },
    (r) => { r.backendServers.push({ ...r.backendServers[0] }); },
    (r) => { r[pick(['regoin', 'extra', 'Action'])] = pick([1, 'x', null, {}]); },
    (r) => { r.backendServers[0][pick(['prot', 'Weigth', 'x'])] = pick([1, 'x', null, []]); },
  ];
  const badCredentials = [{}, { accessKeyId: '', accessKeySecret: 's' }, { accessKeyId: 'id ', accessKeySecret: 's' }, null, 'id:secret', { accessKeyId: 'id', accessKeySecret: 5 }];
  const badOptions = [{ method: 'PUT' }, { format: 'YAML' }, { timestamp: '2016-02-23T12:46:24.123Z' }, { timestamp: new Date(NaN) }, { endpoint: 'ftp://x' }, { nonce: '' }, { metod: 'GET' }, 5];

  for (let i = 0; i < 10_000; i++) {
    let args;
    const kind = random();
    if (kind < 0.1) {
      args = [junk(), credentials, fixed];
    } else {
      const request = seedRequest();
      // The first mutation lands on a valid request; later ones may find it already broken.
      for (let m = 0; m < 1 + Math.floor(random() * 3); m++) {
        try {
          pick(mutations)(request);
        } catch {
          // e.g. backendServers is no longer an array: the request is malformed already.
        }
      }
      args = [request, credentials, fixed];
      if (kind > 0.85) args[1] = pick(badCredentials);
      if (kind > 0.93) args[2] = pick(badOptions);
    }
    assert.throws(() => slb.addVServerGroupBackendServers(...args), (e) => e instanceof slb.SlbError && typeof e.code === 'string' && e.code.length > 0, `input ${i}`);
    if (i % 1000 === 999) {
      assert.equal(slb.addVServerGroupBackendServers(seedRequest(), credentials, fixed).signature, 'DzqsF41MvauLDKgNVYAxcURlGiU=');
    }
  }
  for (let i = 0; i < 500; i++) {
    assert.throws(() => slb.signRpcRequest(pick([junk(), { params: junk() }, { endpoint: junk(), accessKeyId: 'a', accessKeySecret: 'b', params: { Action: 'A', Version: '1' } }])),
      (e) => e instanceof slb.SlbError);
  }
  assert.equal(slb.signRpcRequest(vectors.cases[0].input).signature, vectors.cases[0].expected.signature);
});

// An independent signer for the next test: encodeURIComponent plus the five characters it
// leaves, JavaScript's sort (UTF-16 order), Node's HMAC.
function referenceSignature({ method = 'GET', accessKeyId, accessKeySecret, params }) {
  const encode = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const all = { Format: 'JSON', SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0', AccessKeyId: accessKeyId, ...params };
  const query = Object.keys(all).sort().map((name) => `${encode(name)}=${encode(all[name])}`).join('&');
  return createHmac('sha1', `${accessKeySecret}&`).update(`${method}&%2F&${encode(query)}`).digest('base64');
}

test('inputs of every size and script sign right, one after another (the reused UTF-8 buffer)', () => {
  // Small, then past the first buffer, then past the 1 MB the buffer may grow to, then small
  // again: each must be signed from its own bytes only, never a longer one's leftovers.
  const values = ['x', '中文 é 🙂 '.repeat(300), 'é🙂'.repeat(200_000), 'y', `${'z'.repeat(5000)}中`, ''];
  for (const [i, value] of values.entries()) {
    const request = {
      endpoint: 'https://slb.aliyuncs.com', accessKeyId: 'testid', accessKeySecret: 'testsecret',
      params: { Action: 'DescribeRegions', Version: '2014-05-15', Timestamp: fixed.timestamp, SignatureNonce: fixed.nonce, Value: value },
    };
    const signed = slb.signRpcRequest(request);
    assert.equal(signed.params.Value, value, `value ${i}`);
    assert.equal(signed.signature, referenceSignature(request), `value ${i}`);
  }
});

test('100,000 default nonces are distinct UUID v4s; default timestamps are now, whole seconds', () => {
  const seen = new Set();
  const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const request = { endpoint: 'https://slb.aliyuncs.com', accessKeyId: 'id', accessKeySecret: 'secret', params: { Action: 'DescribeRegions', Version: '2014-05-15' } };
  for (let i = 0; i < 100_000; i++) {
    const nonce = slb.signRpcRequest(request).params.SignatureNonce;
    assert.ok(v4.test(nonce), nonce);
    seen.add(nonce);
  }
  assert.equal(seen.size, 100_000);
  const before = Math.floor(Date.now() / 1000) * 1000;
  const { Timestamp } = slb.addVServerGroupBackendServers(seedRequest(), credentials).params;
  assert.match(Timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(Date.parse(Timestamp) >= before && Date.parse(Timestamp) <= Date.now());
});
