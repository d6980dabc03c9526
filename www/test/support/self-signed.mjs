// Requests to the emulator signed with the emulator's own verifier functions, not the
// project's signer: tests of the emulator's actions and state run without `make package`.

import { canonicalQuery, computeSignature, percentEncode, stringToSign } from '../../emulator.mjs';
import { request } from './http.mjs';
import { commonParams } from './params.mjs';

/**
 * Sends `action` with `params` (values that are not strings are sent as JSON) to the
 * emulator at `endpoint`, signed for testid:testsecret. `now` sets the Timestamp.
 */
export function callAction(endpoint, action, params = {}, { method = 'GET', format = 'JSON', now = Date.now() } = {}) {
  const all = { ...commonParams(action, { now, format }), AccessKeyId: 'testid' };
  for (const [name, value] of Object.entries(params)) all[name] = typeof value === 'string' ? value : JSON.stringify(value);
  const signature = computeSignature(stringToSign(method, all), 'testsecret');
  const query = `${canonicalQuery(all)}&Signature=${percentEncode(signature)}`;
  if (method === 'GET') return request(`${endpoint}/?${query}`);
  return request(`${endpoint}/`, { method, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: query });
}
