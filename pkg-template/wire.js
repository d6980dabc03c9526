// The formats that cross between the wasm exports (src/wasm/, src/js/output.rs,
// src/js/client.rs) and the package's wrapper (api.js, client.js), written down once; the
// functions below are their one reader (the rest is JSON, read by JSON.parse).
// scripts/build-package.mjs puts this file in front of api.js in each build (client.js
// imports it from there in the web build).
//
// Into wasm:
//   - Signing input: texts joined by "\n", as UTF-8 bytes (`encodeInput`). JSON.stringify
//     never writes a raw newline, so JSON texts need no escaping. `signSlbRequest` takes
//     the action, the request, credentials and options (JSON); `signRpcRequest` one JSON.
//     Bytes, not a string: wasm-bindgen copies a string argument with a loop per character.
//   - `clientStep(input, body)` (the client module), after each try of an SlbClient call:
//     `input` is JSON `{action, retry, tries, signed: {stringToSign, canonicalRequest?,
//     securityToken?, format?}, response: {status, date?} | failure: {code, message,
//     mayHaveReached}, nowMs, random}`, `body` the response's body ("" after a failure).
//     `retry`: the policy of this call (the client's option, or membership's own);
//     `tries`: `{sent, counted, clockOffsetMs, corrected}` as the last step answered it
//     (zeros and the client's learnt offset before the first try; this try not counted);
//     `failure.code`: `NetworkError` or `Timeout`; `date`: the response's Date header;
//     `nowMs`: Date.now() when it came; `random`: Math.random() for the jitter.
//   - Anything else: plain string and number arguments.
// Out of wasm:
//   - A signed request: the record below (`readRecord`), not JSON: it is read on every
//     signing, and reusing the names block saves about 5% a signing.
//   - `clientStep`: JSON, `{clockOffsetMs, attempts, result}` when the call is done
//     (`result`: the typed result), or `{waitMs, tries}` to sign afresh on the clock offset
//     `tries.clockOffsetMs` (a correction: waitMs 0) and send again after `waitMs`, passing
//     `tries` back; the call's error is thrown (below).
//   - Anything else: JSON text (issues, responses, diagnoses, membership plans).
//   - Errors: thrown as JSON text `{code, message, path?, issues, ...details}` (`toSlbError`):
//     `details` are a service error's `status`, `requestId`, `hostId`, `recommend`,
//     `diagnosis`, `attempts`, `clockOffsetMs`, `mayHaveReached`.
//
// The record, HMAC-SHA1: method, `endpoint/`, canonical query, string to sign, signature
// and the signature URL-encoded, each ending in "\n" (none can hold one: they are ASCII
// without control characters); then the names of every parameter sent as one block, then
// each value. The block, each name and each value is `<length>:<text>`, the length in
// UTF-16 code units (what `slice` counts), so nothing is escaped. The names come as one
// block so that one comparison tells they are the last call's.
// ACS3-HMAC-SHA256: "ACS3-HMAC-SHA256\n" (a method never starts with "A"), then, each
// `<length>:<text>` (a canonical request holds newlines): method, URL, body (empty: none),
// canonical query, canonical request, hashed canonical request, string to sign, signature;
// then the headers as the parameters above (a names block, then each value); then the
// parameters (query and body) likewise.

/** Every failure of this package: `code` is stable, `issues` lists validation problems. */
export class SlbError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'SlbError';
    this.code = code;
    if (details.path !== undefined) this.path = details.path;
    this.issues = details.issues ?? [];
  }
}

/** An error the wasm exports threw (JSON text) as an SlbError; anything else (a trap) as it is. */
export function toSlbError(thrown) {
  if (typeof thrown !== 'string') return thrown;
  const { code, message, path, issues, ...details } = JSON.parse(thrown);
  return Object.assign(new SlbError(code, message, { path, issues }), details);
}

/** Throws what a wasm export threw, as toSlbError reads it. */
export function rethrow(error) {
  throw toSlbError(error);
}

