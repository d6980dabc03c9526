// Runs inside headless Chromium (loaded by the page browser.mjs serves): the web build
// against the WebCrypto signer, same request, then its v3 against its v1; interleaved
// rounds, medians.
import init, { addVServerGroupBackendServers } from '/pkg/web/index.js';
import { createWebCryptoSigner } from './webcrypto-signer.js';
import { CREDENTIALS, OPTIONS, OPTIONS_ACS3, apiServers, median, slbRequest } from './fixtures.js';

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

/** Each side warmed up and calibrated, then timed in interleaved rounds; median rates. */
async function interleave(sides, { rounds, batchMs, warmMs }) {
  for (const side of Object.values(sides)) {
    side.rates = [];
    for (const end = now() + warmMs; now() < end;) await timeSide(side.fn, side.isAsync, 10);
    side.n = await calibrate(side.fn, side.isAsync, batchMs);
  }
  const names = Object.keys(sides);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...names].reverse() : names;
    for (const name of order) {
      const side = sides[name];
      side.rates.push(side.n / ((await timeSide(side.fn, side.isAsync, side.n)) / 1000));
    }
  }
  return Object.fromEntries(names.map((name) => [name, { n: sides[name].n, rate: median(sides[name].rates) }]));
}

export async function run({ rounds, batchMs, warmMs, count }) {
  const loadStart = now();
  await init();
  const initMs = now() - loadStart;
  const signer = await createWebCryptoSigner(CREDENTIALS);
  const request = slbRequest(count);
  const list = apiServers(count);

  const sides = {
    ours: { fn: () => addVServerGroupBackendServers(request, CREDENTIALS, OPTIONS), isAsync: false },
    webcrypto: {
      fn: () => signer.addVServerGroupBackendServers(request.regionId, request.vServerGroupId, list, OPTIONS),
      isAsync: true,
    },
  };
  const a = sides.ours.fn();
  const b = await sides.webcrypto.fn();
  if (a.signature !== b.signature || a.url !== b.url) {
    throw new Error(`signatures differ: ours ${a.signature}, WebCrypto ${b.signature}\n${a.url}\n${b.url}`);
  }
  const timed = await interleave(sides, { rounds, batchMs, warmMs });

  // Signature v3 beside v1, both ours (Node's bench checks v3 against the official util).
  const acs3 = addVServerGroupBackendServers(request, CREDENTIALS, OPTIONS_ACS3);
  if (acs3.signatureAlgorithm !== 'ACS3-HMAC-SHA256' || !acs3.headers.authorization.endsWith(acs3.signature)) {
    throw new Error(`not a v3 signing: ${JSON.stringify(acs3.headers)}`);
  }
  const versions = await interleave({
    acs3: { fn: () => addVServerGroupBackendServers(request, CREDENTIALS, OPTIONS_ACS3), isAsync: false },
    v1: sides.ours,
  }, { rounds, batchMs, warmMs });
  return {
    userAgent: navigator.userAgent,
    crossOriginIsolated,
    initMs,
    signature: a.signature,
    rounds,
    iterations: { ours: timed.ours.n, webcrypto: timed.webcrypto.n },
    ours: timed.ours.rate,
    webcrypto: timed.webcrypto.rate,
    ratio: timed.ours.rate / timed.webcrypto.rate,
    acs3: { ours: versions.acs3.rate, v1: versions.v1.rate, ratio: versions.acs3.rate / versions.v1.rate },
  };
}
