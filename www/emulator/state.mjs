// The emulator's world: servers that can be members, VServer groups, used nonces.

export function seedState() {
  const servers = new Map();
  for (let n = 231; n <= 240; n++) servers.set(`vm-${n}`, { id: `vm-${n}`, type: 'ecs', status: 'Running' });
  servers.set('vm-999', { id: 'vm-999', type: 'ecs', status: 'Stopped' });
  servers.set('eni-bp1demo', { id: 'eni-bp1demo', type: 'eni', status: 'Running', ip: '172.16.0.10' });
  const groups = new Map([['rsp-cige6j5e7p', {
    id: 'rsp-cige6j5e7p', name: 'demo-group', regionId: 'cn-hangzhou', loadBalancerId: 'lb-bp1demo0000000000000',
    members: [],
  }]]);
  return { servers, groups, nonces: new Map() };
}
