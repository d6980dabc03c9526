// The emulator's VServer-group actions and their state over real HTTP on 127.0.0.1, with
// requests signed by the emulator's own verifier (support/self-signed.mjs): these run
// without the built package.

import test from 'node:test';
import assert from 'node:assert/strict';
import { createEmulator } from '../emulator.mjs';
import { callAction } from './support/self-signed.mjs';

const REGION = { RegionId: 'cn-hangzhou' };
const LB = { ...REGION, LoadBalancerId: 'lb-bp1demo0000000000000' };
const DEMO = { ...REGION, VServerGroupId: 'rsp-cige6j5e7p' };
const GROUP_MISSING = 'The specified VServerGroupId does not exist.';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const ID = /^rsp-[a-z0-9]{10}$/;
const ENI = { ServerId: 'eni-bp1demo', Port: 443, Type: 'eni', ServerIp: '172.16.0.10' };

/**
 * A fresh emulator; api(action, params, opts) calls it and resolves with the response.
 * options.clock: a { ms } object whose ms is the emulator's clock (and the Timestamps').
 */
async function start(t, { clock, ...options } = {}) {
  const now = clock ? () => clock.ms : Date.now;
  const emulator = createEmulator({ log: () => {}, now, ...options });
  const url = await emulator.listen(0, '127.0.0.1');
  t.after(() => emulator.close());
  const api = (action, params, opts = {}) => callAction(url, action, params, { now: now(), ...opts });
  return { emulator, api };
}

/** The JSON body of a 200 answer, without its RequestId (checked here). */
function ok(res) {
  assert.equal(res.status, 200, res.text);
  const { RequestId, ...rest } = res.json();
  assert.match(RequestId, /^[0-9A-F-]{36}$/);
  return rest;
}

function assertError(res, status, code, message) {
  assert.equal(res.status, status, res.text);
  const body = res.json();
  assert.equal(body.Code, code, body.Message);
  if (message !== undefined) assert.equal(body.Message, message);
}

/** The XML of a 200 answer with the RequestId taken out, to compare whole. */
function xmlOf(res, action) {
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers['content-type'], /^text\/xml/);
  assert.ok(res.text.startsWith(`${XML_HEAD}<${action}><RequestId>`), res.text);
  return res.text.replace(/<RequestId>[0-9A-F-]{36}<\/RequestId>/, '');
}

const members = async (api, group = DEMO) => ok(await api('DescribeVServerGroupAttribute', group)).BackendServers.BackendServer;
const add = (api, servers, group = DEMO) => api('AddVServerGroupBackendServers', { ...group, BackendServers: servers });

async function create(api, params = {}) {
  const { VServerGroupId } = ok(await api('CreateVServerGroup', { ...LB, ...params }));
  return { ...REGION, VServerGroupId };
}

// ---- seeds ----

test('seeds: vm-1 and vm-2000 can be added, vm-999 is stopped, vm-5000 does not exist', async (t) => {
  const { api } = await start(t);
  assert.equal((await add(api, [{ ServerId: 'vm-1', Port: 80 }, { ServerId: 'vm-2000', Port: 80 }])).status, 200);
  assertError(await add(api, [{ ServerId: 'vm-999', Port: 80 }]), 400, 'ObtainIpFail',
    'Failed to obtain the IP address of the backend server vm-999: it is not running.');
  assertError(await add(api, [{ ServerId: 'vm-5000', Port: 80 }]), 404, 'InvalidServerId.NotFound',
    'The specified ServerId vm-5000 does not exist.');
  assert.deepEqual((await members(api)).map((m) => m.ServerId), ['vm-1', 'vm-2000']);
});

// ---- every action: RegionId, and the group that is not there ----

const GROUP_ACTIONS = ['DeleteVServerGroup', 'DescribeVServerGroupAttribute', 'SetVServerGroupAttribute',
  'AddVServerGroupBackendServers', 'RemoveVServerGroupBackendServers', 'ModifyVServerGroupBackendServers'];

test('every action wants RegionId; group actions answer 404 InvalidParameter for a group that is not there', async (t) => {
  const { api } = await start(t);
  const servers = [{ ServerId: 'vm-231', Port: 80 }];
  const lists = { BackendServers: servers, OldBackendServers: servers, NewBackendServers: servers };
  for (const action of ['CreateVServerGroup', 'DescribeVServerGroups']) {
    assertError(await api(action, { LoadBalancerId: LB.LoadBalancerId }), 400, 'MissingParameter');
  }
  for (const action of GROUP_ACTIONS) {
    assertError(await api(action, { VServerGroupId: DEMO.VServerGroupId, ...lists }), 400, 'MissingParameter');
    assertError(await api(action, { ...REGION, VServerGroupId: 'rsp-nothere000', ...lists }), 404, 'InvalidParameter', GROUP_MISSING);
    assertError(await api(action, { ...DEMO, RegionId: 'cn-beijing', ...lists }), 404, 'InvalidParameter', GROUP_MISSING);
  }
});

