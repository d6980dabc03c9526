// BackendServers: the JSON list in a string that names group members, read and checked.

import { ApiError, missing } from './errors.mjs';

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

export function parseBackendServers(text) {
  let list;
  try {
    list = JSON.parse(text);
  } catch {
    try { list = JSON.parse(singleQuotedToJson(text)); } catch { list = undefined; }
  }
  if (!Array.isArray(list) || !list.every((e) => e !== null && typeof e === 'object' && !Array.isArray(e))) {
    throw new ApiError(400, 'BackendServersMalformed', 'The specified BackendServers is malformed. It must be a JSON array of objects.');
  }
  if (list.length === 0) throw new ApiError(400, 'InvalidParameter', 'The specified BackendServers is invalid.');
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

export function validateMember(entry, servers) {
  const { ServerId: serverId } = entry;
  if (typeof serverId !== 'string' || serverId === '') {
    throw new ApiError(400, 'BackendServersMalformed', 'Each backend server needs a ServerId.');
  }
  const port = intField(entry.Port);
  if (!(port >= 1 && port <= 65535)) throw new ApiError(400, 'InvalidParameter', 'the Port value should be in [1, 65535]');
  const weight = entry.Weight === undefined ? 100 : intField(entry.Weight);
  if (!(weight >= 0 && weight <= 100)) throw new ApiError(400, 'InvalidWeight.Malformed', 'The specified Weight is malformed: it should be in [0, 100].');
  const type = entry.Type === undefined ? 'ecs' : entry.Type;
  if (!['ecs', 'eni', 'eci'].includes(type)) {
    throw new ApiError(400, 'BackendServer.InvalidType', 'The specified backend server Type is invalid: it should be ecs, eni or eci.');
  }
  const description = entry.Description === undefined ? '' : entry.Description;
  if (typeof description !== 'string' || [...description].length > 80) {
    throw new ApiError(400, 'InvalidParameter', 'The specified Description is invalid: it should be 1 to 80 characters.');
  }
  const server = servers.get(serverId);
  if (!server || server.type !== type) {
    throw new ApiError(404, 'InvalidServerId.NotFound', `The specified ServerId ${serverId} does not exist.`);
  }
  if (server.status !== 'Running') {
    throw new ApiError(400, 'InvalidParameter', `The backend server ${serverId} is not running.`);
  }
  const member = { ServerId: serverId, Port: port, Weight: weight, Type: type, Description: description };
  if (type !== 'ecs') {
    if (typeof entry.ServerIp !== 'string' || entry.ServerIp === '') throw missing('ServerIp');
    if (entry.ServerIp !== server.ip) {
      throw new ApiError(400, 'InvalidParameter', `The specified ServerIp ${entry.ServerIp} does not belong to ${serverId}.`);
    }
    member.ServerIp = entry.ServerIp;
  }
  return member;
}
