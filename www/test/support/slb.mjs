// Helpers for tests that sign requests for the emulator with the support signer.

import { randomUUID } from 'node:crypto';
import { signRpc } from './signer.mjs';
import { request } from './http.mjs';

/** `YYYY-MM-DDThh:mm:ssZ` for a time in milliseconds. */
export const utcTimestamp = (ms = Date.now()) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The common parameters of a fresh request (its own nonce, a current timestamp). */
export function commonParams(action, { now = Date.now(), format = 'JSON' } = {}) {
  return {
    Action: action, Version: '2014-05-15', Format: format, Timestamp: utcTimestamp(now),
    SignatureNonce: randomUUID(), SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0',
  };
}

/** Sends what the signer produced, exactly as produced. */
export function sendSigned(signed) {
  return request(signed.url, { method: signed.method, headers: signed.headers ?? {}, body: signed.body ?? undefined });
}

/** Signs `params` for the emulator at `endpoint` and sends the request. */
export async function call(endpoint, params, {
  method = 'GET', accessKeyId = 'testid', accessKeySecret = 'testsecret', securityToken = null,
} = {}) {
  const signed = signRpc({ method, endpoint, accessKeyId, accessKeySecret, securityToken, params });
  const res = await sendSigned(signed);
  return { res, signed };
}
