// The common parameters of every RPC request: key, Timestamp window, signature, nonce;
// signature v1 in the parameters, or v3 (ACS3-HMAC-SHA256) in the headers.

import * as acs3 from './acs3.mjs';
import { ApiError, missing } from './errors.mjs';
import { verifySignature } from './verifier.mjs';

export const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;
// A nonce older than this is outside any Timestamp window that could carry it again.
const NONCE_MEMORY_MS = 2 * TIMESTAMP_WINDOW_MS;
// Checked in this order; each missing one is reported as Missing{Name}.
const REQUIRED_COMMON = ['AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp'];
// v3's, checked in this order; each missing one is reported as MissingParameter.
const REQUIRED_ACS3 = ['x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256'];
const mismatch = (toSign) => new ApiError(400, 'SignatureDoesNotMatch',
  `Specified signature is not matched with our calculation. server string to sign is:${toSign}`);

/** Parses `id:secret,id2:secret2` (a secret may itself hold `:`), a Map or a plain object. */
export function parseKeys(keys) {
  if (keys instanceof Map) return new Map(keys);
  if (keys && typeof keys === 'object') return new Map(Object.entries(keys));
  const map = new Map();
  for (const item of String(keys).split(',')) {
    const colon = item.indexOf(':');
    if (colon > 0) map.set(item.slice(0, colon).trim(), item.slice(colon + 1).trim());
  }
  return map;
}

/** `YYYY-MM-DDThh:mm:ssZ` as ms, or NaN for any other spelling or a date that does not exist. */
function parseTimestamp(ts) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(ts);
  const time = m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
  // Date.UTC rolls 02-30 over into March: a real date reads back the same.
  return !Number.isNaN(time) && utcSeconds(time) === ts ? time : NaN;
}

/** ms as `YYYY-MM-DDThh:mm:ssZ`, the service's spelling of a time. */
export const utcSeconds = (ms) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

function checkMethodAndVersion(params) {
  if (params.get('SignatureMethod') !== 'HMAC-SHA1') {
    throw new ApiError(400, 'InvalidSignatureMethod', 'Specified signature method is not supported: use HMAC-SHA1.');
  }
  if (params.get('SignatureVersion') !== '1.0') {
    throw new ApiError(400, 'InvalidSignatureVersion', 'Specified signature version is not supported: use 1.0.');
  }
}

/**
 * authenticate(req, { params, query, body }) for one emulator: throws the service's error
 * for the first common parameter (v1) or header (v3, when the request has an
 * Authorization) that fails. `nonces` (Map) remembers used nonces; `now` is the real
 * clock, `clock` the emulator's (skewed) one.
 */
export function createAuthenticator({ secrets, nonces, now, clock }) {
  function rememberNonce(keyId, nonce) {
    const t = now();
    // The Map keeps arrival order, so expired nonces are at its front: drop them from there
    // and stop at the first live one (amortised O(1), not a full scan per request).
    for (const [k, seenAt] of nonces) {
      if (t - seenAt <= NONCE_MEMORY_MS) break;
      nonces.delete(k);
    }
    const key = `${keyId}\n${nonce}`;
    if (nonces.has(key)) return false;
    nonces.set(key, t);
    return true;
  }

  function secretOf(keyId) {
    if (!secrets.has(keyId)) throw new ApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    return secrets.get(keyId);
  }

  function checkTime(timestamp) {
    const time = parseTimestamp(timestamp);
    if (Number.isNaN(time)) {
      throw new ApiError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
    }
    if (Math.abs(clock() - time) > TIMESTAMP_WINDOW_MS) {
      throw new ApiError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    }
  }

  function checkNonce(keyId, nonce) {
    if (!rememberNonce(keyId, nonce)) {
      throw new ApiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    }
  }

  function authenticateV1(method, params) {
    for (const name of REQUIRED_COMMON) {
      if (!params.get(name)) throw missing(name, `Missing${name}`);
    }
    checkMethodAndVersion(params);
    const keyId = params.get('AccessKeyId');
    const secret = secretOf(keyId);
    checkTime(params.get('Timestamp'));
    const check = verifySignature(method, params, secret);
    if (!check.ok) throw mismatch(check.stringToSign);
    checkNonce(keyId, params.get('SignatureNonce'));
  }

  /** Authorization, the x-acs-* headers (each signed, as host is), key, date, body hash, signature, nonce. */
  function authenticateAcs3(req, { query, body }) {
    const { headers } = req;
    const auth = acs3.parseAuthorization(headers.authorization);
    if (!auth) {
      throw new ApiError(400, 'IncompleteSignature',
        `The Authorization header is not "${acs3.ACS3} Credential=<id>,SignedHeaders=<names>,Signature=<hex>".`);
    }
    for (const name of REQUIRED_ACS3) if (!headers[name]) throw missing(name);
    const unsigned = ['host', ...Object.keys(headers).filter((n) => n.startsWith('x-acs-'))]
      .find((name) => !auth.signedHeaders.includes(name));
    if (unsigned) throw new ApiError(400, 'IncompleteSignature', `The header ${unsigned} is sent but not signed.`);
    const secret = secretOf(auth.credential);
    checkTime(headers['x-acs-date']);
    const contentSha256 = acs3.sha256Hex(body);
    if (headers['x-acs-content-sha256'] !== contentSha256) {
      throw new ApiError(400, 'ContentSha256Mismatch', 'The x-acs-content-sha256 header is not the SHA-256 of the body received.');
    }
    const check = acs3.verifySignature(
      { method: req.method, query, headers, signedHeaders: auth.signedHeaders, contentSha256 }, auth.signature, secret);
    if (!check.ok) throw mismatch(check.stringToSign);
    checkNonce(auth.credential, headers['x-acs-signature-nonce']);
  }

  return function authenticate(req, read) {
    if (req.headers.authorization === undefined) authenticateV1(req.method, read.params);
    else authenticateAcs3(req, read);
  };
}
