// Installs the tarball `make pack` made (its path the one argument) into a fresh folder
// (target/package-test), and copies this folder's tests there so that they import the
// package by name, through its `exports`, exactly as a user's code does.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [given] = process.argv.slice(2);
if (!given || !existsSync(given)) {
  console.error(`usage: node tests/package/install-packed.mjs <the tarball \`make pack\` made> (got: ${given ?? 'nothing'})`);
  process.exit(2);
}
const tarball = resolve(given);
const dir = join(root, 'target', 'package-test');
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, 'test'), { recursive: true });

writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'package-test', private: true }, null, 2));
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: dir, stdio: 'inherit' });

const here = dirname(fileURLToPath(import.meta.url));
for (const file of readdirSync(here)) {
  if (file !== 'install-packed.mjs') cpSync(join(here, file), join(dir, 'test', file));
}
for (const file of ['rpc-v1.json', 'acs3-v3.json']) cpSync(join(root, 'tests', 'vectors', file), join(dir, 'test', file));
console.log(`installed ${tarball} into ${dir}`);
