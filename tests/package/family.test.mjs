// The VServer-group family through the installed package: each action signed with exactly
// the API's parameters (checked by the emulator's own verifier), every new validation code,
// and a client round trip of every action on the emulator, the same typed results from JSON
// and XML.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as slb from 'aliyun-slb-wasm';

// This file runs from target/package-test/test/ (see install-packed.mjs).
const www = new URL('../../../www/', import.meta.url);
const { createEmulator, verifySignature } = await import(new URL('emulator.mjs', www));

const credentials = { accessKeyId: 'testid', accessKeySecret: 'testsecret' };
const options = { timestamp: '2016-02-23T12:46:24Z', nonce: 'n-1' };
const group = { regionId: 'cn-hangzhou', vServerGroupId: 'rsp-cige6j5e7p' };
const member = { serverId: 'vm-1', port: 80, weight: 5, description: 'd' };
const COMMON = ['AccessKeyId', 'Action', 'Format', 'Signature', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'Timestamp', 'Version'];

// Each action, a request, and the API parameters it must send (besides the common ones).
const CASES = {
  CreateVServerGroup: [
    { regionId: 'cn-hangzhou', loadBalancerId: 'lb-1', vServerGroupName: 'web', backendServers: [member], tags: [{ key: 'env', value: 'prod' }, { key: 'team' }] },
    { RegionId: 'cn-hangzhou', LoadBalancerId: 'lb-1', VServerGroupName: 'web', BackendServers: '[{"ServerId":"vm-1","Port":80,"Weight":5,"Description":"d"}]', 'Tag.1.Key': 'env', 'Tag.1.Value': 'prod', 'Tag.2.Key': 'team' },
  ],
  DeleteVServerGroup: [group, { RegionId: 'cn-hangzhou', VServerGroupId: 'rsp-cige6j5e7p' }],
  DescribeVServerGroups: [
    { regionId: 'cn-hangzhou', loadBalancerId: 'lb-1', includeRule: false, includeListener: true, description: 'we' },
    { RegionId: 'cn-hangzhou', LoadBalancerId: 'lb-1', IncludeRule: 'false', IncludeListener: 'true', Description: 'we' },
  ],
  DescribeVServerGroupAttribute: [group, { RegionId: 'cn-hangzhou', VServerGroupId: 'rsp-cige6j5e7p' }],
  SetVServerGroupAttribute: [
    { ...group, vServerGroupName: 'web 2', backendServers: [{ serverId: 'vm-1', port: 80, weight: 0 }] },
    { RegionId: 'cn-hangzhou', VServerGroupId: 'rsp-cige6j5e7p', VServerGroupName: 'web 2', BackendServers: '[{"ServerId":"vm-1","Port":80,"Weight":0}]' },
  ],
  AddVServerGroupBackendServers: [
    { ...group, backendServers: [member] },
    { RegionId: 'cn-hangzhou', VServerGroupId: 'rsp-cige6j5e7p', BackendServers: '[{"ServerId":"vm-1","Port":80,"Weight":5,"Description":"d"}]' },
  ],
  // Weight and description, as read from a Describe, are not sent.
  RemoveVServerGroupBackendServers: [
    { ...group, backendServers: [member, { serverId: 'eni-1', port: 81, type: 'eni', serverIp: '10.0.0.1', weight: 3 }] },
    { RegionId: 'cn-hangzhou', VServerGroupId: 'rsp-cige6j5e7p', BackendServers: '[{"ServerId":"vm-1","Port":80},{"ServerId":"eni-1","Port":81,"Type":"eni","ServerIp":"10.0.0.1"}]' },
  ],
  ModifyVServerGroupBackendServers: [
    { ...group, oldBackendServers: [{ serverId: 'vm-1', port: 80 }], newBackendServers: [{ ServerId: 'vm-2', Port: '8080', Weight: '10' }] },
    { RegionId: 'cn-hangzhou', VServerGroupId: 'rsp-cige6j5e7p', OldBackendServers: '[{"ServerId":"vm-1","Port":80}]', NewBackendServers: '[{"ServerId":"vm-2","Port":8080,"Weight":10}]' },
  ],
};

test('the package lists the family', () => {
  assert.deepEqual([...slb.SLB_ACTIONS].sort(), Object.keys(CASES).sort());
});

for (const [action, [request, expected]] of Object.entries(CASES)) {
  for (const method of ['GET', 'POST']) {
    test(`${action} over ${method}: the API's parameters, signed as the emulator checks`, () => {
      const signed = slb.signSlbRequest(action, request, credentials, { ...options, method });
      const own = Object.fromEntries(Object.entries(signed.params).filter(([name]) => !COMMON.includes(name)));
      assert.deepEqual(own, expected);
      assert.equal(signed.params.Action, action);
      assert.equal(signed.params.Version, '2014-05-15');
      assert.equal(verifySignature(method, signed.params, credentials.accessKeySecret).ok, true);
      assert.deepEqual(slb.validateSlbRequest(action, request), []);
    });
  }
}

