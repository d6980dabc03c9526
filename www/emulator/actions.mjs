// One handler per API action: (params, ctx) -> the answer's fields besides RequestId.
// ctx: { state, now() (the real clock), clock() (the emulator's, for CreateTime),
// processingMs() (how long a group stays busy after a change) }.

import { ApiError, invalid, requireParams } from './errors.mjs';
import { utcSeconds } from './auth.mjs';
import { FAULT_ERRORS } from './faults.mjs';
import {
  checkNoRepeats, indexOfMember, memberRef, memberUpdate, newMember, readList, requireMember, updated,
} from './backend-servers.mjs';
import { newGroup, newGroupId } from './state.mjs';
import { hasTags, readTags } from './tags.mjs';

/** What `map` holds under the id in parameter `idName`, if it is in RegionId; else 404 `code`. */
function findInRegion(params, map, idName, code) {
  requireParams(params, ['RegionId', idName]);
  const found = map.get(params.get(idName));
  if (!found || found.regionId !== params.get('RegionId')) throw new ApiError(404, code, `The specified ${idName} does not exist.`);
  return found;
}

const findGroup = (params, state) => findInRegion(params, state.groups, 'VServerGroupId', 'InvalidParameter');
const findLoadBalancer = (params, state) => findInRegion(params, state.loadBalancers, 'LoadBalancerId', 'InvalidLoadBalancerId.NotFound');

/** VServerGroupName when given (1 to 80 characters), else undefined. */
function groupName(params) {
  const name = params.get('VServerGroupName');
  if (!name) return undefined;
  if ([...name].length > 80) throw invalid('The specified VServerGroupName is invalid: it should be 1 to 80 characters.');
  return name;
}

/** A boolean parameter: `true` or `false` (the default). */
function flag(params, name) {
  const value = params.get(name) ?? 'false';
  if (value !== 'true' && value !== 'false') throw invalid(`The specified ${name} is invalid: it should be true or false.`);
  return value === 'true';
}

const keepBusy = (group, ctx) => { group.busyUntil = ctx.now() + ctx.processingMs(); };

/**
 * Runs `apply` (which checks everything before it changes anything) on a group whose last
 * change is applied by now, then keeps the group busy for the processing window.
 */
function change(group, ctx, apply) {
  if (group.busyUntil > ctx.now()) throw new ApiError(...FAULT_ERRORS.VServerGroupProcessing);
  const result = apply();
  keepBusy(group, ctx);
  return result;
}

const membersAnswer = (group, list = group.members) => ({ VServerGroupId: group.id, BackendServers: { BackendServer: list } });
const usedBy = (list, group) => list.filter((o) => o.vServerGroupId === group.id);

function createVServerGroup(params, ctx) {
  const { state } = ctx;
  const lb = findLoadBalancer(params, state);
  const name = groupName(params) ?? '';
  const tags = readTags(params).map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue ?? '' }));
  const members = readList(params, 'BackendServers', (e) => newMember(e, state.servers), { required: false });
  const group = newGroup({
    id: newGroupId(state.groups), name, regionId: lb.regionId, loadBalancerId: lb.id, createdAt: ctx.clock(), tags, members,
  });
  state.groups.set(group.id, group);
  // Its servers are applied like any change: the new group is busy for the window.
  if (members.length > 0) keepBusy(group, ctx);
  return membersAnswer(group);
}

function deleteVServerGroup(params, ctx) {
  const { state } = ctx;
  const group = findGroup(params, state);
  change(group, ctx, () => {
    if (usedBy(state.listeners, group).length > 0) throw new ApiError(400, 'RspoolVipExist', 'The VServer group is used by a listener.');
    if (usedBy(state.rules, group).length > 0) throw new ApiError(400, 'RspoolRuleExist', 'The VServer group is used by a forwarding rule.');
    state.groups.delete(group.id);
  });
  return {};
}

function associatedObjects(group, include, state) {
  const objects = {};
  if (include.listener) {
    objects.Listeners = { Listener: usedBy(state.listeners, group).map((l) => ({ Port: l.port, Protocol: l.protocol })) };
  }
  if (include.rule) {
    objects.Rules = { Rule: usedBy(state.rules, group).map((r) => ({ RuleId: r.id, RuleName: r.name, Domain: r.domain, Url: r.url })) };
  }
  return objects;
}

