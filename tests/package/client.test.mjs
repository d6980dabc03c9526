// send, parseResponse and SlbClient from the installed package, against the project's SLB
// emulator and proxy on 127.0.0.1 (no call leaves the machine).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import * as slb from 'aliyun-slb-wasm';

// This file runs from target/package-test/test/ (see install-packed.mjs).
const www = new URL('../../../www/', import.meta.url);
const { createEmulator } = await import(new URL('emulator.mjs', www));
const { createServer } = await import(new URL('server.mjs', www));

const credentials = { accessKeyId: 'testid', accessKeySecret: 'testsecret' };
const quiet = () => {};
let emulator;
let emulatorUrl;
let proxyServer;
let proxyUrl;

before(async () => {
  emulator = createEmulator({ log: quiet });
  emulatorUrl = await emulator.listen(0);
  proxyServer = createServer({ emulatorOrigin: new URL(emulatorUrl).origin, log: quiet });
  proxyUrl = `${await proxyServer.listen(0)}/proxy`.replace(/\/\/proxy$/, '/proxy');
});

after(async () => {
  await proxyServer.close();
  await emulator.close();
});

const request = (serverId, port = 80) => ({
  regionId: 'cn-hangzhou',
  vServerGroupId: 'rsp-cige6j5e7p',
  backendServers: [{ serverId, port, weight: 40, description: 'from the client test' }],
});

for (const format of ['JSON', 'XML']) {
  for (const method of ['GET', 'POST']) {
    test(`SlbClient adds servers, ${format} over ${method}: the same typed result`, async () => {
      const client = new slb.SlbClient({ credentials, endpoint: emulatorUrl, format, method });
      const port = 8000 + (format === 'XML' ? 10 : 0) + (method === 'POST' ? 1 : 0);
      const result = await client.addVServerGroupBackendServers(request('vm-236', port));
      assert.match(result.requestId, /^[0-9A-F-]{36}$/);
      assert.deepEqual(
        { vServerGroupId: result.vServerGroupId, backendServers: result.backendServers },
        { vServerGroupId: 'rsp-cige6j5e7p', backendServers: [{ serverId: 'vm-236', port, weight: 40, type: 'ecs', description: 'from the client test' }] },
      );
    });
  }
}

// Signature v3 end to end: SlbClient, the package's fetch, the proxy (which must pass the
// signed headers on), the emulator's own v3 verifier.
for (const method of ['GET', 'POST']) {
  for (const securityToken of [undefined, 'CAIS+sts/token= v3']) {
    test(`v3: SlbClient through the proxy, ${method}, ${securityToken ? 'with' : 'without'} a token`, async () => {
      const client = new slb.SlbClient({
        credentials: { ...credentials, securityToken }, endpoint: emulatorUrl, proxy: proxyUrl, method, signatureAlgorithm: 'ACS3-HMAC-SHA256',
      });
      const port = 8100 + (method === 'POST' ? 1 : 0) + (securityToken ? 2 : 0);
      const result = await client.addVServerGroupBackendServers(request('vm-236', port));
      assert.deepEqual(result.backendServers.map((s) => s.port), [port]);
      const described = await client.describeVServerGroupAttribute({ regionId: 'cn-hangzhou', vServerGroupId: 'rsp-cige6j5e7p' });
      assert.ok(described.backendServers.some((s) => s.port === port));
    });
  }
}

test('v3: SlbClient retries throttling and corrects a 20-minute skew on x-acs-date, through the proxy', async () => {
  const client = new slb.SlbClient({ credentials, endpoint: emulatorUrl, proxy: proxyUrl, signatureAlgorithm: 'ACS3-HMAC-SHA256', retry: { baseDelayMs: 10 } });
  emulator.setFaults({ script: ['Throttling', 'ServiceUnavailable', 'ok'] });
  try {
    assert.equal((await client.addVServerGroupBackendServers(request('vm-239', 8110))).backendServers[0].port, 8110);
    emulator.setFaults({ skewSeconds: 1200 });
    assert.equal((await client.addVServerGroupBackendServers(request('vm-239', 8111))).backendServers[0].port, 8111);
  } finally {
    emulator.setFaults({});
  }
});

test('v3: a wrong secret is diagnosed as one, the token never shown', async () => {
  const token = 'CAIS+v3/wrong= secret';
  const client = new slb.SlbClient({ credentials: { ...credentials, accessKeySecret: 'wrong', securityToken: token }, endpoint: emulatorUrl, signatureAlgorithm: 'ACS3-HMAC-SHA256' });
  await assert.rejects(client.addVServerGroupBackendServers(request('vm-238')), (e) => {
    assert.equal(e.code, 'SignatureDoesNotMatch');
    assert.equal(e.diagnosis.kind, 'WrongSecret');
    assert.ok(!JSON.stringify({ message: e.message, diagnosis: e.diagnosis }).includes(token));
    return true;
  });
});

