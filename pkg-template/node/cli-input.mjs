// The aliyun-slb command's action parameters: their options, named as the API names them
// (`--RegionId`, `--BackendServers`, `--Tag.1.Key`), from the package's own declarations
// (parameters.json, made from index.d.ts at build time), and the request they make.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { actions: ACTION_FIELDS, items: ITEM_FIELDS } = require('./parameters.json');
const { SlbError } = require('./api.cjs');
const MAX_TAGS = 20;

/** A mistake in how the command was called (`InvalidUsage`): exit code 2, with the option it concerns. */
export class UsageError extends SlbError {
  constructor(message, path) {
    super('InvalidUsage', message, { path });
  }
}

export { ACTION_FIELDS, ITEM_FIELDS };

/** `vServerGroupId` -> `VServerGroupId`; tags are the API's `Tag.N.Key` / `Tag.N.Value`. */
const apiName = (field) => (field.type === 'Tag[]' ? 'Tag' : field.name[0].toUpperCase() + field.name.slice(1));
const isServers = (field) => field.type === 'BackendServer[]';

/** The parseArgs options of `action`'s parameters. */
export function actionOptions(action) {
  const options = {};
  for (const field of ACTION_FIELDS[action].fields) {
    if (field.type !== 'Tag[]') {
      options[apiName(field)] = { type: 'string' };
      continue;
    }
    for (let n = 1; n <= MAX_TAGS; n++) {
      options[`Tag.${n}.Key`] = { type: 'string' };
      options[`Tag.${n}.Value`] = { type: 'string' };
    }
  }
  return options;
}

/** The field `--server` fills: the action's one list of servers. */
function serverField(action) {
  const lists = ACTION_FIELDS[action].fields.filter(isServers);
  if (lists.length !== 1) {
    throw new UsageError(`--server does not apply to ${action}: give ${lists.map(apiName).join(' and ') || 'no servers'} as JSON`, 'server');
  }
  return lists[0];
}

/** `vm-233:80[:weight[:type[:ip]]]` as a backend server (an IPv6 address keeps its colons). */
function parseServer(text, index) {
  const [serverId, port, weight, type, ...ip] = text.split(':');
  if (!serverId || !port) {
    throw new UsageError(`--server ${JSON.stringify(text)}: expected id:port[:weight[:type[:ip]]], e.g. vm-233:80:100`, `server[${index}]`);
  }
  const server = { serverId, port };
  if (weight) server.weight = weight;
  if (type) server.type = type;
  if (ip.length) server.serverIp = ip.join(':');
  return server;
}

/** A JSON list given inline, as `@file`, or as `-` (standard input). */
export async function readList(text, option, readStdin) {
  let json = text;
  if (text === '-') json = await readStdin();
  else if (text.startsWith('@')) {
    try {
      json = await readFile(text.slice(1), 'utf8');
    } catch (error) {
      throw new UsageError(`--${option} ${text}: cannot read the file (${error.code ?? error.message})`, option);
    }
  }
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new UsageError(`--${option}: not JSON (${error.message}); give a list such as '[{"ServerId":"vm-233","Port":80}]'`, option);
  }
}

/** `--Tag.N.Key` / `--Tag.N.Value` as a list of tags, in the order of N. */
function readTags(values) {
  const tags = [];
  for (let n = 1; n <= MAX_TAGS; n++) {
    const key = values[`Tag.${n}.Key`];
    const value = values[`Tag.${n}.Value`];
    if (key === undefined && value === undefined) continue;
    tags.push({ key: key ?? '', ...(value !== undefined && { value }) });
  }
  return tags.length ? tags : undefined;
}

/** One parameter's value as the request wants it (undefined when not given). */
async function fieldValue(field, values, readStdin) {
  const option = apiName(field);
  if (field.type === 'Tag[]') return readTags(values);
  const text = values[option];
  if (text === undefined) return undefined;
  if (isServers(field)) return readList(text, option, readStdin);
  // Anything but true or false is passed on for validation to name.
  if (field.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

/** The request of `action` from the parsed options (`servers`: the `--server` values). */
export async function buildRequest(action, values, { servers = [], readStdin }) {
  const request = {};
  for (const field of ACTION_FIELDS[action].fields) {
    const value = await fieldValue(field, values, readStdin);
    if (value !== undefined) request[field.name] = value;
  }
  if (servers.length) {
    const field = serverField(action);
    if (request[field.name] !== undefined) throw new UsageError(`give either --server or --${apiName(field)}, not both`, 'server');
    request[field.name] = servers.map(parseServer);
  }
  return request;
}

/** `--help` of one action: its parameters, required first, with their limits. */
export function actionHelp(action) {
  const { summary, fields } = ACTION_FIELDS[action];
  const line = (name, field) => `  --${name.padEnd(22)} ${field.required ? 'required' : 'optional'}  ${field.doc}`.trimEnd();
  const params = fields.map((field) => (field.type === 'Tag[]'
    ? line('Tag.N.Key/Tag.N.Value', { ...field, doc: `N from 1 to ${MAX_TAGS}. ${field.doc}` })
    : line(apiName(field), field)));
  const lists = fields.some(isServers) ? [
    '',
    'Backend servers: a JSON list (inline, @file or - for standard input) of objects with:',
    ...ITEM_FIELDS.BackendServer.map((f) => line(apiName(f), f).replace('  --', '    ')),
    ...(fields.filter(isServers).length === 1 ? ['  or --server id:port[:weight[:type[:ip]]], repeated: --server vm-233:80 --server vm-234:80:50'] : []),
  ] : [];
  return [`aliyun-slb ${action} [parameters] [flags]`, '', summary, '', 'Parameters:', ...params, ...lists].join('\n');
}
