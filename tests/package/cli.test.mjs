// The aliyun-slb command as installed (node_modules/.bin), against the emulator: the aliyun
// CLI's form for every action, exit codes, JSON output, dry runs the emulator accepts, the
// credential chain, and no secret in any output. Each run has a temporary HOME and an
// environment that reaches only 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ROLE_ARN, cliConfig, createEmulator, isolatedEnv, makeHome } from './chain-support.mjs';

const BIN = fileURLToPath(new URL('../node_modules/.bin/aliyun-slb', import.meta.url));
const SECRET = 'S3cr3t+/cli=';
const KEYS = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'cliid', ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET };
const LB = 'lb-bp1demo0000000000000';
let emulator;
let url;
const homes = [];
// Every output of every run, for the secrets check at the end.
const outputs = [];

before(async () => {
  emulator = createEmulator({ keys: { cliid: SECRET, testid: 'testsecret' }, log: () => {} });
  url = await emulator.listen(0);
});
after(async () => {
  homes.forEach((h) => h.cleanup());
  await emulator.close();
});

/**
 * Runs aliyun-slb with `args` in a fresh HOME (`home`: makeHome's options): `{ code, stdout,
 * stderr, json() }`. `onStderr(all so far, child)` sees its standard error as it comes.
 */
function run(args, { env = KEYS, home: homeFiles = {}, stdin = '', onStderr } = {}) {
  const home = makeHome(homeFiles);
  homes.push(home);
  const child = spawn(BIN, args, { env: isolatedEnv(home.home, env), cwd: home.home });
  const chunks = { stdout: [], stderr: [] };
  child.stdout.on('data', (c) => chunks.stdout.push(c));
  child.stderr.on('data', (c) => {
    chunks.stderr.push(c);
    onStderr?.(Buffer.concat(chunks.stderr).toString(), child);
  });
  // The command may exit before reading its stdin: that is not the test's failure.
  child.stdin.on('error', (error) => { if (error.code !== 'EPIPE') throw error; });
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const [stdout, stderr] = [Buffer.concat(chunks.stdout).toString(), Buffer.concat(chunks.stderr).toString()];
      const dryRun = args.includes('--dryrun') || args.includes('--dry-run');
      outputs.push({ text: stdout, dryRun }, { text: stderr, dryRun: false });
      resolve({ code, stdout, stderr, home: home.home, json: () => JSON.parse(stdout) });
    });
  });
}

const at = (...args) => [...args, '--endpoint', url];
const group = (id = 'rsp-cige6j5e7p') => ['--RegionId', 'cn-hangzhou', '--VServerGroupId', id];

test('--version prints the package version; --help lists every action and the flags', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../node_modules/aliyun-slb-wasm/package.json', import.meta.url), 'utf8'));
  assert.deepEqual(await run(['--version']).then((r) => [r.code, r.stdout.trim()]), [0, version]);
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  for (const action of ['CreateVServerGroup', 'DeleteVServerGroup', 'DescribeVServerGroups', 'DescribeVServerGroupAttribute',
    'SetVServerGroupAttribute', 'AddVServerGroupBackendServers', 'RemoveVServerGroupBackendServers', 'ModifyVServerGroupBackendServers']) {
    assert.match(help.stdout, new RegExp(`^  ${action} `, 'm'));
  }
  assert.match(help.stdout, /--dryrun/);
  assert.match(help.stdout, /Exit codes: 0 done; 1 the service or the network failed; 2 usage/);
  const bare = await run([]);
  assert.equal(bare.code, 2);
  assert.match(bare.stderr, /Usage: aliyun-slb <Action>/);
});

