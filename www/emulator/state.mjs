// The emulator's world: servers that can be members, load balancers with their listeners
// and forwarding rules, VServer groups, used nonces.

import { randomBytes } from 'node:crypto';

const DEMO_LB = 'lb-bp1demo0000000000000';
const DEMO_GROUP = 'rsp-cige6j5e7p';
const ECS_COUNT = 2000;
const STOPPED_ECS = 'vm-999';
// Fixed, so that the seed group reads the same in every run.
const SEED_TIME = Date.UTC(2024, 0, 1);

function seedServers() {
  const servers = new Map();
  for (let n = 1; n <= ECS_COUNT; n++) {
    const id = `vm-${n}`;
    servers.set(id, { id, type: 'ecs', status: id === STOPPED_ECS ? 'Stopped' : 'Running' });
  }
  servers.set('eni-bp1demo', { id: 'eni-bp1demo', type: 'eni', status: 'Running', ip: '172.16.0.10' });
  return servers;
}

/**
 * A group: { id, name, regionId, loadBalancerId, createdAt (ms), tags: [{TagKey, TagValue}],
 * members: [member], busyUntil (ms on the real clock: changes before then are refused) }.
 */
export function newGroup(fields) {
  return { name: '', tags: [], members: [], busyUntil: 0, ...fields };
}

export function seedState() {
  const groups = new Map([[DEMO_GROUP, newGroup({
    id: DEMO_GROUP, name: 'demo-group', regionId: 'cn-hangzhou', loadBalancerId: DEMO_LB, createdAt: SEED_TIME,
  })]]);
  return {
    servers: seedServers(),
    loadBalancers: new Map([[DEMO_LB, { id: DEMO_LB, regionId: 'cn-hangzhou' }]]),
    listeners: [{ loadBalancerId: DEMO_LB, port: 80, protocol: 'http', vServerGroupId: DEMO_GROUP }],
    rules: [{
      id: 'rule-bp1demo0001', name: 'demo-rule', domain: 'demo.example.com', url: '/api',
      loadBalancerId: DEMO_LB, listenerPort: 80, vServerGroupId: DEMO_GROUP,
    }],
    groups,
    nonces: new Map(),
  };
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `rsp-` and ten random lower-case letters and digits, like the service's ids. */
export function newGroupId(groups) {
  for (;;) {
    const id = `rsp-${[...randomBytes(10)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('')}`;
    if (!groups.has(id)) return id;
  }
}
