// Faults: scripted or random misbehaviour, for testing clients' retry logic, and the
// /_faults control that sets them.

import { BodyTooLargeError, readBody } from '../lib/http.mjs';

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
const MAX_CONFIG_BYTES = 1024 * 1024;
const FAULT_FIELDS = ['script', 'shares', 'skewSeconds', 'processingMs'];

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

function parseConfigObject(json) {
  let config = json;
  if (typeof json === 'string') {
    try { config = JSON.parse(json); } catch (err) { throw new FaultConfigError(`the fault config is not valid JSON (${err.message})`); }
  }
  if (!isPlainObject(config)) throw new FaultConfigError('the fault config must be a JSON object');
  for (const key of Object.keys(config)) {
    if (!FAULT_FIELDS.includes(key)) throw new FaultConfigError(`unknown field "${key}" (allowed: ${FAULT_FIELDS.join(', ')})`);
  }
  return config;
}

function checkShares(shares) {
  if (!isPlainObject(shares)) throw new FaultConfigError('shares must be an object of outcome: probability');
  let sum = 0;
  for (const [o, p] of Object.entries(shares)) {
    checkOutcome(o, 'shares');
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new FaultConfigError(`shares.${o} must be a probability from 0 to 1`);
    sum += p;
  }
  // A little slack so that e.g. 0.1 + 0.2 + 0.7 passes.
  if (sum > 1 + 1e-9) throw new FaultConfigError(`the shares add up to ${sum}, more than 1`);
}

/**
 * Parses and checks a fault config (JSON text, or an already parsed value):
 * { script: [outcome...], shares: { outcome: probability }, skewSeconds: number,
 * processingMs: number }, every field optional. Returns a normalised copy; throws
 * FaultConfigError naming what is wrong.
 */
export function parseFaults(json) {
  const { script = [], shares = {}, skewSeconds = 0, processingMs = 0 } = parseConfigObject(json);
  if (!Array.isArray(script)) throw new FaultConfigError('script must be an array of outcomes');
  if (script.length > MAX_SCRIPT) throw new FaultConfigError(`script holds ${script.length} outcomes, more than ${MAX_SCRIPT}`);
  script.forEach((o, i) => checkOutcome(o, `script[${i}]`));
  checkShares(shares);
  if (typeof skewSeconds !== 'number' || !Number.isFinite(skewSeconds) || Math.abs(skewSeconds) > MAX_SKEW_SECONDS) {
    throw new FaultConfigError(`skewSeconds must be a number of seconds within ±${MAX_SKEW_SECONDS}`);
  }
  if (!Number.isInteger(processingMs) || processingMs < 0 || processingMs > MAX_SLOW_MS) {
    throw new FaultConfigError(`processingMs must be a whole number of milliseconds from 0 to ${MAX_SLOW_MS}`);
  }
  return { script: [...script], shares: { ...shares }, skewSeconds, processingMs };
}

/**
 * The live fault config of one emulator: { set(config), get(), draw(), skewMs(),
 * processingMs() }. `random` draws the shares.
 */
export function createFaults(initial, random) {
  let faults = parseFaults(initial ?? {});
  let scriptAt = 0; // the script is consumed by moving this on, not by shifting the array

  const get = () => ({ ...faults, script: faults.script.slice(scriptAt), shares: { ...faults.shares } });
  function set(config) {
    faults = parseFaults(config);
    scriptAt = 0;
    return get();
  }
  /** The next RPC request's outcome: the script first, then at most one share, else ok. */
  function draw() {
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
  return { set, get, draw, skewMs: () => faults.skewSeconds * 1000, processingMs: () => faults.processingMs };
}

/**
 * Answers a /_faults request: POST replaces the fault config, GET shows it (the unused
 * script only), DELETE clears it. `date` is the emulator's clock in ms.
 */
export async function controlFaults(req, res, faults, { date, log }) {
  const reply = (status, body, headers = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store', date: new Date(date()).toUTCString(), ...headers,
    });
    res.end(text);
    log(`${req.method} ${FAULTS_PATH} ${status}${status === 200 ? '' : ` ${body.Code}`}`);
  };
  if (req.method === 'GET') return reply(200, faults.get());
  if (req.method === 'DELETE') return reply(200, faults.set({}));
  if (req.method !== 'POST') {
    return reply(405, { Code: 'MethodNotAllowed', Message: `${FAULTS_PATH} takes GET, POST and DELETE.` }, { allow: 'GET, POST, DELETE' });
  }
  let body;
  try { body = await readBody(req, MAX_CONFIG_BYTES); } catch (err) {
    if (err instanceof BodyTooLargeError) return reply(413, { Code: 'InvalidFaultConfig', Message: `The fault config is larger than ${MAX_CONFIG_BYTES} bytes.` }, { connection: 'close' });
    throw err;
  }
  try {
    return reply(200, faults.set(body.toString('utf8')));
  } catch (err) {
    if (!(err instanceof FaultConfigError)) throw err;
    return reply(400, { Code: 'InvalidFaultConfig', Message: `Invalid fault config: ${err.message}.` });
  }
}

/** Waits `ms`; resolves false at once if the client goes away meanwhile, else true. */
export function stayed(res, ms) {
  return new Promise((resolve) => {
    const onClose = () => { clearTimeout(timer); resolve(false); };
    const timer = setTimeout(() => { res.off('close', onClose); resolve(true); }, ms);
    res.once('close', onClose);
  });
}
