// The emulator over real HTTP on 127.0.0.1, with requests signed by the project's signer
// (test/support/signer.mjs). Without the signer package these tests fail, by design.

import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createEmulator } from '../emulator.mjs';
import { createServer } from '../server.mjs';
import { request } from './support/http.mjs';
import { call, commonParams, sendSigned, utcTimestamp } from './support/slb.mjs';
import { signRpc } from './support/signer.mjs';

const UUID_UPPER = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const GROUP = { RegionId: 'cn-hangzhou', VServerGroupId: 'rsp-cige6j5e7p' };
const add = (servers, extra = {}) => ({
  ...commonParams('AddVServerGroupBackendServers'), ...GROUP,
  BackendServers: typeof servers === 'string' ? servers : JSON.stringify(servers), ...extra,
});
const describe = (extra = {}) => ({ ...commonParams('DescribeVServerGroupAttribute'), ...GROUP, ...extra });

let emulator;
let endpoint;
const logs = [];

before(async () => {
  emulator = createEmulator({ keys: 'testid:testsecret,other:s3cret:with:colons', log: (line) => logs.push(line) });
  endpoint = await emulator.listen(0, '127.0.0.1');
});
after(() => emulator.close());

/** A fresh emulator for tests that look at group state. */
async function freshEmulator(t, options = {}) {
  const e = createEmulator({ log: () => {}, ...options });
  const url = await e.listen(0, '127.0.0.1');
  t.after(() => e.close());
  return url;
}

function assertError(res, status, code, message) {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers['content-type'], /^application\/json/);
  const body = res.json();
  assert.deepEqual(Object.keys(body), ['RequestId', 'HostId', 'Code', 'Message', 'Recommend']);
  assert.equal(body.Code, code, body.Message);
  assert.match(body.RequestId, UUID_UPPER);
  if (message !== undefined) assert.equal(body.Message, message);
  return body;
}

/** Removes one parameter from a signed request's query (GET) or body (POST). */
function without(signed, name) {
  const strip = (qs) => qs.split('&').filter((p) => !p.startsWith(`${name}=`)).join('&');
  if (signed.method === 'POST') return { ...signed, body: strip(signed.body) };
  const [base, qs] = signed.url.split('?');
  return { ...signed, url: `${base}?${strip(qs)}` };
}

test('AddVServerGroupBackendServers over GET, JSON: shape, numbers, RequestId, Date', async (t) => {
  const url = await freshEmulator(t);
  const { res } = await call(url, add([{ ServerId: 'vm-231', Port: 80, Weight: 50, Type: 'ecs', Description: 'web 1' }]));
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers['content-type'], /^application\/json/);
  assert.ok(!Number.isNaN(Date.parse(res.headers.date)));
  const body = res.json();
  assert.match(body.RequestId, UUID_UPPER);
  assert.equal(res.headers['x-acs-request-id'], body.RequestId);
  assert.deepEqual(body, {
    RequestId: body.RequestId,
    VServerGroupId: 'rsp-cige6j5e7p',
    BackendServers: { BackendServer: [{ ServerId: 'vm-231', Port: 80, Weight: 50, Type: 'ecs', Description: 'web 1' }] },
  });
});

test('over POST, the effect shows in DescribeVServerGroupAttribute', async (t) => {
  const url = await freshEmulator(t);
  const before = (await call(url, describe(), { method: 'POST' })).res.json();
  assert.deepEqual(before.BackendServers.BackendServer, []);
  assert.equal(before.VServerGroupName, 'demo-group');
  const { res } = await call(url, add([{ ServerId: 'vm-232', Port: 90 }, { ServerId: 'eni-bp1demo', Port: 8080, Type: 'eni', ServerIp: '172.16.0.10' }]), { method: 'POST' });
  assert.equal(res.status, 200, res.text);
  const members = (await call(url, describe())).res.json().BackendServers.BackendServer;
  assert.deepEqual(members, [
    { ServerId: 'vm-232', Port: 90, Weight: 100, Type: 'ecs' },
    { ServerId: 'eni-bp1demo', Port: 8080, Weight: 100, Type: 'eni', ServerIp: '172.16.0.10' },
  ]);
});

test('the docs\' single-quoted BackendServers with string numbers is accepted', async (t) => {
  const url = await freshEmulator(t);
  const { res } = await call(url, add("[{'ServerId':'vm-233','Port':'80','Weight':'100'},{'ServerId':'vm-232','Port':'90','Weight':'100'},{'ServerId':'vm-231','Port':'70','Weight':'100'}]"));
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json().BackendServers.BackendServer.map((s) => [s.ServerId, s.Port, s.Weight]), [['vm-233', 80, 100], ['vm-232', 90, 100], ['vm-231', 70, 100]]);
});

