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

// Node has no reason phrase for 449; the service's is "Retry With".
const REASONS = { 449: 'Retry With' };

/** `date` is the emulator's clock in ms: its Date header follows the skew, not the host. */
function send(res, status, format, rootName, body, date) {
  const requestId = body.RequestId;
  const text = format === 'XML'
    ? `<?xml version="1.0" encoding="UTF-8"?>${toXml(rootName, body)}`
    : JSON.stringify(body);
  res.writeHead(status, REASONS[status], {
    'content-type': format === 'XML' ? 'text/xml;charset=utf-8' : 'application/json;charset=utf-8',
    'x-acs-request-id': requestId,
    'cache-control': 'no-store',
    date: new Date(date).toUTCString(),
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
// Faults: scripted or random misbehaviour, for testing clients' retry logic

/** Error outcomes: [HTTP status, Code, Message], as the service sends them. */
export const FAULT_ERRORS = {
  Throttling: [400, 'Throttling.User', 'Request was denied due to user flow control.'],
  ServiceUnavailable: [503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.'],
  InternalError: [500, 'InternalError', 'The request processing has failed due to some unknown error, exception or failure.'],
  SystemBusy: [449, 'SystemBusy', 'The system is busy, please try again later.'],
  OperationBusy: [400, 'OperationBusy', 'The operation is too frequent, please try again later.'],
  VServerGroupProcessing: [400, 'VServerGroupProcessing', 'Another operation is being performed on the VServer group.'],
};
export const FAULTS_PATH = '/_faults';
const MAX_SLOW_MS = 10 * 60 * 1000;
const MAX_SKEW_SECONDS = 10 * 365 * 24 * 3600;
const MAX_SCRIPT = 100000;
const FAULT_FIELDS = ['script', 'shares', 'skewSeconds'];

/** A fault config that cannot be used; the message names what is wrong. */
export class FaultConfigError extends Error {
  get name() { return 'FaultConfigError'; }
}

function checkOutcome(value, where) {
  if (value === 'ok' || value === 'cut' || Object.hasOwn(FAULT_ERRORS, value)) return;
  const m = typeof value === 'string' ? /^slow:(0|[1-9][0-9]{0,6})$/.exec(value) : null;
  if (m && Number(m[1]) <= MAX_SLOW_MS) return;
  throw new FaultConfigError(`${where}: ${JSON.stringify(value)} is not an outcome (ok, cut, slow:<ms> with ms up to ${MAX_SLOW_MS}, ${Object.keys(FAULT_ERRORS).join(', ')})`);
}

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Parses and checks a fault config (JSON text, or an already parsed value):
 * { script: [outcome...], shares: { outcome: probability }, skewSeconds: number }, every
 * field optional. Returns a normalised copy; throws FaultConfigError naming what is wrong.
 */
export function parseFaults(json) {
  let config = json;
  if (typeof json === 'string') {
    try { config = JSON.parse(json); } catch (err) { throw new FaultConfigError(`the fault config is not valid JSON (${err.message})`); }
  }
  if (!isPlainObject(config)) throw new FaultConfigError('the fault config must be a JSON object');
  for (const key of Object.keys(config)) {
    if (!FAULT_FIELDS.includes(key)) throw new FaultConfigError(`unknown field "${key}" (allowed: ${FAULT_FIELDS.join(', ')})`);
  }
  const { script = [], shares = {}, skewSeconds = 0 } = config;
  if (!Array.isArray(script)) throw new FaultConfigError('script must be an array of outcomes');
  if (script.length > MAX_SCRIPT) throw new FaultConfigError(`script holds ${script.length} outcomes, more than ${MAX_SCRIPT}`);
  script.forEach((o, i) => checkOutcome(o, `script[${i}]`));
  if (!isPlainObject(shares)) throw new FaultConfigError('shares must be an object of outcome: probability');
  let sum = 0;
  for (const [o, p] of Object.entries(shares)) {
    checkOutcome(o, 'shares');
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new FaultConfigError(`shares.${o} must be a probability from 0 to 1`);
    sum += p;
  }
  // A little slack so that e.g. 0.1 + 0.2 + 0.7 passes.
  if (sum > 1 + 1e-9) throw new FaultConfigError(`the shares add up to ${sum}, more than 1`);
  if (typeof skewSeconds !== 'number' || !Number.isFinite(skewSeconds) || Math.abs(skewSeconds) > MAX_SKEW_SECONDS) {
    throw new FaultConfigError(`skewSeconds must be a number of seconds within ±${MAX_SKEW_SECONDS}`);
  }
  return { script: [...script], shares: { ...shares }, skewSeconds };
}

// ---------------------------------------------------------------------------------------
// The server

/**
 * createEmulator({ keys, now, log, faults, random })
 *   -> { server, state, listen(port, host) -> Promise<url>, close(), setFaults(config), getFaults() }
 *   keys:   'id:secret,...', Map or object (default testid:testsecret)
 *   now:    () => milliseconds, the real clock (default Date.now); the emulator's own clock
 *           is now() + skewSeconds
 *   log:    (line) => void, one line per request (default console.log)
 *   faults: initial fault config (JSON text or object, see parseFaults)
 *   random: () => [0, 1), draws the shares (default Math.random)
 */
export function createEmulator({
  keys = 'testid:testsecret', now = Date.now, log = console.log, faults: initialFaults, random = Math.random,
} = {}) {
  const secrets = parseKeys(keys);
  const state = seedState();

  let faults = parseFaults(initialFaults ?? {});
  let scriptAt = 0; // the script is consumed by moving this on, not by shifting the array
  const clock = () => now() + faults.skewSeconds * 1000;

  function setFaults(config) {
    faults = parseFaults(config);
    scriptAt = 0;
    return getFaults();
  }
  function getFaults() {
    return { script: faults.script.slice(scriptAt), shares: { ...faults.shares }, skewSeconds: faults.skewSeconds };
  }
  /** The next RPC request's outcome: the script first, then at most one share, else ok. */
  function drawOutcome() {
    if (scriptAt < faults.script.length) {
      const outcome = faults.script[scriptAt++];
      if (scriptAt === faults.script.length) { faults.script = []; scriptAt = 0; }
      return outcome;
    }
    let r = random();
    for (const [outcome, p] of Object.entries(faults.shares)) {
      if (r < p) return outcome;
      r -= p;
    }
    return 'ok';
  }

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
    if (Math.abs(clock() - time) > TIMESTAMP_WINDOW_MS) {
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
    // Drawn on arrival, before any await, so that the script goes in request order.
    const outcome = drawOutcome();
    const requestId = randomUUID().toUpperCase();
    const hostId = req.headers.host || '127.0.0.1';
    const params = new Map();
    let action = '';
    let format = 'JSON';
    let fault = false;
    try {
      const q = req.url.indexOf('?');
      const path = q === -1 ? req.url : req.url.slice(0, q);
      // A malformed request still gets its fault: the error is raised after the fault.
      let malformed = null;
      try {
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
      } catch (err) {
        malformed = err;
      }

      if (outcome === 'cut') {
        log(`${req.method} ${logSafe(action || '-')} cut (fault)`);
        req.socket.destroy();
        return;
      }
      if (Object.hasOwn(FAULT_ERRORS, outcome)) {
        fault = true;
        throw new ApiError(...FAULT_ERRORS[outcome]);
      }
      if (outcome.startsWith('slow:') && !(await stayed(res, Number(outcome.slice(5))))) {
        log(`${req.method} ${logSafe(action || '-')} gone (fault ${outcome})`);
        return;
      }
      if (malformed) throw malformed;

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
      send(res, 200, format, action, { RequestId: requestId, ...result }, clock());
      log(`${req.method} ${logSafe(action)} 200 -`);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(500, 'InternalError', 'The request processing has failed due to some unknown error.');
      if (!(err instanceof ApiError)) log(`emulator internal error: ${logSafe(err?.stack || err, 2000)}`);
      send(res, e.status, format, 'Error', {
        RequestId: requestId, HostId: hostId, Code: e.code, Message: e.message,
        Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(e.code)}&product=Slb`,
      }, clock());
      log(`${req.method} ${logSafe(action || '-')} ${e.status} ${e.code}${fault ? ' (fault)' : ''}`);
    }
  }

  /** POST replaces the fault config, GET shows it (the unused script only), DELETE clears it. */
  async function controlFaults(req, res) {
    const reply = (status, body, headers = {}) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(text),
        'cache-control': 'no-store', date: new Date(clock()).toUTCString(), ...headers,
      });
      res.end(text);
      log(`${req.method} ${FAULTS_PATH} ${status}${status === 200 ? '' : ` ${body.Code}`}`);
    };
    if (req.method === 'GET') return reply(200, getFaults());
    if (req.method === 'DELETE') return reply(200, setFaults({}));
    if (req.method !== 'POST') {
      return reply(405, { Code: 'MethodNotAllowed', Message: `${FAULTS_PATH} takes GET, POST and DELETE.` }, { allow: 'GET, POST, DELETE' });
    }
    let body;
    try { body = await readBody(req, MAX_BODY_BYTES); } catch (err) {
      if (err instanceof BodyTooLargeError) return reply(413, { Code: 'InvalidFaultConfig', Message: `The fault config is larger than ${MAX_BODY_BYTES} bytes.` }, { connection: 'close' });
      throw err;
    }
    try {
      return reply(200, setFaults(body.toString('utf8')));
    } catch (err) {
      if (!(err instanceof FaultConfigError)) throw err;
      return reply(400, { Code: 'InvalidFaultConfig', Message: `Invalid fault config: ${err.message}.` });
    }
  }

  // Signed GET URLs with long values exceed node's default 16 KiB header limit.
  const server = http.createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    const q = req.url.indexOf('?');
    if ((q === -1 ? req.url : req.url.slice(0, q)) === FAULTS_PATH) {
      controlFaults(req, res).catch((err) => { log(`emulator internal error: ${logSafe(err?.stack || err, 2000)}`); res.destroy(); });
    } else {
      handle(req, res);
    }
  });
  // Node's own answers to unparsable requests carry no Date: write them with the emulator's.
  server.on('clientError', (err, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) { socket.destroy(); return; }
    const [status, reason] = err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout'] : [400, 'Bad Request'];
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nDate: ${new Date(clock()).toUTCString()}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  });

  return {
    server,
    state,
    listen: async (port = 0, host = '127.0.0.1') => listen(server, port, host),
    close: () => close(server),
    setFaults,
    getFaults,
  };
}

/** Waits `ms`; resolves false at once if the client goes away meanwhile, else true. */
function stayed(res, ms) {
  return new Promise((resolve) => {
    const onClose = () => { clearTimeout(timer); resolve(false); };
    const timer = setTimeout(() => { res.off('close', onClose); resolve(true); }, ms);
    res.once('close', onClose);
  });
}

// CLI: node emulator.mjs   (EMULATOR_PORT, default 8081; EMULATOR_KEYS, default testid:testsecret;
// EMULATOR_FAULTS, a fault config as JSON, default none)
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let faults;
  try { faults = parseFaults(process.env.EMULATOR_FAULTS || '{}'); } catch (err) {
    console.error(`EMULATOR_FAULTS: ${err.message}`);
    process.exit(2);
  }
  const emulator = createEmulator({ keys: process.env.EMULATOR_KEYS || 'testid:testsecret', faults });
  const url = await emulator.listen(Number(process.env.EMULATOR_PORT || 8081), '127.0.0.1');
  console.log(`SLB emulator listening on ${url}/`);
  const stop = () => { emulator.close().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