// ---- CreateVServerGroup ----

test('CreateVServerGroup, JSON: a new rsp- id, the members; Describe shows name, tags, CreateTime', async (t) => {
  const clock = { ms: Date.parse('2026-03-04T05:06:07Z') };
  const { api } = await start(t, { clock });
  const body = ok(await api('CreateVServerGroup', {
    ...LB, VServerGroupName: 'web', BackendServers: [{ ServerId: 'vm-1', Port: 80, Description: 'one' }, ENI],
    'Tag.1.Key': 'env', 'Tag.1.Value': 'test', 'Tag.2.Key': 'team',
  }));
  assert.match(body.VServerGroupId, ID);
  const servers = [{ ServerId: 'vm-1', Port: 80, Weight: 100, Type: 'ecs', Description: 'one' }, { ...ENI, Weight: 100 }];
  assert.deepEqual(body, { VServerGroupId: body.VServerGroupId, BackendServers: { BackendServer: servers } });
  assert.deepEqual(ok(await api('DescribeVServerGroupAttribute', { ...REGION, VServerGroupId: body.VServerGroupId })), {
    VServerGroupId: body.VServerGroupId, VServerGroupName: 'web', LoadBalancerId: LB.LoadBalancerId,
    CreateTime: '2026-03-04T05:06:07Z', Tags: { Tag: [{ TagKey: 'env', TagValue: 'test' }, { TagKey: 'team', TagValue: '' }] },
    BackendServers: { BackendServer: servers },
  });
  const other = await create(api);
  assert.notEqual(other.VServerGroupId, body.VServerGroupId);
});

test('CreateVServerGroup, XML', async (t) => {
  const { api } = await start(t);
  const res = await api('CreateVServerGroup', { ...LB, BackendServers: [{ ServerId: 'vm-7', Port: 8080, Weight: 5 }] }, { format: 'XML' });
  assert.match(xmlOf(res, 'CreateVServerGroup'), new RegExp(`^${escape(XML_HEAD)}<CreateVServerGroup><VServerGroupId>rsp-[a-z0-9]{10}</VServerGroupId>`
    + '<BackendServers><BackendServer><ServerId>vm-7</ServerId><Port>8080</Port><Weight>5</Weight><Type>ecs</Type></BackendServer></BackendServers></CreateVServerGroup>$'));
});

const escape = (s) => s.replace(/[.?*+^$()[\]{}|\\]/g, '\\$&');
const tags = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`Tag.${i + 1}.Key`, `k${i + 1}`]));

for (const [why, params, status, code] of [
  ['no LoadBalancerId', { LoadBalancerId: '' }, 400, 'MissingParameter'],
  ['an unknown load balancer', { LoadBalancerId: 'lb-nothere' }, 404, 'InvalidLoadBalancerId.NotFound'],
  ['the load balancer in another region', { RegionId: 'cn-beijing' }, 404, 'InvalidLoadBalancerId.NotFound'],
  ['a name of 81 characters', { VServerGroupName: 'n'.repeat(81) }, 400, 'InvalidParameter'],
  ['21 servers', { BackendServers: Array.from({ length: 21 }, (_, i) => ({ ServerId: `vm-${i + 1}`, Port: 80 })) }, 400, 'TooManyBackendServers'],
  ['one server twice', { BackendServers: [{ ServerId: 'vm-1', Port: 80 }, { ServerId: 'vm-1', Port: 80, Weight: 5 }] }, 400, 'InvalidParameter'],
  ['a stopped server', { BackendServers: [{ ServerId: 'vm-1', Port: 80 }, { ServerId: 'vm-999', Port: 80 }] }, 400, 'ObtainIpFail'],
  ['an unknown server', { BackendServers: [{ ServerId: 'vm-5000', Port: 80 }] }, 404, 'InvalidServerId.NotFound'],
  ['Tag.21', { ...tags(20), 'Tag.21.Key': 'k21' }, 400, 'TagCountLimit'],
  ['a value without its key', { 'Tag.1.Value': 'v' }, 400, 'InvalidTagKey'],
  ['a key of 65 characters', { 'Tag.1.Key': 'k'.repeat(65) }, 400, 'InvalidTagKey'],
  ['a key starting with aliyun', { 'Tag.1.Key': 'aliyun-env' }, 400, 'InvalidTagKey'],
  ['a key starting with acs:', { 'Tag.1.Key': 'acs:env' }, 400, 'InvalidTagKey'],
  ['a key holding https://', { 'Tag.1.Key': 'see https://example.com' }, 400, 'InvalidTagKey'],
  ['one key twice', { 'Tag.1.Key': 'env', 'Tag.2.Key': 'env' }, 400, 'InvalidTagKey'],
  ['a value of 129 characters', { 'Tag.1.Key': 'env', 'Tag.1.Value': 'v'.repeat(129) }, 400, 'InvalidTagValue'],
  ['a value holding http://', { 'Tag.1.Key': 'env', 'Tag.1.Value': 'http://example.com' }, 400, 'InvalidTagValue'],
]) {
  test(`CreateVServerGroup with ${why}: ${status} ${code}, nothing created`, async (t) => {
    const { api } = await start(t);
    assertError(await api('CreateVServerGroup', { ...LB, ...params }), status, code);
    assert.equal(ok(await api('DescribeVServerGroups', LB)).VServerGroups.VServerGroup.length, 1);
  });
}

