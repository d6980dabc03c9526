// Browser start-up: the local demo (www/server.mjs, with the emulator) loaded in headless
// Chromium with a fresh profile each time (nothing cached), from navigation to the page's
// first preview (its `slb:first-preview` mark, set once the package's init() has loaded and
// the form has been signed and shown), median of several loads. Also run with the network
// throttled (CDP: 10 Mbit/s down, 40 ms round trip), where bytes count; the demo server
// sends files uncompressed, so this is an upper bound. Prints JSON on stdout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createEmulator } from '../www/emulator.mjs';
import { createServer } from '../www/server.mjs';
import { median } from './fixtures.js';

const RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 5);
const THROTTLE = { offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 5e6 / 8 };

const emulator = createEmulator({ keys: 'testid:testsecret', log: () => {} });
const app = createServer({ emulatorOrigin: await emulator.listen(0, '127.0.0.1'), log: () => {} });
const baseUrl = await app.listen(0, '127.0.0.1');

/** One load in a fresh browser profile: ms from navigation start to the first preview. */
async function load(throttle) {
  const profile = mkdtempSync(join(tmpdir(), 'slb-bench-page-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    if (throttle) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', THROTTLE);
    }
    await page.goto(`${baseUrl}/`);
    const handle = await page.waitForFunction(() => performance.getEntriesByName('slb:first-preview')[0]?.startTime, null, { timeout: 30_000 });
    const firstPreviewMs = await handle.jsonValue();
    const bytes = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('/pkg/')).reduce((n, e) => n + e.encodedBodySize, 0));
    return { firstPreviewMs, pkgBytes: bytes };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

try {
  const local = [];
  const throttled = [];
  for (let i = 0; i < RUNS; i++) {
    local.push(await load(false));
    throttled.push(await load(true));
  }
  const summary = (runs) => ({
    medianMs: median(runs.map((r) => r.firstPreviewMs)),
    spreadMs: [Math.min(...runs.map((r) => r.firstPreviewMs)), Math.max(...runs.map((r) => r.firstPreviewMs))],
    pkgBytes: runs[0].pkgBytes,
  });
  const result = { runs: RUNS, local: summary(local), throttled: { ...summary(throttled), conditions: THROTTLE } };
  process.stderr.write(`page: first preview ${result.local.medianMs.toFixed(0)} ms local, ${result.throttled.medianMs.toFixed(0)} ms throttled\n`);
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
} finally {
  await app.close();
  await emulator.close();
}
