// Membership changes through the installed package: planMembership, and SlbClient's plan
// and apply on the emulator, with a processing window and injected busy answers, dry runs,
// drains, aborts, and resuming after a failure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as slb from 'aliyun-slb-wasm';

// This file runs from target/package-test/test/ (see install-packed.mjs).
const www = new URL('../../../www/', import.meta.url);
const { createEmulator } = await import(new URL('emulator.mjs', www));

const credentials = { accessKeyId: 'testid', accessKeySecret: 'testsecret' };
const REGION = 'cn-hangzhou';
const LB = 'lb-bp1demo0000000000000';
let emulator;
let client;

before(async () => {
  emulator = createEmulator({ log: () => {} });
  client = new slb.SlbClient({ credentials, endpoint: await emulator.listen(0) });
});
after(() => emulator.close());

const members = (from, to, weight) => Array.from({ length: to - from + 1 }, (_, i) => ({ serverId: `vm-${from + i}`, port: 80, weight }));

async function newGroup(name) {
  const { vServerGroupId } = await client.createVServerGroup({ regionId: REGION, loadBalancerId: LB, vServerGroupName: name });
  return { regionId: REGION, vServerGroupId };
}

/** The group's members as `id:port wN`, sorted. */
async function held(group) {
  const { backendServers } = await client.describeVServerGroupAttribute(group);
  return backendServers.map((s) => `${s.serverId}:${s.port} w${s.weight}`).sort();
}
const expected = (list) => list.map((s) => `${s.serverId}:${s.port} w${s.weight ?? 100}`).sort();

test('planMembership: the readable plan, in order, and validation before planning', () => {
  const current = [{ serverId: 'vm-231', port: 70, weight: 100 }, { serverId: 'vm-233', port: 80, weight: 100 }];
  const desired = [{ serverId: 'vm-240', port: 80 }, { serverId: 'vm-233', port: '80', weight: 50 }];
  const plan = slb.planMembership(current, desired);
  assert.deepEqual(plan.lines, ['- vm-231:70', '+ vm-240:80 w100', '~ vm-233:80 weight 100 → 50']);
  assert.deepEqual(plan.calls.map((c) => c.action), ['RemoveVServerGroupBackendServers', 'AddVServerGroupBackendServers', 'SetVServerGroupAttribute']);
  assert.deepEqual(plan.update, [{ serverId: 'vm-233', port: 80, weight: 50 }]);
  assert.equal(slb.planMembership(current, desired, { addFirst: true }).calls[0].action, 'AddVServerGroupBackendServers');
  assert.deepEqual(slb.planMembership(current, current), { add: [], remove: [], update: [], calls: [], lines: [] });
  assert.throws(() => slb.planMembership(current, [{ serverId: 'vm-1', port: 80 }, { ServerId: 'vm-1', Port: 80 }, { serverId: 'vm-2', port: 0 }]),
    (e) => e.code === 'ValidationFailed'
      && JSON.stringify(e.issues.map((i) => [i.path, i.code])) === JSON.stringify([['desired[2].port', 'InvalidPort'], ['desired[1]', 'DuplicateBackendServer']]));
  assert.throws(() => slb.planMembership('x', [], { addFirst: 'yes' }), (e) => e.code === 'ValidationFailed'
    && e.issues.map((i) => i.path).join() === 'current,options.addFirst');
});

