// Helpers for tests that sign requests for the emulator with the support signer.

import { after, before } from 'node:test';
import { createEmulator } from '../../emulator.mjs';
import { signRpc } from './signer.mjs';
import { request } from './http.mjs';

export { commonParams, utcTimestamp } from './params.mjs';

/**
 * One quiet emulator for a test file, knowing `keys` (id to secret): started before its
 * tests, closed after them. Returns { endpoint }, filled in once it listens.
 */
export function emulatorForFile(keys) {
  const started = {};
  let emulator;
  before(async () => {
    emulator = createEmulator({ keys, log: () => {} });
    started.endpoint = await emulator.listen(0, '127.0.0.1');
  });
  after(() => emulator.close());
  return started;
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
