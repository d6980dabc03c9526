// Runs inside headless Chromium (loaded by the page browser.mjs serves): the web build
// against the WebCrypto signer, same request, interleaved rounds, medians.
import init, { addVServerGroupBackendServers } from '/pkg/web/index.js';
import { createWebCryptoSigner } from './webcrypto-signer.js';
import { CREDENTIALS, OPTIONS, apiServers, median, slbRequest } from './fixtures.js';

const now = () => performance.now();

async function timeSide(fn, isAsync, n) {
  const start = now();
  if (isAsync) for (let i = 0; i < n; i++) await fn();
  else for (let i = 0; i < n; i++) fn();
  return now() - start;
}

/** Iterations so that a batch lasts about `ms`. */
async function calibrate(fn, isAsync, ms) {
  let n = 10;
  for (;;) {
    const t = await timeSide(fn, isAsync, n);
    if (t > ms / 4 || n > 1e6) return Math.max(1, Math.round((n * ms) / t));
    n *= 2;
  }
}

export async function run({ rounds, batchMs, warmMs, count }) {
  const loadStart = now();
  await init();
  const initMs = now() - loadStart;
  const signer = await createWebCryptoSigner(CREDENTIALS);
  const request = slbRequest(count);
  const list = apiServers(count);

  const sides = {
    ours: { fn: () => addVServerGroupBackendServers(request, CREDENTIALS, OPTIONS), isAsync: false, rates: [] },
    webcrypto: {
      fn: () => signer.addVServerGroupBackendServers(request.regionId, request.vServerGroupId, list, OPTIONS),
      isAsync: true,
      rates: [],
    },
  };
  const a = sides.ours.fn();
  const b = await sides.webcrypto.fn();
  if (a.signature !== b.signature || a.url !== b.url) {
    throw new Error(`signatures differ: ours ${a.signature}, WebCrypto ${b.signature}\n${a.url}\n${b.url}`);
  }
  for (const side of Object.values(sides)) {
    for (const end = now() + warmMs; now() < end;) await timeSide(side.fn, side.isAsync, 10);
    side.n = await calibrate(side.fn, side.isAsync, batchMs);
  }
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? ['webcrypto', 'ours'] : ['ours', 'webcrypto'];
    for (const name of order) {
      const side = sides[name];
      side.rates.push(side.n / ((await timeSide(side.fn, side.isAsync, side.n)) / 1000));
    }
  }
  const ours = median(sides.ours.rates);
  const webcrypto = median(sides.webcrypto.rates);
  return {
    userAgent: navigator.userAgent,
    crossOriginIsolated,
    initMs,
    signature: a.signature,
    rounds,
    iterations: { ours: sides.ours.n, webcrypto: sides.webcrypto.n },
    ours,
    webcrypto,
    ratio: ours / webcrypto,
  };
}
