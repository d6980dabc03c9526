// Browser: the web build (pkg/web, `await init()`) against a WebCrypto signer
// (webcrypto-signer.js) in headless Chromium, and its signature v3 beside its v1; prints
// JSON on stdout.
// The page comes from a tiny node:http server on 127.0.0.1 (port 0), cross-origin isolated
// so that performance.now() has its finer resolution.
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const PAGE = '<!doctype html><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,">' +
  '<script type="module">import { run } from "/bench/browser-page.js"; window.runBench = run;</script>';

const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const headers = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cache-control': 'no-store' };
  if (path === '/') {
    res.writeHead(200, { ...headers, 'content-type': 'text/html' });
    return res.end(PAGE);
  }
  const file = normalize(join(root, path));
  const allowed = [join(root, 'pkg', 'web') + sep, join(root, 'bench') + sep].some((dir) => file.startsWith(dir));
  if (!allowed || file.includes(`${sep}node_modules${sep}`)) {
    res.writeHead(404);
    return res.end();
  }
  try {
    const body = readFileSync(file);
    res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const profile = mkdtempSync(join(tmpdir(), 'slb-bench-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => process.stderr.write(`chromium: ${message.text()}\n`));
  page.on('pageerror', (error) => process.stderr.write(`chromium: ${error.message}\n`));
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => typeof window.runBench === 'function', null, { timeout: 10_000 });
  const options = {
    rounds: Number(process.env.BENCH_ROUNDS ?? 15),
    batchMs: Number(process.env.BENCH_BATCH_MS ?? 80),
    warmMs: Number(process.env.BENCH_WARM_MS ?? 300),
    count: 3,
  };
  const result = await page.evaluate((o) => window.runBench(o), options);
  result.chromium = context.browser()?.version() ?? null;
  process.stderr.write(`browser: ours ${Math.round(result.ours)}/s, WebCrypto ${Math.round(result.webcrypto)}/s (${result.ratio.toFixed(2)}x)\n`);
  process.stderr.write(`browser: ACS3-HMAC-SHA256 ${Math.round(result.acs3.ours)}/s, HMAC-SHA1 ${Math.round(result.acs3.v1)}/s (${result.acs3.ratio.toFixed(2)}x)\n`);
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
} finally {
  await context?.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
