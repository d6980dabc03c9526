// Signature v1.0, server side, written from /work/shared/api-docs/rpc-signing.md section 2
// and deliberately independent of the project's signer: the emulator is what judges it.

import { createHmac, timingSafeEqual } from 'node:crypto';

/** Percent-encodes the UTF-8 bytes of `s`, leaving only A-Z a-z 0-9 - _ . ~ as they are. */
export function percentEncode(s) {
  let out = '';
  for (const byte of Buffer.from(String(s), 'utf8')) {
    const unreserved = (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
      || (byte >= 0x30 && byte <= 0x39) || byte === 0x2d || byte === 0x5f || byte === 0x2e || byte === 0x7e;
    out += unreserved ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function entriesOf(params) {
  return params instanceof Map ? [...params.entries()] : Object.entries(params);
}

/** Sorted `name=value` pairs of every parameter except Signature. */
export function canonicalQuery(params) {
  return entriesOf(params)
    .filter(([name]) => name !== 'Signature')
    // Plain `<` compares UTF-16 code units, the order the service (Java) and pop-core use.
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
    .join('&');
}

/** `METHOD&%2F&` + percentEncode(canonical query). */
export function stringToSign(method, params) {
  return `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
}

/** base64 HMAC-SHA1 of the string to sign, keyed with `secret + "&"`. */
export function computeSignature(toSign, secret) {
  return createHmac('sha1', `${secret}&`).update(toSign, 'utf8').digest('base64');
}

/**
 * Checks params.Signature against what the server computes for `method` and `secret`.
 * Returns { ok, stringToSign, signature } where signature is the server's own.
 */
export function verifySignature(method, params, secret) {
  const toSign = stringToSign(method, params);
  const signature = computeSignature(toSign, secret);
  const given = Buffer.from(String((params instanceof Map ? params.get('Signature') : params.Signature) ?? ''), 'utf8');
  const wanted = Buffer.from(signature, 'utf8');
  const ok = given.length === wanted.length && timingSafeEqual(given, wanted);
  return { ok, stringToSign: toSign, signature };
}
