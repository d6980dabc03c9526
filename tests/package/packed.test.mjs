// The tarball `make pack` made and install-packed.mjs installed here: named for this
// package, holding pkg/'s own files (not the registry's package called `pkg`, which a bare
// `npm pack pkg` fetches), and the very file installed. Runs in target/package-test/test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const installDir = join(here, '..');
const root = join(installDir, '..', '..');
const projectPkg = join(root, 'pkg');
const installed = join(installDir, 'node_modules', 'aliyun-slb-wasm');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** The tarball this folder's package.json depends on (`file:<path>`, as npm saves it). */
function installedTarball() {
  const spec = readJson(join(installDir, 'package.json')).dependencies['aliyun-slb-wasm'];
  assert.match(spec, /^file:.+\.tgz$/);
  return resolve(installDir, spec.slice('file:'.length));
}

/** The files under `dir`, as sorted relative paths. */
const filesUnder = (dir) => readdirSync(dir, { recursive: true })
  .filter((file) => statSync(join(dir, file)).isFile())
  .sort();

test('the installed tarball is the one make pack made, named for the package', () => {
  const { name, version } = readJson(join(projectPkg, 'package.json'));
  assert.equal(name, 'aliyun-slb-wasm');
  const tarball = installedTarball();
  assert.equal(basename(tarball), `aliyun-slb-wasm-${version}.tgz`);
  assert.equal(dirname(tarball), join(root, 'target'));
});

test("the tarball holds pkg/'s own files, byte for byte, and they are what is installed", (t) => {
  const out = mkdtempSync(join(tmpdir(), 'slb-packed-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  execFileSync('tar', ['-xzf', installedTarball(), '-C', out]);
  const unpacked = join(out, 'package');
  assert.equal(readJson(join(unpacked, 'package.json')).name, 'aliyun-slb-wasm');

  const files = filesUnder(unpacked);
  for (const file of ['package.json', 'README.md', 'index.d.mts', 'index.d.cts', 'node/index.cjs', 'node/index.mjs',
    'web/index.js', 'web/api.js', 'web/aliyun_slb_wasm_bg.wasm', 'web/client/api.js', 'web/client/aliyun_slb_wasm_bg.wasm']) {
    assert.ok(files.includes(file), `${file} is in the tarball`);
  }
  assert.deepEqual(filesUnder(installed), files);
  for (const file of files) {
    const packed = readFileSync(join(unpacked, file));
    assert.ok(packed.equals(readFileSync(join(projectPkg, file))), `${file} is pkg/'s`);
    assert.ok(packed.equals(readFileSync(join(installed, file))), `${file} is installed as packed`);
  }
});