const codes = (issues) => issues.map((i) => [i.path, i.code]);

test('the new validation codes, each at its path', () => {
  const lb = { regionId: 'cn-hangzhou', loadBalancerId: 'lb-1' };
  const cases = [
    ['ModifyVServerGroupBackendServers', { ...group, oldBackendServers: [member], newBackendServers: [member, { serverId: 'vm-2', port: 80 }] }, [['newBackendServers', 'MismatchedBackendServers']]],
    ['CreateVServerGroup', { ...lb, vServerGroupName: 'x'.repeat(81) }, [['vServerGroupName', 'InvalidVServerGroupName']]],
    ['SetVServerGroupAttribute', { ...group, vServerGroupName: 'a\nb' }, [['vServerGroupName', 'InvalidVServerGroupName']]],
    ['CreateVServerGroup', { ...lb, tags: Array.from({ length: 21 }, (_, i) => ({ key: `k${i}` })) }, [['tags', 'TooManyTags']]],
    ['CreateVServerGroup', { ...lb, tags: [{ key: '' }, { key: 'aliyun-x' }, { key: 'k', value: 'see https://x' }, { key: 'k'.repeat(65) }, { key: 'k', value: 'v'.repeat(129) }, { key: 'acs:x' }] }, [
      ['tags[0].key', 'InvalidTag'], ['tags[1].key', 'InvalidTag'], ['tags[2].value', 'InvalidTag'], ['tags[3].key', 'InvalidTag'], ['tags[4].value', 'InvalidTag'], ['tags[5].key', 'InvalidTag'],
    ]],
    ['DescribeVServerGroups', { regionId: 'cn-hangzhou', loadBalancerId: 'lb 1' }, [['loadBalancerId', 'InvalidLoadBalancerId']]],
    ['DescribeVServerGroups', { regionId: 'cn-hangzhou', loadBalancerId: 'l'.repeat(65) }, [['loadBalancerId', 'InvalidLoadBalancerId']]],
    ['DescribeVServerGroups', { regionId: 'cn-hangzhou', loadBalancerId: 'lb-1', includeRule: 'yes' }, [['includeRule', 'InvalidInput']]],
    ['RemoveVServerGroupBackendServers', { ...group, backendServers: [] }, [['backendServers', 'MissingParameter']]],
    ['DeleteVServerGroup', { regionId: 'cn-hangzhou', vServerGrupId: 'rsp-1' }, [['vServerGrupId', 'UnknownField'], ['vServerGroupId', 'MissingParameter']]],
  ];
  for (const [action, request, expected] of cases) {
    assert.deepEqual(codes(slb.validateSlbRequest(action, request)), expected, `${action} ${JSON.stringify(request).slice(0, 80)}`);
    assert.throws(() => slb.signSlbRequest(action, request, credentials, options), (e) => e instanceof slb.SlbError && e.code === 'ValidationFailed'
      && JSON.stringify(codes(e.issues)) === JSON.stringify(expected));
  }
  const issues = slb.validateSlbRequest('DeleteVServerGroup', { regionId: 'cn-hangzhou', vServerGrupId: 'rsp-1' });
  assert.match(issues[0].message, /did you mean "vServerGroupId"/);
});

test('an action the package does not know is UnknownAction at `action`; one that is no string, InvalidInput', async () => {
  const cases = [['DescribeRegions', 'UnknownAction'], ['addVServerGroupBackendServers', 'UnknownAction'], ['Add\nDelete', 'UnknownAction'],
    [42, 'InvalidInput'], [undefined, 'InvalidInput']];
  for (const [action, code] of cases) {
    for (const call of [() => slb.signSlbRequest(action, {}, credentials), () => slb.validateSlbRequest(action, {})]) {
      assert.throws(call, (e) => e instanceof slb.SlbError && e.code === code && e.path === 'action', String(action));
    }
  }
  await assert.rejects(new slb.SlbClient({ credentials }).call('DescribeRegions', {}), (e) => e.code === 'UnknownAction');
});

let emulator;
let endpoint;
before(async () => {
  emulator = createEmulator({ log: () => {} });
  endpoint = await emulator.listen(0);
});
after(() => emulator.close());

/** A result without what differs from run to run. */
function stable(result) {
  return JSON.parse(JSON.stringify(result, (key, value) => (['requestId', 'createTime'].includes(key) ? undefined : value)));
}

