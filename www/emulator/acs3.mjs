// Signature v3 (ACS3-HMAC-SHA256), server side, written from /work/shared/api-docs/rpc-signing.md
// section 7 and tests/vectors/README.md, on node:crypto, and deliberately independent of
// the project's signer: the emulator is what judges it.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { percentEncode } from './verifier.mjs';

export const ACS3 = 'ACS3-HMAC-SHA256';

/** Lower-case hex SHA-256 of a string (as UTF-8) or a Buffer. */
export const sha256Hex = (data) => createHash('sha256').update(data).digest('hex');

// Plain `<` compares UTF-16 code units, the order the official util's `sort()` uses.
const byName = ([a], [b]) => (a < b ? -1 : a > b ? 1 : 0);

/** Query pairs sorted by name, `name=value` with the value percent-encoded and the name as it is (as the util does). */
export function canonicalQuery(pairs) {
  return [...pairs].sort(byName).map(([name, value]) => `${name}=${percentEncode(value)}`).join('&');
}

/** `name:value\n` for each signed header (lower-case names, sorted), the value trimmed. */
export function canonicalHeaders(headers, signedHeaders) {
  return [...signedHeaders].sort().map((name) => `${name}:${String(headers[name] ?? '').trim()}\n`).join('');
}

/** `METHOD\n/\nquery\nheaders\nsignedHeaders\ncontentSha256`. */
export function canonicalRequest({ method, query, headers, signedHeaders, contentSha256 }) {
  const names = [...signedHeaders].sort();
  return `${method}\n/\n${canonicalQuery(query)}\n${canonicalHeaders(headers, names)}\n${names.join(';')}\n${contentSha256}`;
}

/** `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request. */
export const stringToSign = (request) => `${ACS3}\n${sha256Hex(request)}`;

/** Lower-case hex HMAC-SHA256 of the string to sign, keyed with the bare secret. */
export const computeSignature = (toSign, secret) => createHmac('sha256', secret).update(toSign, 'utf8').digest('hex');

/**
 * `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>` as
 * { credential, signedHeaders: [names], signature }, or null when it is not one.
 */
export function parseAuthorization(value) {
  const m = /^ACS3-HMAC-SHA256 Credential=([^,]*),SignedHeaders=([^,]*),Signature=([0-9a-f]*)$/.exec(String(value ?? ''));
  if (!m || m[1] === '' || m[2] === '' || m[3] === '') return null;
  return { credential: m[1], signedHeaders: m[2].split(';'), signature: m[3] };
}

/**
 * Checks `signature` against what the server computes for the request:
 * { method, query: [[name, value]], headers: { lower-case name: value }, signedHeaders, contentSha256 }.
 * Returns { ok, canonicalRequest, stringToSign, signature }, the last three the server's own.
 */
export function verifySignature(request, signature, secret) {
  const ours = canonicalRequest(request);
  const toSign = stringToSign(ours);
  const wanted = computeSignature(toSign, secret);
  const given = Buffer.from(String(signature), 'utf8');
  const ok = given.length === wanted.length && timingSafeEqual(given, Buffer.from(wanted, 'utf8'));
  return { ok, canonicalRequest: ours, stringToSign: toSign, signature: wanted };
}
