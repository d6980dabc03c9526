// Interim signer for the tests, used only while the project's package (pkg/node) is absent
// and SLB_TEST_REFERENCE_SIGNER=1 is set. Written from rpc-signing.md with a different
// encoding technique from the emulator's verifier (encodeURIComponent plus fix-ups rather
// than a byte loop), so that the two at least do not share code.

import { createHmac } from 'node:crypto';

// encodeURIComponent leaves !'()* alone; the RPC encoding escapes them too.
const encode = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * signRpc({ method, endpoint, accessKeyId, accessKeySecret, securityToken, params })
 *   -> { method, url, body, headers, params, canonicalQuery, stringToSign, signature }
 */
export function signRpc({ method, endpoint, accessKeyId, accessKeySecret, securityToken, params }) {
  const all = { ...params, AccessKeyId: accessKeyId };
  if (typeof securityToken === 'string' && securityToken !== '') all.SecurityToken = securityToken;
  const names = Object.keys(all).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const canonicalQuery = names.map((n) => `${encode(n)}=${encode(all[n])}`).join('&');
  const stringToSign = `${method}&%2F&${encode(canonicalQuery)}`;
  const signature = createHmac('sha1', `${accessKeySecret}&`).update(stringToSign).digest('base64');
  const query = `${canonicalQuery}&Signature=${encode(signature)}`;
  const base = endpoint.endsWith('/') ? endpoint.slice(0, -1) : endpoint;
  const signed = { method, params: all, canonicalQuery, stringToSign, signature };
  if (method === 'POST') {
    return { ...signed, url: `${base}/`, body: query, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  return { ...signed, url: `${base}/?${query}`, body: null, headers: {} };
}