test('CreateVServerGroup: 20 tags, 64-character keys, 128-character values, 80-character names pass', async (t) => {
  const { api } = await start(t);
  const group = await create(api, { ...tags(19), 'Tag.20.Key': 'k'.repeat(64), 'Tag.20.Value': 'v'.repeat(128), VServerGroupName: 'n'.repeat(80) });
  const described = ok(await api('DescribeVServerGroupAttribute', group));
  assert.equal(described.Tags.Tag.length, 20);
  assert.equal(described.VServerGroupName.length, 80);
});

// ---- DeleteVServerGroup ----

test('DeleteVServerGroup: answers only RequestId (JSON and XML); the group is gone', async (t) => {
  const { api } = await start(t);
  const first = await create(api);
  assert.deepEqual(ok(await api('DeleteVServerGroup', first)), {});
  assertError(await api('DescribeVServerGroupAttribute', first), 404, 'InvalidParameter', GROUP_MISSING);
  assertError(await api('DeleteVServerGroup', first), 404, 'InvalidParameter', GROUP_MISSING);
  const second = await create(api);
  assert.equal(xmlOf(await api('DeleteVServerGroup', second, { format: 'XML' }), 'DeleteVServerGroup'),
    `${XML_HEAD}<DeleteVServerGroup></DeleteVServerGroup>`);
});

test('DeleteVServerGroup of a group a listener uses: 400 RspoolVipExist; one a rule uses: RspoolRuleExist', async (t) => {
  const { api, emulator } = await start(t);
  assertError(await api('DeleteVServerGroup', DEMO), 400, 'RspoolVipExist');
  emulator.state.listeners.length = 0;
  assertError(await api('DeleteVServerGroup', DEMO), 400, 'RspoolRuleExist');
  emulator.state.rules.length = 0;
  assert.equal((await api('DeleteVServerGroup', DEMO)).status, 200);
});

// ---- DescribeVServerGroups ----

const DEMO_SUMMARY = {
  VServerGroupId: 'rsp-cige6j5e7p', VServerGroupName: 'demo-group', CreateTime: '2024-01-01T00:00:00Z', ServerCount: 0, Tags: { Tag: [] },
};
const DEMO_LISTENERS = { Listeners: { Listener: [{ Port: 80, Protocol: 'http' }] } };
const DEMO_RULES = { Rules: { Rule: [{ RuleId: 'rule-bp1demo0001', RuleName: 'demo-rule', Domain: 'demo.example.com', Url: '/api' }] } };

test('DescribeVServerGroups, JSON: AssociatedObjects only when asked, with only what was asked', async (t) => {
  const { api } = await start(t);
  const groups = async (params) => ok(await api('DescribeVServerGroups', { ...LB, ...params })).VServerGroups.VServerGroup;
  assert.deepEqual(await groups({}), [DEMO_SUMMARY]);
  assert.deepEqual(await groups({ IncludeListener: 'false', IncludeRule: 'false' }), [DEMO_SUMMARY]);
  assert.deepEqual(await groups({ IncludeListener: 'true' }), [{ ...DEMO_SUMMARY, AssociatedObjects: DEMO_LISTENERS }]);
  assert.deepEqual(await groups({ IncludeRule: 'true' }), [{ ...DEMO_SUMMARY, AssociatedObjects: DEMO_RULES }]);
  assert.deepEqual(await groups({ IncludeListener: 'true', IncludeRule: 'true' }),
    [{ ...DEMO_SUMMARY, AssociatedObjects: { ...DEMO_LISTENERS, ...DEMO_RULES } }]);
});

