// The emulator's own signature verifier against the shared vectors (independent of the
// project's signer), and its form decoding.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  canonicalQuery, computeSignature, decodeForm, percentEncode, stringToSign, verifySignature,
} from '../emulator.mjs';

const vectors = JSON.parse(readFileSync(new URL('../../tests/vectors/rpc-v1.json', import.meta.url), 'utf8'));

/** Everything that is signed: input.params + AccessKeyId (+ SecurityToken when non-empty). */
function signedParams({ input }) {
  const params = { ...input.params, AccessKeyId: input.accessKeyId };
  if (typeof input.securityToken === 'string' && input.securityToken !== '') params.SecurityToken = input.securityToken;
  return params;
}

test('the vector file holds 300 cases', () => {
  assert.equal(vectors.cases.length, 300);
});

test('every vector: canonical query, string to sign and signature', async (t) => {
  for (const c of vectors.cases) {
    await t.test(c.id, () => {
      const params = signedParams(c);
      assert.equal(canonicalQuery(params), c.expected.canonicalQuery);
      assert.equal(stringToSign(c.input.method, params), c.expected.stringToSign);
      assert.equal(computeSignature(c.expected.stringToSign, c.input.accessKeySecret), c.expected.signature);
      const verdict = verifySignature(c.input.method, { ...params, Signature: c.expected.signature }, c.input.accessKeySecret);
      assert.equal(verdict.ok, true);
      assert.equal(verdict.stringToSign, c.expected.stringToSign);
    });
  }
});

test('every vector: a wrong secret or method fails verification', async (t) => {
  for (const c of vectors.cases) {
    await t.test(c.id, () => {
      const params = { ...signedParams(c), Signature: c.expected.signature };
      assert.equal(verifySignature(c.input.method, params, `${c.input.accessKeySecret}x`).ok, false);
      assert.equal(verifySignature(c.input.method === 'GET' ? 'POST' : 'GET', params, c.input.accessKeySecret).ok, false);
    });
  }
});

test('SDK disagreements: names sorted by UTF-16 code units (the pop-core side)', async (t) => {
  for (const c of vectors.disagreements) {
    await t.test(c.id, () => {
      const params = signedParams(c);
      assert.equal(stringToSign(c.input.method, params), c.popcore.stringToSign);
      assert.equal(computeSignature(c.popcore.stringToSign, c.input.accessKeySecret), c.popcore.signature);
    });
  }
});

test('documented examples from rpc-signing.md', () => {
  const doc = {
    AccessKeyId: 'testid', Action: 'DescribeRegions', Format: 'XML', SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf', SignatureVersion: '1.0', Timestamp: '2016-02-23T12:46:24Z', Version: '2014-05-26',
  };
  assert.equal(computeSignature(stringToSign('GET', doc), 'testsecret'), 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  assert.equal(computeSignature(stringToSign('POST', doc), 'testsecret'), 'MxbnVAM4w6sft9xjVpe/GCKueuk=');
  const { Timestamp, ...rest } = doc;
  assert.equal(computeSignature(stringToSign('GET', { ...rest, TimeStamp: Timestamp }), 'testsecret'), 'CT9X0VtwR86fNWSnsc6v8YGOjuE=');
  assert.equal(stringToSign('', { test: 'ok' }), '&%2F&test%3Dok');
  assert.equal(computeSignature('&%2F&test%3Dok', 'accessKeySecret'), 'jHx/oHoHNrbVfhncHEvPdHXZwHU=');
  const slb = {
    AccessKeyId: 'testid', Action: 'AddVServerGroupBackendServers', Format: 'JSON', RegionId: 'cn-hangzhou',
    SignatureMethod: 'HMAC-SHA1', SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf', SignatureVersion: '1.0',
    Timestamp: '2016-02-23T12:46:24Z', Version: '2014-05-15', VServerGroupId: 'rsp-cige6j5e7p',
    BackendServers: '[{"ServerId":"i-bp1test","Port":80,"Weight":100,"Type":"ecs","Description":"web 1"}]',
  };
  assert.equal(computeSignature(stringToSign('GET', slb), 'testsecret'), 'DzqsF41MvauLDKgNVYAxcURlGiU=');
  assert.equal(computeSignature(stringToSign('POST', slb), 'testsecret'), 'Gfod6Tzhe2j8CCjo8ufW6561B28=');
});

test('percentEncode keeps only A-Za-z0-9-_.~ and writes upper-case hex', () => {
  assert.equal(percentEncode("aZ09-_.~ +*!'()/%中😀"), 'aZ09-_.~%20%2B%2A%21%27%28%29%2F%25%E4%B8%AD%F0%9F%98%80');
});

test('Signature never signs itself', () => {
  assert.equal(canonicalQuery({ B: '2', Signature: 'x', A: '1' }), 'A=1&B=2');
});

test('decodeForm: + is a space, %2B a plus, a BOM is kept, a broken % stays, bad UTF-8 becomes U+FFFD', () => {
  assert.deepEqual(decodeForm('a=b+c&d=%2B&e=%EF%BB%BFx&f=%zz%4&g=%C3&h&=v&&'), [
    ['a', 'b c'], ['d', '+'], ['e', '\uFEFFx'], ['f', '%zz%4'], ['g', '\uFFFD'], ['h', ''], ['', 'v'],
  ]);
  // Raw (unescaped) UTF-8 bytes, as node hands them over in latin1, decode as UTF-8.
  assert.deepEqual(decodeForm(Buffer.from('n=中', 'utf8').toString('latin1')), [['n', '中']]);
});
