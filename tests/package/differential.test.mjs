// The chain against the official @alicloud/credentials 2.4.7 default chain: for the same
// environment and files, the same credentials, for every source that needs no network.
// Each case runs both in a child process with a temporary HOME and the metadata service off.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cliConfig, isolatedEnv, makeHome } from './chain-support.mjs';

const homes = [];
after(() => homes.forEach((h) => h.cleanup()));

// Both chains, as the child prints them: the fields, or that the chain found nothing.
const SCRIPT = `
const Credential = require('@alicloud/credentials').default;
const { defaultCredentialsProvider } = require('aliyun-slb-wasm');
const fields = (c) => ({ accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, securityToken: c.securityToken || undefined });
const settle = (p) => p.then(fields, () => 'none');
Promise.all([settle(new Credential().getCredential()), settle(defaultCredentialsProvider().getCredential())])
  .then(([official, ours]) => console.log(JSON.stringify({ official, ours })));
`;

async function both(files, vars = {}) {
  const home = makeHome(files);
  homes.push(home);
  const env = isolatedEnv(home.home, typeof vars === 'function' ? vars(home.home) : vars);
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', SCRIPT], { env, cwd: new URL('.', import.meta.url) });
  return JSON.parse(stdout);
}

const ak = (name, id, extra = {}) => ({ name, mode: 'AK', access_key_id: id, access_key_secret: `${id}-secret`, region_id: 'cn-hangzhou', ...extra });
const INI = [
  '; a comment', '[default]', 'type = access_key', 'access_key_id = ini-id', 'access_key_secret = "ini secret"', '',
  '# another', '[project]', 'type=access_key', 'access_key_id=project-id', 'access_key_secret=project-secret',
].join('\n');

const CASES = {
  'environment, AccessKey': [{}, { ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret' }],
  'environment, with an STS token, before a profile': [{ config: cliConfig(ak('default', 'cli-id')) },
    { ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret', ALIBABA_CLOUD_SECURITY_TOKEN: 'env-token' }],
  'an id without a secret falls through to the CLI profile': [{ config: cliConfig(ak('default', 'cli-id')) }, { ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id' }],
  'CLI profile AK, the current one': [{ config: { ...cliConfig(ak('a', 'a-id'), ak('b', 'b-id')), current: 'b' } }],
  'CLI profile StsToken': [{ config: cliConfig({ ...ak('sts', 'sts-id'), mode: 'StsToken', sts_token: 'sts-token' }) }],
  'CLI profile named by ALIBABA_CLOUD_PROFILE': [{ config: cliConfig(ak('a', 'a-id'), ak('b', 'b-id')) }, { ALIBABA_CLOUD_PROFILE: 'b' }],
  'CLI profiles disabled: the INI file': [{ config: cliConfig(ak('default', 'cli-id')), ini: INI }, { ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' }],
  'INI [default], quoted and commented': [{ ini: INI }],
  'INI section named by ALIBABA_CLOUD_PROFILE': [{ ini: INI }, { ALIBABA_CLOUD_PROFILE: 'project' }],
  'INI at ALIBABA_CLOUD_CREDENTIALS_FILE': [{ files: { 'elsewhere.ini': INI } }, (home) => ({ ALIBABA_CLOUD_CREDENTIALS_FILE: join(home, 'elsewhere.ini') })],
  'a CLI profile that is not there: the INI file': [{ config: cliConfig(ak('default', 'cli-id')), ini: INI }, { ALIBABA_CLOUD_PROFILE: 'project' }],
  'nothing anywhere': [{}],
};

for (const [name, [files, vars]] of Object.entries(CASES)) {
  test(`the same credentials as @alicloud/credentials 2.4.7: ${name}`, async () => {
    const { official, ours } = await both(files, vars);
    assert.deepEqual(ours, official);
  });
}

test('the cases cover each source that needs no network, and both chains find something in all but one', async () => {
  const found = await Promise.all(Object.values(CASES).map(([files, vars]) => both(files, vars)));
  assert.equal(found.filter((f) => f.official === 'none').length, 1);
  assert.deepEqual(new Set(found.map((f) => f.ours?.accessKeyId).filter(Boolean)),
    new Set(['env-id', 'cli-id', 'b-id', 'sts-id', 'ini-id', 'project-id']));
});