test('DescribeVServerGroups, XML: lists wrapped, a new group with empty associations', async (t) => {
  const { api } = await start(t);
  const { VServerGroupId: id } = await create(api, { VServerGroupName: 'b', 'Tag.1.Key': 'env', 'Tag.1.Value': 'x' });
  const xml = xmlOf(await api('DescribeVServerGroups', { ...LB, IncludeListener: 'true', IncludeRule: 'true' }, { format: 'XML' }), 'DescribeVServerGroups');
  const created = xml.match(/<CreateTime>([^<]+)<\/CreateTime>/g)[1];
  assert.equal(xml, `${XML_HEAD}<DescribeVServerGroups><VServerGroups>`
    + '<VServerGroup><VServerGroupId>rsp-cige6j5e7p</VServerGroupId><VServerGroupName>demo-group</VServerGroupName>'
    + '<CreateTime>2024-01-01T00:00:00Z</CreateTime><ServerCount>0</ServerCount><Tags></Tags><AssociatedObjects>'
    + '<Listeners><Listener><Port>80</Port><Protocol>http</Protocol></Listener></Listeners>'
    + '<Rules><Rule><RuleId>rule-bp1demo0001</RuleId><RuleName>demo-rule</RuleName><Domain>demo.example.com</Domain><Url>/api</Url></Rule></Rules>'
    + '</AssociatedObjects></VServerGroup>'
    + `<VServerGroup><VServerGroupId>${id}</VServerGroupId><VServerGroupName>b</VServerGroupName>${created}<ServerCount>0</ServerCount>`
    + '<Tags><Tag><TagKey>env</TagKey><TagValue>x</TagValue></Tag></Tags>'
    + '<AssociatedObjects><Listeners></Listeners><Rules></Rules></AssociatedObjects></VServerGroup>'
    + '</VServerGroups></DescribeVServerGroups>');
});

test('DescribeVServerGroups filters: Description by name substring, tags by key or key and value', async (t) => {
  const { api } = await start(t);
  await create(api, { VServerGroupName: 'web-blue', 'Tag.1.Key': 'env', 'Tag.1.Value': 'prod', BackendServers: [{ ServerId: 'vm-3', Port: 80 }] });
  await create(api, { VServerGroupName: 'web-green', 'Tag.1.Key': 'env', 'Tag.1.Value': 'test', 'Tag.2.Key': 'team', 'Tag.2.Value': 'a' });
  const names = async (params) => ok(await api('DescribeVServerGroups', { ...LB, ...params })).VServerGroups.VServerGroup.map((g) => g.VServerGroupName);
  assert.deepEqual(await names({}), ['demo-group', 'web-blue', 'web-green']);
  assert.deepEqual(await names({ Description: 'web-' }), ['web-blue', 'web-green']);
  assert.deepEqual(await names({ Description: 'green' }), ['web-green']);
  assert.deepEqual(await names({ Description: 'nothing' }), []);
  assert.deepEqual(await names({ 'Tag.1.Key': 'env' }), ['web-blue', 'web-green']);
  assert.deepEqual(await names({ 'Tag.1.Key': 'env', 'Tag.1.Value': 'prod' }), ['web-blue']);
  assert.deepEqual(await names({ 'Tag.1.Key': 'env', 'Tag.2.Key': 'team', 'Tag.2.Value': 'a' }), ['web-green']);
  const blue = ok(await api('DescribeVServerGroups', { ...LB, Description: 'blue' })).VServerGroups.VServerGroup[0];
  assert.equal(blue.ServerCount, 1);
});

for (const [why, params, status, code] of [
  ['IncludeRule=yes', { IncludeRule: 'yes' }, 400, 'InvalidParameter'],
  ['IncludeListener=TRUE', { IncludeListener: 'TRUE' }, 400, 'InvalidParameter'],
  ['an unknown load balancer', { LoadBalancerId: 'lb-nothere' }, 404, 'InvalidLoadBalancerId.NotFound'],
  ['a tag filter over 20', { 'Tag.21.Key': 'k' }, 400, 'TagCountLimit'],
]) {
  test(`DescribeVServerGroups with ${why}: ${status} ${code}`, async (t) => {
    const { api } = await start(t);
    assertError(await api('DescribeVServerGroups', { ...LB, ...params }), status, code);
  });
}