test('v3: send with a form body through the proxy; a request changed on the way is a canonical request mismatch', async () => {
  const signed = slb.signRpcRequest({
    method: 'POST', endpoint: emulatorUrl, ...credentials, signatureAlgorithm: 'ACS3-HMAC-SHA256', securityToken: 'CAIS+t',
    params: { Action: 'AddVServerGroupBackendServers', Version: '2014-05-15', RegionId: 'cn-hangzhou', VServerGroupId: 'rsp-cige6j5e7p' },
    bodyParams: { BackendServers: JSON.stringify([{ ServerId: 'vm-238', Port: 8120 }]) },
  });
  const response = await slb.send(signed, { proxy: proxyUrl });
  assert.equal(response.ok, true, response.raw);
  assert.deepEqual(response.data.BackendServers.BackendServer.map((s) => s.Port), [8120]);

  const again = slb.signRpcRequest({ ...signed, method: 'GET', endpoint: emulatorUrl, ...credentials, signatureAlgorithm: 'ACS3-HMAC-SHA256', securityToken: 'CAIS+t',
    params: { Action: 'DescribeVServerGroupAttribute', Version: '2014-05-15', RegionId: 'cn-hangzhou', VServerGroupId: 'rsp-cige6j5e7p' } });
  const changed = await slb.send({ ...again, url: again.url.replace('RegionId=cn-hangzhou', 'RegionId=cn-shanghai') }, { proxy: proxyUrl });
  assert.equal(changed.error.code, 'SignatureDoesNotMatch');
  const diagnosis = slb.diagnoseSignature(again.stringToSign, changed.error.serverStringToSign, again.canonicalRequest);
  assert.equal(diagnosis.kind, 'CanonicalRequestMismatch');
  assert.match(diagnosis.canonicalRequest, /RegionId=cn-hangzhou/);
  assert.ok(!diagnosis.message.includes('CAIS+t'));
});

test('SlbClient through the proxy, as a page does', async () => {
  const client = new slb.SlbClient({ credentials, endpoint: emulatorUrl, proxy: proxyUrl });
  const result = await client.addVServerGroupBackendServers(request('vm-237'));
  assert.equal(result.backendServers[0].serverId, 'vm-237');
});

test('SlbClient rides out the emulator\'s throttling and busy answers, through the proxy', async () => {
  emulator.setFaults({ script: ['Throttling', 'ServiceUnavailable', 'ok'] });
  try {
    const client = new slb.SlbClient({ credentials, endpoint: emulatorUrl, proxy: proxyUrl, retry: { baseDelayMs: 10 } });
    const result = await client.addVServerGroupBackendServers(request('vm-239', 9001));
    assert.equal(result.backendServers[0].serverId, 'vm-239');
    emulator.setFaults({ script: ['Throttling', 'Throttling', 'Throttling'] });
    await assert.rejects(client.addVServerGroupBackendServers(request('vm-239', 9002)),
      (e) => e.code === 'Throttling.User' && e.attempts === 3 && e.status === 400);
  } finally {
    emulator.setFaults({});
  }
});

test('SlbClient corrects a 20-minute clock skew from the Date the proxy passes on', async () => {
  emulator.setFaults({ skewSeconds: 1200 });
  try {
    const client = new slb.SlbClient({ credentials, endpoint: emulatorUrl, proxy: proxyUrl });
    const result = await client.addVServerGroupBackendServers(request('vm-240', 9003));
    assert.equal(result.backendServers[0].port, 9003);
  } finally {
    emulator.setFaults({});
  }
});

test('a service error throws SlbError with the service code, status, requestId and recommend', async () => {
  const client = new slb.SlbClient({ credentials, endpoint: emulatorUrl });
  await assert.rejects(client.addVServerGroupBackendServers({ ...request('vm-238'), vServerGroupId: 'rsp-nothere' }), (e) => {
    assert.ok(e instanceof slb.SlbError);
    assert.equal(e.code, 'InvalidParameter');
    assert.equal(e.status, 404);
    assert.match(e.requestId, /^[0-9A-F-]{36}$/);
    assert.match(e.message, /VServerGroupId does not exist/);
    return true;
  });
  await assert.rejects(client.addVServerGroupBackendServers(request('vm-999')), (e) => e.code === 'ObtainIpFail' && e.status === 400 && /not running/.test(e.message));
});

test('a wrong secret is diagnosed as a wrong secret, in JSON and XML', async () => {
  for (const format of ['JSON', 'XML']) {
    const client = new slb.SlbClient({ credentials: { ...credentials, accessKeySecret: 'not-the-secret' }, endpoint: emulatorUrl, format });
    await assert.rejects(client.addVServerGroupBackendServers(request('vm-238')), (e) => {
      assert.equal(e.code, 'SignatureDoesNotMatch');
      assert.equal(e.status, 400);
      assert.equal(e.diagnosis.kind, 'WrongSecret');
      assert.match(e.message, /secret is wrong/i);
      assert.ok(!e.message.includes('not-the-secret'));
      return true;
    });
  }
});

