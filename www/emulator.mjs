// In-memory stand-in for the SLB RPC endpoint (AddVServerGroupBackendServers and
// DescribeVServerGroupAttribute), with its own server-side signature check.
//
// The verifier here is written from /work/shared/api-docs/rpc-signing.md section 2 and is
// deliberately independent of the project's signer: the emulator is what judges it.

import http from 'node:http';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { BodyTooLargeError, close, listen, logSafe, readBody } from './lib/http.mjs';
import { decodeForm } from './lib/form.mjs';

export { decodeForm };

export const API_VERSION = '2014-05-15';
export const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;
// A nonce older than this is outside any Timestamp window that could carry it again.
const NONCE_MEMORY_MS = 2 * TIMESTAMP_WINDOW_MS;
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_BACKEND_SERVERS = 20;
const ACTIONS = new Set(['AddVServerGroupBackendServers', 'DescribeVServerGroupAttribute']);
// Checked in this order; each missing one is reported as Missing{Name}.
const REQUIRED_COMMON = ['AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp'];

// ---------------------------------------------------------------------------------------
// Signature v1.0, server side

/** Percent-encodes the UTF-8 bytes of `s`, leaving only A-Z a-z 0-9 - _ . ~ as they are. */
export function percentEncode(s) {
  let out = '';
  for (const byte of Buffer.from(String(s), 'utf8')) {
    const unreserved = (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
      || (byte >= 0x30 && byte <= 0x39) || byte === 0x2d || byte === 0x5f || byte === 0x2e || byte === 0x7e;
    out += unreserved ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function entriesOf(params) {
  return params instanceof Map ? [...params.entries()] : Object.entries(params);
}

/** Sorted `name=value` pairs of every parameter except Signature. */
export function canonicalQuery(params) {
  return entriesOf(params)
    .filter(([name]) => name !== 'Signature')
    // Plain `<` compares UTF-16 code units, the order the service (Java) and pop-core use.
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
    .join('&');
}

/** `METHOD&%2F&` + percentEncode(canonical query). */
export function stringToSign(method, params) {
  return `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
}

/** base64 HMAC-SHA1 of the string to sign, keyed with `secret + "&"`. */
export function computeSignature(toSign, secret) {
  return createHmac('sha1', `${secret}&`).update(toSign, 'utf8').digest('base64');
}

/**
 * Checks params.Signature against what the server computes for `method` and `secret`.
 * Returns { ok, stringToSign, signature } where signature is the server's own.
 */
export function verifySignature(method, params, secret) {
  const toSign = stringToSign(method, params);
  const signature = computeSignature(toSign, secret);
  const given = Buffer.from(String((params instanceof Map ? params.get('Signature') : params.Signature) ?? ''), 'utf8');
  const wanted = Buffer.from(signature, 'utf8');
  const ok = given.length === wanted.length && timingSafeEqual(given, wanted);
  return { ok, stringToSign: toSign, signature };
}

// ---------------------------------------------------------------------------------------
// Responses

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const missing = (name, code = 'MissingParameter') => new ApiError(400, code,
  `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);

function xmlEscape(s) {
  return String(s).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]);
}

/** Serialises a value as XML elements; an array repeats the element `name` once per item. */
function toXml(name, value) {
  if (Array.isArray(value)) return value.map((v) => toXml(name, v)).join('');
  if (value !== null && typeof value === 'object') {
    const inner = Object.entries(value).map(([k, v]) => toXml(k, v)).join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${xmlEscape(value)}</${name}>`;
}

function send(res, status, format, rootName, body) {
  const requestId = body.RequestId;
  const text = format === 'XML'
    ? `<?xml version="1.0" encoding="UTF-8"?>${toXml(rootName, body)}`
    : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': format === 'XML' ? 'text/xml;charset=utf-8' : 'application/json;charset=utf-8',
    'x-acs-request-id': requestId,
    'cache-control': 'no-store',
  });
  res.end(text);
}

// ---------------------------------------------------------------------------------------
// State

function seedState() {
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

/** Parses `id:secret,id2:secret2` (a secret may itself hold `:`), a Map or a plain object. */
export function parseKeys(keys) {
  if (keys instanceof Map) return new Map(keys);
  if (keys && typeof keys === 'object') return new Map(Object.entries(keys));
  const map = new Map();
  for (const item of String(keys).split(',')) {
    const colon = item.indexOf(':');
    if (colon > 0) map.set(item.slice(0, colon).trim(), item.slice(colon + 1).trim());
  }
  return map;
}

// ---------------------------------------------------------------------------------------
// BackendServers

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

function parseBackendServers(text) {
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

function validateMember(entry, servers) {
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

// ---------------------------------------------------------------------------------------
// The server

/**
 * createEmulator({ keys, now, log }) -> { server, state, listen(port, host) -> Promise<url>, close() }
 *   keys: 'id:secret,...', Map or object (default testid:testsecret)
 *   now:  () => milliseconds, the emulator's clock (default Date.now)
 *   log:  (line) => void, one line per request (default console.log)
 */
export function createEmulator({ keys = 'testid:testsecret', now = Date.now, log = console.log } = {}) {
  const secrets = parseKeys(keys);
  const state = seedState();

  function rememberNonce(keyId, nonce) {
    const t = now();
    // The Map keeps arrival order, so expired nonces are at its front: drop them from there
    // and stop at the first live one (amortised O(1), not a full scan per request).
    for (const [k, seenAt] of state.nonces) {
      if (t - seenAt <= NONCE_MEMORY_MS) break;
      state.nonces.delete(k);
    }
    const key = `${keyId}\n${nonce}`;
    if (state.nonces.has(key)) return false;
    state.nonces.set(key, t);
    return true;
  }

  function authenticate(method, params) {
    for (const name of REQUIRED_COMMON) {
      if (!params.get(name)) throw missing(name, `Missing${name}`);
    }
    if (params.get('SignatureMethod') !== 'HMAC-SHA1') {
      throw new ApiError(400, 'InvalidSignatureMethod', 'Specified signature method is not supported: use HMAC-SHA1.');
    }
    if (params.get('SignatureVersion') !== '1.0') {
      throw new ApiError(400, 'InvalidSignatureVersion', 'Specified signature version is not supported: use 1.0.');
    }
    const keyId = params.get('AccessKeyId');
    if (!secrets.has(keyId)) throw new ApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');

    const ts = params.get('Timestamp');
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(ts);
    const time = m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
    // Date.UTC rolls 02-30 over into March: a real date reads back the same.
    if (!m || Number.isNaN(time) || new Date(time).toISOString().slice(0, 19) + 'Z' !== ts) {
      throw new ApiError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
    }
    if (Math.abs(now() - time) > TIMESTAMP_WINDOW_MS) {
      throw new ApiError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    }

    const check = verifySignature(method, params, secrets.get(keyId));
    if (!check.ok) {
      throw new ApiError(400, 'SignatureDoesNotMatch',
        `Specified signature is not matched with our calculation. server string to sign is:${check.stringToSign}`);
    }
    if (!rememberNonce(keyId, params.get('SignatureNonce'))) {
      throw new ApiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    }
  }

  function requireGroup(params, required) {
    for (const name of required) if (!params.get(name)) throw missing(name);
    const group = state.groups.get(params.get('VServerGroupId'));
    if (!group || group.regionId !== params.get('RegionId')) {
      throw new ApiError(404, 'InvalidParameter', 'The specified VServerGroupId does not exist.');
    }
    return group;
  }

  const actions = {
    AddVServerGroupBackendServers(params) {
      const group = requireGroup(params, ['RegionId', 'VServerGroupId', 'BackendServers']);
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
    DescribeVServerGroupAttribute(params) {
      const group = requireGroup(params, ['RegionId', 'VServerGroupId']);
      return {
        VServerGroupId: group.id,
        VServerGroupName: group.name,
        LoadBalancerId: group.loadBalancerId,
        BackendServers: { BackendServer: group.members },
      };
    },
  };

  async function handle(req, res) {
    const requestId = randomUUID().toUpperCase();
    const hostId = req.headers.host || '127.0.0.1';
    const params = new Map();
    let action = '';
    let format = 'JSON';
    try {
      const q = req.url.indexOf('?');
      const path = q === -1 ? req.url : req.url.slice(0, q);
      const pairs = q === -1 ? [] : decodeForm(req.url.slice(q + 1));
      if (req.method === 'POST' && /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] || '')) {
        let body;
        try { body = await readBody(req, MAX_BODY_BYTES); } catch (err) {
          if (err instanceof BodyTooLargeError) throw new ApiError(413, 'RequestEntityTooLarge', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
          throw err;
        }
        pairs.push(...decodeForm(body.toString('latin1')));
      }
      for (const [name, value] of pairs) {
        // A name given twice has no single value to sign: refuse rather than guess.
        if (params.has(name)) throw new ApiError(400, 'InvalidParameter', `The parameter "${name}" is given more than once.`);
        params.set(name, value);
      }
      action = params.get('Action') || '';
      format = String(params.get('Format') || '').toUpperCase() === 'XML' ? 'XML' : 'JSON';

      if ((req.method !== 'GET' && req.method !== 'POST') || path !== '/') {
        throw new ApiError(400, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
      }
      authenticate(req.method, params);
      if (!ACTIONS.has(action)) {
        throw new ApiError(400, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
      }
      if (params.get('Version') !== API_VERSION) {
        throw new ApiError(400, 'InvalidVersion', `Specified parameter Version is not valid: ${API_VERSION} is served.`);
      }
      const result = actions[action](params);
      send(res, 200, format, action, { RequestId: requestId, ...result });
      log(`${req.method} ${logSafe(action)} 200 -`);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(500, 'InternalError', 'The request processing has failed due to some unknown error.');
      if (!(err instanceof ApiError)) log(`emulator internal error: ${logSafe(err?.stack || err, 2000)}`);
      send(res, e.status, format, 'Error', {
        RequestId: requestId, HostId: hostId, Code: e.code, Message: e.message,
        Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(e.code)}&product=Slb`,
      });
      log(`${req.method} ${logSafe(action || '-')} ${e.status} ${e.code}`);
    }
  }

  // Signed GET URLs with long values exceed node's default 16 KiB header limit.
  const server = http.createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => { handle(req, res); });
  return {
    server,
    state,
    listen: async (port = 0, host = '127.0.0.1') => listen(server, port, host),
    close: () => close(server),
  };
}

// CLI: node emulator.mjs   (EMULATOR_PORT, default 8081; EMULATOR_KEYS, default testid:testsecret)
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const emulator = createEmulator({ keys: process.env.EMULATOR_KEYS || 'testid:testsecret' });
  const url = await emulator.listen(Number(process.env.EMULATOR_PORT || 8081), '127.0.0.1');
  console.log(`SLB emulator listening on ${url}/`);
  const stop = () => { emulator.close().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
