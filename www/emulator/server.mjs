// createEmulator: the HTTP server, the checks every RPC request goes through, and the
// answers, with faults applied on arrival.

import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { BodyTooLargeError, close, listen, logSafe, readBody } from '../lib/http.mjs';
import { decodeForm } from '../lib/form.mjs';
import { ACTIONS } from './actions.mjs';
import { createAuthenticator, parseKeys } from './auth.mjs';
import { ApiError } from './errors.mjs';
import { FAULT_ERRORS, FAULTS_PATH, controlFaults, createFaults, stayed } from './faults.mjs';
import { METADATA_PREFIX, createMetadata } from './metadata.mjs';
import { send } from './respond.mjs';
import { seedState } from './state.mjs';
import { STS_VERSION, createSts } from './sts.mjs';

export const API_VERSION = '2014-05-15';
const MAX_BODY_BYTES = 1024 * 1024;
const NOT_FOUND_API = 'Specified api is not found, please check your url and method.';

const pathOf = (url) => {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
};

/**
 * The query's pairs, the body as received, and the query and form body as one Map (a name
 * given twice is refused). Under signature v3 (an Authorization header), Action and
 * Version come from their x-acs-* headers.
 */
async function readRequest(req) {
  const q = req.url.indexOf('?');
  const query = q === -1 ? [] : decodeForm(req.url.slice(q + 1));
  let body = Buffer.alloc(0);
  if (req.method === 'POST') {
    try { body = await readBody(req, MAX_BODY_BYTES); } catch (err) {
      if (err instanceof BodyTooLargeError) throw new ApiError(413, 'RequestEntityTooLarge', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
      throw err;
    }
  }
  const pairs = [...query];
  if (/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] || '')) pairs.push(...decodeForm(body.toString('latin1')));
  const params = new Map();
  for (const [name, value] of pairs) {
    // A name given twice has no single value to sign: refuse rather than guess.
    if (params.has(name)) throw new ApiError(400, 'InvalidParameter', `The parameter "${name}" is given more than once.`);
    params.set(name, value);
  }
  if (req.headers.authorization !== undefined) {
    params.set('Action', req.headers['x-acs-action'] ?? '');
    params.set('Version', req.headers['x-acs-version'] ?? '');
  }
  return { params, query, body };
}

const errorBody = (requestId, hostId, e) => ({
  RequestId: requestId, HostId: hostId, Code: e.code, Message: e.message,
  Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(e.code)}&product=Slb`,
});

/**
 * createEmulator({ keys, now, log, faults, processingMs, random })
 *   -> { server, state, listen(port, host) -> Promise<url>, close(), setFaults(config), getFaults(),
 *        sts (issued keys, calls), metadata (configure, requests) }
 *   STS (AssumeRole, AssumeRoleWithOIDC) answers at / too, and the ECS metadata service under /latest/.
 *   keys:   'id:secret,...', Map or object (default testid:testsecret)
 *   now:    () => milliseconds, the real clock (default Date.now); the emulator's own clock
 *           is now() + skewSeconds
 *   log:    (line) => void, one line per request (default console.log)
 *   faults: initial fault config (JSON text or object, see parseFaults)
 *   processingMs: how long a VServer group refuses changes (VServerGroupProcessing) after
 *           one; overrides the initial config's processingMs (default 0: never)
 *   random: () => [0, 1), draws the shares (default Math.random)
 */
export function createEmulator({
  keys = 'testid:testsecret', now = Date.now, log = console.log, faults: initialFaults, processingMs, random = Math.random,
} = {}) {
  const state = seedState();
  const faults = createFaults(initialFaults, random);
  if (processingMs !== undefined) faults.set({ ...faults.get(), processingMs });
  const clock = () => now() + faults.skewMs();
  const secrets = parseKeys(keys);
  const authenticate = createAuthenticator({ secrets, nonces: state.nonces, now, clock });
  const ctx = { state, now, clock, processingMs: faults.processingMs };
  const sts = createSts({ secrets, clock });
  const metadata = createMetadata({ issue: sts.issue, clock });
  const families = [[ACTIONS, API_VERSION], [sts.actions, STS_VERSION]];

  /** Runs an authenticated request's action, or throws the service's error. */
  function act(req, read) {
    if ((req.method !== 'GET' && req.method !== 'POST') || pathOf(req.url) !== '/') {
      throw new ApiError(400, 'InvalidAction.NotFound', NOT_FOUND_API);
    }
    const { params } = read;
    const action = params.get('Action');
    if (!sts.anonymous(action)) {
      authenticate(req, read);
      sts.checkToken(params);
    }
    const [actions, version] = families.find(([family]) => Object.hasOwn(family, action)) ?? [];
    if (!actions) throw new ApiError(400, 'InvalidAction.NotFound', NOT_FOUND_API);
    if (params.get('Version') !== version) {
      throw new ApiError(400, 'InvalidVersion', `Specified parameter Version is not valid: ${version} is served.`);
    }
    return actions[action](params, ctx);
  }

  /** Answers one RPC request, unless its fault cuts it or the client leaves while it is slow. */
  async function handle(req, res) {
    // Drawn on arrival, before any await, so that the script goes in request order.
    const outcome = faults.draw();
    const requestId = randomUUID().toUpperCase();
    // A malformed request still gets its fault: its own error is raised after the fault.
    const read = await readRequest(req).catch((error) => ({ error, params: new Map() }));
    const action = read.params.get('Action') || '';
    const format = String(read.params.get('Format') || '').toUpperCase() === 'XML' ? 'XML' : 'JSON';
    const faulted = Object.hasOwn(FAULT_ERRORS, outcome);
    const line = (what) => log(`${req.method} ${logSafe(action || '-')} ${what}`);
    try {
      if (outcome === 'cut') {
        line('cut (fault)');
        req.socket.destroy();
        return;
      }
      if (faulted) throw new ApiError(...FAULT_ERRORS[outcome]);
      if (outcome.startsWith('slow:') && !(await stayed(res, Number(outcome.slice(5))))) {
        line(`gone (fault ${outcome})`);
        return;
      }
      if (read.error) throw read.error;
      send(res, 200, format, action, { RequestId: requestId, ...act(req, read) }, clock());
      line('200 -');
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(500, 'InternalError', 'The request processing has failed due to some unknown error.');
      if (!(err instanceof ApiError)) log(`emulator internal error: ${logSafe(err?.stack || err, 2000)}`);
      send(res, e.status, format, 'Error', errorBody(requestId, req.headers.host || '127.0.0.1', e), clock());
      line(`${e.status} ${e.code}${faulted ? ' (fault)' : ''}`);
    }
  }

  const internalError = (res) => (err) => { log(`emulator internal error: ${logSafe(err?.stack || err, 2000)}`); res.destroy(); };
  // Signed GET URLs with long values exceed node's default 16 KiB header limit.
  const server = http.createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    if (pathOf(req.url) === FAULTS_PATH) controlFaults(req, res, faults, { date: clock, log }).catch(internalError(res));
    else if (pathOf(req.url).startsWith(METADATA_PREFIX)) metadata.handle(req, res);
    else handle(req, res).catch(internalError(res));
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
    setFaults: faults.set,
    getFaults: faults.get,
    sts,
    metadata,
  };
}
