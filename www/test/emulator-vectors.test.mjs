// All 300 vectors, re-signed by the support signer with a current Timestamp and a unique
// nonce, sent to the emulator over HTTP: each must pass authentication, and each with one
// byte changed must be refused with SignatureDoesNotMatch.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeForm } from '../lib/form.mjs';
import { emulatorForFile, sendSigned, utcTimestamp } from './support/slb.mjs';
import { signRpc } from './support/signer.mjs';

const { cases } = JSON.parse(readFileSync(new URL('../../tests/vectors/rpc-v1.json', import.meta.url), 'utf8'));

// Codes that mean the request was refused before or at authentication.
const AUTH_CODES = /^(Missing(?!Parameter$).*|InvalidSignature.*|InvalidAccessKeyId\..*|InvalidTimeStamp\..*|SignatureDoesNotMatch|IncompleteSignature|SignatureNonceUsed)$/;

// The vectors' own keys travel too (ids with NUL, CR, emoji...). `testid` appears with
// several secrets: those get an id of their own.
const keyOf = (c) => {
  const { accessKeyId, accessKeySecret } = c.input;
  return accessKeyId === 'testid' && accessKeySecret !== 'testsecret' ? [`testid-${c.id}`, accessKeySecret] : [accessKeyId, accessKeySecret];
};

const emulator = emulatorForFile(new Map(cases.map(keyOf)));

function resign(c, i) {
  const [accessKeyId, accessKeySecret] = keyOf(c);
  const params = { ...c.input.params, Timestamp: utcTimestamp(), SignatureNonce: `${c.input.params.SignatureNonce}#${i}` };
  return signRpc({ method: c.input.method, endpoint: emulator.endpoint, accessKeyId, accessKeySecret, securityToken: c.input.securityToken, params });
}

// Parameters whose change is caught by an earlier check than the signature.
const CHECKED_BEFORE_SIGNATURE = new Set(['AccessKeyId', 'Timestamp', 'SignatureMethod', 'SignatureVersion']);

/** The error Code of a JSON or XML response, or undefined. */
function codeOf(res) {
  if (/xml/.test(res.headers['content-type'])) return /<Code>([^<]*)<\/Code>/.exec(res.text)?.[1];
  return JSON.parse(res.text).Code;
}

/**
 * Changes one byte of the signed query (GET) or body (POST): an ASCII letter or digit that
 * is not part of a %XY escape, in a value if possible, else in a name; the pair is chosen by
 * `i` so that the changes spread over names, values and the Signature itself.
 * Returns { request, changedSignature }.
 */
function tamper(signed, i) {
  const isPost = signed.method === 'POST';
  const qs = isPost ? signed.body : signed.url.slice(signed.url.indexOf('?') + 1);
  const pieces = qs.split('&');
  const names = new Set(pieces.map((p) => decodeForm(p)[0]?.[0]));
  const candidates = pieces.map((p, k) => k).filter((k) => !CHECKED_BEFORE_SIGNATURE.has(decodeForm(pieces[k])[0]?.[0]));
  for (let n = 0; n < candidates.length; n++) {
    const k = candidates[(i + n) % candidates.length];
    const piece = pieces[k];
    const eq = piece.indexOf('=');
    // Positions of plain alphanumerics, values first.
    const plain = [];
    for (let pos = piece.length - 1; pos >= 0; pos--) {
      const escaped = piece[pos - 1] === '%' || piece[pos - 2] === '%';
      if (/[A-Za-z0-9]/.test(piece[pos]) && !escaped) plain.push(pos);
    }
    plain.sort((a, b) => (a > eq) === (b > eq) ? 0 : a > eq ? -1 : 1);
    for (const pos of plain) {
      const ch = piece[pos];
      const next = /[0-9]/.test(ch) ? String((Number(ch) + 1) % 10)
        : ch === 'z' ? 'a' : ch === 'Z' ? 'A' : String.fromCharCode(ch.charCodeAt(0) + 1);
      const changedPiece = piece.slice(0, pos) + next + piece.slice(pos + 1);
      // A name changed into another present name would be refused as a duplicate instead.
      if (pos < eq && names.has(decodeForm(changedPiece)[0][0])) continue;
      pieces[k] = changedPiece;
      const changed = pieces.join('&');
      const request = isPost ? { ...signed, body: changed } : { ...signed, url: `${signed.url.slice(0, signed.url.indexOf('?') + 1)}${changed}` };
      return { request, changedSignature: piece.startsWith('Signature=') && pos > eq };
    }
  }
  throw new Error('nothing to change');
}

test('every vector, re-signed: accepted; with one byte changed: SignatureDoesNotMatch', async (t) => {
  for (const [i, c] of cases.entries()) {
    await t.test(c.id, async () => {
      const signed = resign(c, i);
      // The tampered request goes first: a refused signature must not use up the nonce.
      const { request, changedSignature } = tamper(signed, i);
      const bad = await sendSigned(request);
      assert.equal(bad.status, 400, bad.text);
      assert.equal(codeOf(bad), 'SignatureDoesNotMatch', bad.text);
      // The server's own string to sign shows whether it read the changed parameter.
      if (/xml/.test(bad.headers['content-type'])) {
        // A string to sign is percent-encoded: `&` is the only character XML escapes in it.
        assert.equal(bad.text.includes(`is:${signed.stringToSign.replace(/&/g, '&amp;')}<`), changedSignature);
      } else {
        assert.equal(JSON.parse(bad.text).Message.endsWith(`is:${signed.stringToSign}`), changedSignature);
      }

      const res = await sendSigned(signed);
      const code = res.status === 200 ? null : codeOf(res);
      assert.ok(res.status === 200 || !AUTH_CODES.test(code), `refused at authentication: ${res.status} ${code} ${res.text.slice(0, 500)}`);
    });
  }
});
