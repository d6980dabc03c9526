// The wrapper's speed devices, each measured against the package without it, in one
// process, interleaved in random order, medians (issue 15: a device stays only if it pays).
// - names block: readRecord reuses the last call's parameter names when the record's names
//   block is the same text (wire.js); without it, every record's names are split afresh.
// - input buffer: encodeInput encodes into one reused buffer (wire.js); without it,
//   TextEncoder.encode allocates an array per call.
// Both are switched off by editing the built pkg/node/api.cjs text (each edit must match,
// or this fails), so the rest is the very code that ships.
// The third device, the counted record rather than JSON, needs another build to compare
// against: measured once on 2026-11-30 (JSON signed 24-37% slower, see the README), not here.
// Prints JSON on stdout.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CREDENTIALS, OPTIONS, median, slbRequest } from './fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const nodeDir = join(here, '..', 'pkg', 'node');
const raw = require(join(nodeDir, 'aliyun_slb_wasm.js'));
const source = readFileSync(join(nodeDir, 'api.cjs'), 'utf8');

/** The wrapper from `text`, with `edits` ([from, to] pairs, each required to match once). */
function wrapper(edits) {
  let text = source;
  for (const [from, to] of edits) {
    if (text.split(from).length !== 2) throw new Error(`devices: "${from}" is not in pkg/node/api.cjs exactly once`);
    text = text.replace(from, to);
  }
  const module = { exports: {} };
  vm.compileFunction(text, ['exports', 'require', 'module'], { filename: 'api.cjs' })(module.exports, require, module);
  return module.exports.createApi(raw);
}

const VARIANTS = {
  shipped: [],
  'without names block': [['if (names !== lastNames) {', 'if (true) {']],
  // api.cjs has no `export` keywords (the build strips them).
  'without input buffer': [['function encodeInput(...texts) {', "function encodeInput(...texts) {\n  return utf8.encode(texts.join('\\n'));"]],
};
const apis = Object.fromEntries(Object.entries(VARIANTS).map(([name, edits]) => [name, wrapper(edits)]));

const now = () => Number(process.hrtime.bigint());
function rate(fn, ms) {
  let n = 0;
  const start = now();
  while (now() - start < ms * 1e6) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
  }
  return n / ((now() - start) / 1e9);
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const results = { rounds: ROUNDS, cases: {} };
for (const count of [3, 20]) {
  const request = slbRequest(count);
  const fns = Object.fromEntries(Object.entries(apis).map(([name, api]) => [name, () => api.addVServerGroupBackendServers(request, CREDENTIALS, OPTIONS)]));
  const signatures = new Set(Object.values(fns).map((fn) => fn().signature));
  if (signatures.size !== 1) throw new Error('devices: the variants sign differently');
  for (const fn of Object.values(fns)) rate(fn, 200);
  const rates = Object.fromEntries(Object.keys(fns).map((name) => [name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const name of Object.keys(fns).sort(() => Math.random() - 0.5)) rates[name].push(rate(fns[name], 60));
  }
  const shipped = median(rates.shipped);
  const gains = {};
  for (const name of Object.keys(fns)) if (name !== 'shipped') gains[name] = shipped / median(rates[name]) - 1;

  results.cases[count] = {
    signingsPerSecond: Object.fromEntries(Object.entries(rates).map(([name, list]) => [name, median(list)])),
    gains,
  };
  process.stderr.write(`devices, ${count} servers: ${Object.entries(gains).map(([n, g]) => `${n} ${(g * 100).toFixed(1)}%`).join(', ')}\n`);
}
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
