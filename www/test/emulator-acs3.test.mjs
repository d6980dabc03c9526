// Signature v3 (ACS3-HMAC-SHA256) in the emulator: its own verifier (emulator/acs3.mjs)
// against the 201 cases of tests/vectors/acs3-v3.json, and its checks over real HTTP with
// requests it signs itself (support/self-signed.mjs): these run without the built package.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createEmulator, TIMESTAMP_WINDOW_MS } from '../emulator.mjs';
import * as acs3 from '../emulator/acs3.mjs';
import { callActionAcs3 } from './support/self-signed.mjs';

const { cases } = JSON.parse(readFileSync(new URL('../../tests/vectors/acs3-v3.json', import.meta.url), 'utf8'));
const DEMO = { RegionId: 'cn-hangzhou', VServerGroupId: 'rsp-cige6j5e7p' };
const DESCRIBE = 'DescribeVServerGroupAttribute';
const MISMATCH = 'Specified signature is not matched with our calculation. server string to sign is:';

/** A case's request as the verifier takes it. */
const requestOf = (c) => ({
  method: c.method,
  query: Object.entries(c.query),
  headers: c.expected.headers,
  signedHeaders: Object.keys(c.expected.headers),
  contentSha256: acs3.sha256Hex(c.body ?? ''),
});

test('the verifier, stage by stage, on all 201 cases; a wrong secret or method fails', () => {
  assert.equal(cases.length, 201);
  for (const c of cases) {
    const request = requestOf(c);
    assert.equal(request.contentSha256, c.expected.headers['x-acs-content-sha256'], c.id);
    assert.equal(acs3.canonicalQuery(request.query), c.expected.canonicalQuery, c.id);
    assert.equal(acs3.canonicalRequest(request), c.expected.canonicalRequest, c.id);
    assert.equal(acs3.stringToSign(c.expected.canonicalRequest), c.expected.stringToSign, c.id);
    assert.equal(acs3.computeSignature(c.expected.stringToSign, c.accessKeySecret), c.expected.signature, c.id);
    const auth = acs3.parseAuthorization(c.expected.authorization);
    assert.deepEqual(auth, { credential: c.accessKeyId, signedHeaders: request.signedHeaders.sort(), signature: c.expected.signature }, c.id);
    const verdict = acs3.verifySignature(request, auth.signature, c.accessKeySecret);
    assert.deepEqual(verdict, { ok: true, canonicalRequest: c.expected.canonicalRequest, stringToSign: c.expected.stringToSign, signature: c.expected.signature }, c.id);
    assert.equal(acs3.verifySignature(request, auth.signature, `${c.accessKeySecret}x`).ok, false, c.id);
    assert.equal(acs3.verifySignature({ ...request, method: c.method === 'GET' ? 'POST' : 'GET' }, auth.signature, c.accessKeySecret).ok, false, c.id);
  }
  assert.equal(acs3.parseAuthorization('ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=ab'), null);
  assert.equal(acs3.parseAuthorization('HMAC-SHA1 Credential=a,SignedHeaders=host,Signature=ab'), null);
});

async function start(t, options = {}) {
  const emulator = createEmulator({ log: () => {}, ...options });
  const url = await emulator.listen(0, '127.0.0.1');
  t.after(() => emulator.close());
  return { emulator, url };
}

const json = (res) => JSON.parse(res.text);

test('v3 requests are served, GET and POST, with a form body and a token, in JSON and XML', async (t) => {
  const { url } = await start(t);
  for (const method of ['GET', 'POST']) {
    const { res } = await callActionAcs3(url, DESCRIBE, DEMO, { method, token: 'CAIS+/= t' });
    assert.equal(res.status, 200, res.text);
    assert.equal(json(res).VServerGroupId, 'rsp-cige6j5e7p');
  }
  const body = `BackendServers=${encodeURIComponent(JSON.stringify([{ ServerId: 'vm-236', Port: 81 }]))}`;
  const { res } = await callActionAcs3(url, 'AddVServerGroupBackendServers', DEMO, { method: 'POST', body });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(json(res).BackendServers.BackendServer.map((s) => s.Port), [81]);
  const xml = await callActionAcs3(url, DESCRIBE, { ...DEMO, Format: 'XML' });
  assert.match(xml.res.text, /^<\?xml[^>]*><DescribeVServerGroupAttribute><RequestId>/);
});

