// The boundary probe (boundary.js) in Node: every export, every argument position, each
// hostile value; browser.test.mjs runs the same probe in headless Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as slb from 'aliyun-slb-wasm';
import { probeBoundary } from './boundary.js';

test('no JS value in any argument position traps or escapes as a TypeError; the module still signs', async () => {
  // An SlbClient made without credentials may read the credential chain: never this
  // machine's own.
  process.env.HOME = mkdtempSync(join(tmpdir(), 'boundary-home-'));
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  for (const name of Object.keys(process.env)) if (/^ALIBABA_CLOUD_(ACCESS_KEY|SECURITY_TOKEN|ROLE|OIDC|CREDENTIALS)/.test(name)) delete process.env[name];
  const { problems, count, signature, expected } = await probeBoundary(slb);
  assert.deepEqual(problems, []);
  assert.ok(count >= 19 * 40, `${count} calls: 19 values in each of 40 argument positions`);
  assert.equal(signature, expected);
});

test('diagnoseSignature compares strings only: objects are InvalidInput, not a wrong secret', () => {
  for (const [ours, servers, path] of [[{}, {}, 'ours'], ['GET&%2F&A', ['GET&%2F&A'], 'servers']]) {
    assert.throws(() => slb.diagnoseSignature(ours, servers), (e) => e instanceof slb.SlbError && e.code === 'InvalidInput' && e.path === path);
  }
  assert.equal(slb.diagnoseSignature('GET&%2F&A', 'GET&%2F&A').kind, 'WrongSecret');
});
