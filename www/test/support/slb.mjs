// Helpers for tests that sign requests for the emulator with the support signer.

import { signRpc } from './signer.mjs';
import { request } from './http.mjs';

export { commonParams, utcTimestamp } from './params.mjs';

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