test('each action\'s --help lists its parameters, required ones marked, with their limits', async () => {
  const add = await run(['AddVServerGroupBackendServers', '--help']);
  assert.equal(add.code, 0);
  assert.match(add.stdout, /--RegionId +required/);
  assert.match(add.stdout, /--BackendServers +required +1 to 20 servers/);
  assert.match(add.stdout, /Port +required +1\.\.65535/);
  assert.match(add.stdout, /--server id:port\[:weight\[:type\[:ip\]\]\]/);
  const create = await run(['CreateVServerGroup', '--help']);
  assert.match(create.stdout, /--VServerGroupName +optional +1 to 80 characters/);
  assert.match(create.stdout, /--Tag\.N\.Key\/Tag\.N\.Value +optional +N from 1 to 20/);
  const modify = await run(['ModifyVServerGroupBackendServers', '--help']);
  assert.match(modify.stdout, /--OldBackendServers +required/);
  assert.doesNotMatch(modify.stdout, /--server/);
});

test('every action of the family in the aliyun CLI\'s own form, printing the service\'s PascalCase JSON', async () => {
  const created = await run(at('CreateVServerGroup', '--RegionId', 'cn-hangzhou', '--LoadBalancerId', LB, '--VServerGroupName', 'cli',
    '--BackendServers', '[{"ServerId":"vm-301","Port":80}]', '--Tag.1.Key', 'env', '--Tag.1.Value', 'prod'));
  assert.equal(created.code, 0, created.stderr);
  const id = created.json().VServerGroupId;
  assert.match(id, /^rsp-/);
  assert.deepEqual(created.json().BackendServers.BackendServer.map((s) => s.ServerId), ['vm-301']);
  const steps = [
    ['AddVServerGroupBackendServers', ...group(id), '--BackendServers', '[{"ServerId":"vm-302","Port":"80","Weight":"50"}]'],
    ['SetVServerGroupAttribute', ...group(id), '--VServerGroupName', 'renamed', '--BackendServers', '[{"ServerId":"vm-302","Port":80,"Weight":20}]'],
    ['ModifyVServerGroupBackendServers', ...group(id), '--OldBackendServers', '[{"ServerId":"vm-302","Port":80}]',
      '--NewBackendServers', '[{"ServerId":"vm-303","Port":80,"Weight":30}]'],
    ['RemoveVServerGroupBackendServers', ...group(id), '--BackendServers', '[{"ServerId":"vm-301","Port":80,"Weight":100}]'],
  ];
  for (const step of steps) {
    const r = await run(at(...step));
    assert.equal(r.code, 0, `${step[0]}: ${r.stderr}`);
    assert.equal(r.json().VServerGroupId, id);
    assert.match(r.json().RequestId, /^[0-9A-F-]{36}$/);
  }
  const described = await run(at('DescribeVServerGroupAttribute', ...group(id)));
  assert.equal(described.json().VServerGroupName, 'renamed');
  assert.deepEqual(described.json().BackendServers.BackendServer, [{ ServerId: 'vm-303', Port: 80, Weight: 30, Type: 'ecs' }]);
  const listed = await run(at('DescribeVServerGroups', '--RegionId', 'cn-hangzhou', '--LoadBalancerId', LB, '--IncludeListener', 'true', '--Tag.1.Key', 'env'));
  assert.deepEqual(listed.json().VServerGroups.VServerGroup.map((g) => g.VServerGroupId), [id]);
  const deleted = await run(at('DeleteVServerGroup', ...group(id)));
  assert.deepEqual([deleted.code, Object.keys(deleted.json())], [0, ['RequestId']]);
});

test('the issue\'s first line runs as written: the service\'s refusal is exit 1 with its code, message and request id', async () => {
  const r = await run(at('AddVServerGroupBackendServers', '--RegionId', 'cn-hangzhou', '--VServerGroupId', 'rsp-x',
    '--BackendServers', '[{"ServerId":"vm-233","Port":80}]'));
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /ErrorCode: InvalidParameter/);
  assert.match(r.stderr, /Message: The specified VServerGroupId does not exist\./);
  assert.match(r.stderr, /RequestId: [0-9A-F-]{36}/);
});

test('XML answers are printed as JSON too', async () => {
  const r = await run(at('DescribeVServerGroupAttribute', ...group(), '--format', 'XML'));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json().VServerGroupId, 'rsp-cige6j5e7p');
});

