// BackendServers (and Old/NewBackendServers): the JSON list in a string that names group
// members, read and checked. A member is { ServerId, Port, Weight, Type, ServerIp?,
// Description? }, in the order the service answers; ServerId, Port and ServerIp tell members
// apart (one ENI may be a member once per IP).

import { ApiError, invalid, missing } from './errors.mjs';

const MAX_BACKEND_SERVERS = 20;

// The docs write the list with single quotes (and numbers as strings): turn those strings
// into JSON strings, leave double-quoted ones alone.
function singleQuotedToJson(text) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      let content = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) { content += text[j] + text[j + 1]; j += 2; continue; }
        content += text[j++];
      }
      if (j >= text.length) throw new SyntaxError('unterminated string');
      out += c === '"' ? `"${content}"` : JSON.stringify(content.replace(/\\'/g, "'"));
      i = j;
    } else {
      out += c;
    }
  }
  return out;
}

function parseList(text, name) {
  let list;
  try {
    list = JSON.parse(text);
  } catch {
    try { list = JSON.parse(singleQuotedToJson(text)); } catch { list = undefined; }
  }
  if (!Array.isArray(list) || !list.every((e) => e !== null && typeof e === 'object' && !Array.isArray(e))) {
    throw new ApiError(400, 'BackendServersMalformed', `The specified ${name} is malformed. It must be a JSON array of objects.`);
  }
  if (list.length === 0) throw invalid(`The specified ${name} is invalid.`);
  if (list.length > MAX_BACKEND_SERVERS) {
    throw new ApiError(400, 'TooManyBackendServers', `At most ${MAX_BACKEND_SERVERS} backend servers can be specified in one call.`);
  }
  return list;
}

// Integers may arrive as numbers or, as in the docs, as strings of digits.
function intField(value) {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^[0-9]{1,9}$/.test(value)) return Number(value);
  return NaN;
}

const memberKey = (m) => `${m.ServerId}\n${m.Port}\n${m.ServerIp ?? ''}`;
const label = (m) => `${m.ServerId}:${m.Port}${m.ServerIp === undefined ? '' : ` (${m.ServerIp})`}`;

/** A member with its fields in the service's order; an absent or empty Description is left out. */
function member({ ServerId, Port, Weight, Type, ServerIp, Description }) {
  const m = { ServerId, Port, Weight, Type };
  if (ServerIp !== undefined) m.ServerIp = ServerIp;
  if (Description) m.Description = Description;
  return m;
}

/** What identifies a member: { ServerId, Port, Type, ServerIp (eni and eci only) }. */
export function memberRef(entry) {
  const { ServerId } = entry;
  if (typeof ServerId !== 'string' || ServerId === '') {
    throw new ApiError(400, 'BackendServersMalformed', 'Each backend server needs a ServerId.');
  }
  const Port = intField(entry.Port);
  if (!(Port >= 1 && Port <= 65535)) throw invalid('the Port value should be in [1, 65535]');
  const Type = entry.Type === undefined ? 'ecs' : entry.Type;
  if (!['ecs', 'eni', 'eci'].includes(Type)) {
    throw new ApiError(400, 'BackendServer.InvalidType', 'The specified backend server Type is invalid: it should be ecs, eni or eci.');
  }
  if (Type === 'ecs') return { ServerId, Port, Type };
  if (typeof entry.ServerIp !== 'string' || entry.ServerIp === '') throw missing('ServerIp');
  return { ServerId, Port, Type, ServerIp: entry.ServerIp };
}

/** A member reference with the Weight and Description to set (undefined: left as they are). */
export function memberUpdate(entry) {
  const ref = memberRef(entry);
  const Weight = entry.Weight === undefined ? undefined : intField(entry.Weight);
  if (!(Weight === undefined || (Weight >= 0 && Weight <= 100))) {
    throw new ApiError(400, 'InvalidWeight.Malformed', 'The specified Weight is malformed: it should be in [0, 100].');
  }
  const { Description } = entry;
  if (!(Description === undefined || (typeof Description === 'string' && [...Description].length <= 80))) {
    throw invalid('The specified Description is invalid: it should be 1 to 80 characters.');
  }
  return { ...ref, Weight, Description };
}

/** A new member (Weight 100 unless given) whose server exists, runs and owns ServerIp. */
export function newMember(entry, servers) {
  const m = memberUpdate(entry);
  const server = servers.get(m.ServerId);
  if (!server || server.type !== m.Type) {
    throw new ApiError(404, 'InvalidServerId.NotFound', `The specified ServerId ${m.ServerId} does not exist.`);
  }
  if (server.status !== 'Running') {
    throw new ApiError(400, 'ObtainIpFail', `Failed to obtain the IP address of the backend server ${m.ServerId}: it is not running.`);
  }
  if (m.ServerIp !== undefined && m.ServerIp !== server.ip) {
    throw invalid(`The specified ServerIp ${m.ServerIp} does not belong to ${m.ServerId}.`);
  }
  return member({ ...m, Weight: m.Weight ?? 100 });
}

/** `old` with the Weight and Description of `update` where those are given. */
export const updated = (old, update) => member({
  ...old, Weight: update.Weight ?? old.Weight, Description: update.Description || old.Description,
});

/** The first member that stands twice in `members`, or undefined. */
function repeated(members) {
  const seen = new Set();
  for (const m of members) {
    const key = memberKey(m);
    if (seen.has(key)) return m;
    seen.add(key);
  }
  return undefined;
}

/** Throws InvalidParameter when one member stands twice in the group's new member list. */
export function checkNoRepeats(members) {
  const twice = repeated(members);
  if (twice) throw invalid(`The backend server ${label(twice)} is already in the VServer group.`);
}

/**
 * The list in parameter `name`, each entry turned by `toEntry` (which checks it), or []
 * when the parameter is absent and not `required`. One member given twice is an
 * InvalidParameter: the docs do not say, and applying either entry would be a guess.
 */
export function readList(params, name, toEntry, { required = true } = {}) {
  const text = params.get(name);
  if (!text) {
    if (required) throw missing(name);
    return [];
  }
  const entries = parseList(text, name).map(toEntry);
  const twice = repeated(entries);
  if (twice) throw invalid(`The backend server ${label(twice)} is given more than once in ${name}.`);
  return entries;
}

export const indexOfMember = (members, ref) => members.findIndex((m) => memberKey(m) === memberKey(ref));

/** The index of `ref` among the group's members; InvalidParameter when it is not one. */
export function requireMember(group, ref) {
  const i = indexOfMember(group.members, ref);
  if (i === -1) throw invalid(`The backend server ${label(ref)} is not in the VServer group ${group.id}.`);
  return i;
}