test('apply: 45 members to another 50 through a processing window and injected busy answers, ending exactly at the desired members', async () => {
  const group = await newGroup('roll');
  const first = await client.applyVServerGroupMembers({ ...group, members: members(100, 144, 50) });
  assert.equal(first.calls, 3, 'three adds of at most 20');
  assert.deepEqual(await held(group), expected(members(100, 144, 50)));

  // 25 kept (10 of them reweighted), 20 removed, 25 added.
  const desired = [...members(120, 134, 50), ...members(135, 144, 70), ...members(145, 169, undefined)];
  emulator.setFaults({ processingMs: 20, script: ['ok', 'VServerGroupProcessing', 'ok', 'VServerGroupProcessing'] });
  const events = [];
  try {
    const result = await client.applyVServerGroupMembers({ ...group, members: desired }, { onProgress: (e) => events.push(e) });
    assert.equal(result.calls, 1 + 2 + 1);
    assert.ok(result.attempts > 1 + result.calls, `busy answers are retried attempts: ${result.attempts}`);
    assert.deepEqual(result.plan.lines.filter((l) => l.startsWith('~')).length, 10);
  } finally {
    emulator.setFaults({});
  }
  assert.deepEqual(events.map((e) => [e.done, e.total, e.call.action]), [
    [1, 4, 'RemoveVServerGroupBackendServers'], [2, 4, 'AddVServerGroupBackendServers'], [3, 4, 'AddVServerGroupBackendServers'], [4, 4, 'SetVServerGroupAttribute'],
  ]);
  assert.deepEqual(await held(group), expected(desired));
  const again = await client.applyVServerGroupMembers({ ...group, members: desired });
  assert.deepEqual([again.calls, again.attempts, again.plan.calls.length], [0, 1, 0], 'a satisfied change only describes');
});

test('apply: a dry run describes and plans, and changes nothing', async () => {
  const group = await newGroup('dry');
  const plan = await client.planVServerGroupMembers({ ...group, members: members(300, 330, 10) });
  const result = await client.applyVServerGroupMembers({ ...group, members: members(300, 330, 10) }, { dryRun: true });
  assert.deepEqual(result.plan, plan);
  assert.deepEqual([result.calls, result.attempts], [0, 1]);
  assert.deepEqual(await held(group), []);
});

test('apply: a failure that is not transient stops with what was done and what is left; applying again converges', async () => {
  const group = await newGroup('resume');
  await client.applyVServerGroupMembers({ ...group, members: members(400, 409, 10) });
  const desired = members(410, 459, 20);
  // The describe and two calls pass; the next connection is cut (not retried: it may have reached).
  emulator.setFaults({ script: ['ok', 'ok', 'ok', 'cut'] });
  let failure;
  try {
    await client.applyVServerGroupMembers({ ...group, members: desired });
  } catch (error) {
    failure = error;
  } finally {
    emulator.setFaults({});
  }
  assert.equal(failure?.code, 'MembershipApplyFailed');
  assert.equal(failure.cause.code, 'NetworkError');
  assert.deepEqual([failure.done.length, failure.failed.action, failure.remaining.length], [2, 'AddVServerGroupBackendServers', 1]);
  assert.deepEqual(failure.done.concat(failure.failed, failure.remaining), failure.plan.calls);
  assert.match(failure.message, /apply again/);
  const resumed = await client.applyVServerGroupMembers({ ...group, members: desired });
  assert.equal(resumed.calls, 2, 'only what is left: the last adds');
  assert.deepEqual(await held(group), expected(desired));
});

test('apply: drained members get weight 0, and are removed drainMs later', async () => {
  const group = await newGroup('drain');
  await client.applyVServerGroupMembers({ ...group, members: members(500, 504, 40) });
  const events = [];
  await client.applyVServerGroupMembers({ ...group, members: members(502, 504, 40) }, {
    drainMs: 150, onProgress: (e) => events.push({ ...e, at: Date.now() }),
  });
  assert.deepEqual(events.map((e) => e.call.action), ['SetVServerGroupAttribute', 'RemoveVServerGroupBackendServers']);
  assert.deepEqual(events[0].call.backendServers.map((s) => [s.serverId, s.weight]), [['vm-500', 0], ['vm-501', 0]]);
  assert.ok(events[1].at - events[0].at >= 140, `removed ${events[1].at - events[0].at} ms after the drain`);
  assert.deepEqual(await held(group), expected(members(502, 504, 40)));
});

test('apply: aborting stops after the call in flight, with every call accounted for', async () => {
  const group = await newGroup('abort');
  const controller = new AbortController();
  let failure;
  try {
    await client.applyVServerGroupMembers({ ...group, members: members(600, 659, 10) }, {
      signal: controller.signal,
      onProgress: ({ done }) => done === 1 && controller.abort(),
    });
  } catch (error) {
    failure = error;
  }
  assert.equal(failure?.code, 'MembershipApplyFailed');
  assert.deepEqual([failure.cause.code, failure.failed, failure.done.length, failure.remaining.length], ['Aborted', null, 1, 2]);
  assert.equal((await held(group)).length, 20);
});
