// Node: the package's signing (pkg/node, the CommonJS build) against @alicloud/pop-core 1.8.0
// for the same requests, in one process, in interleaved rounds; prints JSON on stdout.
//
// How pop-core is called. RPCClient#request signs and then sends; its signing helpers
// (formatParams, normalize, canonicalize, encode) are module-private. We load pop-core's own
// lib/rpc.js source (the installed 1.8.0 file, not a copy) with one line appended that hands
// those helpers out, and `popCoreSign` below runs the signing lines of RPCClient#request
// verbatim: formatParams, the default common parameters, normalize (flatten, sort,
// percent-encode), canonicalize, the string to sign, kitx.sha1 (Node's crypto HMAC-SHA1,
// base64), the Signature pair and the GET URL. What it leaves out is not signing: the awaited
// credentials provider, the header object, the Timestamp and nonce that request() computes
// and then discards when the caller passes its own (as here), and the network. That is the
// cheapest faithful path, so the ratio is the least favourable one for us. To keep it honest:
// before timing, the URL it builds is checked equal, byte for byte, to the URL that
// RPCClient#request itself builds with httpx.request stubbed; and a second, informational
// row times that whole request() call (network stubbed, each call awaited).
//
// The pop-core caller holds the servers as the API's entries and pays JSON.stringify of them
// on every call, as a pop-core user must; the string equals our serializeBackendServers.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CREDENTIALS, DESCRIBE_REGIONS, DESCRIBE_REGIONS_SIGNATURE, NONCE, OPTIONS, OPTIONS_ACS3, TIMESTAMP,
  apiServers, median, slbRequest,
} from './fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const ours = require(join(here, '..', 'pkg', 'node', 'index.cjs'));
// The official Tea util (the project's dev dependency), to check our v3 signature.
const openApiUtil = createRequire(join(here, '..', 'package.json'))('@alicloud/openapi-util').default;

// --- pop-core --------------------------------------------------------------------------
const rpcPath = require.resolve('@alicloud/pop-core/lib/rpc.js');
const popVersion = JSON.parse(readFileSync(join(dirname(rpcPath), '..', 'package.json'), 'utf8')).version;
const rpcRequire = createRequire(rpcPath);
const kitx = rpcRequire('kitx');
const httpx = rpcRequire('httpx');

function loadPopCore() {
  const source = readFileSync(rpcPath, 'utf8') +
    '\nmodule.exports.__bench = { firstLetterUpper, formatParams, normalize, canonicalize, encode };\n';
  const wrapper = vm.compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: rpcPath });
  const module = { exports: {} };
  wrapper(module.exports, rpcRequire, module, rpcPath, dirname(rpcPath));
  return module.exports;
}
const RPCClient = loadPopCore();
const { firstLetterUpper, formatParams, normalize, canonicalize, encode } = RPCClient.__bench;

/** RPCClient#request of pop-core 1.8.0 (lib/rpc.js), its signing lines only (GET). */
function popCoreSign(client, action, params) {
  action = firstLetterUpper(action);
  params = formatParams(params);
  const defaultParams = { Format: 'JSON', Version: client.apiVersion };
  defaultParams.SignatureMethod = 'HMAC-SHA1';
  defaultParams.SignatureVersion = '1.0';
  defaultParams.AccessKeyId = client.accessKeyId;
  // Timestamp and SignatureNonce come from `params`, as the caller passes them.
  params = Object.assign({ Action: action }, defaultParams, params);
  const method = 'GET';
  const normalized = normalize(params);
  const canonicalized = canonicalize(normalized);
  const stringToSign = `${method}&${encode('/')}&${encode(canonicalized)}`;
  const key = client.accessKeySecret + '&';
  const signature = kitx.sha1(stringToSign, key, 'base64');
  normalized.push(['Signature', encode(signature)]);
  const url = `${client.endpoint}/?${canonicalize(normalized)}`;
  return { url, signature };
}

// request() with the network stubbed: httpx.request records the URL and answers `{}`.
let lastUrl;
const fakeResponse = { req: { getHeaders: () => ({}) }, statusCode: 200, headers: {} };
httpx.request = async (url) => { lastUrl = url; return fakeResponse; };
httpx.read = async () => Buffer.from('{}');

const slbClient = new RPCClient({
  endpoint: 'https://slb.aliyuncs.com', apiVersion: '2014-05-15',
  accessKeyId: CREDENTIALS.accessKeyId, accessKeySecret: CREDENTIALS.accessKeySecret,
});
const ecsClient = new RPCClient({
  endpoint: DESCRIBE_REGIONS.endpoint, apiVersion: DESCRIBE_REGIONS.params.Version,
  accessKeyId: DESCRIBE_REGIONS.accessKeyId, accessKeySecret: DESCRIBE_REGIONS.accessKeySecret,
});

// --- the cases -----------------------------------------------------------------------
function slbCase(count) {
  const request = slbRequest(count);
  const list = apiServers(count);
  const popParams = () => ({
    RegionId: 'cn-hangzhou', VServerGroupId: 'rsp-cige6j5e7p', BackendServers: JSON.stringify(list),
    Timestamp: TIMESTAMP, SignatureNonce: NONCE,
  });
  return {
    name: `addVServerGroupBackendServers, ${count} servers`,
    key: `slb${count}`,
    ours: () => ours.addVServerGroupBackendServers(request, CREDENTIALS, OPTIONS),
    pop: () => popCoreSign(slbClient, 'AddVServerGroupBackendServers', popParams()),
    popRequest: () => slbClient.request('AddVServerGroupBackendServers', popParams()),
    check() {
      const serialized = ours.serializeBackendServers(request.backendServers);
      if (serialized !== JSON.stringify(list)) throw new Error(`BackendServers differ: ${serialized} vs ${JSON.stringify(list)}`);
    },
  };
}

