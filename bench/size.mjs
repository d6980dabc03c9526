// Size: raw and `gzip -9` bytes of each .wasm and JS file of pkg/node, pkg/web (the signing
// module init() loads) and pkg/web/client (the client module loaded on demand), and the web
// build's sums: the signer's .wasm and the JS init() loads (index.js, api.js, the signer's
// wasm-bindgen glue), the client's .wasm, and its glue with the wrapper's client part. Load
// time: WebAssembly.compile + instantiate of each web .wasm with its glue's imports (its
// initSync), and `require` of the Node build, each in a fresh process (no code cache shared
// between runs), median of several. Prints JSON on stdout.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './fixtures.js';

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
  const require = createRequire(import.meta.url);
  const t0 = now();
  const api = require(join(pkg, 'node', 'index.cjs'));
  const t1 = now();
  if (typeof api.addVServerGroupBackendServers !== 'function') throw new Error('the Node build exports no API');
  process.stdout.write(JSON.stringify({ requireMs: t1 - t0 }));
} else {
  const runs = Number(process.env.BENCH_LOAD_RUNS ?? 9);
  const files = [];
  for (const dir of ['node', 'web', 'web/client']) {
    for (const name of readdirSync(join(pkg, dir)).sort()) {
      if (!/\.(wasm|js|cjs|mjs)$/.test(name)) continue;
      const path = join(pkg, dir, name);
      const gzip = execFileSync('gzip', ['-9', '-c', path], { maxBuffer: 64 << 20 }).length;
      files.push({ file: `${dir}/${name}`, raw: statSync(path).size, gzip });
    }
  }
  const file = (name) => {
    const found = files.find((f) => f.file === name);
    if (!found) throw new Error(`pkg/${name} is missing: run make package`);
    return found;
  };
  // pkg/package.json has no "type": "module", so Node warns when it imports pkg/web's glue
  // (an ES module): the flag keeps that warning out of the output.
  const child = (...args) => JSON.parse(execFileSync(process.execPath, ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', fileURLToPath(import.meta.url), ...args], { encoding: 'utf8', timeout: 30_000 }));
  const web = Array.from({ length: runs }, () => child('--child-web'));
  const webClient = Array.from({ length: runs }, () => child('--child-web', 'client'));
  const node = Array.from({ length: runs }, () => child('--child-node'));
  const sum = (list) => list.reduce((a, f) => ({ raw: a.raw + f.raw, gzip: a.gzip + f.gzip }), { raw: 0, gzip: 0 });
  const result = {
    files,
    // What init() loads: the signing module and the JS that brings it.
    webSignerWasm: file('web/aliyun_slb_wasm_bg.wasm'),
    webSignerJs: sum(['web/index.js', 'web/api.js', 'web/aliyun_slb_wasm.js'].map(file)),
    // What send(), SlbClient or initClient() load later: the client module, its glue and
    // the wrapper's client part.
    webClientWasm: file('web/client/aliyun_slb_wasm_bg.wasm'),
    webClientJs: sum(['web/client/aliyun_slb_wasm.js', 'web/client/api.js'].map(file)),
    nodeJs: sum(files.filter((f) => f.file.startsWith('node/') && !f.file.endsWith('.wasm'))),
    load: {
      runs,
      compileMs: median(web.map((r) => r.compileMs)),
      instantiateMs: median(web.map((r) => r.instantiateMs)),
      compileInstantiateMs: median(web.map((r) => r.compileMs + r.instantiateMs)),
      clientCompileInstantiateMs: median(webClient.map((r) => r.compileMs + r.instantiateMs)),
      requireNodeMs: median(node.map((r) => r.requireMs)),
    },
  };
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}