test('adding a member again updates its weight and description', async (t) => {
  const url = await freshEmulator(t);
  await call(url, add([{ ServerId: 'vm-234', Port: 80, Weight: 10, Description: 'a' }]));
  await call(url, add([{ ServerId: 'vm-234', Port: 80, Weight: 0, Description: 'b' }]));
  const members = (await call(url, describe())).res.json().BackendServers.BackendServer;
  assert.deepEqual(members, [{ ServerId: 'vm-234', Port: 80, Weight: 0, Type: 'ecs', Description: 'b' }]);
});

test('Format=XML: success shaped like the API page', async (t) => {
  const url = await freshEmulator(t);
  const { res } = await call(url, add([{ ServerId: 'vm-233', Port: 80, Weight: 100 }], { Format: 'XML' }));
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers['content-type'], /^text\/xml/);
  assert.match(res.text, /^<\?xml version="1.0" encoding="UTF-8"\?><AddVServerGroupBackendServers><RequestId>[0-9A-F-]{36}<\/RequestId><VServerGroupId>rsp-cige6j5e7p<\/VServerGroupId><BackendServers><BackendServer><ServerId>vm-233<\/ServerId><Port>80<\/Port><Weight>100<\/Weight><Type>ecs<\/Type><\/BackendServer><\/BackendServers><\/AddVServerGroupBackendServers>$/);
});