const utf8 = new TextEncoder();
// encodeInto a reused buffer: TextEncoder.encode allocates a fresh array per call (about
// 1 us in Node, a tenth of a 3-server signing). Big inputs get an array of their own, so
// no big buffer stays alive.
const SCRATCH_MAX = 1 << 20;
let scratch = new Uint8Array(4096);

/** Texts joined by "\n", as UTF-8 bytes (valid until the next call). */
export function encodeInput(...texts) {
  const text = texts.join('\n');
  const room = text.length * 3;
  if (room > scratch.length) {
    if (room > SCRATCH_MAX) return utf8.encode(text);
    scratch = new Uint8Array(room);
  }
  return scratch.subarray(0, utf8.encodeInto(text, scratch).written);
}

export const FORM = 'application/x-www-form-urlencoded';
const COLON = 58;
const ZERO = 48;
// The last record's names block and its names: calls mostly send the same names, and
// their strings, reused, are already interned as property keys.
let lastNames = null;
let lastKeys = null;

// A parameter may be called `__proto__`: define it rather than assign it.
export function defineParam(params, name, value) {
  if (name === '__proto__') Object.defineProperty(params, name, { value, enumerable: true, writable: true, configurable: true });
  else params[name] = value;
}

// Where the last `counted` read ended.
let end = 0;

/** The `<length>:<text>` at `at` in `text`; `end` is set just after it. */
function counted(text, at) {
  let length = 0;
  let c;
  while ((c = text.charCodeAt(at++)) !== COLON) length = length * 10 + c - ZERO;
  end = at + length;
  return text.slice(at, end);
}

/** A names block as an array of names (sets `end`). */
function splitNames(names) {
  const keys = [];
  for (end = 0; end < names.length;) keys.push(counted(names, end));
  return keys;
}

const ACS3 = 'ACS3-HMAC-SHA256';

/** An ACS3-HMAC-SHA256 record (see above) as a SignedRequest. */
function readAcs3Record(record) {
  let at = ACS3.length + 1;
  const next = () => {
    const text = counted(record, at);
    at = end;
    return text;
  };
  const pairs = () => {
    const object = {};
    for (const name of splitNames(next())) defineParam(object, name, next());
    return object;
  };
  const [method, url, body, canonicalQuery, canonicalRequest, hashedCanonicalRequest, stringToSign, signature] =
    Array.from({ length: 8 }, next);
  const headers = pairs();
  return {
    method, url, body: body || null, headers, params: pairs(), signatureAlgorithm: ACS3,
    canonicalQuery, canonicalRequest, hashedCanonicalRequest, stringToSign, signature,
  };
}

/** A record as a SignedRequest. Read with indexOf and charCodeAt, without closures: this runs on every signing. */
export function readRecord(record) {
  // A method never starts with the A of ACS3.
  if (record[0] === 'A') return readAcs3Record(record);
  const head = new Array(6);
  let at = 0;
  for (let i = 0; i < 6; i++) {
    const stop = record.indexOf('\n', at);
    head[i] = record.slice(at, stop);
    at = stop + 1;
  }
  const [method, base, canonicalQuery, stringToSign, signature, encodedSignature] = head;
  const query = `${canonicalQuery}&Signature=${encodedSignature}`;
  const names = counted(record, at);
  at = end;
  if (names !== lastNames) {
    lastNames = names;
    lastKeys = splitNames(names);
  }
  const keys = lastKeys;
  const params = {};
  for (let k = 0; k < keys.length; k++) {
    defineParam(params, keys[k], counted(record, at));
    at = end;
  }
  const post = method === 'POST';
  return {
    method,
    url: post ? base : `${base}?${query}`,
    body: post ? query : null,
    headers: post ? { 'content-type': FORM } : {},
    params,
    signatureAlgorithm: 'HMAC-SHA1',
    canonicalQuery,
    stringToSign,
    signature,
  };
}