// ---- DescribeVServerGroupAttribute ----

test('DescribeVServerGroupAttribute, JSON: ServerIp for ENIs, Description only when set', async (t) => {
  const { api } = await start(t);
  ok(await add(api, [{ ServerId: 'vm-10', Port: 80, Weight: 0 }, { ...ENI, Description: 'eni' }]));
  assert.deepEqual(ok(await api('DescribeVServerGroupAttribute', DEMO)), {
    VServerGroupId: 'rsp-cige6j5e7p', VServerGroupName: 'demo-group', LoadBalancerId: LB.LoadBalancerId,
    CreateTime: '2024-01-01T00:00:00Z', Tags: { Tag: [] },
    BackendServers: { BackendServer: [{ ServerId: 'vm-10', Port: 80, Weight: 0, Type: 'ecs' }, { ...ENI, Weight: 100, Description: 'eni' }] },
  });
});

test('DescribeVServerGroupAttribute, XML', async (t) => {
  const { api } = await start(t);
  ok(await add(api, [ENI]));
  assert.equal(xmlOf(await api('DescribeVServerGroupAttribute', DEMO, { format: 'XML' }), 'DescribeVServerGroupAttribute'),
    `${XML_HEAD}<DescribeVServerGroupAttribute><VServerGroupId>rsp-cige6j5e7p</VServerGroupId><VServerGroupName>demo-group</VServerGroupName>`
    + '<LoadBalancerId>lb-bp1demo0000000000000</LoadBalancerId><CreateTime>2024-01-01T00:00:00Z</CreateTime><Tags></Tags>'
    + '<BackendServers><BackendServer><ServerId>eni-bp1demo</ServerId><Port>443</Port><Weight>100</Weight><Type>eni</Type>'
    + '<ServerIp>172.16.0.10</ServerIp></BackendServer></BackendServers></DescribeVServerGroupAttribute>');
});

// ---- SetVServerGroupAttribute ----

test('SetVServerGroupAttribute, JSON: new name, weights and descriptions of members; the rest kept', async (t) => {
  const { api } = await start(t);
  ok(await add(api, [{ ServerId: 'vm-1', Port: 80, Description: 'one' }, { ServerId: 'vm-2', Port: 80 }, ENI]));
  const body = ok(await api('SetVServerGroupAttribute', {
    ...DEMO, VServerGroupName: 'renamed',
    BackendServers: [{ ServerId: 'vm-1', Port: 80, Weight: 10 }, { ...ENI, Weight: '20', Description: 'the eni' }],
  }));
  const expected = [
    { ServerId: 'vm-1', Port: 80, Weight: 10, Type: 'ecs', Description: 'one' },
    { ServerId: 'vm-2', Port: 80, Weight: 100, Type: 'ecs' },
    { ...ENI, Weight: 20, Description: 'the eni' },
  ];
  assert.deepEqual(body, { VServerGroupId: 'rsp-cige6j5e7p', VServerGroupName: 'renamed', BackendServers: { BackendServer: expected } });
  assert.deepEqual(await members(api), expected);
  // Only a name, then nothing at all: both fine.
  assert.equal(ok(await api('SetVServerGroupAttribute', { ...DEMO, VServerGroupName: 'again' })).VServerGroupName, 'again');
  assert.equal(ok(await api('SetVServerGroupAttribute', DEMO)).VServerGroupName, 'again');
});

test('SetVServerGroupAttribute, XML', async (t) => {
  const { api } = await start(t);
  ok(await add(api, [{ ServerId: 'vm-1', Port: 80 }]));
  const res = await api('SetVServerGroupAttribute', { ...DEMO, BackendServers: [{ ServerId: 'vm-1', Port: 80, Description: 'd' }] }, { format: 'XML' });
  assert.equal(xmlOf(res, 'SetVServerGroupAttribute'), `${XML_HEAD}<SetVServerGroupAttribute><VServerGroupId>rsp-cige6j5e7p</VServerGroupId>`
    + '<VServerGroupName>demo-group</VServerGroupName><BackendServers><BackendServer><ServerId>vm-1</ServerId><Port>80</Port>'
    + '<Weight>100</Weight><Type>ecs</Type><Description>d</Description></BackendServer></BackendServers></SetVServerGroupAttribute>');
});

