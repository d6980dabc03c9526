// Small helpers shared by the emulator and the static/proxy server.

/** Thrown by readBody when the body exceeds its limit. */
export class BodyTooLargeError extends Error {
  constructor(limit) {
    super(`request body larger than ${limit} bytes`);
    this.limit = limit;
  }
}

/** Thrown by readBody when the body has not arrived within its time limit. */
export class BodyTimeoutError extends Error {
  constructor(timeoutMs) {
    super(`request body not received within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Reads a request body, counting bytes as they arrive so that memory stays bounded.
 * Rejects early on a declared Content-Length over the limit. On overflow the rest of the
 * body is drained and discarded so the client can still read the error response.
 * With `timeoutMs`, a body still incomplete by then rejects with BodyTimeoutError (a
 * client dribbling bytes would otherwise hold the request open for node's 5 minutes).
 */
export function readBody(req, limit, { timeoutMs } = {}) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks = [];
    let size = 0;
    let failed = false;
    const timer = timeoutMs === undefined ? null : setTimeout(() => {
      if (failed) return;
      failed = true;
      chunks.length = 0;
      reject(new BodyTimeoutError(timeoutMs));
    }, timeoutMs);
    req.on('end', () => clearTimeout(timer));
    // A client gone before the end must not leave the promise pending.
    req.on('close', () => {
      clearTimeout(timer);
      if (!failed && !req.complete) { failed = true; reject(new Error('the request closed before its body ended')); }
    });
    req.on('data', (chunk) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => { if (!failed) resolve(Buffer.concat(chunks)); });
    req.on('error', (err) => { if (!failed) { failed = true; reject(err); } });
  });
}

/** Listens on host:port (port 0 = random) and resolves with the base URL. */
export function listen(server, port = 0, host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const onError = (err) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(originOf(server));
    });
  });
}

/** `http://host:port` of a listening server. */
export function originOf(server) {
  const addr = server.address();
  const host = addr.family === 'IPv6' || addr.family === 6 ? `[${addr.address}]` : addr.address;
  return `http://${host}:${addr.port}`;
}

/** Closes the server, dropping idle keep-alive sockets so that tests end promptly. */
export function close(server) {
  return new Promise((resolve) => {
    if (!server.listening) { resolve(); return; }
    server.close(() => resolve());
    server.closeIdleConnections?.();
  });
}

/** Makes a value safe for a one-line log entry (no control characters, bounded length). */
export function logSafe(value, max = 200) {
  const s = String(value).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
