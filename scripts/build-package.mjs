// Assembles pkg/ from the three wasm-pack builds (pkg/node: one module with both features;
// pkg/web: the signer; pkg/web/client: the client module, without the signer, that the web
// build loads on demand) and pkg-template/: the shared wrapper in ESM and CommonJS, the
// types, package.json and README, and runs wasm-opt -Oz on each .wasm (npm binaryen;
// Debian's 108 emits modules that fail to load).
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The project's TypeScript (a dev tool), used only to read the declarations; esbuild to
// minify the web build's JS.
const devRequire = createRequire(join(root, 'package.json'));
const ts = devRequire('typescript');
const esbuild = devRequire('esbuild');
const template = join(root, 'pkg-template');
const pkg = join(root, 'pkg');
const wasmOpt = join(root, 'node_modules', '.bin', 'wasm-opt');
// The features rustc enables by default for wasm32-unknown-unknown.
const features = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];

for (const target of ['node', 'web', join('web', 'client')]) {
  const dir = join(pkg, target);
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.d.ts') || file === '.gitignore' || file === 'package.json' || file === 'README.md') {
      rmSync(join(dir, file));
    }
  }
  const wasm = join(dir, 'aliyun_slb_wasm_bg.wasm');
  execFileSync(wasmOpt, ['-Oz', ...features, wasm, '-o', wasm], { stdio: 'inherit' });
}

/**
 * The web build's JS minified (esbuild: whitespace, syntax and local names; exported names
 * and property names stay): every page that calls init() loads the signing part and the
 * signer's glue, every page that sends the client part and its glue, and minified they are
 * 3.5 KB gzipped less than with only their comments left out. pkg-template/ keeps the
 * commented source; the Node build ships it as it is.
 */
function minified(name, text, origin = 'the commented source is pkg-template/ in the project') {
  const { code } = esbuild.transformSync(text, { loader: 'js', format: 'esm', minify: true, target: 'es2022', sourcefile: name });
  return `// aliyun-slb-wasm: ${origin}.\n${code}`;
}

/**
 * Each action's request fields as the declarations give them (a Rust test holds them equal
 * to the core's): `{ actions: { [action]: { summary, fields: [{ name, type, required, doc }] } }, items }`, for
 * the aliyun-slb command's options and help; `items` the same for BackendServer and Tag.
 */
function requestParameters(declarations) {
  const source = ts.createSourceFile('index.d.ts', declarations, ts.ScriptTarget.Latest, true);
  const docOf = (node) => (node.jsDoc ?? []).map((d) => ts.getTextOfJSDocComment(d.comment) ?? '').join(' ').trim();
  const interfaces = new Map(source.statements.filter(ts.isInterfaceDeclaration).map((i) => [i.name.text, i]));
  const fieldsOf = (name) => interfaces.get(name).members.map((field) => ({
    name: field.name.text, type: field.type.getText(source), required: !field.questionToken, doc: docOf(field),
  }));
  const actions = {};
  for (const member of interfaces.get('SlbRequests').members) {
    const request = member.type.typeName.text;
    actions[member.name.text] = { summary: docOf(interfaces.get(request)), fields: fieldsOf(request) };
  }
  return { actions, items: { BackendServer: fieldsOf('BackendServer'), Tag: fieldsOf('Tag') } };
}

// The wrapper's modules, in dependency order, bundled into one file a part. The signing
// part (wire.js, the formats' reader; input.js; api.js) is what init() loads; the client
// part (membership.js, client.js) comes with the client module, and imports what it needs
// of the signing part from it (../api.js: the same instance, so one SlbError class).
const SIGNING = ['wire.js', 'input.js', 'api.js'];
const CLIENT = ['membership.js', 'client.js'];
const localImport = /^import \{([^}]*)\} from '\.\/([a-z]+\.js)';\n/gm;

/** `names` joined, their imports of each other dropped; `outside`: modules they may import from elsewhere. */
function bundle(names, outside = []) {
  const imported = new Set();
  const code = names.map((name) => readFileSync(join(template, name), 'utf8').replace(localImport, (_, list, module) => {
    if (names.includes(module)) return '';
    if (!outside.includes(module)) throw new Error(`${name} imports ${module}, which the build does not bundle`);
    for (const item of list.split(',')) imported.add(item.trim());
    return '';
  })).join('\n');
  return { code, imported: [...imported].sort() };
}

// wasm-bindgen's glue of each web module, minified likewise.
for (const dir of ['web', join('web', 'client')]) {
  const glue = join(pkg, dir, 'aliyun_slb_wasm.js');
  writeFileSync(glue, minified(glue, readFileSync(glue, 'utf8'), 'wasm-bindgen\'s glue, minified'));
}

const signing = bundle(SIGNING);
writeFileSync(join(pkg, 'web', 'api.js'), minified('api.js', signing.code));
const client = bundle(CLIENT, SIGNING);
for (const name of client.imported) {
  if (!new RegExp(`^export (function|const|class) ${name}\\b`, 'm').test(signing.code)) {
    throw new Error(`the client part imports ${name}, which the signing part does not export`);
  }
}
const clientCode = `import { ${client.imported.join(', ')} } from '../api.js';\n${client.code}`;
writeFileSync(join(pkg, 'web', 'client', 'api.js'), minified('client/api.js', clientCode));
// The CommonJS copy: both parts, their exports assigned to module.exports.
const all = bundle([...SIGNING, ...CLIENT]).code;
const cjs = `'use strict';\n${all.replace(/^export (class|function|const) /gm, '$1 ')}\nmodule.exports = { SlbError, SLB_ACTIONS, createApi, createClient };\n`;
writeFileSync(join(pkg, 'node', 'api.cjs'), cjs);

// Node's own files: the entry points, the credential chain and the aliyun-slb command.
for (const file of readdirSync(join(template, 'node'))) copyFileSync(join(template, 'node', file), join(pkg, 'node', file));
writeFileSync(join(pkg, 'web', 'index.js'), minified('index.js', readFileSync(join(template, 'web', 'index.js'), 'utf8')));
const types = readFileSync(join(template, 'types', 'index.d.ts'), 'utf8');
for (const name of ['index.d.mts', 'index.d.cts']) writeFileSync(join(pkg, name), types);
writeFileSync(join(pkg, 'node', 'parameters.json'), `${JSON.stringify(requestParameters(types))}\n`);
copyFileSync(join(template, 'package.json'), join(pkg, 'package.json'));
// Each build says its own module type, so Node reads web/*.js as ES modules without a warning.
writeFileSync(join(pkg, 'web', 'package.json'), '{ "type": "module" }\n');
writeFileSync(join(pkg, 'node', 'package.json'), '{ "type": "commonjs" }\n');
copyFileSync(join(template, 'README.md'), join(pkg, 'README.md'));
console.log('pkg/ assembled');