test('servers from --server, @file and standard input', async () => {
  const viaServer = await run(at('AddVServerGroupBackendServers', ...group(), '--server', 'vm-311:81', '--server', 'eni-bp1demo:82:40:eni:172.16.0.10'));
  assert.equal(viaServer.code, 0, viaServer.stderr);
  assert.deepEqual(viaServer.json().BackendServers.BackendServer.map((s) => [s.ServerId, s.Port, s.Weight, s.Type]),
    [['vm-311', 81, 100, 'ecs'], ['eni-bp1demo', 82, 40, 'eni']]);
  const viaFile = await run(at('AddVServerGroupBackendServers', ...group(), '--BackendServers', '@servers.json'),
    { home: { files: { 'servers.json': '[{"ServerId":"vm-312","Port":83}]' } } });
  assert.equal(viaFile.code, 0, viaFile.stderr);
  assert.equal(viaFile.json().BackendServers.BackendServer[0].ServerId, 'vm-312');
  const viaStdin = await run(at('RemoveVServerGroupBackendServers', ...group(), '--BackendServers', '-'), { stdin: '[{"ServerId":"vm-312","Port":83}]' });
  assert.equal(viaStdin.code, 0, viaStdin.stderr);
});

test('the region defaults to the profile\'s region_id, or --region', async () => {
  const config = cliConfig({ name: 'prod', mode: 'AK', access_key_id: 'cliid', access_key_secret: SECRET, region_id: 'cn-hangzhou' },
    { name: 'other', mode: 'AK', access_key_id: 'nobody', access_key_secret: 'x', region_id: 'cn-beijing' });
  const noConfig = await run(at('DescribeVServerGroupAttribute', ...group(), '--profile', 'prod'), { env: {} });
  assert.equal(noConfig.code, 2);
  assert.match(noConfig.stderr, /cli-profile: .*config\.json does not exist/);
  const home = makeHome({ config });
  homes.push(home);
  const withConfig = (args, env = {}) => run(args, { env: { ...env, HOME: home.home } });
  const r = await withConfig(at('DescribeVServerGroupAttribute', '--VServerGroupId', 'rsp-cige6j5e7p', '--profile', 'prod'));
  assert.equal(r.code, 0, r.stderr);
  const other = await withConfig(at('DescribeVServerGroupAttribute', '--VServerGroupId', 'rsp-cige6j5e7p', '--dryrun'), { ALIBABA_CLOUD_PROFILE: 'other' });
  assert.match(other.json().url, /RegionId=cn-beijing/);
  assert.match(other.json().url, /AccessKeyId=nobody/);
  const region = await withConfig(at('DescribeVServerGroupAttribute', '--VServerGroupId', 'rsp-cige6j5e7p', '--profile', 'prod', '--region', 'cn-shanghai', '--dryrun'));
  assert.match(region.json().url, /RegionId=cn-shanghai/);
});

/** Sends a dry run's request as printed: the emulator is the judge of its signature. */
async function sendPrinted(printed) {
  const res = await fetch(printed.url, { method: printed.method, headers: printed.headers, body: printed.body ?? undefined });
  return { status: res.status, body: await res.json() };
}

test('--dry-run prints the signed request, GET and POST, which the emulator accepts when sent', async () => {
  for (const method of ['GET', 'POST']) {
    const before = emulator.state.groups.get('rsp-cige6j5e7p').members.length;
    const r = await run(at('AddVServerGroupBackendServers', ...group(), '--server', `vm-32${method.length}:80`, '--dry-run', '--method', method));
    assert.equal(r.code, 0, r.stderr);
    const printed = r.json();
    assert.deepEqual(Object.keys(printed), ['method', 'url', 'body', 'headers', 'canonicalQuery', 'stringToSign', 'signature']);
    assert.equal(printed.method, method);
    assert.equal(emulator.state.groups.get('rsp-cige6j5e7p').members.length, before, 'nothing sent');
    const sent = await sendPrinted(printed);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(emulator.state.groups.get('rsp-cige6j5e7p').members.length, before + 1);
  }
  const aliyunSpelling = await run(at('DescribeVServerGroupAttribute', ...group(), '--dryrun'));
  assert.match(aliyunSpelling.json().canonicalQuery, /^AccessKeyId=cliid&Action=DescribeVServerGroupAttribute/);
});