/** Every action once, on a group of its own; answers each typed result, stabilized. */
async function roundTrip(client, lbTag) {
  const results = {};
  const created = await client.createVServerGroup({
    regionId: 'cn-hangzhou', loadBalancerId: 'lb-bp1demo0000000000000', vServerGroupName: `group-${lbTag}`,
    backendServers: [{ serverId: 'vm-10', port: 80 }], tags: [{ key: 'run', value: lbTag }],
  });
  assert.match(created.requestId, /^[0-9A-F-]{36}$/);
  const id = created.vServerGroupId;
  const at = { regionId: 'cn-hangzhou', vServerGroupId: id };
  results.create = { ...stable(created), vServerGroupId: 'new' };
  results.add = stable(await client.addVServerGroupBackendServers({ ...at, backendServers: [{ serverId: 'vm-11', port: 80, weight: 30 }, { serverId: 'eni-bp1demo', port: 81, type: 'eni', serverIp: '172.16.0.10' }] }));
  results.set = stable(await client.setVServerGroupAttribute({ ...at, vServerGroupName: `renamed-${lbTag}`, backendServers: [{ serverId: 'vm-10', port: 80, weight: 0, description: 'draining' }] }));
  results.modify = stable(await client.modifyVServerGroupBackendServers({ ...at, oldBackendServers: [{ serverId: 'vm-11', port: 80 }], newBackendServers: [{ serverId: 'vm-12', port: 8080, weight: 60 }] }));
  const described = await client.describeVServerGroupAttribute(at);
  results.describe = { ...stable(described), vServerGroupId: 'new' };
  // Members as read are removed as they are (weight and description are not sent).
  results.remove = stable(await client.removeVServerGroupBackendServers({ ...at, backendServers: described.backendServers.filter((s) => s.serverId !== 'vm-12') }));
  const groups = await client.describeVServerGroups({ regionId: 'cn-hangzhou', loadBalancerId: 'lb-bp1demo0000000000000', includeListener: true, description: `renamed-${lbTag}` });
  results.groups = stable(groups).vServerGroups.map((g) => ({ ...g, vServerGroupId: g.vServerGroupId === id ? 'new' : g.vServerGroupId }));
  results.delete = stable(await client.deleteVServerGroup(at));
  await assert.rejects(client.describeVServerGroupAttribute(at), (e) => e.code === 'InvalidParameter' && e.status === 404);
  for (const result of Object.values(results)) {
    if (result.vServerGroupId) result.vServerGroupId = 'new';
  }
  return results;
}

test('SlbClient: every action on the emulator, the same typed results from JSON and XML', async () => {
  const fromJson = await roundTrip(new slb.SlbClient({ credentials, endpoint, format: 'JSON' }), 'a');
  const fromXml = await roundTrip(new slb.SlbClient({ credentials, endpoint, format: 'XML', method: 'POST' }), 'a');
  assert.deepEqual(fromXml, fromJson);
  assert.deepEqual(fromJson.create.backendServers, [{ serverId: 'vm-10', port: 80, weight: 100, type: 'ecs' }]);
  assert.deepEqual(fromJson.describe, {
    vServerGroupId: 'new', vServerGroupName: 'renamed-a', loadBalancerId: 'lb-bp1demo0000000000000', tags: [{ key: 'run', value: 'a' }],
    // Modify puts the new member in the old one's place.
    backendServers: [
      { serverId: 'vm-10', port: 80, weight: 0, type: 'ecs', description: 'draining' },
      { serverId: 'vm-12', port: 8080, weight: 60, type: 'ecs' },
      { serverId: 'eni-bp1demo', port: 81, weight: 100, type: 'eni', serverIp: '172.16.0.10' },
    ],
  });
  assert.deepEqual(fromJson.remove.backendServers, [{ serverId: 'vm-12', port: 8080, weight: 60, type: 'ecs' }]);
  assert.deepEqual(fromJson.groups, [{ vServerGroupId: 'new', vServerGroupName: 'renamed-a', serverCount: 1, tags: [{ key: 'run', value: 'a' }],
    associatedObjects: { listeners: [], rules: [] } }]);
  assert.deepEqual(fromJson.delete, {});
});

test('SlbClient: the service\'s own errors, with their code and status', async () => {
  const client = new slb.SlbClient({ credentials, endpoint });
  const at = (id) => ({ regionId: 'cn-hangzhou', vServerGroupId: id });
  const cases = [
    [() => client.addVServerGroupBackendServers({ ...at('rsp-cige6j5e7p'), backendServers: [{ serverId: 'vm-999', port: 80 }] }), 'ObtainIpFail', 400],
    [() => client.addVServerGroupBackendServers({ ...at('rsp-cige6j5e7p'), backendServers: [{ serverId: 'vm-5000', port: 80 }] }), 'InvalidServerId.NotFound', 404],
    [() => client.removeVServerGroupBackendServers({ ...at('rsp-nosuchgroup'), backendServers: [{ serverId: 'vm-1', port: 80 }] }), 'InvalidParameter', 404],
    [() => client.deleteVServerGroup(at('rsp-cige6j5e7p')), 'RspoolVipExist', 400],
  ];
  for (const [call, code, status] of cases) {
    await assert.rejects(call(), (e) => e instanceof slb.SlbError && e.code === code && e.status === status && typeof e.requestId === 'string', code);
  }
});