test('a signature error never shows the STS token, though the service quotes it', async () => {
  const token = 'CAIS+sts/token= e2e';
  const client = new slb.SlbClient({ credentials: { ...credentials, accessKeySecret: 'wrong', securityToken: token }, endpoint: emulatorUrl });
  await assert.rejects(client.addVServerGroupBackendServers(request('vm-238')), (e) => {
    assert.equal(e.code, 'SignatureDoesNotMatch');
    const shown = JSON.stringify({ message: e.message, diagnosis: e.diagnosis, stack: e.stack });
    assert.match(e.message, /SecurityToken%3D<redacted>/);
    for (const form of [token, encodeURIComponent(token), encodeURIComponent(encodeURIComponent(token))]) {
      assert.ok(!shown.includes(form), `no ${form} in ${shown}`);
    }
    return true;
  });
});

test('an encoding mismatch is diagnosed with the first differing position', () => {
  const d = slb.diagnoseSignature('GET&%2F&A%3D1%2520', 'GET&%2F&A%3D1%252B');
  assert.equal(d.kind, 'EncodingMismatch');
  assert.equal(d.position, 17);
  assert.match(d.message, /character 17/);
});

test('validation fails before anything is sent', async () => {
  let requests = 0;
  const counting = createEmulator({ log: () => { requests += 1; } });
  const url = await counting.listen(0);
  try {
    const client = new slb.SlbClient({ credentials, endpoint: url });
    await assert.rejects(client.addVServerGroupBackendServers(request('vm-231', 0)), (e) => e.code === 'ValidationFailed');
    assert.equal(requests, 0);
  } finally {
    await counting.close();
  }
});

test('send goes through the proxy, GET and POST, and returns the parsed response with headers', async () => {
  for (const method of ['GET', 'POST']) {
    const signed = slb.signRpcRequest({
      method, endpoint: emulatorUrl, ...credentials,
      params: { Action: 'DescribeVServerGroupAttribute', Version: '2014-05-15', RegionId: 'cn-hangzhou', VServerGroupId: 'rsp-cige6j5e7p' },
    });
    const response = await slb.send(signed, { proxy: proxyUrl });
    assert.equal(response.ok, true, response.raw);
    assert.equal(response.status, 200);
    assert.equal(response.data.VServerGroupId, 'rsp-cige6j5e7p');
    assert.match(response.headers['content-type'], /json/);
    assert.equal(response.requestId, response.data.RequestId);
  }
});

test('send without a response: NetworkError for a closed port, Timeout for a silent server', async () => {
  const closed = createHttpServer();
  await new Promise((r) => closed.listen(0, '127.0.0.1', r));
  const closedPort = closed.address().port;
  await new Promise((r) => closed.close(r));
  const signedFor = (endpoint) => slb.signRpcRequest({ endpoint, ...credentials, params: { Action: 'A', Version: '1' } });
  await assert.rejects(slb.send(signedFor(`http://127.0.0.1:${closedPort}`)), (e) => e instanceof slb.SlbError && e.code === 'NetworkError' && e.mayHaveReached === false && /did not reach the service/.test(e.message));

  const silent = createHttpServer(() => {});
  await new Promise((r) => silent.listen(0, '127.0.0.1', r));
  try {
    await assert.rejects(slb.send(signedFor(`http://127.0.0.1:${silent.address().port}`), { timeoutMs: 200 }), (e) => e.code === 'Timeout');
  } finally {
    silent.closeAllConnections();
    await new Promise((r) => silent.close(r));
  }
});

test('parseResponse reads the API page examples and error bodies, and flags the rest', () => {
  const json = slb.parseResponse(200, JSON.stringify({ AddVServerGroupBackendServers: { BackendServers: { BackendServer: [{ ServerId: 'vm-233', Port: '80', Weight: '100' }] }, RequestId: '9DEC9C28-AB05-4DDF-9A78-6B08EC9CE18C', VServerGroupId: 'rsp-cige6j5e7p' } }));
  assert.equal(json.ok, true);
  assert.equal(json.requestId, '9DEC9C28-AB05-4DDF-9A78-6B08EC9CE18C');
  assert.equal(json.data.VServerGroupId, 'rsp-cige6j5e7p');
  const xml = slb.parseResponse(200, '<AddVServerGroupBackendServers><RequestId>R</RequestId><VServerGroupId>rsp-1</VServerGroupId></AddVServerGroupBackendServers>', 'XML');
  assert.deepEqual([xml.ok, xml.requestId, xml.data.VServerGroupId], [true, 'R', 'rsp-1']);
  const error = slb.parseResponse(404, '<Error><RequestId>R</RequestId><HostId>h</HostId><Code>InvalidAccessKeyId.NotFound</Code><Message>Specified access key is not found.</Message></Error>');
  assert.deepEqual([error.ok, error.error.code, error.error.hostId], [false, 'InvalidAccessKeyId.NotFound', 'h']);
  const html = slb.parseResponse(502, '<html><body>Bad gateway</body></html>');
  assert.deepEqual([html.ok, html.error.code, html.raw], [false, 'MalformedResponse', '<html><body>Bad gateway</body></html>']);
  assert.deepEqual(html.headers, {});
});
