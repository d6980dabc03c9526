// Static file server for the demo page plus a narrow fetch proxy to SLB endpoints
// (browsers cannot call them directly: they send no CORS headers).
//
// Proxy decisions:
// - The target comes from the raw `url` query parameter, percent-decoded once (`+` stays
//   `+`); `/proxy` takes no other parameter, so an unencoded target URL, whose own `&`
//   would split it, is refused instead of being forwarded cut short.
// - The target is checked as written, not as WHATWG URL would normalise it: lower-case
//   scheme and host only, printable ASCII only (no tabs, spaces or backslashes), no user
//   info, no port, no IP literal, path `/` or empty, no fragment. The emulator origin is
//   matched exactly as configured (e.g. `http://127.0.0.1:8081`).
// - It is forwarded byte for byte with node:http(s), which follows no redirects. An
//   upstream 3xx becomes 502 (ProxyUpstreamRedirect): the SLB API never redirects, and
//   passing a Location on would let the browser follow it.
// - Only content-type, accept and signature v3's signed headers (x-acs-*, and an
//   authorization that is an ACS3-HMAC-SHA256 signature, never the browser's own
//   credentials) go upstream; status, content-type, date and body come back.
// - Logs show target URLs with the Signature and SecurityToken values (and any user
//   info) replaced by `***`; bodies are never logged.
//
// Who may ask (the page holds an AccessKey secret; the proxy forwards for whoever reaches it):
// - Every path answers only Hosts it serves: 127.0.0.1, localhost, [::1] and the configured
//   names, without a port or with the one the request came in on. A DNS-rebinding page's
//   requests carry its own name in Host, so they get 403.
// - `/proxy` also refuses an `Origin` other than the server's own (a cross-site form post or
//   fetch); requests without one (same-origin GETs, Node, curl) pass.

import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BodyTimeoutError, BodyTooLargeError, close, listen, logSafe, readBody } from './lib/http.mjs';
import { decodeForm } from './lib/form.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const MAX_PROXY_BODY_BYTES = 64 * 1024;
const MAX_UPSTREAM_BODY_BYTES = 8 * 1024 * 1024;
// Idle kept-alive upstream sockets are dropped after this (or a second before the server's
// `Keep-Alive: timeout=`), before servers drop them (node's own default is 5 s): reusing a
// socket the server is closing fails the request. Node 20 reads the hint only when this is set.
const UPSTREAM_IDLE_MS = 4000;

// ---------------------------------------------------------------------------------------
// Target allow-list

const REGION = '[a-z0-9]+(?:-[a-z0-9]+)*';
const SLB_HOST = new RegExp(`^(?:slb\\.aliyuncs\\.com|slb\\.${REGION}\\.aliyuncs\\.com|slb-vpc\\.${REGION}\\.aliyuncs\\.com)$`);

const refuse = (status, reason) => ({ ok: false, status, reason });

/**
 * Decides whether the proxy may forward to `raw` (the decoded `url` parameter).
 * Returns { ok: true, reason, target: { protocol, hostname, port, path } } or
 * { ok: false, status: 400 | 403, reason }.
 */