function describeVServerGroups(params, { state }) {
  const lb = findLoadBalancer(params, state);
  const include = { listener: flag(params, 'IncludeListener'), rule: flag(params, 'IncludeRule') };
  // Description filters by group name, as the service's does.
  const nameHas = params.get('Description') ?? '';
  const tagFilter = readTags(params);
  const groups = [...state.groups.values()]
    .filter((g) => g.loadBalancerId === lb.id && g.name.includes(nameHas) && hasTags(g.tags, tagFilter));
  return {
    VServerGroups: {
      VServerGroup: groups.map((g) => ({
        VServerGroupId: g.id, VServerGroupName: g.name, CreateTime: utcSeconds(g.createdAt), ServerCount: g.members.length,
        Tags: { Tag: g.tags },
        ...((include.listener || include.rule) && { AssociatedObjects: associatedObjects(g, include, state) }),
      })),
    },
  };
}

function describeVServerGroupAttribute(params, { state }) {
  const group = findGroup(params, state);
  return {
    VServerGroupId: group.id,
    VServerGroupName: group.name,
    LoadBalancerId: group.loadBalancerId,
    CreateTime: utcSeconds(group.createdAt),
    Tags: { Tag: group.tags },
    BackendServers: { BackendServer: group.members },
  };
}

function setVServerGroupAttribute(params, ctx) {
  const group = findGroup(params, ctx.state);
  change(group, ctx, () => {
    const name = groupName(params);
    const updates = readList(params, 'BackendServers', memberUpdate, { required: false });
    const at = updates.map((u) => requireMember(group, u));
    if (name !== undefined) group.name = name;
    updates.forEach((u, i) => { group.members[at[i]] = updated(group.members[at[i]], u); });
  });
  return { VServerGroupId: group.id, VServerGroupName: group.name, BackendServers: { BackendServer: group.members } };
}

function addVServerGroupBackendServers(params, ctx) {
  const group = findGroup(params, ctx.state);
  const added = change(group, ctx, () => {
    const entries = readList(params, 'BackendServers', (e) => newMember(e, ctx.state.servers));
    return entries.map((m) => {
      const i = indexOfMember(group.members, m);
      // Adding a member again updates its weight (and description, when one is given).
      if (i === -1) return group.members[group.members.push(m) - 1];
      group.members[i] = updated(group.members[i], m);
      return group.members[i];
    });
  });
  return membersAnswer(group, added);
}

function removeVServerGroupBackendServers(params, ctx) {
  const group = findGroup(params, ctx.state);
  change(group, ctx, () => {
    // Entries may carry Weight and Description (a Describe answer pasted back): ignored.
    // The docs do not say what removing a non-member does: it is refused (InvalidParameter),
    // which tells the client that its picture of the group is out of date.
    const at = readList(params, 'BackendServers', memberRef).map((ref) => requireMember(group, ref));
    group.members = group.members.filter((_, i) => !at.includes(i));
  });
  return membersAnswer(group);
}

function modifyVServerGroupBackendServers(params, ctx) {
  const group = findGroup(params, ctx.state);
  change(group, ctx, () => {
    const olds = readList(params, 'OldBackendServers', memberRef);
    const news = readList(params, 'NewBackendServers', (e) => newMember(e, ctx.state.servers));
    if (olds.length !== news.length) throw invalid('OldBackendServers and NewBackendServers should hold the same number of servers.');
    const members = [...group.members];
    olds.forEach((ref, i) => { members[requireMember(group, ref)] = news[i]; });
    checkNoRepeats(members);
    group.members = members;
  });
  return membersAnswer(group);
}

export const ACTIONS = {
  CreateVServerGroup: createVServerGroup,
  DeleteVServerGroup: deleteVServerGroup,
  DescribeVServerGroups: describeVServerGroups,
  DescribeVServerGroupAttribute: describeVServerGroupAttribute,
  SetVServerGroupAttribute: setVServerGroupAttribute,
  AddVServerGroupBackendServers: addVServerGroupBackendServers,
  RemoveVServerGroupBackendServers: removeVServerGroupBackendServers,
  ModifyVServerGroupBackendServers: modifyVServerGroupBackendServers,
};
