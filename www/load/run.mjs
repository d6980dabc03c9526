// `make load`: the proxy (server.mjs) under load and faults, against the emulator, both in
// child processes on 127.0.0.1. Not part of `make test`: it takes about a minute and its
// figures depend on the machine. Three bounded scenarios, then one table:
//   1. load: CONNECTIONS concurrent connections for LOAD_SECONDS through /proxy, each
//      request a freshly signed DescribeVServerGroupAttribute (a nonce is good once);
//   2. the emulator killed (SIGKILL) at 3 s and restarted on the same port at 6 s;
//   3. slow uploads (1 byte/s) and slow upstreams (`slow:20000`) against the proxy's 15 s
//      limit, while static files and fast proxied calls keep flowing.
// Exits 1 if a behaviour check fails (the figures themselves are only reported).

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import net from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const WWW = fileURLToPath(new URL('..', import.meta.url));
const PACKAGE = fileURLToPath(new URL('../../pkg/node/index.cjs', import.meta.url));
const { signRpcRequest } = createRequire(import.meta.url)(PACKAGE);

const env = (name, fallback) => Number(process.env[name] || fallback);
const CONNECTIONS = env('LOAD_CONNECTIONS', 200);
const LOAD_SECONDS = env('LOAD_SECONDS', 20);
const PROXY_LIMIT_MS = 15000; // server.mjs's limits on the upstream exchange and on the request body
const SLOW_UPLOADS = 20;
const SLOW_UPSTREAMS = 5;
const KEYS = 'testid:testsecret';
const PHASES = process.env.LOAD_PHASES || '123'; // e.g. LOAD_PHASES=1 for the load alone

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const children = new Set();
// Never outlive a stuck run: stop our own children and leave.
setTimeout(() => { console.error('load: overall time limit reached'); stopAll(); process.exit(1); }, 170e3).unref();