const rpcCase = {
  name: 'signRpcRequest, DescribeRegions',
  key: 'rpc',
  ours: () => ours.signRpcRequest(DESCRIBE_REGIONS),
  pop: () => popCoreSign(ecsClient, 'DescribeRegions', { Format: 'XML', Timestamp: TIMESTAMP, SignatureNonce: NONCE }),
  popRequest: () => ecsClient.request('DescribeRegions', { Format: 'XML', Timestamp: TIMESTAMP, SignatureNonce: NONCE }),
  check() {
    const signature = ours.signRpcRequest(DESCRIBE_REGIONS).signature;
    if (signature !== DESCRIBE_REGIONS_SIGNATURE) throw new Error(`ours gives ${signature}, the docs ${DESCRIBE_REGIONS_SIGNATURE}`);
  },
};

// Signature v3 beside v1, both ours, the same typed request: what v3 costs. Each side is
// checked first: v1 against pop-core (the slb3 case does it), v3 against the official util.
const acs3Request = slbRequest(3);
const acs3Case = {
  name: 'addVServerGroupBackendServers, 3 servers, ACS3-HMAC-SHA256 (beside our HMAC-SHA1)',
  key: 'acs3',
  ours: () => ours.addVServerGroupBackendServers(acs3Request, CREDENTIALS, OPTIONS_ACS3),
  pop: () => ours.addVServerGroupBackendServers(acs3Request, CREDENTIALS, OPTIONS),
  verify() {
    const signed = this.ours();
    const { authorization, ...headers } = signed.headers;
    const query = Object.fromEntries(new URL(signed.url).searchParams);
    const util = openApiUtil.getAuthorization({ pathname: '/', method: 'GET', query, headers }, 'ACS3-HMAC-SHA256',
      headers['x-acs-content-sha256'], CREDENTIALS.accessKeyId, CREDENTIALS.accessKeySecret);
    if (util !== authorization) throw new Error(`v3: ours ${authorization}, the util ${util}`);
    return signed.signature;
  },
};

async function verify(c) {
  c.check();
  const a = c.ours();
  const b = c.pop();
  lastUrl = undefined;
  await c.popRequest();
  if (a.signature !== b.signature) throw new Error(`${c.name}: ours ${a.signature}, pop-core ${b.signature}`);
  if (lastUrl !== b.url) throw new Error(`${c.name}: popCoreSign does not build request()'s URL:\n${b.url}\n${lastUrl}`);
  if (a.url !== b.url) throw new Error(`${c.name}: URLs differ:\n${a.url}\n${b.url}`);
  return a.signature;
}

// --- timing --------------------------------------------------------------------------
const now = () => Number(process.hrtime.bigint());

function timeSync(fn, n) {
  const start = now();
  for (let i = 0; i < n; i++) fn();
  return now() - start;
}

async function timeAsync(fn, n) {
  const start = now();
  for (let i = 0; i < n; i++) await fn();
  return now() - start;
}

/** Runs each side for about `ms` (warm-up: optimized code before the first timed round). */
async function warmUp(fns, asyncFns, ms) {
  for (const fn of fns) for (const end = now() + ms * 1e6; now() < end;) timeSync(fn, 20);
  for (const fn of asyncFns) for (const end = now() + ms * 1e6; now() < end;) await timeAsync(fn, 20);
}

/** Iterations per batch so that the slower side's batch lasts about `targetMs`. */
function calibrate(fns, targetMs) {
  let n = 20;
  for (;;) {
    const slowest = Math.max(...fns.map((fn) => timeSync(fn, n)));
    if (slowest > targetMs * 1e6 / 4 || n > 1e6) return Math.max(1, Math.round(n * targetMs * 1e6 / slowest));
    n *= 2;
  }
}

async function bench(c, { rounds, batchMs, warmMs, withRequest }) {
  const signature = c.verify ? c.verify() : await verify(c);
  await warmUp([c.ours, c.pop], withRequest ? [c.popRequest] : [], warmMs);
  const n = calibrate([c.ours, c.pop], batchMs);
  const sides = { ours: [], pop: [], popRequest: [] };
  for (let r = 0; r < rounds; r++) {
    // Alternate which side goes first, so neither always runs after the other's garbage.
    const order = r % 2 ? ['pop', 'ours'] : ['ours', 'pop'];
    for (const side of order) sides[side].push(n / (timeSync(c[side], n) / 1e9));
    if (withRequest) sides.popRequest.push(n / ((await timeAsync(c.popRequest, n)) / 1e9));
  }
  const result = {
    name: c.name, signature, iterations: n, rounds,
    ours: median(sides.ours), pop: median(sides.pop),
  };
  result.ratio = result.ours / result.pop;
  if (withRequest) {
    result.popRequest = median(sides.popRequest);
    result.ratioRequest = result.ours / result.popRequest;
  }
  return result;
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const batchMs = Number(process.env.BENCH_BATCH_MS ?? 80);
const warmMs = Number(process.env.BENCH_WARM_MS ?? 300);
const results = { popCoreVersion: popVersion, node: process.version, cases: {} };
for (const c of [slbCase(3), slbCase(20), rpcCase, acs3Case]) {
  const r = await bench(c, { rounds, batchMs, warmMs, withRequest: c !== acs3Case });
  results.cases[c.key] = r;
  const baseline = c === acs3Case ? 'ours, HMAC-SHA1' : 'pop-core';
  process.stderr.write(`node: ${r.name}: ours ${Math.round(r.ours)}/s, ${baseline} ${Math.round(r.pop)}/s (${r.ratio.toFixed(2)}x)\n`);
}
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
