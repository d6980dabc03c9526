// Requests to the emulator signed with the emulator's own verifier functions (v1, and v3),
// not the project's signer: tests of the emulator's actions and state run without
// `make package`.

import { randomUUID } from 'node:crypto';
import { canonicalQuery, computeSignature, percentEncode, stringToSign } from '../../emulator.mjs';
import * as acs3 from '../../emulator/acs3.mjs';
import { request } from './http.mjs';
import { commonParams, utcTimestamp } from './params.mjs';

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

/**
 * Sends `action` to the emulator at `endpoint` signed with signature v3 by the emulator's
 * own functions (emulator/acs3.mjs): `query` in the URL, `body` (text) as a form body.
 * `headers` are added after signing, `tamper(headers)` may change the signed headers;
 * resolves with { res, stringToSign }.
 */
export function callActionAcs3(endpoint, action, query = {}, {
  method = 'GET', body = null, now = Date.now(), nonce = randomUUID(), accessKeyId = 'testid', secret = 'testsecret',
  token = null, headers: extra = {}, tamper = () => {},
} = {}) {
  const headers = {
    host: new URL(endpoint).host, 'x-acs-action': action, 'x-acs-version': '2014-05-15', 'x-acs-date': utcTimestamp(now),
    'x-acs-signature-nonce': nonce, 'x-acs-content-sha256': acs3.sha256Hex(body ?? ''),
  };
  if (body !== null) headers['content-type'] = 'application/x-www-form-urlencoded';
  if (token !== null) Object.assign(headers, { 'x-acs-security-token': token, 'x-acs-accesskey-id': accessKeyId });
  const signedHeaders = Object.keys(headers);
  const pairs = Object.entries(query).map(([n, v]) => [n, typeof v === 'string' ? v : JSON.stringify(v)]);
  const contentSha256 = headers['x-acs-content-sha256'];
  const stringToSign = acs3.stringToSign(acs3.canonicalRequest({ method, query: pairs, headers, signedHeaders, contentSha256 }));
  headers.authorization = `${acs3.ACS3} Credential=${accessKeyId},SignedHeaders=${[...signedHeaders].sort().join(';')},Signature=${acs3.computeSignature(stringToSign, secret)}`;
  tamper(headers);
  const search = pairs.map(([n, v]) => `${percentEncode(n)}=${percentEncode(v)}`).join('&');
  // Node sets Host from the URL, as fetch does.
  const sent = { ...headers, ...extra };
  delete sent.host;
  return request(`${endpoint}/${search ? `?${search}` : ''}`, { method, headers: sent, body: body ?? undefined })
    .then((res) => ({ res, stringToSign }));
}