// ---------------------------------------------------------------------------------------
// Child processes

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startChild(script, vars, readyPath, port) {
  // Their one log line per request goes nowhere unless LOAD_LOGS names a folder to append to.
  const out = process.env.LOAD_LOGS ? openSync(path.join(process.env.LOAD_LOGS, script.replace('.mjs', '.log')), 'a') : 'ignore';
  const child = spawn(process.execPath, [script], { cwd: WWW, env: { ...process.env, ...vars }, stdio: ['ignore', out, 'inherit'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  for (let i = 0; i < 100; i++) {
    const res = await send({ port, path: readyPath, timeoutMs: 1000 });
    if (res.status === 200) return child;
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  throw new Error(`${script} did not start on port ${port}`);
}

const startEmulator = (port) => startChild('emulator.mjs', { EMULATOR_PORT: String(port), EMULATOR_KEYS: KEYS }, '/_faults', port);
const startProxy = (port, emulatorOrigin) => startChild('server.mjs', { PORT: String(port), EMULATOR_ORIGIN: emulatorOrigin }, '/config.json', port);

function stopAll() {
  for (const child of children) child.kill('SIGKILL');
}

/** Samples VmRSS of `pid` every 100 ms; peak() is the highest seen, hwm() the kernel's peak. */
function memorySampler(pid) {
  const read = () => {
    try {
      const text = readFileSync(`/proc/${pid}/status`, 'utf8');
      return { rss: Number(/VmRSS:\s+(\d+)/.exec(text)?.[1] ?? 0), hwm: Number(/VmHWM:\s+(\d+)/.exec(text)?.[1] ?? 0) };
    } catch { return { rss: 0, hwm: 0 }; }
  };
  let peak = 0;
  const timer = setInterval(() => { peak = Math.max(peak, read().rss); }, 100);
  return { reset: () => { peak = read().rss; }, peak: () => peak, hwm: () => read().hwm, stop: () => clearInterval(timer) };
}

// ---------------------------------------------------------------------------------------
// Requests

/** One request; resolves { status, ms } or { error, ms }, never rejects. */
function send({ agent = false, port, path, method = 'GET', headers = {}, body, timeoutMs = 30000 }) {
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (r) => resolve({ ...r, ms: performance.now() - started, end: performance.now() });
    const req = http.request({ host: '127.0.0.1', port, path, method, headers, agent }, (res) => {
      // Keep the start of an error body: its Code says which failure it was.
      let head = '';
      const keep = res.statusCode >= 300;
      res.on('data', (d) => { if (keep && head.length < 300) head += d; });
      res.on('end', () => done({ status: res.statusCode, detail: keep ? errorDetail(head) : undefined }));
      res.on('error', (err) => done({ error: err.code || err.message }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (err) => done({ error: err.code || err.message }));
    req.end(body);
  });
}

/** `Code (reason)` from a JSON error body such as the proxy's. */
function errorDetail(text) {
  try {
    const { Code, Message = '' } = JSON.parse(text);
    const why = /\(([^)]*)\)\.?$/.exec(Message);
    return why ? `${Code} (${why[1]})` : Code;
  } catch { return undefined; }
}

function signed(emulatorOrigin, method = 'GET') {
  return signRpcRequest({
    method, endpoint: emulatorOrigin, accessKeyId: 'testid', accessKeySecret: 'testsecret',
    params: {
      Action: 'DescribeVServerGroupAttribute', Version: '2014-05-15', Format: 'JSON',
      RegionId: 'cn-hangzhou', VServerGroupId: 'rsp-cige6j5e7p', SignatureNonce: randomUUID(),
    },
  });
}
const proxyPath = (s) => `/proxy?url=${encodeURIComponent(s.url)}`;

/**
 * Runs `workers` loops for `ms`, each sending requests one after another; every result is
 * passed to `record(kind, result)`.
 */
async function loop({ workers, ms, agent, make, record }) {
  const deadline = performance.now() + ms;
  const worker = async () => {
    while (performance.now() < deadline) {
      const { kind, ...opts } = make();
      record(kind, await send({ agent, ...opts, timeoutMs: Math.max(1000, deadline - performance.now() + 20000) }));
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
}

class Stats {
  constructor() { this.lat = []; this.status = new Map(); this.errors = new Map(); this.details = new Map(); this.n = 0; }
  add(r) {
    this.n++;
    this.lat.push(r.ms);
    const map = r.error ? this.errors : this.status;
    const key = r.error ?? r.status;
    map.set(key, (map.get(key) ?? 0) + 1);
    if (r.detail) this.details.set(r.detail, (this.details.get(r.detail) ?? 0) + 1);
  }
  count(pred) { let c = 0; for (const [s, n] of this.status) if (pred(s)) c += n; return c; }
  get ok() { return this.count((s) => s >= 200 && s < 300); }
  get non2xx() { return this.count((s) => s < 200 || s >= 300); }
  get socketErrors() { let c = 0; for (const n of this.errors.values()) c += n; return c; }
  pct(p) {
    if (!this.lat.length) return NaN;
    const sorted = Float64Array.from(this.lat).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  }
  breakdown() {
    const counts = [...this.status].filter(([s]) => s < 200 || s >= 300).concat([...this.errors]);
    return [...counts, ...this.details].map(([k, n]) => `${k}×${n}`).join(' ') || 'none';
  }
}

const ms = (x) => (Number.isNaN(x) ? '-' : `${x.toFixed(x < 10 ? 1 : 0)} ms`);
const mib = (kb) => `${(kb / 1024).toFixed(0)} MiB`;

// ---------------------------------------------------------------------------------------
// Scenarios

const rows = [];
const checks = [];
const row = (scenario, measure, value) => rows.push([scenario, measure, String(value)]);
const check = (what, ok) => { checks.push([what, ok]); console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`); };

const emuPort = await freePort();
const proxyPort = await freePort();
const emulatorOrigin = `http://127.0.0.1:${emuPort}`;
let emulator = await startEmulator(emuPort);
const proxy = await startProxy(proxyPort, emulatorOrigin);
const mem = memorySampler(proxy.pid);
process.on('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { stopAll(); process.exit(130); });
console.log(`emulator ${emulatorOrigin}, proxy http://127.0.0.1:${proxyPort} (pid ${proxy.pid})`);

const proxied = () => ({ kind: 'proxy', port: proxyPort, path: proxyPath(signed(emulatorOrigin)) });
const staticFile = () => ({ kind: 'static', port: proxyPort, path: '/style.css' });

try {
  // 1. Load ------------------------------------------------------------------------------
  if (PHASES.includes('1')) {
    console.log(`1. load: ${CONNECTIONS} connections for ${LOAD_SECONDS} s through /proxy`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const stats = new Stats();
    mem.reset();
    const started = performance.now();
    await loop({ workers: CONNECTIONS, ms: LOAD_SECONDS * 1000, agent, make: proxied, record: (_, r) => stats.add(r) });
    const secs = (performance.now() - started) / 1000;
    agent.destroy();
    const s = '1 load';
    row(s, 'connections × seconds', `${CONNECTIONS} × ${LOAD_SECONDS}`);
    row(s, 'requests/s', Math.round(stats.n / secs));
    row(s, 'latency p50 / p99', `${ms(stats.pct(50))} / ${ms(stats.pct(99))}`);
    row(s, 'non-2xx', `${stats.non2xx}${stats.non2xx ? ` (${stats.breakdown()})` : ''}`);
    row(s, 'socket errors', stats.socketErrors);
    row(s, 'proxy peak RSS (sampled / VmHWM)', `${mib(mem.peak())} / ${mib(mem.hwm())}`);
    check(`load: every proxied call answered 2xx (${stats.ok} of ${stats.n})`, stats.ok === stats.n && stats.n > 0);
  }

  // 2. Kill and restart -----------------------------------------------------------------
  if (PHASES.includes('2')) {
    console.log('2. emulator killed at 3 s, restarted at 6 s (10 s at 20 + 2 connections)');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    const t0 = performance.now();
    let killedAt = Infinity;
    let spawnedAt = Infinity; // the new emulator may answer from here on...
    let restartedAt = Infinity; // ...and does from here on
    const events = [];
    const record = (kind, r) => events.push({ kind, ...r, at: r.end - t0 });
    const driver = (async () => {
      await sleep(3000);
      killedAt = performance.now() - t0;
      emulator.kill('SIGKILL');
      await sleep(3000);
      spawnedAt = performance.now() - t0;
      emulator = await startEmulator(emuPort);
      restartedAt = performance.now() - t0;
    })();
    await Promise.all([
      loop({ workers: 20, ms: 10000, agent, make: proxied, record }),
      // The witness: the proxy's own files, which need no upstream.
      loop({ workers: 2, ms: 10000, agent, make: staticFile, record }),
      driver,
    ]);
    agent.destroy();
    // Classed by when each request ended; a request started before the kill and answered
    // just after it may still be 2xx, so 'down' starts 100 ms after the kill.
    const phase = (e) => (e.at < killedAt ? 'before' : e.at < killedAt + 100 ? 'killing'
      : e.at < spawnedAt ? 'down' : e.at < restartedAt ? 'restarting' : 'after');
    const pick = (kind, p) => events.filter((e) => e.kind === kind && phase(e) === p);
    const is2xx = (e) => e.status >= 200 && e.status < 300;
    const down = pick('proxy', 'down');
    const after = pick('proxy', 'after');
    const statics = events.filter((e) => e.kind === 'static');
    const firstOk = events.find((e) => e.kind === 'proxy' && e.at >= spawnedAt && is2xx(e));
    const s = '2 kill/restart';
    row(s, 'proxied before kill: 2xx', `${pick('proxy', 'before').filter(is2xx).length} of ${pick('proxy', 'before').length}`);
    const down502 = down.filter((e) => e.status === 502).length;
    row(s, 'proxied while down: 502', `${down502} of ${down.length}${down502 < down.length ? ` (others: ${down.filter((e) => e.status !== 502).map((e) => e.status ?? e.error).join(' ')})` : ''}`);
    row(s, 'static while down: 200', `${pick('static', 'down').filter((e) => e.status === 200).length} of ${pick('static', 'down').length}`);
    row(s, 'static overall: 200', `${statics.filter((e) => e.status === 200).length} of ${statics.length}`);
    row(s, 'after restart: 2xx', `${after.filter(is2xx).length} of ${after.length} (first 2xx ${firstOk ? ms(firstOk.at - spawnedAt) : 'never'} after the respawn)`);
    row(s, 'killed, respawned, answering at', `${ms(killedAt)}, ${ms(spawnedAt)}, ${ms(restartedAt)}`);
    // A request in flight at the kill may end as 502 just after it; none may be non-502 while down.
    check('while the emulator was down, the proxy answered 502', down.length > 0 && down.every((e) => e.status === 502));
    check('static files answered 200 throughout', statics.length > 0 && statics.every((e) => e.status === 200));
    const tail = after.filter((e) => e.at > restartedAt + 500);
    check('recovered: 2xx after the restart (all of them from 0.5 s on)', Boolean(firstOk) && tail.length > 0 && tail.every(is2xx));
  }

  // 3. Slow uploads and slow upstreams ----------------------------------------------------
  if (PHASES.includes('3')) {
    console.log(`3. ${SLOW_UPLOADS} uploads at 1 byte/s and ${SLOW_UPSTREAMS} slow:20000 upstreams, traffic alongside`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const traffic = () => (Math.random() < 0.5 ? proxied() : staticFile());
    const base = { proxy: new Stats(), static: new Stats() };
    await loop({ workers: 10, ms: 3000, agent, make: traffic, record: (k, r) => base[k].add(r) });

    const set = await send({
      port: emuPort, path: '/_faults', method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ script: Array(SLOW_UPSTREAMS).fill('slow:20000') }),
    });
    if (set.status !== 200) throw new Error(`POST /_faults answered ${set.status ?? set.error}`);
    const slowCalls = Array.from({ length: SLOW_UPSTREAMS }, () => send({ port: proxyPort, path: proxyPath(signed(emulatorOrigin)), timeoutMs: 25000 }));
    // The script must be used by those calls, not by the traffic that follows.
    for (let i = 0; i < 40; i++) {
      const left = await new Promise((resolve) => {
        http.get({ host: '127.0.0.1', port: emuPort, path: '/_faults', agent: false }, (res) => {
          let t = ''; res.on('data', (d) => { t += d; }); res.on('end', () => resolve(JSON.parse(t).script.length));
        }).on('error', () => resolve(-1));
      });
      if (left === 0) break;
      await sleep(50);
    }
    const uploads = Array.from({ length: SLOW_UPLOADS }, () => slowUpload(proxyPort, signed(emulatorOrigin, 'POST'), 18000));
    const during = { proxy: new Stats(), static: new Stats() };
    mem.reset();
    await loop({ workers: 10, ms: 17000, agent, make: traffic, record: (k, r) => during[k].add(r) });
    const slowResults = await Promise.all(slowCalls);
    const uploadResults = await Promise.all(uploads);
    agent.destroy();

    const summary = (list) => {
      const byStatus = new Map();
      for (const r of list) byStatus.set(r.status ?? r.error, (byStatus.get(r.status ?? r.error) ?? 0) + 1);
      const times = list.filter((r) => r.status).map((r) => r.ms);
      const span = times.length ? ` after ${(Math.min(...times) / 1000).toFixed(1)}-${(Math.max(...times) / 1000).toFixed(1)} s` : '';
      return `${[...byStatus].map(([k, n]) => `${k}×${n}`).join(' ')}${span}`;
    };
    const s = '3 slow';
    row(s, `slow upstreams (${SLOW_UPSTREAMS})`, summary(slowResults));
    row(s, `slow uploads (${SLOW_UPLOADS}, 1 byte/s)`, summary(uploadResults));
    for (const kind of ['proxy', 'static']) {
      const b = base[kind];
      const d = during[kind];
      row(s, `${kind === 'proxy' ? 'fast proxied' : 'static'} p50 / p99 before → during`,
        `${ms(b.pct(50))} / ${ms(b.pct(99))} → ${ms(d.pct(50))} / ${ms(d.pct(99))} (${d.ok} of ${d.n} 2xx)`);
    }
    row(s, 'proxy peak RSS during', mib(mem.peak()));
    const inLimit = (r) => r.ms >= PROXY_LIMIT_MS - 100 && r.ms < PROXY_LIMIT_MS + 2000;
    check('slow upstreams: 504 at the 15 s limit', slowResults.every((r) => r.status === 504 && inLimit(r)));
    check('slow uploads: 408 at the 15 s limit', uploadResults.every((r) => r.status === 408 && inLimit(r)));
    const flowing = ['proxy', 'static'].every((k) => during[k].n > 0 && during[k].ok === during[k].n
      && during[k].pct(99) <= 5 * base[k].pct(99) + 50);
    check('other requests kept flowing at normal latency (all 2xx, p99 within 5× + 50 ms of before)', flowing);
  }
} finally {
  mem.stop();
  stopAll();
}

// ---------------------------------------------------------------------------------------
// The table

const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ['scenario', 'measure', 'value'][i].length));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(`\n${line(['scenario', 'measure', 'value'])}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
const failed = checks.filter(([, ok]) => !ok);
console.log(`\nchecks: ${checks.length - failed.length} of ${checks.length} ok${failed.length ? ` — failed: ${failed.map(([w]) => w).join('; ')}` : ''}`);
process.exit(failed.length ? 1 : 0);

/**
 * POSTs `s` through the proxy, dribbling the body one byte a second. Resolves { status, ms }
 * when the proxy answers, or { error: 'no answer' } after `giveUpMs`.
 */
function slowUpload(port, s, giveUpMs) {
  const started = performance.now();
  return new Promise((resolve) => {
    const body = Buffer.from(s.body);
    const socket = net.connect(port, '127.0.0.1');
    let sent = 0;
    let response = '';
    let timer = null;
    const finish = (r) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ ...r, ms: performance.now() - started });
    };
    const giveUp = setTimeout(() => finish({ error: 'no answer' }), giveUpMs);
    socket.on('connect', () => {
      socket.write(`POST ${proxyPath(s)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: ${s.headers['content-type']}\r\nContent-Length: ${body.length}\r\n\r\n`);
      timer = setInterval(() => { if (sent < body.length && socket.writable) socket.write(body.subarray(sent, ++sent)); }, 1000);
    });
    socket.on('data', (d) => {
      response += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(response);
      if (m) finish({ status: Number(m[1]) });
    });
    socket.on('error', (err) => finish({ error: err.code || err.message }));
    socket.on('close', () => finish({ error: 'closed' }));
  });
}