test('v3 refusals: the date window, a nonce used twice, the body\'s hash, the signature with the server\'s string to sign', async (t) => {
  const { url } = await start(t);
  const code = async (call) => { const { res } = await call; return [res.status, json(res).Code]; };
  const late = Date.now() - TIMESTAMP_WINDOW_MS - 60_000;
  assert.deepEqual(await code(callActionAcs3(url, DESCRIBE, DEMO, { now: late })), [400, 'InvalidTimeStamp.Expired']);
  assert.deepEqual(await code(callActionAcs3(url, DESCRIBE, DEMO, { tamper: (h) => { h['x-acs-date'] = '2016-02-23T12:46:24.123Z'; } })),
    [400, 'InvalidTimeStamp.Format']);

  assert.deepEqual(await code(callActionAcs3(url, DESCRIBE, DEMO, { nonce: 'n-1' })), [200, undefined]);
  assert.deepEqual(await code(callActionAcs3(url, DESCRIBE, DEMO, { nonce: 'n-1' })), [400, 'SignatureNonceUsed']);

  // A body changed on the way no longer has the hash that was signed.
  const body = 'BackendServers=%5B%5D';
  assert.deepEqual(await code(callActionAcs3(url, 'AddVServerGroupBackendServers', DEMO,
    { method: 'POST', body, tamper: (h) => { h['x-acs-content-sha256'] = acs3.sha256Hex('BackendServers=%5B%5Dx'); } })),
  [400, 'ContentSha256Mismatch']);

  // A wrong secret: the server's string to sign is ours. Another query: it is not.
  const wrong = await callActionAcs3(url, DESCRIBE, DEMO, { secret: 'not-the-secret' });
  assert.equal(json(wrong.res).Code, 'SignatureDoesNotMatch');
  assert.equal(json(wrong.res).Message, `${MISMATCH}${wrong.stringToSign}`);
  const other = await callActionAcs3(url, DESCRIBE, DEMO, { tamper: (h) => { h['x-acs-signature-nonce'] += '-changed'; } });
  assert.equal(json(other.res).Code, 'SignatureDoesNotMatch');
  assert.ok(json(other.res).Message.startsWith(`${MISMATCH}${acs3.ACS3}\n`));
  assert.notEqual(json(other.res).Message, `${MISMATCH}${other.stringToSign}`);
});

test('v3 refusals: the Authorization\'s shape, a missing or unsigned header, an unknown key', async (t) => {
  const { url } = await start(t);
  const refusal = async (options) => {
    const { res } = await callActionAcs3(url, DESCRIBE, DEMO, options);
    return [res.status, json(res).Code, json(res).Message];
  };
  assert.deepEqual((await refusal({ headers: { authorization: 'ACS3-HMAC-SHA256 Signature=ab' } })).slice(0, 2), [400, 'IncompleteSignature']);
  assert.deepEqual(await refusal({ tamper: (h) => { delete h['x-acs-date']; } }),
    [400, 'MissingParameter', 'The input parameter "x-acs-date" that is mandatory for processing this request is not supplied.']);
  assert.deepEqual(await refusal({ headers: { 'x-acs-extra': '1' } }),
    [400, 'IncompleteSignature', 'The header x-acs-extra is sent but not signed.']);
  assert.deepEqual((await refusal({ accessKeyId: 'nobody' })).slice(0, 2), [404, 'InvalidAccessKeyId.NotFound']);
});
