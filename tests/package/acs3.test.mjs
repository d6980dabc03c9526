// Signature v3 (ACS3-HMAC-SHA256) through the installed package: the 201 cases of
// acs3-v3.json stage by stage, and the official util (@alicloud/openapi-util 0.3.3, the
// project's dev dependency) as an oracle for whatever we sign.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import * as slb from 'aliyun-slb-wasm';

const require = createRequire(import.meta.url);
const util = require('@alicloud/openapi-util').default;
const { cases } = JSON.parse(readFileSync(new URL('./acs3-v3.json', import.meta.url), 'utf8'));
const ACS3 = 'ACS3-HMAC-SHA256';
const sha256 = (text) => createHash('sha256').update(text ?? '', 'utf8').digest('hex');

/** Form text as its pairs (`+` is not a space here: neither encoder writes one). */
const decodeForm = (text) => Object.fromEntries(text.split('&').map((pair) => pair.split('=').map(decodeURIComponent)));

/** A case as signRpcRequest's input (tests/vectors/README.md). */
function input(c) {
  const scheme = c.host.startsWith('127.0.0.1') ? 'http' : 'https';
  return {
    method: c.method,
    endpoint: `${scheme}://${c.host}`,
    accessKeyId: c.accessKeyId,
    accessKeySecret: c.accessKeySecret,
    securityToken: c.securityToken ?? null,
    signatureAlgorithm: ACS3,
    params: { ...c.query, Action: c.action, Version: c.version, Timestamp: c.date, SignatureNonce: c.nonce },
    bodyParams: c.body === null ? undefined : decodeForm(c.body),
  };
}

/** What the official util signs for what we send: our query, our headers, our body's hash. */
function oracle(signed, { accessKeyId, accessKeySecret }) {
  const { authorization, ...headers } = signed.headers;
  const query = Object.fromEntries(new URL(signed.url).searchParams);
  const request = { pathname: '/', method: signed.method, query, headers };
  return util.getAuthorization(request, ACS3, sha256(signed.body), accessKeyId, accessKeySecret);
}

