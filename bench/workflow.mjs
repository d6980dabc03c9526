// The membership workflow on the emulator, with a processing window per group: a group of
// 500 members changed to another 500 (250 kept, 100 of them reweighted, 250 removed, 250
// added). Timed twice: SlbClient.applyVServerGroupMembers with its default settings, and the
// same change the way a user of pop-core writes it (a loop of Remove/Add/Set calls of 20,
// no waiting). Prints JSON on stdout.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const slb = require(join(here, '..', 'pkg', 'node', 'index.cjs'));
const RPCClient = require('@alicloud/pop-core').RPCClient;
const { createEmulator } = await import(join(here, '..', 'www', 'emulator.mjs'));

const WINDOW_MS = Number(process.env.BENCH_PROCESSING_MS ?? 50);
const credentials = { accessKeyId: 'testid', accessKeySecret: 'testsecret' };
const members = (from, to, weight) => Array.from({ length: to - from + 1 }, (_, i) => ({ serverId: `vm-${from + i}`, port: 80, weight }));
const START = members(1, 500, 100);
const DESIRED = [...members(251, 350, 50), ...members(351, 500, 100), ...members(501, 750, 100)];
const key = (s) => `${s.serverId}:${s.port}:${s.weight ?? 100}`;

const emulator = createEmulator({ log: () => {} });
const endpoint = await emulator.listen(0);
const client = new slb.SlbClient({ credentials, endpoint });
const group = { regionId: 'cn-hangzhou' };
group.vServerGroupId = (await client.createVServerGroup({ regionId: 'cn-hangzhou', loadBalancerId: 'lb-bp1demo0000000000000' })).vServerGroupId;

/** Puts the group back to START, outside the timing and the window. */
async function reset() {
  emulator.setFaults({});
  await client.applyVServerGroupMembers({ ...group, members: START });
  emulator.setFaults({ processingMs: WINDOW_MS });
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
}

/** How many of DESIRED the group holds as wanted, and how many members it holds. */
async function reached() {
  const { backendServers } = await client.describeVServerGroupAttribute(group);
  const held = new Set(backendServers.map(key));
  return { right: DESIRED.filter((s) => held.has(key(s))).length, members: backendServers.length };
}

async function ours() {
  await reset();
  const started = performance.now();
  const { plan, calls, attempts } = await client.applyVServerGroupMembers({ ...group, members: DESIRED });
  const ms = performance.now() - started;
  return { ms, calls, attempts, planned: plan.calls.length, floorMs: plan.calls.length * WINDOW_MS, ...(await reached()) };
}

/** The user's loop: every batch once, in order, errors counted and passed over. */
async function popCoreLoop() {
  await reset();
  const pop = new RPCClient({ ...credentials, endpoint, apiVersion: '2014-05-15' });
  const plan = slb.planMembership(START, DESIRED);
  const api = (s) => ({ ServerId: s.serverId, Port: s.port, ...(s.weight === undefined ? {} : { Weight: s.weight }) });
  const started = performance.now();
  let failures = 0;
  for (const call of plan.calls) {
    const params = { RegionId: group.regionId, VServerGroupId: group.vServerGroupId, BackendServers: JSON.stringify(call.backendServers.map(api)) };
    try {
      await pop.request(call.action, params, { method: 'POST' });
    } catch {
      failures += 1;
    }
  }
  return { ms: performance.now() - started, calls: plan.calls.length, failures, ...(await reached()) };
}

try {
  const result = { windowMs: WINDOW_MS, desired: DESIRED.length, ours: await ours(), popCore: await popCoreLoop() };
  result.ours.ratioToFloor = result.ours.ms / result.ours.floorMs;
  process.stdout.write(JSON.stringify(result));
} finally {
  await emulator.close();
}
