// What the e2e tests share: the page opened in headless Chromium against the real
// static/proxy server and the SLB emulator (both on random ports of 127.0.0.1), and filling
// its form. Needs `make package` first.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { createEmulator } from '../../../www/emulator.mjs';
import { createServer } from '../../../www/server.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
export const slb = require('../../../pkg/node/index.cjs');

export const TIMESTAMP = '2016-02-23T12:46:24Z';
export const NONCE = '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf';
export const SECRET = 'testsecret';
export const TEST_TIMEOUT = 60_000;

/** Emulator + server + Chromium on the page, torn down when the test ends. */
export async function openPage(t, { viewport = { width: 1280, height: 900 }, keys = `testid:${SECRET}`, logs = null, beforeLoad = null } = {}) {
  const log = logs ? (line) => logs.push(String(line)) : () => {};
  const emulator = createEmulator({ keys, log });
  const emulatorUrl = await emulator.listen(0, '127.0.0.1');
  const app = createServer({ emulatorOrigin: emulatorUrl, log });
  const baseUrl = await app.listen(0, '127.0.0.1');
  const profile = mkdtempSync(join(tmpdir(), 'slb-page-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const pageErrors = [];
  const cspViolations = await watchCsp(context);
  t.after(async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await app.close();
    await emulator.close();
    // An uncaught error in the page, or anything the server's CSP blocked, fails the test
    // even when its assertions passed.
    assert.deepEqual(pageErrors.map(String), []);
    assert.deepEqual(cspViolations, []);
  });

  const page = context.pages()[0] ?? await context.newPage();
  const consoleMessages = [];
  const requests = [];
  page.on('console', (message) => {
    consoleMessages.push(message.text());
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(`console: ${message.text()}`);
  });
  page.on('request', (request) => requests.push({ url: request.url(), body: request.postData() ?? '' }));
  page.on('pageerror', (error) => pageErrors.push(error));
  if (beforeLoad) await beforeLoad(page);
  await page.goto(`${baseUrl}/`);
  await page.waitForFunction(() => typeof window.slb?.addVServerGroupBackendServers === 'function');
  await page.fill('[name="endpoint"]', emulatorUrl);
  return { page, emulator, emulatorUrl, baseUrl, consoleMessages, requests, pageErrors, cspViolations };
}

/** Records every `securitypolicyviolation` event of the context's pages, from their first script on. */
async function watchCsp(context) {
  const violations = [];
  await context.exposeBinding('reportCspViolation', (_source, text) => violations.push(text));
  await context.addInitScript(() => {
    window.addEventListener('securitypolicyviolation', (e) => window.reportCspViolation(
      `${e.effectiveDirective} blocked ${e.blockedURI || '?'} at ${e.sourceFile || '?'}:${e.lineNumber}`));
  });
  return violations;
}

/** Fills the whole form; `servers` replaces the example rows. */
export async function fillForm(page, {
  keyId = 'testid', secret = SECRET, token, servers, method = 'GET', format = 'JSON', signatureAlgorithm = 'HMAC-SHA1', timestamp, nonce,
} = {}) {
  await page.selectOption('[name="signatureAlgorithm"]', signatureAlgorithm);
  await page.fill('[name="regionId"]', 'cn-hangzhou');
  await page.fill('[name="vServerGroupId"]', 'rsp-cige6j5e7p');
  await page.fill('[name="accessKeyId"]', keyId);
  if (token !== undefined) await page.fill('[name="securityToken"]', token);
  await page.fill('[name="accessKeySecret"]', secret);
  await page.selectOption('[name="method"]', method);
  await page.selectOption('[name="format"]', format);
  if (servers) {
    while (await page.locator('[data-testid="server-row"]').count() > 0) {
      await page.locator('[data-testid="remove-server"]').first().click();
    }
    for (const [i, server] of servers.entries()) {
      await page.click('[data-testid="add-server"]');
      const row = page.locator('[data-testid="server-row"]').nth(i);
      for (const [name, value] of Object.entries(server)) {
        if (name === 'type') await row.locator(`[name="${name}"]`).selectOption(value);
        else await row.locator(`[name="${name}"]`).fill(value);
      }
    }
  }
  if (timestamp !== undefined || nonce !== undefined) {
    if (!(await page.locator('#advanced').evaluate((d) => d.open))) await page.click('#advanced summary');
    if (timestamp !== undefined) await page.fill('[name="timestamp"]', timestamp);
    if (nonce !== undefined) await page.fill('[name="nonce"]', nonce);
  }
}

/** Resolves once `check()` is true, polling every 20 ms for up to 5 s. */
export async function waitUntil(check) {
  for (const start = Date.now(); !check(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() - start > 5000) throw new Error(`timed out waiting for ${check}`);
  }
}