export function isAllowedTarget(raw, { emulatorOrigin } = {}) {
  if (typeof raw !== 'string' || raw === '') return refuse(400, 'the url parameter is missing');
  let parsed;
  try { parsed = new URL(raw); } catch { return refuse(400, 'the url parameter is not a valid URL'); }

  // WHATWG parsing silently drops tabs and newlines and reads `\` as `/`: refuse anything
  // it could rewrite, so that what is checked is what is sent.
  if (!/^[\x21-\x7e]+$/.test(raw)) return refuse(403, 'the url may hold only printable ASCII, without spaces');
  if (raw.includes('\\')) return refuse(403, 'the url may not hold a backslash');

  const m = /^([^:/?#]+):(.*)$/.exec(raw);
  const scheme = m ? m[1] : '';
  if (scheme !== 'https' && scheme !== 'http') return refuse(403, `the scheme "${scheme}:" is not allowed: use https`);
  if (!m[2].startsWith('//')) return refuse(403, 'the url must start with https://');
  const afterScheme = m[2].slice(2);
  const authorityEnd = afterScheme.search(/[/?#]/);
  const authority = authorityEnd === -1 ? afterScheme : afterScheme.slice(0, authorityEnd);
  const rest = authorityEnd === -1 ? '' : afterScheme.slice(authorityEnd);
  if (authority.includes('@')) return refuse(403, 'user info in the url is not allowed');

  const origin = `${scheme}://${authority}`;
  const isEmulator = Boolean(emulatorOrigin) && origin === new URL(emulatorOrigin).origin;
  const colon = authority.lastIndexOf(':');
  const bracketed = authority.startsWith('[') && authority.endsWith(']'); // IPv6 without a port
  const hostname = colon === -1 || bracketed ? authority : authority.slice(0, colon);
  const port = hostname === authority ? '' : authority.slice(colon + 1);
  if (!isEmulator) {
    if (hostname.startsWith('[') || net.isIP(hostname) || net.isIP(parsed.hostname.replace(/^\[|\]$/g, ''))) {
      return refuse(403, 'IP addresses are not allowed: use an SLB endpoint host name');
    }
    if (hostname !== hostname.toLowerCase()) return refuse(403, 'the host name must be lower-case');
    if (!SLB_HOST.test(hostname)) {
      return refuse(403, `the host "${hostname}" is not an SLB endpoint (slb.aliyuncs.com, slb.<region>.aliyuncs.com, slb-vpc.<region>.aliyuncs.com)`);
    }
    if (scheme !== 'https') return refuse(403, 'only https is allowed to SLB endpoints');
    if (colon !== -1) return refuse(403, 'an explicit port is not allowed');
  }
  if (rest.includes('#')) return refuse(403, 'a fragment is not allowed in the url');
  if (!/^\/?(?:\?.*)?$/.test(rest)) return refuse(403, 'the url path must be / or empty');
  // Belt and braces: the standard parser must see the same origin.
  if (parsed.origin !== origin) return refuse(403, 'the url is ambiguous');

  const pathAndQuery = rest.startsWith('/') ? rest : `/${rest}`;
  return {
    ok: true,
    reason: isEmulator ? 'emulator origin' : 'SLB endpoint',
    target: { protocol: `${scheme}:`, hostname, port: port || (scheme === 'https' ? '443' : '80'), path: pathAndQuery },
  };
}

// ---------------------------------------------------------------------------------------
// What goes upstream

const ACS3_AUTHORIZATION = /^ACS3-HMAC-SHA256 /;

/** Signature v3's headers among a request's: every x-acs-*, and its authorization. */
function signedHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('x-acs-') || (name === 'authorization' && ACS3_AUTHORIZATION.test(value))) out[name] = value;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Log redaction

const SECRET_PARAMS = new Set(['signature', 'securitytoken', 'accesskeysecret']);

/** The URL with secret parameter values and user info replaced by `***`, fragment dropped. */
export function redactUrl(raw) {
  let s = String(raw).replace(/^([^:/?#]*:\/\/)[^/?#]*@/, '$1***@');
  const hash = s.indexOf('#');
  if (hash !== -1) s = s.slice(0, hash);
  const q = s.indexOf('?');
  if (q === -1) return s;
  const query = s.slice(q + 1).split('&').map((piece) => {
    const eq = piece.indexOf('=');
    const name = eq === -1 ? piece : piece.slice(0, eq);
    const decoded = decodeForm(`${name}=`)[0]?.[0] ?? '';
    return SECRET_PARAMS.has(decoded.trim().toLowerCase()) ? `${name}=***` : piece;
  });
  return `${s.slice(0, q + 1)}${query.join('&')}`;
}

// ---------------------------------------------------------------------------------------
// Who may ask: Host and Origin

const LOCAL_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];
const HOST_NAME = /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)$/;

/** `ALLOWED_HOSTS=a.example,b.example` as a list of names. */
export const parseAllowedHosts = (value = '') => value.split(',').map((name) => name.trim()).filter(Boolean);

/** The local names and `extra`, lower-cased; a scheme, port or path in a name is an error. */
function servedHosts(extra) {
  const names = extra.map((name) => String(name).toLowerCase());
  const bad = names.find((name) => !HOST_NAME.test(name));
  if (bad !== undefined) throw new TypeError(`allowedHosts: "${bad}" is not a host name (e.g. demo.example, no scheme or port)`);
  return new Set([...LOCAL_HOSTS, ...names]);
}

/** Whether a Host header names a served host, without a port or with `port`. */
function isServedHost(host, port, served) {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host ?? '');
  return Boolean(m) && served.has(m[1].toLowerCase()) && (m[2] === undefined || m[2] === String(port));
}

/**
 * Whether a request's Origin is absent or this server's own, as its (served) Host gives it.
 * https too: a TLS proxy in front of a configured name serves the page as https.
 */
function isOwnOrigin(origin, host) {
  if (origin === undefined) return true;
  const own = host.toLowerCase();
  return [`http://${own}`, `https://${own}`].includes(origin.toLowerCase());
}

// ---------------------------------------------------------------------------------------
// Static files

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

const PLACEHOLDER = '<!doctype html><meta charset="utf-8"><title>aliyun-slb-wasm</title>'
  + '<p>The demo page (index.html) is not built yet. The proxy is at <code>/proxy?url=</code>.</p>\n';

/**
 * Maps a request path to a file under one of the roots, or null. Every segment is decoded
 * once and must be a plain name: no empty, `.`, `..` or hidden segment, no `/`, `\` or NUL
 * inside one; the resolved real path must stay inside the root (symlinks included).
 */
async function resolveStatic(pathname, roots) {
  const [base, rest] = pathname.startsWith('/pkg/') ? [roots.pkg, pathname.slice(5)] : [roots.www, pathname.slice(1)];
  const segments = [];
  for (const raw of rest.split('/')) {
    let seg;
    try { seg = decodeURIComponent(raw); } catch { return null; }
    if (seg === '' || seg.startsWith('.') || /[/\\\0]/.test(seg)) return null;
    segments.push(seg);
  }
  const type = TYPES[path.extname(segments.at(-1) ?? '').toLowerCase()];
  if (!type) return null;
  try {
    const realBase = await realpath(base);
    const file = await realpath(path.join(realBase, ...segments));
    if (!file.startsWith(realBase + path.sep)) return null;
    const info = await stat(file);
    return info.isFile() ? { file, type, size: info.size } : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------
// The server

// On every response. The page holds an AccessKey secret: it runs only its own scripts and
// wasm, talks only to this server, is never framed, submits no form natively (app.mjs sends),
// leaks no URL in Referer and shares no window with other origins.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self'", "object-src 'none'",
  "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');
const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
};

function sendJsonError(res, status, code, message, extraHeaders = {}) {
  const body = JSON.stringify({ Code: code, Message: message });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...extraHeaders,
  });
  res.end(body);
}

/**
 * createServer({ root, pkgRoot, emulatorOrigin, allowedHosts, upstreamTimeoutMs, log })
 *   -> { server, listen(port, host) -> Promise<url>, close() }
 *   root:    folder served at / (default: this www/ folder)
 *   pkgRoot: folder served at /pkg/ (default: the repository's pkg/)
 *   emulatorOrigin: one more allowed proxy target origin, e.g. http://127.0.0.1:8081
 *   allowedHosts: host names served besides 127.0.0.1, localhost and [::1], e.g. ['demo.example']
 *   upstreamTimeoutMs: whole upstream exchange, else 504 (default 15000)
 *   bodyTimeoutMs: the whole request body must arrive within this, else 408 (default 15000)
 *   log:     (line) => void (default console.log)
 */
export function createServer({
  root = HERE,
  pkgRoot = path.join(HERE, '..', 'pkg'),
  emulatorOrigin,
  allowedHosts = [],
  upstreamTimeoutMs = 15000,
  bodyTimeoutMs = 15000,
  log = console.log,
} = {}) {
  const roots = { www: path.resolve(root), pkg: path.resolve(pkgRoot) };
  const served = servedHosts(allowedHosts);
  const agentOptions = { keepAlive: true, timeout: UPSTREAM_IDLE_MS };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

  async function proxy(req, res, rawQuery) {
    const started = Date.now();
    let shown = '(no url)';
    const done = (status, code) => log(`${req.method} /proxy ${shown} -> ${status}${code ? ` ${code}` : ''} ${Date.now() - started}ms`);
    const fail = (status, code, message, headers) => { sendJsonError(res, status, code, message, headers); done(status, code); };

    if (!isOwnOrigin(req.headers.origin, req.headers.host)) {
      const origin = logSafe(req.headers.origin, 100);
      return fail(403, 'ProxyOriginNotAllowed', `Refused: the Origin ${origin} is not this server's; the proxy answers only its own page.`);
    }
    if (req.method !== 'GET' && req.method !== 'POST') {
      return fail(405, 'ProxyMethodNotAllowed', 'The proxy accepts GET and POST only.', { allow: 'GET, POST' });
    }
    const pieces = rawQuery === null ? [] : rawQuery.split('&');
    if (pieces.length !== 1 || !pieces[0].startsWith('url=')) {
      return fail(400, 'ProxyBadRequest', 'Use /proxy?url=<target URL encoded with encodeURIComponent> and no other parameter.');
    }
    let raw;
    try { raw = decodeURIComponent(pieces[0].slice(4)); } catch {
      return fail(400, 'ProxyBadRequest', 'The url parameter is not valid percent-encoding.');
    }
    shown = logSafe(redactUrl(raw), 500);
    const verdict = isAllowedTarget(raw, { emulatorOrigin });
    if (!verdict.ok) {
      return fail(verdict.status, verdict.status === 400 ? 'ProxyBadRequest' : 'ProxyForbidden', `Refused: ${verdict.reason}.`);
    }

    let body = null;
    if (req.method === 'POST') {
      try {
        body = await readBody(req, MAX_PROXY_BODY_BYTES, { timeoutMs: bodyTimeoutMs });
      } catch (err) {
        if (err instanceof BodyTooLargeError) {
          return fail(413, 'ProxyBodyTooLarge', `The request body is larger than ${MAX_PROXY_BODY_BYTES} bytes.`, { connection: 'close' });
        }
        if (err instanceof BodyTimeoutError) {
          return fail(408, 'ProxyRequestTimeout', `The request body did not arrive within ${bodyTimeoutMs} ms.`, { connection: 'close' });
        }
        return fail(400, 'ProxyBadRequest', 'The request body could not be read.');
      }
    }

    const { target } = verdict;
    const headers = signedHeaders(req.headers);
    if (body && req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
    if (req.headers.accept) headers.accept = req.headers.accept;
    if (body) headers['content-length'] = String(body.length);

    const outcome = await new Promise((resolve) => {
      const transport = target.protocol === 'https:' ? https : http;
      let upstream;
      const settle = (result) => { clearTimeout(timer); resolve(result); };
      const attempt = (mayRetry) => {
        let answered = false;
        upstream = transport.request({
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          path: target.path,
          method: req.method,
          headers,
          agent: agents[target.protocol],
        }, (up) => {
          answered = true;
          const chunks = [];
          let size = 0;
          up.on('data', (chunk) => {
            size += chunk.length;
            if (size > MAX_UPSTREAM_BODY_BYTES) { upstream.destroy(); settle({ error: 'too-large' }); return; }
            chunks.push(chunk);
          });
          up.on('end', () => settle({ status: up.statusCode, type: up.headers['content-type'], date: up.headers.date, body: Buffer.concat(chunks) }));
          up.on('error', (err) => settle({ error: 'unreachable', detail: err.code || err.message }));
        });
        upstream.on('error', (err) => {
          // A kept-alive socket the server closed just as it was reused: the request did not
          // get there, so send it once more (node's documented remedy). Were it to have got
          // there, its nonce would make the copy fail rather than act twice.
          if (mayRetry && !answered && upstream.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) {
            attempt(false);
            return;
          }
          settle({ error: 'unreachable', detail: err.code || err.message });
        });
        upstream.end(body ?? undefined);
      };
      const timer = setTimeout(() => { resolve({ error: 'timeout' }); upstream.destroy(); }, upstreamTimeoutMs);
      // The browser gave up: stop the upstream call too.
      res.on('close', () => { if (!res.writableFinished) upstream.destroy(); });
      attempt(true);
    });

    if (outcome.error === 'timeout') {
      return fail(504, 'ProxyUpstreamTimeout', `The upstream did not answer within ${upstreamTimeoutMs} ms.`);
    }
    if (outcome.error === 'too-large') {
      return fail(502, 'ProxyUpstreamTooLarge', `The upstream response is larger than ${MAX_UPSTREAM_BODY_BYTES} bytes.`);
    }
    if (outcome.error) return fail(502, 'ProxyUpstreamUnreachable', `The upstream could not be reached (${outcome.detail}).`);
    if (outcome.status >= 300 && outcome.status < 400) {
      return fail(502, 'ProxyUpstreamRedirect', `The upstream answered ${outcome.status} (a redirect); redirects are not followed.`);
    }
    const out = { 'content-length': outcome.body.length, 'cache-control': 'no-store' };
    if (outcome.type) out['content-type'] = outcome.type;
    // The service's clock, not ours: a client corrects its clock skew from this header.
    if (outcome.date) out.date = outcome.date;
    res.writeHead(outcome.status, out);
    res.end(outcome.body);
    done(outcome.status);
  }

  async function serveStatic(req, res, pathname) {
    const done = (status) => log(`${req.method} ${logSafe(pathname)} -> ${status}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed\n');
      return done(405);
    }
    let found = await resolveStatic(pathname === '/' ? '/index.html' : pathname, roots);
    if (!found && pathname === '/') found = { placeholder: true, type: TYPES['.html'], size: Buffer.byteLength(PLACEHOLDER) };
    if (!found) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
      return done(404);
    }
    res.writeHead(200, {
      'content-type': found.type,
      'content-length': found.size,
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else if (found.placeholder) res.end(PLACEHOLDER);
    else createReadStream(found.file).pipe(res);
    return done(200);
  }

  function refuseHost(req, res) {
    const host = logSafe(req.headers.host ?? '', 100);
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`Blocked request: this server does not answer to the host "${host}". To allow a host name, add it to `
      + `ALLOWED_HOSTS (comma-separated; createServer option allowedHosts); a port, if given, must be ${req.socket.localPort}.\n`);
    log(`${req.method} (host "${host}" not allowed) -> 403`);
  }

  async function handle(req, res) {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (!isServedHost(req.headers.host, req.socket.localPort, served)) return refuseHost(req, res);
    // Only origin-form targets (`/path`): no absolute-form or `*` request targets.
    if (!req.url.startsWith('/')) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Bad request\n');
      return log(`${req.method} (bad request target) -> 400`);
    }
    const q = req.url.indexOf('?');
    const pathname = q === -1 ? req.url : req.url.slice(0, q);
    if (pathname === '/proxy') return proxy(req, res, q === -1 ? null : req.url.slice(q + 1));
    if (pathname === '/config.json') {
      // Tells the page where this server's emulator is, so its default endpoint is right.
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ emulatorOrigin: emulatorOrigin ?? null }));
      return log(`${req.method} /config.json -> 200`);
    }
    return serveStatic(req, res, pathname);
  }

  const server = http.createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    handle(req, res).catch((err) => {
      log(`internal error: ${logSafe(err?.stack || err, 2000)}`);
      if (!res.headersSent) sendJsonError(res, 500, 'ProxyInternalError', 'Internal error.');
      else res.destroy();
    });
  });
  return {
    server,
    listen: (port = 0, host = '127.0.0.1') => listen(server, port, host),
    close: async () => {
      await close(server);
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

// CLI: node server.mjs   (PORT, default 8080; EMULATOR_ORIGIN, e.g. http://127.0.0.1:8081, to allow it;
// ALLOWED_HOSTS, e.g. a.example,b.example, host names served besides the local ones)
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const app = createServer({
    emulatorOrigin: process.env.EMULATOR_ORIGIN || undefined,
    allowedHosts: parseAllowedHosts(process.env.ALLOWED_HOSTS),
  });
  const url = await app.listen(Number(process.env.PORT || 8080), '127.0.0.1');
  console.log(`Open ${url}/`);
  const stop = () => { app.close().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