test('temporary credentials from a RamRoleArn profile and the metadata service: the dry run shows the token, never the secret', async () => {
  const config = cliConfig({ name: 'ops', mode: 'RamRoleArn', access_key_id: 'cliid', access_key_secret: SECRET, ram_role_arn: ROLE_ARN, region_id: 'cn-hangzhou' });
  const env = { ALIYUN_SLB_STS_ENDPOINT: url };
  const home = makeHome({ config });
  homes.push(home);
  const printed = await run(at('DescribeVServerGroupAttribute', '--VServerGroupId', 'rsp-cige6j5e7p', '--dryrun'), { env: { ...env, HOME: home.home } });
  assert.equal(printed.code, 0, printed.stderr);
  assert.match(printed.json().url, /AccessKeyId=STS\.[^&]+&.*SecurityToken=CAIS/);
  assert.equal((await sendPrinted(printed.json())).status, 200);
  const metadata = await run(at('DescribeVServerGroupAttribute', ...group()),
    { env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'false', ALIYUN_SLB_METADATA_ENDPOINT: url } });
  assert.equal(metadata.code, 0, metadata.stderr);
});

test('usage, validation and configuration errors are exit 2, each issue with its path', async () => {
  const cases = [
    [['AddVServerGroupBackendServers', ...group(), '--BackendServers', '[{"ServerId":"vm-1","Port":80},{"ServerId":"vm-2","Port":0}]'],
      /backendServers\[1\]\.port: InvalidPort: /],
    [['AddVServerGroupBackendServers', '--VServerGroupId', 'rsp-x', '--server', 'vm-1:80'], /regionId: MissingParameter/],
    [['AddVServerGroupBackendServers', ...group(), '--BackendServers', '[{"ServerId":'], /--BackendServers: not JSON/],
    [['AddVServerGroupBackendServers', ...group(), '--BackendServers', '@missing.json'], /cannot read the file \(ENOENT\)/],
    [['AddVServerGroupBackendServer', ...group()], /unknown action "AddVServerGroupBackendServer"/],
    [['addvservergroupbackendservers', ...group()], /did you mean AddVServerGroupBackendServers\?/],
    [['DeleteVServerGroup', ...group(), '--Bogus', '1'], /Unknown option '--Bogus'/],
    [['DeleteVServerGroup', ...group(), '--output', 'cols=RequestId'], /--output is an aliyun CLI flag that aliyun-slb does not support/],
    [['ModifyVServerGroupBackendServers', ...group(), '--server', 'vm-1:80'], /--server does not apply to ModifyVServerGroupBackendServers/],
    [['AddVServerGroupBackendServers', ...group(), '--server', 'vm-1'], /expected id:port/],
    [['DeleteVServerGroup', ...group(), '--signature-algorithm', 'HMAC-SHA256'], /--signature-algorithm must be HMAC-SHA1 or ACS3-HMAC-SHA256/],
    [['DeleteVServerGroup', ...group(), '--version', '2016-01-01'], /speaks the SLB API 2014-05-15/],
    [['DeleteVServerGroup', ...group(), 'extra'], /unexpected "extra"/],
  ];
  for (const [args, expected] of cases) {
    const r = await run(at(...args));
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, expected);
    assert.equal(r.stdout, '');
  }
});

test('no credentials: exit 2 naming each source tried and why', async () => {
  const r = await run(at('DeleteVServerGroup', ...group()), { env: {} });
  assert.equal(r.code, 2);
  for (const source of ['environment', 'oidc', 'cli-profile', 'credentials-file', 'ecs-metadata', 'credentials-uri']) {
    assert.match(r.stderr, new RegExp(`  - ${source}: `));
  }
  const home = makeHome({ config: cliConfig({ name: 'sso', mode: 'CloudSSO' }) });
  homes.push(home);
  const unsupported = await run(at('DeleteVServerGroup', ...group(), '--profile', 'sso'), { env: { HOME: home.home } });
  assert.equal(unsupported.code, 2);
  assert.match(unsupported.stderr, /mode "CloudSSO", which aliyun-slb does not support/);
});

