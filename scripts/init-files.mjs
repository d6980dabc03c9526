// What init() loads: pkg/web/index.js, the files it imports statically (a dynamic import()
// is not followed), and the .wasm of each wasm-bindgen glue among them, as paths under pkg/.
// Read by bench/size.mjs (their bytes) and tests/e2e/page.test.mjs (the demo page preloads
// exactly these).
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

// `import ... from './x.js'` and `export ... from`, minified or not (statements may share a
// line); `import('./x.js')` has no `from`.
const STATIC_IMPORT = /\b(?:import|export)\b[^'";()]*?\bfrom\s*['"](\.[^'"]+)['"]/g;

export function initFiles(pkg) {
  const files = [];
  const visit = (name) => {
    if (files.includes(name)) return;
    files.push(name);
    const wasm = name.replace(/\.js$/, '_bg.wasm');
    if (name.endsWith('/aliyun_slb_wasm.js') && existsSync(join(pkg, wasm))) files.push(wasm);
    for (const [, spec] of readFileSync(join(pkg, name), 'utf8').matchAll(STATIC_IMPORT)) {
      visit(posix.join(posix.dirname(name), spec));
    }
  };
  visit('web/index.js');
  return files;
}
