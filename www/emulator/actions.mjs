// One handler per API action: (params, ctx) -> the answer's fields besides RequestId.
// ctx: { state }.

import { ApiError, requireParams } from './errors.mjs';
import { parseBackendServers, validateMember } from './backend-servers.mjs';

function requireGroup(params, state, required) {
  requireParams(params, required);
  const group = state.groups.get(params.get('VServerGroupId'));
  if (!group || group.regionId !== params.get('RegionId')) {
    throw new ApiError(404, 'InvalidParameter', 'The specified VServerGroupId does not exist.');
  }
  return group;
}

export const ACTIONS = {
  AddVServerGroupBackendServers(params, { state }) {
    const group = requireGroup(params, state, ['RegionId', 'VServerGroupId', 'BackendServers']);
    // Validate every entry before changing anything: a call applies all or nothing.
    const added = parseBackendServers(params.get('BackendServers')).map((e) => validateMember(e, state.servers));
    for (const member of added) {
      const i = group.members.findIndex((m) => m.ServerId === member.ServerId && m.Port === member.Port);
      if (i === -1) group.members.push(member);
      else group.members[i] = { ...group.members[i], Weight: member.Weight, Description: member.Description || group.members[i].Description };
    }
    return {
      VServerGroupId: group.id,
      BackendServers: { BackendServer: added.map((m) => group.members.find((g) => g.ServerId === m.ServerId && g.Port === m.Port)) },
    };
  },
  DescribeVServerGroupAttribute(params, { state }) {
    const group = requireGroup(params, state, ['RegionId', 'VServerGroupId']);
    return {
      VServerGroupId: group.id,
      VServerGroupName: group.name,
      LoadBalancerId: group.loadBalancerId,
      BackendServers: { BackendServer: group.members },
    };
  },
};