for (const [why, servers, code] of [
  ['a server that is not a member', [{ ServerId: 'vm-1', Port: 80, Weight: 1 }, { ServerId: 'vm-5000', Port: 80, Weight: 1 }], 'InvalidParameter'],
  ['a member on another port', [{ ServerId: 'vm-1', Port: 81, Weight: 1 }], 'InvalidParameter'],
  ['an ENI without ServerIp', [{ ServerId: 'eni-bp1demo', Port: 443, Type: 'eni', Weight: 1 }], 'MissingParameter'],
  ['a weight of 101', [{ ServerId: 'vm-1', Port: 80, Weight: 101 }], 'InvalidWeight.Malformed'],
  ['one member twice', [{ ServerId: 'vm-1', Port: 80, Weight: 1 }, { ServerId: 'vm-1', Port: 80, Weight: 2 }], 'InvalidParameter'],
]) {
  test(`SetVServerGroupAttribute with ${why}: 400 ${code}, nothing changed`, async (t) => {
    const { api } = await start(t);
    ok(await add(api, [{ ServerId: 'vm-1', Port: 80 }, ENI]));
    const before = await members(api);
    assertError(await api('SetVServerGroupAttribute', { ...DEMO, VServerGroupName: 'renamed', BackendServers: servers }), 400, code);
    assert.deepEqual(await members(api), before);
    assert.equal(ok(await api('DescribeVServerGroupAttribute', DEMO)).VServerGroupName, 'demo-group');
  });
}

// ---- AddVServerGroupBackendServers (more in emulator.test.mjs) ----

test('AddVServerGroupBackendServers with one member twice: 400 InvalidParameter, nothing added', async (t) => {
  const { api } = await start(t);
  assertError(await add(api, [ENI, { ...ENI, Weight: 3 }]), 400, 'InvalidParameter',
    'The backend server eni-bp1demo:443 (172.16.0.10) is given more than once in BackendServers.');
  assert.deepEqual(await members(api), []);
});

// ---- RemoveVServerGroupBackendServers ----

test('RemoveVServerGroupBackendServers, JSON: answers the members left; Weight and Description are ignored', async (t) => {
  const { api } = await start(t);
  ok(await add(api, [{ ServerId: 'vm-1', Port: 80 }, { ServerId: 'vm-2', Port: 80 }, ENI]));
  const body = ok(await api('RemoveVServerGroupBackendServers', {
    ...DEMO, BackendServers: [{ ServerId: 'vm-1', Port: 80, Weight: 500, Description: 'x'.repeat(100) }, ENI],
  }));
  const left = [{ ServerId: 'vm-2', Port: 80, Weight: 100, Type: 'ecs' }];
  assert.deepEqual(body, { VServerGroupId: 'rsp-cige6j5e7p', BackendServers: { BackendServer: left } });
  assert.deepEqual(await members(api), left);
});

test('RemoveVServerGroupBackendServers, XML: the last member removed leaves an empty list', async (t) => {
  const { api } = await start(t);
  ok(await add(api, [{ ServerId: 'vm-1', Port: 80 }]));
  const res = await api('RemoveVServerGroupBackendServers', { ...DEMO, BackendServers: [{ ServerId: 'vm-1', Port: 80 }] }, { format: 'XML' });
  assert.equal(xmlOf(res, 'RemoveVServerGroupBackendServers'), `${XML_HEAD}<RemoveVServerGroupBackendServers>`
    + '<VServerGroupId>rsp-cige6j5e7p</VServerGroupId><BackendServers></BackendServers></RemoveVServerGroupBackendServers>');
});

for (const [why, servers, status, code] of [
  ['a server that is not a member', [{ ServerId: 'vm-1', Port: 80 }, { ServerId: 'vm-2', Port: 80 }], 400, 'InvalidParameter'],
  ['an ENI with another IP', [{ ...ENI, ServerIp: '172.16.0.11' }], 400, 'InvalidParameter'],
  ['no BackendServers', undefined, 400, 'MissingParameter'],
  ['an empty list', [], 400, 'InvalidParameter'],
  ['21 servers', Array.from({ length: 21 }, (_, i) => ({ ServerId: 'vm-1', Port: i + 1 })), 400, 'TooManyBackendServers'],
]) {
  test(`RemoveVServerGroupBackendServers with ${why}: ${status} ${code}, nothing removed`, async (t) => {
    const { api } = await start(t);
    ok(await add(api, [{ ServerId: 'vm-1', Port: 80 }, ENI]));
    const params = servers === undefined ? DEMO : { ...DEMO, BackendServers: servers };
    assertError(await api('RemoveVServerGroupBackendServers', params), status, code);
    assert.equal((await members(api)).length, 2);
  });
}