test('the network failing is exit 1; throttling is retried, signed afresh', async () => {
  const closed = createServer();
  await new Promise((r) => { closed.listen(0, '127.0.0.1', r); });
  const { port } = closed.address();
  await new Promise((r) => { closed.close(r); });
  const down = await run(['DeleteVServerGroup', ...group(), '--endpoint', `http://127.0.0.1:${port}`]);
  assert.equal(down.code, 1);
  assert.match(down.stderr, /NetworkError/);
  emulator.setFaults({ script: ['Throttling', 'ServiceUnavailable'] });
  try {
    const r = await run(at('DescribeVServerGroupAttribute', ...group()));
    assert.equal(r.code, 0, r.stderr);
    emulator.setFaults({ script: ['Throttling', 'Throttling'] });
    const once = await run(at('DescribeVServerGroupAttribute', ...group(), '--retry-count', '1'));
    assert.equal(once.code, 1);
    assert.match(once.stderr, /ErrorCode: Throttling\.User/);
  } finally {
    emulator.setFaults({});
  }
});

test('a wrong secret: exit 1 with the diagnosis, and the secret nowhere', async () => {
  const r = await run(at('DeleteVServerGroup', ...group()), { env: { ...KEYS, ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'wrong-secret' } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /ErrorCode: SignatureDoesNotMatch/);
  assert.match(r.stderr, /Diagnosis: .*secret/i);
  assert.ok(!r.stderr.includes('wrong-secret'));
});

test('--signature-algorithm ACS3-HMAC-SHA256: a v3 dry run the emulator accepts when sent, and a v3 call', async () => {
  const v3 = ['--signature-algorithm', 'ACS3-HMAC-SHA256'];
  const r = await run(at('DescribeVServerGroupAttribute', ...group(), ...v3, '--dryrun'));
  assert.equal(r.code, 0, r.stderr);
  const printed = r.json();
  assert.match(printed.headers.authorization, /^ACS3-HMAC-SHA256 Credential=cliid,SignedHeaders=/);
  assert.equal(printed.headers['x-acs-action'], 'DescribeVServerGroupAttribute');
  assert.doesNotMatch(printed.url, /Signature=/);
  assert.equal((await sendPrinted(printed)).status, 200);
  const sent = await run(at('DescribeVServerGroupAttribute', ...group(), ...v3));
  assert.equal(sent.code, 0, sent.stderr);
  assert.equal(sent.json().VServerGroupId, 'rsp-cige6j5e7p');
});

// apply: the membership change of a file, planned, confirmed and applied in calls of 20.

const members = (from, to, weight) => Array.from({ length: to - from + 1 }, (_, i) => ({ serverId: `vm-${from + i}`, port: 80, weight }));

/** A new, empty group on the emulator, and the path of a members file. */
async function applyCase(name, desired) {
  const created = await run(at('CreateVServerGroup', '--RegionId', 'cn-hangzhou', '--LoadBalancerId', LB, '--VServerGroupName', name));
  assert.equal(created.code, 0, created.stderr);
  const id = created.json().VServerGroupId;
  const home = makeHome({ files: { 'desired.json': JSON.stringify(desired) } });
  homes.push(home);
  const held = () => emulator.state.groups.get(id).members.map((m) => `${m.ServerId}:${m.Port}:${m.Weight}`).sort();
  return { id, file: `${home.home}/desired.json`, held };
}
const expected = (list) => list.map((s) => `${s.serverId}:${s.port}:${s.weight ?? 100}`).sort();

test('apply: the plan, a dry run that sends nothing, --yes needed without a terminal, then the change in calls of 20', async () => {
  const desired = members(1100, 1144, 30);
  const { id, file, held } = await applyCase('apply-1', desired);
  const args = ['apply', ...group(id), '--members', file];
  const dry = await run(at(...args, '--dry-run'));
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(dry.stdout.trim().split('\n').length, 45);
  assert.match(dry.stdout, /^\+ vm-1100:80 w30$/m);
  assert.deepEqual(held(), []);
  const asked = await run(at(...args));
  assert.equal(asked.code, 2);
  assert.match(asked.stderr, /confirm with --yes/);
  assert.deepEqual(held(), []);
  const json = await run(at(...args, '--dryrun', '--output', 'json'));
  assert.deepEqual(json.json().calls.map((c) => c.backendServers.length), [20, 20, 5]);
  const applied = await run(at(...args, '--yes'));
  assert.equal(applied.code, 0, applied.stderr);
  assert.deepEqual(applied.stderr.trim().split('\n'), [
    '1/3 AddVServerGroupBackendServers (20)', '2/3 AddVServerGroupBackendServers (20)', '3/3 AddVServerGroupBackendServers (5)',
    'Applied: 3 calls, 4 requests.']);
  assert.deepEqual(held(), expected(desired));
  const again = await run(at(...args, '--yes'));
  assert.deepEqual([again.code, again.stdout.trim()], [0, '(no change)']);
});

test('apply: invalid members are exit 2 with their paths; a service refusal is exit 1 with what was done and what is left', async () => {
  const { id, file, held } = await applyCase('apply-2', [...members(1200, 1219, 10), { serverId: 'vm-999', port: 80 }]);
  const bad = await run(at('apply', ...group(id), '--members', JSON.stringify([{ serverId: 'vm-1', port: 0 }, { ServerId: 'vm-1', Port: 0 }])));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /desired\[0\]\.port: InvalidPort/);
  // vm-999 is stopped: the second add is refused (ObtainIpFail), after the first went through.
  const failed = await run(at('apply', ...group(id), '--members', file, '--yes'));
  assert.equal(failed.code, 1, failed.stderr);
  assert.match(failed.stderr, /MembershipApplyFailed|membership change stopped/);
  assert.match(failed.stderr, /cause: ObtainIpFail \(HTTP 400\)\ndone \(1\):\n {2}AddVServerGroupBackendServers \(20 servers\)\nfailed:/);
  assert.equal(held().length, 20);
});

