// HTTP helpers for the tests: raw requests (the path is sent exactly as given, which fetch
// would normalise) and a scriptable upstream on 127.0.0.1.

import http from 'node:http';
import { close, listen } from '../../lib/http.mjs';

/**
 * Sends one request and resolves with { status, headers, body: Buffer, text, json() }.
 * `target` is either a full http URL (its path and query sent verbatim) or { origin, path }.
 */
export function request(target, { method = 'GET', headers = {}, body } = {}) {
  const { origin, path } = typeof target === 'string' ? splitUrl(target) : target;
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path, method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        const text = buf.toString('utf8');
        resolve({ status: res.statusCode, headers: res.headers, body: buf, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    // Bytes: Node writes the headers in a string body's encoding when it sends them
    // together (UTF-8), and alone in Latin-1, as fetch does.
    req.end(typeof body === 'string' ? Buffer.from(body, 'utf8') : body ?? undefined);
  });
}

function splitUrl(url) {
  const m = /^(https?:\/\/[^/?#]+)(.*)$/.exec(url);
  if (!m) throw new Error(`not an http URL: ${url}`);
  return { origin: m[1], path: m[2] || '/' };
}

/**
 * A test upstream on 127.0.0.1. By default it echoes what it got as JSON:
 * { method, url, headers, body (base64) }. Set `upstream.handler = (req, res, body) => ...`
 * to script it; `upstream.hits` counts requests.
 */
export async function startUpstream() {
  const upstream = { hits: 0, handler: null };
  const server = http.createServer((req, res) => {
    upstream.hits++;
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (upstream.handler) return upstream.handler(req, res, body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: body.toString('base64') }));
    });
  });
  upstream.server = server;
  upstream.origin = await listen(server, 0, '127.0.0.1');
  upstream.close = () => { server.closeAllConnections(); return close(server); };
  return upstream;
}

/** An origin on 127.0.0.1 where nothing listens (a port just released). */
export async function closedOrigin() {
  const server = http.createServer();
  const origin = await listen(server, 0, '127.0.0.1');
  await close(server);
  return origin;
}