test('Format=XML: errors as <Error> with RequestId, HostId, Code, Message, Recommend', async () => {
  const { res } = await call(endpoint, add('[]', { Format: 'XML' }), { accessKeySecret: 'wrong' });
  assert.equal(res.status, 400);
  assert.match(res.headers['content-type'], /^text\/xml/);
  const host = new URL(endpoint).host;
  assert.match(res.text, new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?><Error><RequestId>[0-9A-F-]{36}</RequestId><HostId>${host}</HostId><Code>SignatureDoesNotMatch</Code><Message>Specified signature is not matched with our calculation. server string to sign is:GET&amp;%2F&amp;[^<]+</Message><Recommend>[^<]+</Recommend></Error>$`));
});

test('HostId is the host the emulator was called on', async () => {
  const { res } = await call(endpoint, describe(), { accessKeyId: 'nobody' });
  assert.equal(res.json().HostId, new URL(endpoint).host);
});

// ---- common parameters and authentication, in the order the emulator checks them ----

for (const name of ['Signature', 'AccessKeyId', 'SignatureNonce', 'Timestamp', 'SignatureMethod', 'SignatureVersion']) {
  test(`missing ${name}: 400 Missing${name}`, async () => {
    // The signer fills missing common parameters, so take the one out after signing.
    const params = describe();
    const signed = without(signRpc({ method: 'GET', endpoint, accessKeyId: 'testid', accessKeySecret: 'testsecret', params }), name);
    assertError(await sendSigned(signed), 400, `Missing${name}`,
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);
  });
}

test('TimeStamp (wrong case) instead of Timestamp: 400 MissingTimestamp', async () => {
  const { Timestamp, ...params } = describe();
  const signed = signRpc({ method: 'GET', endpoint, accessKeyId: 'testid', accessKeySecret: 'testsecret', params: { ...params, TimeStamp: Timestamp } });
  assertError(await sendSigned(without(signed, 'Timestamp')), 400, 'MissingTimestamp');
});

test('SignatureMethod other than HMAC-SHA1: 400', async () => {
  assertError((await call(endpoint, describe({ SignatureMethod: 'HMAC-SHA256' }))).res, 400, 'InvalidSignatureMethod');
});

test('SignatureVersion other than 1.0: 400', async () => {
  assertError((await call(endpoint, describe({ SignatureVersion: '2.0' }))).res, 400, 'InvalidSignatureVersion');
});

test('unknown AccessKeyId: 404 InvalidAccessKeyId.NotFound', async () => {
  assertError((await call(endpoint, describe(), { accessKeyId: 'nobody' })).res, 404, 'InvalidAccessKeyId.NotFound');
});

test('a second key (secret holding colons) from the keys string works', async () => {
  const { res } = await call(endpoint, describe(), { accessKeyId: 'other', accessKeySecret: 's3cret:with:colons' });
  assert.equal(res.status, 200, res.text);
});

for (const [why, ts] of [
  ['fractional seconds', '2026-01-01T00:00:00.123Z'],
  ['an offset', '2026-01-01T08:00:00+08:00'],
  ['no Z', '2026-01-01T00:00:00'],
  ['not a real date', '2026-02-30T00:00:00Z'],
  ['hour 24', '2026-01-01T24:00:00Z'],
  ['a date string', 'Thu, 01 Jan 2026 00:00:00 GMT'],
]) {
  test(`Timestamp with ${why}: 400 InvalidTimeStamp.Format`, async () => {
    assertError((await call(endpoint, describe({ Timestamp: ts }))).res, 400, 'InvalidTimeStamp.Format');
  });
}

test('Timestamp window: 15 minutes either way of the emulator clock', async (t) => {
  const clock = Date.parse('2026-06-01T12:00:00Z');
  const url = await freshEmulator(t, { now: () => clock });
  const at = (offsetMs) => describe({ Timestamp: utcTimestamp(clock + offsetMs) });
  assert.equal((await call(url, at(-14 * 60e3))).res.status, 200);
  assert.equal((await call(url, at(15 * 60e3))).res.status, 200);
  assertError((await call(url, at(-16 * 60e3))).res, 400, 'InvalidTimeStamp.Expired');
  assertError((await call(url, at(15 * 60e3 + 1000))).res, 400, 'InvalidTimeStamp.Expired');
});

test('wrong secret: 400 SignatureDoesNotMatch, Message ends with the server string to sign', async () => {
  const { res, signed } = await call(endpoint, describe(), { accessKeySecret: 'not-the-secret' });
  assertError(res, 400, 'SignatureDoesNotMatch',
    `Specified signature is not matched with our calculation. server string to sign is:${signed.stringToSign}`);
});

test('signed as GET, sent as POST: SignatureDoesNotMatch with a POST string to sign', async () => {
  const signed = signRpc({ method: 'GET', endpoint, accessKeyId: 'testid', accessKeySecret: 'testsecret', params: describe() });
  const [url, query] = signed.url.split('?');
  const res = await request(url, { method: 'POST', body: query, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const body = assertError(res, 400, 'SignatureDoesNotMatch');
  assert.ok(body.Message.endsWith(`server string to sign is:POST${signed.stringToSign.slice(3)}`));
});

test('Signature with a raw + (not %2B) is read as a space: SignatureDoesNotMatch', async () => {
  // Find a nonce whose signature holds a '+', then send it unescaped.
  for (let i = 0; i < 200; i++) {
    const signed = signRpc({ method: 'GET', endpoint, accessKeyId: 'testid', accessKeySecret: 'testsecret', params: describe() });
    if (!signed.signature.includes('+')) continue;
    const url = signed.url.replace(/Signature=[^&]*/, `Signature=${signed.signature.replace(/=/g, '%3D')}`);
    assertError(await request(url), 400, 'SignatureDoesNotMatch');
    return;
  }
  assert.fail('no signature with a + in 200 tries');
});

test('a reused nonce: 400 SignatureNonceUsed; a bad signature does not use it up', async () => {
  const params = describe();
  const bad = signRpc({ method: 'GET', endpoint, accessKeyId: 'testid', accessKeySecret: 'wrong', params });
  assertError(await sendSigned(bad), 400, 'SignatureDoesNotMatch');
  const good = signRpc({ method: 'GET', endpoint, accessKeyId: 'testid', accessKeySecret: 'testsecret', params });
  assert.equal((await sendSigned(good)).status, 200);
  assertError(await sendSigned(good), 400, 'SignatureNonceUsed');
  // Re-signed with another timestamp, the same nonce is still refused.
  const again = signRpc({ method: 'POST', endpoint, accessKeyId: 'testid', accessKeySecret: 'testsecret', params: { ...params, Timestamp: utcTimestamp(Date.now() - 60e3) } });
  assertError(await sendSigned(again), 400, 'SignatureNonceUsed');
});

test('nonces are per emulator instance', async (t) => {
  const params = describe();
  const urlA = await freshEmulator(t);
  const urlB = await freshEmulator(t);
  assert.equal((await call(urlA, params)).res.status, 200);
  assert.equal((await call(urlB, params)).res.status, 200);
});

// ---- action, version, API parameters ----

const NOT_FOUND_API = 'Specified api is not found, please check your url and method.';
test('unknown Action: 400 InvalidAction.NotFound', async () => {
  assertError((await call(endpoint, { ...commonParams('DescribeRegions'), RegionId: 'cn-hangzhou' })).res, 400, 'InvalidAction.NotFound', NOT_FOUND_API);
});

test('other HTTP method: 400 InvalidAction.NotFound', async () => {
  const signed = signRpc({ method: 'GET', endpoint, accessKeyId: 'testid', accessKeySecret: 'testsecret', params: describe() });
  assertError(await request(signed.url, { method: 'PUT' }), 400, 'InvalidAction.NotFound', NOT_FOUND_API);
});

test('Version other than 2014-05-15: 400 InvalidVersion', async () => {
  assertError((await call(endpoint, describe({ Version: '2014-05-26' }))).res, 400, 'InvalidVersion');
});

for (const name of ['RegionId', 'VServerGroupId', 'BackendServers']) {
  test(`AddVServerGroupBackendServers without ${name}: 400 MissingParameter`, async () => {
    const params = add([{ ServerId: 'vm-231', Port: 80 }]);
    delete params[name];
    assertError((await call(endpoint, params)).res, 400, 'MissingParameter',
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);
  });
}

test('a parameter given twice: 400 InvalidParameter', async () => {
  const signed = signRpc({ method: 'POST', endpoint, accessKeyId: 'testid', accessKeySecret: 'testsecret', params: describe() });
  const res = await request(`${signed.url}?RegionId=cn-hangzhou`, { method: 'POST', headers: signed.headers, body: signed.body });
  assertError(res, 400, 'InvalidParameter');
});

const GROUP_MISSING = 'The specified VServerGroupId does not exist.';
for (const [why, extra] of [
  ['unknown group', { VServerGroupId: 'rsp-nope' }],
  ['group in another region', { RegionId: 'cn-beijing' }],
]) {
  test(`${why}: 404 InvalidParameter`, async () => {
    assertError((await call(endpoint, add([{ ServerId: 'vm-231', Port: 80 }], extra))).res, 404, 'InvalidParameter', GROUP_MISSING);
    assertError((await call(endpoint, describe(extra))).res, 404, 'InvalidParameter', GROUP_MISSING);
  });
}

const many = (n) => Array.from({ length: n }, (_, i) => ({ ServerId: `vm-${231 + (i % 10)}`, Port: 1000 + i }));
for (const [why, servers, status, code, message] of [
  ['not JSON', 'vm-231:80', 400, 'BackendServersMalformed'],
  ['a JSON object', '{"ServerId":"vm-231","Port":80}', 400, 'BackendServersMalformed'],
  ['an array of numbers', '[1,2]', 400, 'BackendServersMalformed'],
  ['an array holding null', '[null]', 400, 'BackendServersMalformed'],
  ['21 entries', many(21), 400, 'TooManyBackendServers'],
  ['port 0', [{ ServerId: 'vm-231', Port: 0 }], 400, 'InvalidParameter', 'the Port value should be in [1, 65535]'],
  ['port 65536', [{ ServerId: 'vm-231', Port: 65536 }], 400, 'InvalidParameter', 'the Port value should be in [1, 65535]'],
  ['port not a number', [{ ServerId: 'vm-231', Port: 'http' }], 400, 'InvalidParameter', 'the Port value should be in [1, 65535]'],
  ['port missing', [{ ServerId: 'vm-231' }], 400, 'InvalidParameter', 'the Port value should be in [1, 65535]'],
  ['weight 101', [{ ServerId: 'vm-231', Port: 80, Weight: 101 }], 400, 'InvalidWeight.Malformed'],
  ['weight -1', [{ ServerId: 'vm-231', Port: 80, Weight: -1 }], 400, 'InvalidWeight.Malformed'],
  ['weight 1.5', [{ ServerId: 'vm-231', Port: 80, Weight: 1.5 }], 400, 'InvalidWeight.Malformed'],
  ['type vm', [{ ServerId: 'vm-231', Port: 80, Type: 'vm' }], 400, 'BackendServer.InvalidType'],
  ['type ECS (upper-case)', [{ ServerId: 'vm-231', Port: 80, Type: 'ECS' }], 400, 'BackendServer.InvalidType'],
  ['unknown server', [{ ServerId: 'vm-5000', Port: 80 }], 404, 'InvalidServerId.NotFound'],
  ['an ENI given as ecs', [{ ServerId: 'eni-bp1demo', Port: 80 }], 404, 'InvalidServerId.NotFound'],
  ['stopped server', [{ ServerId: 'vm-999', Port: 80 }], 400, 'ObtainIpFail', 'Failed to obtain the IP address of the backend server vm-999: it is not running.'],
  ['eni without ServerIp', [{ ServerId: 'eni-bp1demo', Port: 80, Type: 'eni' }], 400, 'MissingParameter'],
  ['eni with another ServerIp', [{ ServerId: 'eni-bp1demo', Port: 80, Type: 'eni', ServerIp: '172.16.0.11' }], 400, 'InvalidParameter'],
  ['description over 80 characters', [{ ServerId: 'vm-231', Port: 80, Description: 'd'.repeat(81) }], 400, 'InvalidParameter'],
]) {
  test(`BackendServers ${why}: ${status} ${code}`, async () => {
    assertError((await call(endpoint, add(servers))).res, status, code, message);
  });
}

test('a call with one bad entry changes nothing', async (t) => {
  const url = await freshEmulator(t);
  assertError((await call(url, add([{ ServerId: 'vm-231', Port: 80 }, { ServerId: 'vm-999', Port: 80 }]))).res, 400, 'ObtainIpFail');
  assert.deepEqual((await call(url, describe())).res.json().BackendServers.BackendServer, []);
});

test('20 entries are accepted', async (t) => {
  const url = await freshEmulator(t);
  const { res } = await call(url, add(many(20)));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json().BackendServers.BackendServer.length, 20);
});

// ---- logs, and the whole path through the proxy ----

test('logs: one line per request, never the Signature, SecurityToken or secret', async (t) => {
  const lines = [];
  const url = await freshEmulator(t, { keys: 'testid:SECRETVALUE', log: (l) => lines.push(l) });
  const { signed } = await call(url, describe(), { accessKeySecret: 'SECRETVALUE', securityToken: 'TOKENVALUE+/=' });
  await call(url, describe(), { accessKeySecret: 'SECRETVALUE', securityToken: 'TOKENVALUE+/=', method: 'POST' });
  await call(url, describe(), { accessKeySecret: 'wrong' });
  assert.equal(lines.length, 3);
  assert.match(lines[0], /^GET DescribeVServerGroupAttribute 200/);
  assert.match(lines[2], /^GET DescribeVServerGroupAttribute 400 SignatureDoesNotMatch$/);
  for (const line of lines) {
    assert.ok(!line.includes(signed.signature));
    assert.doesNotMatch(line, /SECRETVALUE|TOKENVALUE/);
  }
});

test('end to end: signed POST through the proxy to the emulator', async (t) => {
  const url = await freshEmulator(t);
  const app = createServer({ emulatorOrigin: url, log: () => {} });
  const proxyBase = await app.listen(0, '127.0.0.1');
  t.after(() => app.close());
  const signed = signRpc({
    method: 'POST', endpoint: url, accessKeyId: 'testid', accessKeySecret: 'testsecret',
    params: add([{ ServerId: 'vm-240', Port: 443, Weight: 30, Description: 'via proxy ~ +%' }]),
  });
  const viaProxy = (s) => request(`${proxyBase}/proxy?url=${encodeURIComponent(s.url)}`, { method: s.method, headers: s.headers, body: s.body ?? undefined });
  const res = await viaProxy(signed);
  assert.equal(res.status, 200, res.text);
  const described = signRpc({ method: 'GET', endpoint: url, accessKeyId: 'testid', accessKeySecret: 'testsecret', params: describe() });
  const members = (await viaProxy(described)).json().BackendServers.BackendServer;
  assert.deepEqual(members, [{ ServerId: 'vm-240', Port: 443, Weight: 30, Type: 'ecs', Description: 'via proxy ~ +%' }]);
});

test('nonce memory: expired nonces are dropped from the front, live ones kept', async (t) => {
  let clock = Date.parse('2026-06-01T12:00:00Z');
  const e = createEmulator({ log: () => {}, now: () => clock });
  const url = await e.listen(0, '127.0.0.1');
  t.after(() => e.close());
  const at = () => describe({ Timestamp: utcTimestamp(clock) });
  for (let i = 0; i < 5; i++) assert.equal((await call(url, at())).res.status, 200);
  assert.equal(e.state.nonces.size, 5);
  clock += 20 * 60e3;
  const kept = at();
  assert.equal((await call(url, kept)).res.status, 200);
  assert.equal(e.state.nonces.size, 6); // the first five are not 30 minutes old yet
  clock += 11 * 60e3;
  assert.equal((await call(url, at())).res.status, 200);
  assert.equal(e.state.nonces.size, 2); // the first five are gone, the one at +20 min stays
  assertError((await call(url, { ...kept, Timestamp: utcTimestamp(clock) })).res, 400, 'SignatureNonceUsed');
});