test('all 201 cases, stage by stage; where our body differs from the case\'s, the util agrees with us', () => {
  assert.equal(cases.length, 201);
  let otherBodies = 0;
  for (const c of cases) {
    const signed = slb.signRpcRequest(input(c));
    const { expected } = c;
    assert.equal(signed.signatureAlgorithm, ACS3, c.id);
    assert.equal(signed.canonicalQuery, expected.canonicalQuery, c.id);
    assert.deepEqual(signed.params, { ...c.query, ...(c.body === null ? {} : decodeForm(c.body)) }, c.id);
    assert.equal(new URL(signed.url).pathname, '/', c.id);
    assert.deepEqual(Object.fromEntries(new URL(signed.url).searchParams), c.query, c.id);
    assert.equal(signed.headers['x-acs-content-sha256'], sha256(signed.body), c.id);
    assert.equal(signed.headers.authorization, oracle(signed, c), c.id);

    const theirs = expected.headers['x-acs-content-sha256'];
    const ours = signed.headers['x-acs-content-sha256'];
    if (signed.body !== c.body) {
      // The util's form encoder leaves !'()* as they are; ours encodes them, as v1 does.
      otherBodies++;
      assert.match(c.body, /[!'()*]/, c.id);
      assert.deepEqual(decodeForm(signed.body), decodeForm(c.body), c.id);
      assert.notEqual(ours, theirs, c.id);
    }
    const { authorization, ...headers } = signed.headers;
    assert.deepEqual(headers, { ...expected.headers, 'x-acs-content-sha256': ours }, c.id);
    assert.equal(signed.canonicalRequest, expected.canonicalRequest.replaceAll(theirs, ours), c.id);
    if (signed.body === c.body) {
      assert.equal(signed.hashedCanonicalRequest, expected.hashedCanonicalRequest, c.id);
      assert.equal(signed.stringToSign, expected.stringToSign, c.id);
      assert.equal(signed.signature, expected.signature, c.id);
      assert.equal(authorization, expected.authorization, c.id);
    } else {
      assert.equal(signed.hashedCanonicalRequest, sha256(signed.canonicalRequest), c.id);
      assert.equal(signed.stringToSign, `${ACS3}\n${signed.hashedCanonicalRequest}`, c.id);
      assert.ok(authorization.endsWith(`,Signature=${signed.signature}`), c.id);
    }
  }
  assert.equal(otherBodies, 13);
});

const credentials = { accessKeyId: 'testid', accessKeySecret: 'testsecret', securityToken: 'CAIS+/=' };
const request = { regionId: 'cn-hangzhou', vServerGroupId: 'rsp-cige6j5e7p', backendServers: [{ serverId: 'vm-233', port: 80 }] };

test('typed requests: every parameter in the query, GET and POST, no body; the util agrees', () => {
  for (const method of ['GET', 'POST']) {
    const signed = slb.addVServerGroupBackendServers(request, credentials,
      { method, signatureAlgorithm: ACS3, endpoint: 'http://127.0.0.1:18081' });
    assert.equal(signed.body, null);
    assert.equal(signed.headers['content-type'], undefined);
    assert.deepEqual(Object.keys(signed.params), ['BackendServers', 'Format', 'RegionId', 'VServerGroupId']);
    assert.equal(signed.headers.host, '127.0.0.1:18081');
    assert.equal(signed.headers['x-acs-security-token'], 'CAIS+/=');
    assert.match(signed.headers['x-acs-date'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(signed.headers['x-acs-signature-nonce'], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(signed.headers.authorization, oracle(signed, credentials));
  }
});

test('signRpcRequest: v1 common parameters are not sent, Format only when given, a body only when asked', () => {
  const base = { endpoint: 'https://slb.aliyuncs.com', accessKeyId: 'testid', accessKeySecret: 'testsecret', signatureAlgorithm: ACS3 };
  const params = { Action: 'DescribeVServerGroups', Version: '2014-05-15', RegionId: 'cn-hangzhou', SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0' };
  const get = slb.signRpcRequest({ ...base, params });
  assert.equal(get.url, 'https://slb.aliyuncs.com/?RegionId=cn-hangzhou');
  assert.deepEqual(get.params, { RegionId: 'cn-hangzhou' });
  assert.deepEqual(Object.keys(get.headers), ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date',
    'x-acs-signature-nonce', 'x-acs-version', 'authorization']);
  assert.equal(slb.signRpcRequest({ ...base, params: { ...params, Format: 'XML' } }).params.Format, 'XML');
  const post = slb.signRpcRequest({ ...base, method: 'POST', params, bodyParams: { Description: "it's (1)", PageSize: 10 } });
  assert.equal(post.body, 'Description=it%27s%20%281%29&PageSize=10');
  assert.equal(post.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(post.headers.authorization, oracle(post, base));
  assert.equal(slb.signRpcRequest({ ...base, method: 'POST', params, bodyParams: {} }).body, null);
  // The v1 default stays as it was.
  assert.equal(slb.signRpcRequest({ ...base, signatureAlgorithm: undefined, params }).signatureAlgorithm, 'HMAC-SHA1');
});

test('v3 mistakes have their codes and paths', () => {
  const base = { endpoint: 'https://slb.aliyuncs.com', accessKeyId: 'testid', accessKeySecret: 'testsecret', params: { Action: 'A', Version: '1' } };
  for (const [call, code, path] of [
    [{ ...base, signatureAlgorithm: 'HMAC-SHA256' }, 'InvalidSignatureAlgorithm', 'signatureAlgorithm'],
    [{ ...base, method: 'POST', bodyParams: { A: '1' } }, 'InvalidBodyParams', 'bodyParams'],
    [{ ...base, signatureAlgorithm: ACS3, bodyParams: { A: '1' } }, 'InvalidBodyParams', 'bodyParams'],
    [{ ...base, signatureAlgorithm: ACS3, method: 'POST', bodyParams: 'A=1' }, 'InvalidInput', 'bodyParams'],
    [{ ...base, signatureAlgorithm: ACS3, method: 'POST', bodyParams: { A: {} } }, 'InvalidInput', 'bodyParams.A'],
    [{ ...base, signatureAlgorithm: ACS3, params: { ...base.params, Timestamp: 'x\r\ny' } }, 'InvalidHeaderValue', 'params.Timestamp'],
  ]) {
    assert.throws(() => slb.signRpcRequest(call), (e) => e instanceof slb.SlbError && e.code === code && e.path === path, code);
  }
  assert.throws(() => slb.addVServerGroupBackendServers(request, credentials, { signatureAlgorithm: 'v3' }),
    (e) => e.code === 'ValidationFailed' && e.issues[0].path === 'options.signatureAlgorithm' && e.issues[0].code === 'InvalidSignatureAlgorithm');
});

test('a v3 mismatch is told from a wrong secret, and our canonical request is shown without the token', () => {
  const signed = slb.addVServerGroupBackendServers(request, credentials, { signatureAlgorithm: ACS3 });
  assert.equal(slb.diagnoseSignature(signed.stringToSign, signed.stringToSign).kind, 'WrongSecret');
  const other = slb.diagnoseSignature(signed.stringToSign, `${ACS3}\n${'0'.repeat(64)}`, signed.canonicalRequest);
  assert.equal(other.kind, 'CanonicalRequestMismatch');
  assert.equal(other.canonicalRequest, signed.canonicalRequest.replace('x-acs-security-token:CAIS+/=', 'x-acs-security-token:*******'));
  assert.ok(other.message.endsWith(other.canonicalRequest));
  assert.ok(!other.message.includes('CAIS'));
});
