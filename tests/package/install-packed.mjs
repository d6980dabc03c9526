// Packs pkg/ with `npm pack`, installs the tarball into a fresh folder
// (target/package-test), and copies this folder's tests there so that they import the
// package by name, through its `exports`, exactly as a user's code does.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = join(root, 'target', 'package-test');
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, 'test'), { recursive: true });

const packed = execFileSync('npm', ['pack', join(root, 'pkg'), '--pack-destination', dir, '--json'], { encoding: 'utf8' });
const tarball = join(dir, JSON.parse(packed)[0].filename);
writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'package-test', private: true }, null, 2));
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: dir, stdio: 'inherit' });

const here = dirname(fileURLToPath(import.meta.url));
for (const file of readdirSync(here)) {
  if (file !== 'install-packed.mjs') cpSync(join(here, file), join(dir, 'test', file));
}
cpSync(join(root, 'tests', 'vectors', 'rpc-v1.json'), join(dir, 'test', 'rpc-v1.json'));
console.log(`installed ${tarball} into ${dir}`);
