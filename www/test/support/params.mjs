// Common parameters for test requests (no signer needed here).

import { randomUUID } from 'node:crypto';

/** `YYYY-MM-DDThh:mm:ssZ` for a time in milliseconds. */
export const utcTimestamp = (ms = Date.now()) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The common parameters of a fresh request (its own nonce, a current timestamp). */
export function commonParams(action, { now = Date.now(), format = 'JSON' } = {}) {
  return {
    Action: action, Version: '2014-05-15', Format: format, Timestamp: utcTimestamp(now),
    SignatureNonce: randomUUID(), SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0',
  };
}
