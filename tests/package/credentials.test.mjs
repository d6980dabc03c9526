// The default credential chain, source by source, against the emulator's STS and metadata
// service: a temporary HOME, an environment object, and a fetch that reaches only 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { join } from 'node:path';
import * as slb from 'aliyun-slb-wasm';
import {
  OIDC_PROVIDER_ARN, ROLE_ARN, cliConfig, createEmulator, isolatedEnv, loopbackFetch, makeHome,
} from './chain-support.mjs';

let emulator;
let url;
const homes = [];

before(async () => {
  emulator = createEmulator({ log: () => {} });
  url = await emulator.listen(0);
});
after(async () => {
  homes.forEach((h) => h.cleanup());
  await emulator.close();
});

/** The chain over `env` (the metadata service off unless `metadata`) and a HOME holding `files`. */
function chain(env = {}, files = {}, { metadata = false, now, profile } = {}) {
  const home = makeHome(files);
  homes.push(home);
  const seen = [];
  const provider = slb.defaultCredentialsProvider({
    profile, stsEndpoint: url, metadataEndpoint: url,
    context: {
      env: { ...(metadata ? {} : { ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' }), ...env },
      homedir: () => home.home, fetch: loopbackFetch(seen), ...(now && { now }),
    },
  });
  return { provider, seen, home: home.home };
}

const ak = { name: 'default', mode: 'AK', access_key_id: 'testid', access_key_secret: 'testsecret', region_id: 'cn-hangzhou' };
const group = { regionId: 'cn-hangzhou', vServerGroupId: 'rsp-cige6j5e7p' };

/** The credentials sign a call the emulator accepts. */
async function works(credentials) {
  const client = new slb.SlbClient({ credentials, endpoint: url });
  assert.equal((await client.describeVServerGroupAttribute(group)).vServerGroupId, 'rsp-cige6j5e7p');
}

test('environment variables come first, with the STS token when set', async () => {
  const { provider } = chain({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'envid', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'envsecret', ALIBABA_CLOUD_SECURITY_TOKEN: 'envtoken' },
    { config: cliConfig(ak) });
  const c = await provider.getCredential();
  assert.deepEqual([c.accessKeyId, c.accessKeySecret, c.securityToken, c.source], ['envid', 'envsecret', 'envtoken', 'environment']);
  assert.deepEqual(provider.sources, ['environment', 'oidc', 'cli-profile', 'credentials-file', 'ecs-metadata', 'credentials-uri']);
});

test('no source: NoCredentials names every source and why, without any secret', async () => {
  const { provider } = chain({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'only-the-id' }, { ini: '[default]\ntype = access_key\naccess_key_id = a\n' });
  await assert.rejects(provider.getCredential(), (e) => {
    assert.ok(e instanceof slb.SlbError);
    assert.equal(e.code, 'NoCredentials');
    assert.deepEqual(e.sources.map((s) => s.source), provider.sources);
    assert.match(e.message, /environment: ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set/);
    assert.match(e.message, /cli-profile: .*config\.json does not exist/);
    assert.match(e.message, /credentials-file: credentials-file \[default\] \(access_key\) gave no AccessKey id and secret/);
    assert.match(e.message, /ecs-metadata: disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED/);
    assert.match(e.message, /credentials-uri: ALIBABA_CLOUD_CREDENTIALS_URI is not set/);
    return true;
  });
});

test('OIDC (RRSA): AssumeRoleWithOIDC with the token file, unsigned', async () => {
  const before = emulator.sts.calls.AssumeRoleWithOIDC;
  const home = makeHome({ files: { 'oidc-token': 'eyJ.pod.token\n' } });
  homes.push(home);
  const { provider } = chain({
    ALIBABA_CLOUD_ROLE_ARN: ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: OIDC_PROVIDER_ARN,
    ALIBABA_CLOUD_OIDC_TOKEN_FILE: join(home.home, 'oidc-token'), ALIBABA_CLOUD_ROLE_SESSION_NAME: 'pod-1',
  });
  const c = await provider.getCredential();
  assert.match(c.accessKeyId, /^STS\./);
  assert.equal(c.source, 'oidc');
  assert.equal(emulator.sts.calls.AssumeRoleWithOIDC, before + 1);
  await works(provider);
});

test('aliyun CLI profiles: AK and StsToken, the one ALIBABA_CLOUD_PROFILE names, region kept aside', async () => {
  const sts = { name: 'temp', mode: 'StsToken', access_key_id: 'stsid', access_key_secret: 'stssecret', sts_token: 'ststoken' };
  const c = await chain({}, { config: cliConfig(ak, sts) }).provider.getCredential();
  assert.deepEqual([c.accessKeyId, c.accessKeySecret, c.securityToken, c.source], ['testid', 'testsecret', undefined, 'cli-profile "default" (AK)']);
  const t = await chain({ ALIBABA_CLOUD_PROFILE: 'temp' }, { config: cliConfig(ak, sts) }).provider.getCredential();
  assert.deepEqual([t.accessKeyId, t.securityToken, t.source], ['stsid', 'ststoken', 'cli-profile "temp" (StsToken)']);
  const byOption = await chain({}, { config: cliConfig(ak, sts) }, { profile: 'temp' }).provider.getCredential();
  assert.equal(byOption.accessKeyId, 'stsid');
  const disabled = chain({ ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'TRUE' }, { config: cliConfig(ak) }).provider;
  await assert.rejects(disabled.getCredential(), /cli-profile: disabled by ALIBABA_CLOUD_CLI_PROFILE_DISABLED/);
});

test('RamRoleArn and ChainableRamRoleArn profiles assume the role at STS, signed by this package', async () => {
  const role = { ram_role_arn: ROLE_ARN, ram_session_name: 'cli-session', expired_seconds: 900 };
  const profiles = cliConfig(
    { name: 'ops', mode: 'RamRoleArn', access_key_id: 'testid', access_key_secret: 'testsecret', ...role },
    { name: 'chained', mode: 'ChainableRamRoleArn', source_profile: 'ops', ...role },
    ak,
  );
  const before = emulator.sts.calls.AssumeRole;
  const { provider } = chain({}, { config: profiles });
  const c = await provider.getCredential();
  assert.match(c.accessKeyId, /^STS\./);
  assert.ok(c.securityToken);
  assert.equal(c.source, 'cli-profile "ops" (RamRoleArn)');
  assert.ok(Date.parse(c.expiration) - Date.now() <= 900e3);
  assert.equal(emulator.sts.calls.AssumeRole, before + 1);
  await works(provider);
  const chained = await chain({ ALIBABA_CLOUD_PROFILE: 'chained' }, { config: profiles }).provider.getCredential();
  assert.equal(chained.source, 'cli-profile "chained" (ChainableRamRoleArn)');
  assert.equal(emulator.sts.calls.AssumeRole, before + 3, 'the source profile assumed its role, then the chained one');
  await works(chained);
});

test('a wrong secret for AssumeRole: the chain says STS refused it, and shows no secret', async () => {
  const config = cliConfig({ name: 'ops', mode: 'RamRoleArn', access_key_id: 'testid', access_key_secret: 'not-the-secret', ram_role_arn: ROLE_ARN });
  await assert.rejects(chain({}, { config }).provider.getCredential(), (e) => {
    assert.match(e.message, /cli-profile: STS AssumeRole of .*: SignatureDoesNotMatch \(HTTP 400\)/);
    assert.ok(!e.message.includes('not-the-secret'));
    return true;
  });
});

test('EcsRamRole and OIDC profiles; other modes are refused by name', async () => {
  const ecs = await chain({}, { config: cliConfig({ name: 'ecs', mode: 'EcsRamRole', ram_role_name: 'EcsRamRoleDemo' }) }).provider.getCredential();
  assert.equal(ecs.source, 'cli-profile "ecs" (EcsRamRole)');
  await works(ecs);
  const home = makeHome({ files: { token: 'eyJ.profile.token' } });
  homes.push(home);
  const oidc = cliConfig({
    name: 'k8s', mode: 'OIDC', ram_role_arn: ROLE_ARN, oidc_provider_arn: OIDC_PROVIDER_ARN, oidc_token_file: join(home.home, 'token'), ram_session_name: 'pod',
  });
  assert.match((await chain({}, { config: oidc }).provider.getCredential()).accessKeyId, /^STS\./);
  for (const mode of ['CloudSSO', 'OAuth', 'External', 'CredentialsURI']) {
    await assert.rejects(chain({}, { config: cliConfig({ name: 'x', mode }) }).provider.getCredential(),
      new RegExp(`cli-profile: profile "x" has mode "${mode}", which aliyun-slb does not support`));
  }
});

test('the INI file: access_key, ram_role_arn and ecs_ram_role sections, by ALIBABA_CLOUD_PROFILE, at ALIBABA_CLOUD_CREDENTIALS_FILE', async () => {
  const ini = [
    '[default]', 'type = access_key', 'access_key_id = testid', 'access_key_secret = testsecret', '',
    '[role]', 'type = ram_role_arn', 'access_key_id = testid', 'access_key_secret = testsecret', `role_arn = ${ROLE_ARN}`, 'role_session_name = ini',
    '', '[ecs]', 'type = ecs_ram_role', 'role_name = EcsRamRoleDemo', '', '[odd]', 'type = rsa_key_pair',
  ].join('\n');
  const c = await chain({}, { ini }).provider.getCredential();
  assert.deepEqual([c.accessKeyId, c.accessKeySecret, c.source], ['testid', 'testsecret', 'credentials-file [default] (access_key)']);
  await works(await chain({ ALIBABA_CLOUD_PROFILE: 'role' }, { ini }).provider.getCredential());
  await works(await chain({ ALIBABA_CLOUD_PROFILE: 'ecs' }, { ini }).provider.getCredential());
  await assert.rejects(chain({ ALIBABA_CLOUD_PROFILE: 'odd' }, { ini }).provider.getCredential(), /type "rsa_key_pair" is not access_key/);
  const elsewhere = makeHome({ files: { 'my-credentials': ini } });
  homes.push(elsewhere);
  const moved = await chain({ ALIBABA_CLOUD_CREDENTIALS_FILE: join(elsewhere.home, 'my-credentials') }).provider.getCredential();
  assert.equal(moved.accessKeyId, 'testid');
});

test('the ECS metadata service: IMDSv2 token first, IMDSv1 when there is none, unless disabled', async () => {
  const start = emulator.metadata.requests.length;
  const { provider } = chain({}, {}, { metadata: true });
  const c = await provider.getCredential();
  assert.equal(c.source, 'ecs-metadata');
  const asked = emulator.metadata.requests.slice(start);
  assert.deepEqual(asked.map((r) => `${r.method} ${r.path} ${r.token}`), [
    'PUT /latest/api/token false',
    'GET /latest/meta-data/ram/security-credentials/ true',
    'GET /latest/meta-data/ram/security-credentials/EcsRamRoleDemo true',
  ]);
  await works(provider);
  try {
    emulator.metadata.configure({ tokens: 'unsupported' });
    const v1 = emulator.metadata.requests.length;
    const old = await chain({ ALIBABA_CLOUD_ECS_METADATA: 'EcsRamRoleDemo' }, {}, { metadata: true }).provider.getCredential();
    assert.equal(old.source, 'ecs-metadata');
    assert.deepEqual(emulator.metadata.requests.slice(v1).map((r) => r.token), [false, false], 'the token, then the credentials without one');
    await assert.rejects(chain({ ALIBABA_CLOUD_IMDSV1_DISABLED: 'true' }, {}, { metadata: true }).provider.getCredential(),
      /ecs-metadata: the ECS metadata token: HTTP 404, and IMDSv1 is disabled/);
  } finally {
    emulator.metadata.configure({ tokens: 'optional' });
  }
});

test('ALIBABA_CLOUD_CREDENTIALS_URI comes last', async () => {
  const { provider } = chain({ ALIBABA_CLOUD_CREDENTIALS_URI: `${url}/latest/meta-data/ram/security-credentials/EcsRamRoleDemo` });
  const c = await provider.getCredential();
  assert.equal(c.source, 'credentials-uri');
  await works(c);
});

test('temporary credentials are cached, refreshed 15 minutes before they expire, one refresh for concurrent calls', async () => {
  let offset = 0;
  const now = () => Date.now() + offset;
  const config = cliConfig({ name: 'ops', mode: 'RamRoleArn', access_key_id: 'testid', access_key_secret: 'testsecret', ram_role_arn: ROLE_ARN, expired_seconds: 3600 });
  const { provider } = chain({}, { config }, { now });
  const calls = () => emulator.sts.calls.AssumeRole;
  const start = calls();
  const first = await provider.getCredential();
  assert.equal((await provider.getCredential()).accessKeyId, first.accessKeyId);
  offset = 44 * 60 * 1000;
  assert.equal((await provider.getCredential()).accessKeyId, first.accessKeyId, '16 minutes left: still cached');
  assert.equal(calls(), start + 1);
  offset = 46 * 60 * 1000;
  const many = await Promise.all([1, 2, 3, 4, 5].map(() => provider.getCredential()));
  assert.equal(calls(), start + 2, 'five concurrent calls, one AssumeRole');
  assert.equal(new Set(many.map((c) => c.accessKeyId)).size, 1);
  assert.notEqual(many[0].accessKeyId, first.accessKeyId);
});

test('credentials never show their secret or token: inspect, JSON, String, spread', async () => {
  const c = await chain({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'envid', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'envsecret', ALIBABA_CLOUD_SECURITY_TOKEN: 'envtoken' })
    .provider.getCredential();
  for (const shown of [inspect(c), JSON.stringify(c), String(c), `${c}`, JSON.stringify({ ...c }), inspect({ c }, { depth: 5, showHidden: true })]) {
    assert.ok(shown.includes('envid'), shown);
    assert.ok(!shown.includes('envsecret') && !shown.includes('envtoken'), shown);
  }
});

test('SlbClient takes the official @alicloud/credentials Credential as its provider', async () => {
  const { default: Credential, Config } = createRequire(import.meta.url)('@alicloud/credentials');
  const credential = new Credential(new Config({ type: 'access_key', accessKeyId: 'testid', accessKeySecret: 'testsecret' }));
  await works(credential);
  // Temporary credentials from the emulator's STS: the token reaches the service with them.
  const config = cliConfig({ name: 'ops', mode: 'RamRoleArn', access_key_id: 'testid', access_key_secret: 'testsecret', ram_role_arn: ROLE_ARN });
  const issued = await chain({}, { config }).provider.getCredential();
  const fields = { accessKeyId: issued.accessKeyId, accessKeySecret: issued.accessKeySecret };
  await works(new Credential(new Config({ type: 'sts', ...fields, securityToken: issued.securityToken })));
  await assert.rejects(works(new Credential(new Config({ type: 'access_key', ...fields }))), (e) => e.code === 'InvalidSecurityToken.MismatchWithAccessKey');
});

test('a provider that fails or gives no credentials: an SlbError, nothing sent', async () => {
  const failing = new slb.SlbClient({ credentials: { getCredential: async () => { throw new Error('vault sealed'); } }, endpoint: url });
  await assert.rejects(failing.describeVServerGroupAttribute(group), (e) => e.code === 'CredentialsUnavailable' && e.path === 'credentials' && /vault sealed/.test(e.message));
  const empty = new slb.SlbClient({ credentials: { getCredential: async () => ({ accessKeyId: '' }) }, endpoint: url });
  await assert.rejects(empty.describeVServerGroupAttribute(group), (e) => e.code === 'ValidationFailed');
  const client = new slb.SlbClient({ credentials: { accessKeyId: 'testid', accessKeySecret: 'testsecret' }, endpoint: url });
  assert.ok(!inspect(client, { showHidden: true, depth: 9 }).includes('testsecret'));
});

test('SlbClient without credentials uses the default chain (a child process with a temporary HOME)', async () => {
  const home = makeHome({ config: cliConfig(ak) });
  homes.push(home);
  const script = `const { SlbClient } = require('aliyun-slb-wasm');
    new SlbClient({ endpoint: ${JSON.stringify(url)} }).describeVServerGroupAttribute(${JSON.stringify(group)})
      .then((r) => console.log(r.vServerGroupId), (e) => { console.error(e.message); process.exit(1); });`;
  // Asynchronous: the emulator answers from this process.
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { env: isolatedEnv(home.home), cwd: new URL('.', import.meta.url) });
  assert.equal(stdout.trim(), 'rsp-cige6j5e7p');
});

test('the web build: defaultCredentialsProvider is Node only, and the page loads none of the chain', async () => {
  const web = await import(new URL('../node_modules/aliyun-slb-wasm/web/index.js', import.meta.url));
  assert.throws(() => web.defaultCredentialsProvider(), (e) => e instanceof Error && e.code === 'NotSupported');
  const { readdirSync, readFileSync } = await import('node:fs');
  const webDir = new URL('../node_modules/aliyun-slb-wasm/web/', import.meta.url);
  assert.deepEqual(readdirSync(webDir).filter((f) => /credentials|sources|remote|cli\.|parameters/.test(f)), []);
  const entry = readFileSync(new URL('index.js', webDir), 'utf8');
  assert.ok(!entry.includes('node:') && !entry.includes('credentials.cjs'));
});