test('apply: Ctrl-C stops after the call in flight and says what was done and what is left', async () => {
  const desired = members(1300, 1359, 5);
  const { id, file, held } = await applyCase('apply-3', desired);
  emulator.setFaults({ processingMs: 400 });
  let interrupted = false;
  try {
    const r = await run(at('apply', ...group(id), '--members', file, '--yes'), {
      onStderr: (text, child) => {
        if (!interrupted && text.includes('1/3')) {
          interrupted = true;
          child.kill('SIGINT');
        }
      },
    });
    assert.equal(r.code, 1, r.stderr);
    // The call under way when Ctrl-C came (the second, waiting out the busy group) is finished.
    const [, done, left] = /cause: Aborted\ndone \((\d)\):[\s\S]*left \((\d)\):/.exec(r.stderr) ?? [];
    assert.ok(Number(done) >= 1 && Number(done) + Number(left) === 3, r.stderr);
    assert.equal(held().length, 20 * Number(done));
  } finally {
    emulator.setFaults({});
  }
  const resumed = await run(at('apply', ...group(id), '--members', file, '--yes'));
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.deepEqual(held(), expected(desired));
});

test('secrets: no AccessKey secret in any output of any run; STS tokens only in dry runs', () => {
  assert.ok(outputs.length > 80, `${outputs.length} outputs`);
  assert.ok(emulator.sts.issued.length >= 2, 'the runs used temporary credentials');
  const secrets = [SECRET, encodeURIComponent(SECRET), 'testsecret', 'wrong-secret', ...emulator.sts.issued.map((c) => c.AccessKeySecret)];
  const tokens = emulator.sts.issued.map((c) => c.SecurityToken);
  for (const { text, dryRun } of outputs) {
    for (const secret of secrets) assert.ok(!text.includes(secret), `a secret in ${text.slice(0, 200)}`);
    if (!dryRun) for (const token of tokens) assert.ok(!text.includes(token), `a token in ${text.slice(0, 200)}`);
  }
});
