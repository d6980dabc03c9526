// The 201 signature v3 cases, re-signed by the support signer (the project's package) with a
// current date and a unique nonce, sent to the emulator over HTTP: each must pass
// authentication; with a query value, a signed header or the signature changed it must be
// refused with SignatureDoesNotMatch, and with the body changed with ContentSha256Mismatch.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeForm } from '../lib/form.mjs';
import { emulatorForFile, sendSigned, utcTimestamp } from './support/slb.mjs';
import { signRpc } from './support/signer.mjs';

const { cases } = JSON.parse(readFileSync(new URL('../../tests/vectors/acs3-v3.json', import.meta.url), 'utf8'));
// Codes that mean the request was refused at authentication (a missing header is a
// MissingParameter naming it; a missing API parameter is one too, after it).
const AUTH_CODES = /^(InvalidAccessKeyId\..*|InvalidTimeStamp\..*|SignatureDoesNotMatch|IncompleteSignature|SignatureNonceUsed|ContentSha256Mismatch)$/;
const MISMATCH = 'Specified signature is not matched with our calculation. server string to sign is:';

// Each case its own key: the vectors use one id with several secrets.
const keyOf = (c) => [`key-${c.id}`, c.accessKeySecret];

const emulator = emulatorForFile(new Map(cases.map(keyOf)));

function resign(c, i) {
  const [accessKeyId, accessKeySecret] = keyOf(c);
  return signRpc({
    method: c.method, endpoint: emulator.endpoint, accessKeyId, accessKeySecret, securityToken: c.securityToken ?? null,
    signatureAlgorithm: 'ACS3-HMAC-SHA256',
    params: { ...c.query, Action: c.action, Version: c.version, Timestamp: utcTimestamp(), SignatureNonce: `${c.nonce}#${i}` },
    bodyParams: c.body === null ? undefined : Object.fromEntries(decodeForm(c.body)),
  });
}

/** Node's client sends header values of Latin-1 only (so does fetch): some tokens cannot travel. */
const sendable = (signed) => Object.values(signed.headers).every((v) => /^[\t\x20-\x7e\x80-\xff]*$/.test(v));

/** One change by `i`: a query value's last character, the nonce header, the signature, or the body. */
function tamper(signed, i) {
  const bump = (text) => text.slice(0, -1) + (text.endsWith('0') ? '1' : '0');
  const kind = signed.body !== null && i % 4 === 3 ? 'body' : ['query', 'header', 'signature'][i % 3];
  const headers = { ...signed.headers };
  if (kind === 'header') headers['x-acs-signature-nonce'] = bump(headers['x-acs-signature-nonce']);
  if (kind === 'signature') headers.authorization = bump(headers.authorization);
  const url = kind === 'query' ? signed.url.replace(/RegionId=[^&]*/, (pair) => `${pair}0`) : signed.url;
  const body = kind === 'body' ? `${signed.body}0` : signed.body;
  return { kind, request: { ...signed, url, headers, body } };
}

test('every v3 case, re-signed: accepted; changed: refused, with the server\'s string to sign', async (t) => {
  let sent = 0;
  for (const [i, c] of cases.entries()) {
    const signed = resign(c, i);
    if (!sendable(signed)) continue;
    sent++;
    await t.test(c.id, async () => {
      // The changed request goes first: a refused signature must not use up the nonce.
      const { kind, request } = tamper(signed, i);
      const bad = await sendSigned(request);
      const { Code, Message } = JSON.parse(bad.text);
      assert.equal(bad.status, 400, bad.text);
      assert.equal(Code, kind === 'body' ? 'ContentSha256Mismatch' : 'SignatureDoesNotMatch', bad.text);
      if (kind !== 'body') assert.equal(Message === `${MISMATCH}${signed.stringToSign}`, kind === 'signature', Message);

      const res = await sendSigned(signed);
      const answer = res.status === 200 ? {} : JSON.parse(res.text);
      const atAuthentication = AUTH_CODES.test(answer.Code) || /"x-acs-/.test(answer.Message);
      assert.ok(!atAuthentication, `refused at authentication: ${res.status} ${res.text.slice(0, 500)}`);
    });
  }
  // The tokens outside Latin-1 stay home; every other case travels.
  assert.equal(sent, 183);
});