test('RemoveVServerGroupBackendServers of a non-member names it', async (t) => {
  const { api } = await start(t);
  assertError(await api('RemoveVServerGroupBackendServers', { ...DEMO, BackendServers: [{ ServerId: 'vm-2', Port: 80 }] }), 400, 'InvalidParameter',
    'The backend server vm-2:80 is not in the VServer group rsp-cige6j5e7p.');
});

// ---- ModifyVServerGroupBackendServers ----

test('ModifyVServerGroupBackendServers, JSON: each old member replaced by the new one, in place', async (t) => {
  const { api } = await start(t);
  ok(await add(api, [{ ServerId: 'vm-1', Port: 80 }, { ServerId: 'vm-2', Port: 80 }, { ServerId: 'vm-3', Port: 80 }]));
  const body = ok(await api('ModifyVServerGroupBackendServers', {
    ...DEMO,
    OldBackendServers: [{ ServerId: 'vm-3', Port: 80 }, { ServerId: 'vm-1', Port: 80 }],
    NewBackendServers: [{ ServerId: 'vm-3', Port: 8080, Weight: 30 }, { ...ENI, Description: 'new' }],
  }));
  const expected = [
    { ...ENI, Weight: 100, Description: 'new' },
    { ServerId: 'vm-2', Port: 80, Weight: 100, Type: 'ecs' },
    { ServerId: 'vm-3', Port: 8080, Weight: 30, Type: 'ecs' },
  ];
  assert.deepEqual(body, { VServerGroupId: 'rsp-cige6j5e7p', BackendServers: { BackendServer: expected } });
  assert.deepEqual(await members(api), expected);
});

test('ModifyVServerGroupBackendServers, XML', async (t) => {
  const { api } = await start(t);
  ok(await add(api, [{ ServerId: 'vm-1', Port: 80 }]));
  const res = await api('ModifyVServerGroupBackendServers', {
    ...DEMO, OldBackendServers: [{ ServerId: 'vm-1', Port: 80 }], NewBackendServers: [{ ServerId: 'vm-1', Port: 81, Weight: 0 }],
  }, { format: 'XML' });
  assert.equal(xmlOf(res, 'ModifyVServerGroupBackendServers'), `${XML_HEAD}<ModifyVServerGroupBackendServers>`
    + '<VServerGroupId>rsp-cige6j5e7p</VServerGroupId><BackendServers><BackendServer><ServerId>vm-1</ServerId><Port>81</Port>'
    + '<Weight>0</Weight><Type>ecs</Type></BackendServer></BackendServers></ModifyVServerGroupBackendServers>');
});

const one = (id, port = 80) => [{ ServerId: id, Port: port }];
for (const [why, olds, news, status, code] of [
  ['more old than new', [...one('vm-1'), ...one('vm-2')], one('vm-3'), 400, 'InvalidParameter'],
  ['an old server that is not a member', one('vm-4'), one('vm-3'), 400, 'InvalidParameter'],
  ['a stopped new server', one('vm-1'), one('vm-999'), 400, 'ObtainIpFail'],
  ['an unknown new server', one('vm-1'), one('vm-5000'), 404, 'InvalidServerId.NotFound'],
  ['a new server that is already a member', one('vm-1'), one('vm-2'), 400, 'InvalidParameter'],
  ['one new server twice', [...one('vm-1'), ...one('vm-2')], [...one('vm-3'), ...one('vm-3')], 400, 'InvalidParameter'],
  ['no OldBackendServers', undefined, one('vm-3'), 400, 'MissingParameter'],
  ['no NewBackendServers', one('vm-1'), undefined, 400, 'MissingParameter'],
  ['21 new servers', one('vm-1'), Array.from({ length: 21 }, (_, i) => ({ ServerId: 'vm-3', Port: i + 1 })), 400, 'TooManyBackendServers'],
]) {
  test(`ModifyVServerGroupBackendServers with ${why}: ${status} ${code}, nothing changed`, async (t) => {
    const { api } = await start(t);
    ok(await add(api, [...one('vm-1'), ...one('vm-2')]));
    const params = { ...DEMO };
    if (olds) params.OldBackendServers = olds;
    if (news) params.NewBackendServers = news;
    assertError(await api('ModifyVServerGroupBackendServers', params), status, code);
    assert.deepEqual((await members(api)).map((m) => m.ServerId), ['vm-1', 'vm-2']);
  });
}

// ---- the processing window ----

const CHANGES = {
  SetVServerGroupAttribute: { VServerGroupName: 'x' },
  AddVServerGroupBackendServers: { BackendServers: one('vm-9') },
  RemoveVServerGroupBackendServers: { BackendServers: one('vm-1') },
  ModifyVServerGroupBackendServers: { OldBackendServers: one('vm-1'), NewBackendServers: one('vm-9') },
  DeleteVServerGroup: {},
};

