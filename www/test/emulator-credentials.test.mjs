// The emulator's STS (AssumeRole, AssumeRoleWithOIDC) and ECS metadata service: what the
// credential chain is tested against, offline. Signed with the emulator's own verifier.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalQuery, computeSignature, createEmulator, percentEncode, stringToSign } from '../emulator.mjs';
import { callAction } from './support/self-signed.mjs';
import { request } from './support/http.mjs';
import { commonParams } from './support/params.mjs';

const ROLE = 'acs:ram::1234567890123456:role/slb-operator';
let emulator;
let url;

before(async () => {
  emulator = createEmulator({ log: () => {} });
  url = await emulator.listen(0);
});
after(() => emulator.close());

const assumeRole = (params = {}) => callAction(url, 'AssumeRole',
  { Version: '2015-04-01', RoleArn: ROLE, RoleSessionName: 'tests', ...params }, { method: 'POST' });

/** An SLB call signed with temporary credentials (and `token`, when given). */
function callWith(credentials, token) {
  const all = {
    ...commonParams('DescribeVServerGroupAttribute'), AccessKeyId: credentials.AccessKeyId,
    RegionId: 'cn-hangzhou', VServerGroupId: 'rsp-cige6j5e7p', ...(token !== undefined && { SecurityToken: token }),
  };
  const signature = computeSignature(stringToSign('GET', all), credentials.AccessKeySecret);
  return request(`${url}/?${canonicalQuery(all)}&Signature=${percentEncode(signature)}`);
}

test('AssumeRole answers temporary credentials that sign SLB calls with their token', async () => {
  const res = await assumeRole({ DurationSeconds: '900' });
  assert.equal(res.status, 200, res.text);
  const { Credentials: c, AssumedRoleUser } = res.json();
  assert.match(c.AccessKeyId, /^STS\./);
  assert.match(c.Expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const lifetime = Date.parse(c.Expiration) - Date.now();
  assert.ok(lifetime > 890e3 && lifetime <= 900e3, `${lifetime}`);
  assert.equal(AssumedRoleUser.Arn, 'acs:ram::1234567890123456:assumed-role/slb-operator/tests');
  assert.equal((await callWith(c, c.SecurityToken)).status, 200);
  const missing = await callWith(c);
  assert.equal(missing.json().Code, 'InvalidSecurityToken.MismatchWithAccessKey');
  assert.equal(emulator.sts.calls.AssumeRole, 1);
});

test('AssumeRole refuses bad role ARNs, session names and durations, and unsigned calls', async () => {
  assert.equal((await assumeRole({ RoleArn: 'arn:aws:iam::1:role/x' })).json().Code, 'InvalidParameter.RoleArn');
  assert.equal((await assumeRole({ RoleSessionName: 'a b' })).json().Code, 'InvalidParameter.RoleSessionName');
  assert.equal((await assumeRole({ DurationSeconds: '899' })).json().Code, 'InvalidParameter');
  assert.equal((await assumeRole({ DurationSeconds: '3601' })).json().Code, 'InvalidParameter');
  const unsigned = await request(`${url}/?Action=AssumeRole&Version=2015-04-01&RoleArn=${encodeURIComponent(ROLE)}&RoleSessionName=x1`);
  assert.equal(unsigned.json().Code, 'MissingAccessKeyId');
});

test('AssumeRoleWithOIDC needs no signature, only the provider ARN and a token', async () => {
  const form = new URLSearchParams({
    Action: 'AssumeRoleWithOIDC', Version: '2015-04-01', Format: 'JSON', RoleArn: ROLE,
    OIDCProviderArn: 'acs:ram::1234567890123456:oidc-provider/ack-rrsa', OIDCToken: 'eyJ.test.token', RoleSessionName: 'pod-1',
  });
  const res = await request(`${url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  assert.equal(res.status, 200, res.text);
  assert.match(res.json().Credentials.AccessKeyId, /^STS\./);
  form.delete('OIDCToken');
  const without = await request(`${url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  assert.equal(without.json().Code, 'MissingParameter');
});

test('the metadata service: an IMDSv2 token, the role name and its credentials', async () => {
  const tokenRes = await request(`${url}/latest/api/token`, { method: 'PUT', headers: { 'x-aliyun-ecs-metadata-token-ttl-seconds': '21600' } });
  assert.equal(tokenRes.status, 200);
  const headers = { 'x-aliyun-ecs-metadata-token': tokenRes.text };
  const role = await request(`${url}/latest/meta-data/ram/security-credentials/`, { headers });
  assert.equal(role.text, 'EcsRamRoleDemo');
  const creds = (await request(`${url}/latest/meta-data/ram/security-credentials/EcsRamRoleDemo`, { headers })).json();
  assert.equal(creds.Code, 'Success');
  assert.equal((await callWith(creds, creds.SecurityToken)).status, 200);
  assert.equal((await request(`${url}/latest/meta-data/ram/security-credentials/Other`, { headers })).status, 404);
  assert.equal((await request(`${url}/latest/meta-data/ram/security-credentials/`, { headers: { 'x-aliyun-ecs-metadata-token': 'forged' } })).status, 401);
  assert.equal((await request(`${url}/latest/api/token`, { method: 'PUT' })).status, 400);
});

test('the metadata service without a token: allowed, required or the token path missing', async () => {
  const rolePath = `${url}/latest/meta-data/ram/security-credentials/`;
  try {
    assert.equal((await request(rolePath)).status, 200);
    emulator.metadata.configure({ tokens: 'required' });
    assert.equal((await request(rolePath)).status, 401);
    emulator.metadata.configure({ tokens: 'unsupported', roleName: 'Old' });
    assert.equal((await request(`${url}/latest/api/token`, { method: 'PUT', headers: { 'x-aliyun-ecs-metadata-token-ttl-seconds': '60' } })).status, 404);
    assert.equal((await request(rolePath)).text, 'Old');
    assert.throws(() => emulator.metadata.configure({ tokens: 'sometimes' }), /tokens must be one of/);
  } finally {
    emulator.metadata.configure({ tokens: 'optional', roleName: 'EcsRamRoleDemo' });
  }
});
