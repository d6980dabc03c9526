// Size: raw and `gzip -9` bytes of each .wasm and JS file of pkg/node and pkg/web (all of
// it, the on-demand client included), and two sums for the web build: everything it ships,
// and what init() loads to sign (web/index.js, the files it imports statically, and the
// .wasm of each wasm-bindgen glue among them; a dynamic import() is not followed).
// Start-up, each in a fresh process (no code cache shared between runs), interleaved, median
// of several: `require` of the Node build to its first signature, beside `require` of
// pop-core alone; WebAssembly.compile + instantiate of each web .wasm with its glue's
// imports. Prints JSON on stdout.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { initFiles as filesInit } from '../scripts/init-files.mjs';
import { CREDENTIALS, OPTIONS, median, slbRequest } from './fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..', 'pkg');
const now = () => Number(process.hrtime.bigint()) / 1e6;

if (process.argv[2] === '--child-web') {
  // One fresh process: compile, then instantiate with the imports the web glue builds.
  const dir = join(pkg, 'web', process.argv[3] ?? '');
  const glue = await import(pathToFileURL(join(dir, 'aliyun_slb_wasm.js')).href);
  const bytes = readFileSync(join(dir, 'aliyun_slb_wasm_bg.wasm'));
  const t0 = now();
  const module = await WebAssembly.compile(bytes);
  const t1 = now();
  glue.initSync({ module });
  const t2 = now();
  process.stdout.write(JSON.stringify({ compileMs: t1 - t0, instantiateMs: t2 - t1 }));
} else if (process.argv[2] === '--child-node') {
  // A Node tool's start: require, then its first signature (a 3-server request).
  const require = createRequire(import.meta.url);
  const t0 = now();
  const api = require(join(pkg, 'node', 'index.cjs'));
  const t1 = now();
  const signed = api.addVServerGroupBackendServers(slbRequest(3), CREDENTIALS, OPTIONS);
  const t2 = now();
  if (typeof signed.signature !== 'string') throw new Error('the Node build did not sign');
  process.stdout.write(JSON.stringify({ requireMs: t1 - t0, firstSignatureMs: t2 - t0 }));
} else if (process.argv[2] === '--child-pop-core') {
  const require = createRequire(join(here, 'package.json'));
  const t0 = now();
  const RPCClient = require('@alicloud/pop-core').RPCClient;
  const t1 = now();
  if (typeof RPCClient !== 'function') throw new Error('pop-core exports no RPCClient');
  process.stdout.write(JSON.stringify({ requireMs: t1 - t0 }));
} else {
  const runs = Number(process.env.BENCH_LOAD_RUNS ?? 7);
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(pkg, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const name = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(name);
      else if (/\.(wasm|js|cjs|mjs)$/.test(entry.name)) {
        const path = join(pkg, name);
        const gzip = execFileSync('gzip', ['-9', '-c', path], { maxBuffer: 64 << 20 }).length;
        files.push({ file: name, raw: statSync(path).size, gzip });
      }
    }
  };
  walk('node');
  walk('web');
  const file = (name) => {
    const found = files.find((f) => f.file === name);
    if (!found) throw new Error(`pkg/${name} is missing: run make package`);
    return found;
  };
  // pkg/package.json has no "type": "module", so Node warns when it imports pkg/web's glue
  // (an ES module): the flag keeps that warning out of the output.
  const child = (...args) => JSON.parse(execFileSync(process.execPath, ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', fileURLToPath(import.meta.url), ...args], { encoding: 'utf8', timeout: 30_000 }));
  const initFiles = filesInit(pkg);
  const web = [];
  const webClient = [];
  const node = [];
  const popCore = [];
  for (let i = 0; i < runs; i++) {
    web.push(child('--child-web'));
    webClient.push(child('--child-web', 'client'));
    // Alternately first, so neither always starts on a busier machine.
    if (i % 2) popCore.push(child('--child-pop-core'));
    node.push(child('--child-node'));
    if (!(i % 2)) popCore.push(child('--child-pop-core'));
  }
  const sum = (list) => list.reduce((a, f) => ({ raw: a.raw + f.raw, gzip: a.gzip + f.gzip }), { raw: 0, gzip: 0 });
  const firstSignatureMs = median(node.map((r) => r.firstSignatureMs));
  const popCoreRequireMs = median(popCore.map((r) => r.requireMs));
  const result = {
    files,
    // Everything the web build ships (a page that signs, sends, parses and retries loads it all).
    webAll: sum(files.filter((f) => f.file.startsWith('web/'))),
    // What init() loads to sign only.
    webInit: { files: initFiles, ...sum(initFiles.map(file)) },
    webSignerWasm: file('web/aliyun_slb_wasm_bg.wasm'),
    webClientWasm: file('web/client/aliyun_slb_wasm_bg.wasm'),
    nodeJs: sum(files.filter((f) => f.file.startsWith('node/') && !f.file.endsWith('.wasm'))),
    load: {
      runs,
      compileMs: median(web.map((r) => r.compileMs)),
      instantiateMs: median(web.map((r) => r.instantiateMs)),
      compileInstantiateMs: median(web.map((r) => r.compileMs + r.instantiateMs)),
      clientCompileInstantiateMs: median(webClient.map((r) => r.compileMs + r.instantiateMs)),
      requireNodeMs: median(node.map((r) => r.requireMs)),
      firstSignatureMs,
      firstSignatureSpreadMs: [Math.min(...node.map((r) => r.firstSignatureMs)), Math.max(...node.map((r) => r.firstSignatureMs))],
      popCoreRequireMs,
      popCoreRequireSpreadMs: [Math.min(...popCore.map((r) => r.requireMs)), Math.max(...popCore.map((r) => r.requireMs))],
      firstSignatureToPopCoreRequire: firstSignatureMs / popCoreRequireMs,
    },
  };
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}