for (const [action, params] of Object.entries(CHANGES)) {
  test(`processing window: ${action} inside it gets 400 VServerGroupProcessing, after it succeeds`, async (t) => {
    const clock = { ms: Date.parse('2026-06-01T12:00:00Z') };
    const { api } = await start(t, { clock, processingMs: 2000 });
    const group = await create(api, { BackendServers: one('vm-1') });
    // Creating with servers is itself a change: the group is busy at once.
    assertError(await api(action, { ...group, ...params }), 400, 'VServerGroupProcessing',
      'Another operation is being performed on the VServer group.');
    clock.ms += 2000;
    assert.equal((await api(action, { ...group, ...params })).status, 200);
  });
}

test('processing window: Describe* are never refused; the change shows at once; other groups are free', async (t) => {
  const clock = { ms: Date.parse('2026-06-01T12:00:00Z') };
  const { api } = await start(t, { clock, processingMs: 2000 });
  ok(await add(api, one('vm-1')));
  clock.ms += 1999;
  assertError(await add(api, one('vm-2')), 400, 'VServerGroupProcessing');
  assert.deepEqual((await members(api)).map((m) => m.ServerId), ['vm-1']);
  assert.equal((await api('DescribeVServerGroups', LB)).status, 200);
  const other = await create(api);
  assert.equal((await add(api, one('vm-2'), other)).status, 200);
  // A refused change does not restart the window.
  clock.ms += 1;
  assert.equal((await add(api, one('vm-2'))).status, 200);
});

test('processing window: a change that fails its checks does not start it; without servers Create does not', async (t) => {
  const clock = { ms: Date.parse('2026-06-01T12:00:00Z') };
  const { api } = await start(t, { clock, processingMs: 60000 });
  assertError(await add(api, one('vm-999')), 400, 'ObtainIpFail');
  assert.equal((await add(api, one('vm-1'))).status, 200);
  const empty = await create(api);
  assert.equal((await add(api, one('vm-1'), empty)).status, 200);
});

test('processing window set through /_faults; 0 (the default) never refuses', async (t) => {
  const { api, emulator } = await start(t);
  for (let i = 1; i <= 3; i++) assert.equal((await add(api, one(`vm-${i}`))).status, 200);
  emulator.setFaults({ processingMs: 60000 });
  assert.equal((await add(api, one('vm-4'))).status, 200);
  assertError(await add(api, one('vm-5')), 400, 'VServerGroupProcessing');
});

// ---- a whole round trip ----

test('round trip: create, add, set, modify, remove, describe, delete', async (t) => {
  const { api } = await start(t);
  const group = await create(api, { VServerGroupName: 'trip', BackendServers: one('vm-100') });
  ok(await add(api, [{ ServerId: 'vm-101', Port: 80 }, ENI], group));
  ok(await api('SetVServerGroupAttribute', { ...group, VServerGroupName: 'trip-2', BackendServers: [{ ServerId: 'vm-101', Port: 80, Weight: 50 }] }));
  ok(await api('ModifyVServerGroupBackendServers', { ...group, OldBackendServers: one('vm-100'), NewBackendServers: one('vm-102', 8080) }));
  ok(await api('RemoveVServerGroupBackendServers', { ...group, BackendServers: [ENI] }));
  const described = ok(await api('DescribeVServerGroupAttribute', group));
  assert.equal(described.VServerGroupName, 'trip-2');
  assert.deepEqual(described.BackendServers.BackendServer, [
    { ServerId: 'vm-102', Port: 8080, Weight: 100, Type: 'ecs' },
    { ServerId: 'vm-101', Port: 80, Weight: 50, Type: 'ecs' },
  ]);
  const listed = ok(await api('DescribeVServerGroups', { ...LB, Description: 'trip' })).VServerGroups.VServerGroup;
  assert.deepEqual(listed.map((g) => [g.VServerGroupId, g.ServerCount]), [[group.VServerGroupId, 2]]);
  ok(await api('DeleteVServerGroup', group));
  assert.deepEqual(ok(await api('DescribeVServerGroups', { ...LB, Description: 'trip' })).VServerGroups.VServerGroup, []);
});

test('POST works for the new actions as for the old', async (t) => {
  const { api } = await start(t);
  const group = await create(api);
  assert.deepEqual(ok(await api('DeleteVServerGroup', group, { method: 'POST' })), {});
});
