// The emulator's faults (/_faults, EMULATOR_FAULTS) over real HTTP on 127.0.0.1, with
// requests signed by the project's signer (test/support/signer.mjs).

import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createEmulator, FAULT_ERRORS, FaultConfigError, parseFaults } from '../emulator.mjs';
import { request } from './support/http.mjs';
import { call, commonParams, sendSigned, utcTimestamp } from './support/slb.mjs';
import { signRpc } from './support/signer.mjs';

const EMULATOR_CLI = fileURLToPath(new URL('../emulator.mjs', import.meta.url));
const UUID_UPPER = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const GROUP = { RegionId: 'cn-hangzhou', VServerGroupId: 'rsp-cige6j5e7p' };
const describe = (extra = {}, opts) => ({ ...commonParams('DescribeVServerGroupAttribute', opts), ...GROUP, ...extra });
const add = (extra = {}) => ({
  ...commonParams('AddVServerGroupBackendServers'), ...GROUP,
  BackendServers: JSON.stringify([{ ServerId: 'vm-231', Port: 80 }]), ...extra,
});
const sign = (params, method = 'GET', endpoint) => signRpc({ method, endpoint, accessKeyId: 'testid', accessKeySecret: 'testsecret', params });
const NONE = { script: [], shares: {}, skewSeconds: 0, processingMs: 0 };

/** A fresh emulator (faults are per instance); its log lines land in `logs`. */
async function start(t, options = {}) {
  const logs = [];
  const emulator = createEmulator({ log: (line) => logs.push(line), ...options });
  const url = await emulator.listen(0, '127.0.0.1');
  t.after(() => emulator.close());
  return { emulator, url, logs };
}

const control = (url, method, body) => request(`${url}/_faults`, {
  method, body, headers: body === undefined ? {} : { 'content-type': 'application/json' },
});
const setFaults = async (url, config) => {
  const res = await control(url, 'POST', JSON.stringify(config));
  assert.equal(res.status, 200, res.text);
  return res.json();
};
const members = async (url) => (await call(url, describe())).res.json().BackendServers.BackendServer;

function assertDate(res, expectedMs = Date.now(), slackMs = 5000) {
  assert.match(res.headers.date, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  const off = Date.parse(res.headers.date) - expectedMs;
  assert.ok(Math.abs(off) <= slackMs, `Date ${res.headers.date} is ${off} ms off`);
}

// ---- each error outcome, JSON and XML ----

for (const [outcome, [status, code, message]] of Object.entries(FAULT_ERRORS)) {
  test(`${outcome}: ${status} ${code}, shaped like any error, in JSON and in XML`, async (t) => {
    const { url, logs } = await start(t);
    await setFaults(url, { script: [outcome, outcome] });

    const { res } = await call(url, describe());
    assert.equal(res.status, status, res.text);
    assert.match(res.headers['content-type'], /^application\/json/);
    assertDate(res);
    const body = res.json();
    assert.deepEqual(Object.keys(body), ['RequestId', 'HostId', 'Code', 'Message', 'Recommend']);
    assert.match(body.RequestId, UUID_UPPER);
    assert.equal(res.headers['x-acs-request-id'], body.RequestId);
    assert.equal(body.HostId, new URL(url).host);
    assert.equal(body.Code, code);
    assert.equal(body.Message, message);
    assert.equal(body.Recommend, `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=Slb`);

    const xml = (await call(url, describe({ Format: 'XML' }), { method: 'POST' })).res;
    assert.equal(xml.status, status, xml.text);
    assert.match(xml.headers['content-type'], /^text\/xml/);
    assert.match(xml.text, new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?><Error><RequestId>[0-9A-F-]{36}</RequestId><HostId>[^<]+</HostId><Code>${code.replace('.', '\\.')}</Code><Message>${message.replace(/[.,]/g, '\\$&')}</Message><Recommend>[^<]+</Recommend></Error>$`));

    assert.deepEqual(logs.filter((l) => !l.includes('/_faults')), [
      `GET DescribeVServerGroupAttribute ${status} ${code} (fault)`,
      `POST DescribeVServerGroupAttribute ${status} ${code} (fault)`,
    ]);
    // The script is used up: back to normal.
    assert.equal((await call(url, describe())).res.status, 200);
  });
}

test('449 SystemBusy has its reason phrase', async (t) => {
  const { url } = await start(t, { faults: { script: ['SystemBusy'] } });
  const signed = sign(describe(), 'GET', url);
  const { hostname, port } = new URL(url);
  const reason = await new Promise((resolve, reject) => {
    http.get({ hostname, port, path: signed.url.slice(url.length), agent: false }, (res) => { res.resume(); resolve(`${res.statusCode} ${res.statusMessage}`); }).on('error', reject);
  });
  assert.equal(reason, '449 Retry With');
});

// ---- script and shares ----

test('the script is applied in order, one outcome per RPC request, then normal behaviour', async (t) => {
  const { url } = await start(t);
  await setFaults(url, { script: ['Throttling', 'ServiceUnavailable', 'ok', 'InternalError', 'slow:10', 'OperationBusy'] });
  const codes = [];
  for (let i = 0; i < 8; i++) {
    const { res } = await call(url, describe());
    codes.push(`${res.status} ${res.json().Code ?? 'ok'}`);
  }
  assert.deepEqual(codes, ['400 Throttling.User', '503 ServiceUnavailable', '200 ok', '500 InternalError', '200 ok', '400 OperationBusy', '200 ok', '200 ok']);
});

test('GET /_faults shows what is left of the script; control calls do not consume it', async (t) => {
  const { url } = await start(t);
  await setFaults(url, { script: ['Throttling', 'SystemBusy', 'cut'] });
  await control(url, 'GET');
  assert.equal((await call(url, describe())).res.status, 400);
  assert.deepEqual((await control(url, 'GET')).json(), { script: ['SystemBusy', 'cut'], shares: {}, skewSeconds: 0, processingMs: 0 });
});

test('the script is taken in arrival order by concurrent requests', async (t) => {
  const { url } = await start(t);
  await setFaults(url, { script: ['slow:200', 'InternalError'] });
  const first = call(url, describe());
  await new Promise((r) => setTimeout(r, 50));
  const second = await call(url, describe());
  assert.equal(second.res.status, 500); // did not wait behind the slow one
  assert.equal((await first).res.status, 200);
});

test('after the script, shares apply; shares of 1.0 always fault', async (t) => {
  const { url } = await start(t);
  await setFaults(url, { script: ['SystemBusy'], shares: { VServerGroupProcessing: 1 } });
  assert.equal((await call(url, describe())).res.status, 449);
  for (let i = 0; i < 20; i++) {
    const { res } = await call(url, describe({}, {}), { method: i % 2 ? 'POST' : 'GET' });
    assert.equal(res.status, 400);
    assert.equal(res.json().Code, 'VServerGroupProcessing');
  }
  assert.deepEqual((await control(url, 'DELETE')).json(), NONE);
  assert.equal((await call(url, describe())).res.status, 200);
});

test('shares: one draw per request splits [0, 1) in the order given; the rest is ok', async (t) => {
  const draws = [0.05, 0.29, 0.3, 0.59, 0.6, 0.99];
  const { url } = await start(t, { random: () => draws.shift() });
  await setFaults(url, { shares: { Throttling: 0.3, InternalError: 0.3 } });
  const statuses = [];
  for (let i = 0; i < 6; i++) statuses.push((await call(url, describe())).res.status);
  assert.deepEqual(statuses, [400, 400, 500, 500, 200, 200]);
});

test('shares of 0 never fault', async (t) => {
  const { url } = await start(t);
  await setFaults(url, { shares: { cut: 0, InternalError: 0 } });
  for (let i = 0; i < 10; i++) assert.equal((await call(url, describe())).res.status, 200);
});

// ---- cut and slow ----

test('cut: the socket is destroyed without a response; the next request is served', async (t) => {
  const { url, logs } = await start(t, { faults: { script: ['cut', 'cut'] } });
  for (const method of ['GET', 'POST']) {
    const signed = sign(describe(), method, url);
    await assert.rejects(sendSigned(signed), (err) => ['ECONNRESET', 'ECONNREFUSED'].includes(err.code) || /socket hang up/.test(err.message));
    // Not consumed: the same signed request goes through afterwards.
    if (method === 'POST') assert.equal((await sendSigned(signed)).status, 200);
  }
  assert.ok(logs.includes('GET DescribeVServerGroupAttribute cut (fault)'), logs.join('\n'));
});

test('slow:300 waits at least 300 ms, then answers normally', async (t) => {
  const { url } = await start(t, { faults: { script: ['slow:300'] } });
  const started = performance.now();
  const { res } = await call(url, describe());
  assert.ok(performance.now() - started >= 300);
  assert.equal(res.status, 200, res.text);
});

test('slow: a client that goes away meanwhile gets nothing done', async (t) => {
  const { url, logs } = await start(t, { faults: { script: ['slow:300'] } });
  const signed = sign(add(), 'GET', url);
  const { hostname, port } = new URL(url);
  await new Promise((resolve) => {
    const req = http.get({ hostname, port, path: signed.url.slice(url.length), agent: false });
    req.on('error', resolve);
    setTimeout(() => req.destroy(), 50);
  });
  await new Promise((r) => setTimeout(r, 400));
  assert.ok(logs.includes('GET AddVServerGroupBackendServers gone (fault slow:300)'), logs.join('\n'));
  assert.deepEqual(await members(url), []);
  assert.equal((await sendSigned(signed)).status, 200); // the nonce was not used up
});

// ---- faults change nothing ----

test('faulted requests change no state and do not use up the nonce', async (t) => {
  const { url } = await start(t);
  const outcomes = [...Object.keys(FAULT_ERRORS), 'cut'];
  await setFaults(url, { script: outcomes.flatMap((o) => [o, 'ok']) });
  const signed = sign(add(), 'POST', url);
  for (const outcome of outcomes) {
    const res = await sendSigned(signed).catch((err) => ({ status: err.code }));
    assert.notEqual(res.status, 200, outcome);
    assert.deepEqual(await members(url), [], outcome); // the 'ok' after it
  }
  assert.equal((await sendSigned(signed)).status, 200);
  assert.equal((await members(url)).length, 1);
});

test('a malformed request still gets its fault; its own error comes once the script is done', async (t) => {
  const { url } = await start(t, { faults: { script: ['ServiceUnavailable'] } });
  const signed = sign(describe(), 'POST', url);
  const twice = () => request(`${signed.url}?RegionId=cn-hangzhou`, { method: 'POST', headers: signed.headers, body: signed.body });
  assert.equal((await twice()).json().Code, 'ServiceUnavailable');
  assert.equal((await twice()).json().Code, 'InvalidParameter');
});

// ---- skew ----

test('skewSeconds: Date runs ahead, a correct clock is Expired, the skewed clock is accepted', async (t) => {
  const { url } = await start(t);
  assert.deepEqual(await setFaults(url, { skewSeconds: 1200 }), { script: [], shares: {}, skewSeconds: 1200, processingMs: 0 });
  const { res } = await call(url, describe());
  assert.equal(res.status, 400);
  assert.equal(res.json().Code, 'InvalidTimeStamp.Expired');
  assert.equal(res.json().Message, 'Specified time stamp or date value is expired.');
  assertDate(res, Date.now() + 1200e3);

  // A client that corrects its clock by the Date header gets through.
  const offset = Date.parse(res.headers.date) - Date.now();
  const ok = (await call(url, describe({}, { now: Date.now() + offset }))).res;
  assert.equal(ok.status, 200, ok.text);
  assertDate(ok, Date.now() + 1200e3);
  assertDate(await control(url, 'GET'), Date.now() + 1200e3);
});

test('negative skew, and within the window nothing changes', async (t) => {
  const { url } = await start(t, { faults: { skewSeconds: -600 } });
  const { res } = await call(url, describe());
  assert.equal(res.status, 200, res.text);
  assertDate(res, Date.now() - 600e3);
  await setFaults(url, { skewSeconds: -1000 });
  assert.equal((await call(url, describe())).res.json().Code, 'InvalidTimeStamp.Expired');
  assert.equal((await call(url, describe({}, { now: Date.now() - 1000e3 }))).res.status, 200);
});

test('the skew follows an injected clock', async (t) => {
  const clock = Date.parse('2026-06-01T12:00:00Z');
  const { url } = await start(t, { now: () => clock, faults: { skewSeconds: 60 } });
  const { res } = await call(url, describe({ Timestamp: utcTimestamp(clock + 60e3 + 14 * 60e3) }));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.headers.date, 'Mon, 01 Jun 2026 12:01:00 GMT');
});

// ---- Date on every response ----

test('every response carries a Date: success, error, control, and node-level 400', async (t) => {
  const { url } = await start(t);
  assertDate((await call(url, describe())).res);
  assertDate((await call(url, describe(), { accessKeySecret: 'wrong' })).res);
  assertDate(await request(`${url}/other`));
  assertDate(await control(url, 'PUT'));
  const { port } = new URL(url);
  const raw = await new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write('NOT HTTP\r\n\r\n'));
    let text = '';
    socket.on('data', (d) => { text += d; });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
  assert.match(raw, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.match(raw, /\r\nDate: [A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\r\n/);
});

// ---- control endpoint ----

test('/_faults: GET, POST (replaces all, answers the config), DELETE; no signature needed', async (t) => {
  const { url } = await start(t);
  const none = await control(url, 'GET');
  assert.equal(none.status, 200);
  assert.match(none.headers['content-type'], /^application\/json/);
  assert.deepEqual(none.json(), NONE);
  const config = { script: ['cut', 'slow:20000', 'ok'], shares: { Throttling: 0.25, 'slow:5': 0.5 }, skewSeconds: -30.5, processingMs: 250 };
  assert.deepEqual(await setFaults(url, config), config);
  assert.deepEqual((await control(url, 'GET')).json(), config);
  // A second POST replaces everything, including the unused script.
  assert.deepEqual(await setFaults(url, { shares: { ok: 1 } }), { script: [], shares: { ok: 1 }, skewSeconds: 0, processingMs: 0 });
  const cleared = await control(url, 'DELETE');
  assert.equal(cleared.status, 200);
  assert.deepEqual(cleared.json(), NONE);
  assert.deepEqual((await control(url, 'GET')).json(), NONE);
  // The query is ignored; the path must be exact.
  assert.equal((await request(`${url}/_faults?x=1`)).status, 200);
  assert.equal((await request(`${url}/_faults/`)).json().Code, 'InvalidAction.NotFound');
});

for (const [why, body, words] of [
  ['not JSON', '{script:', /not valid JSON/],
  ['empty body', '', /not valid JSON/],
  ['an array', '["cut"]', /must be a JSON object/],
  ['an unknown field', '{"scripts":["cut"]}', /unknown field "scripts"/],
  ['an unknown outcome', '{"script":["ok","Throttled"]}', /script\[1\]: "Throttled" is not an outcome/],
  ['shares over 1', '{"shares":{"cut":0.6,"InternalError":0.5}}', /add up to 1\.1/],
]) {
  test(`/_faults POST with ${why}: 400 naming it, config unchanged`, async (t) => {
    const { url } = await start(t, { faults: { script: ['cut'] } });
    const res = await control(url, 'POST', body);
    assert.equal(res.status, 400, res.text);
    assert.match(res.headers['content-type'], /^application\/json/);
    const error = res.json();
    assert.equal(error.Code, 'InvalidFaultConfig');
    assert.match(error.Message, words);
    assert.deepEqual((await control(url, 'GET')).json(), { script: ['cut'], shares: {}, skewSeconds: 0, processingMs: 0 });
  });
}

test('/_faults with another method: 405 with Allow', async (t) => {
  const { url } = await start(t);
  const res = await control(url, 'PUT', '{}');
  assert.equal(res.status, 405);
  assert.equal(res.headers.allow, 'GET, POST, DELETE');
  assert.equal(res.json().Code, 'MethodNotAllowed');
});

test('createEmulator refuses a bad initial config', () => {
  assert.throws(() => createEmulator({ faults: { script: 'cut' } }), /script must be an array/);
});

// ---- parseFaults ----

test('parseFaults: JSON text or object, fields optional, normalised copies', () => {
  assert.deepEqual(parseFaults('{}'), NONE);
  assert.deepEqual(parseFaults({ skewSeconds: 1200 }), { script: [], shares: {}, skewSeconds: 1200, processingMs: 0 });
  const script = ['ok', 'cut', 'slow:0', 'slow:600000', ...Object.keys(FAULT_ERRORS)];
  const shares = { Throttling: 0.1, ServiceUnavailable: 0.2, 'slow:100': 0.7 };
  const parsed = parseFaults(JSON.stringify({ script, shares }));
  assert.deepEqual(parsed, { script, shares, skewSeconds: 0, processingMs: 0 });
  const input = { script: ['cut'] };
  parseFaults(input).script.push('ok');
  assert.deepEqual(input.script, ['cut']);
});

for (const [why, input, words] of [
  ['invalid JSON', '{"script":[', /not valid JSON/],
  ['null', 'null', /must be a JSON object/],
  ['a string', '"cut"', /must be a JSON object/],
  ['an unknown field', { skew: 1 }, /unknown field "skew"/],
  ['a script that is no array', { script: 'cut' }, /script must be an array/],
  ['a null script', { script: null }, /script must be an array/],
  ['a number in the script', { script: [503] }, /script\[0\]: 503 is not an outcome/],
  ['wrong case', { script: ['throttling'] }, /script\[0\]: "throttling" is not an outcome/],
  ['the Code instead of the outcome', { script: ['Throttling.User'] }, /"Throttling\.User" is not an outcome/],
  ['slow without ms', { script: ['slow'] }, /"slow" is not an outcome/],
  ['slow with a fraction', { script: ['slow:1.5'] }, /"slow:1\.5" is not an outcome/],
  ['slow negative', { script: ['slow:-1'] }, /"slow:-1" is not an outcome/],
  ['slow over 10 minutes', { script: ['slow:600001'] }, /"slow:600001" is not an outcome/],
  ['shares as an array', { shares: [['cut', 1]] }, /shares must be an object/],
  ['an unknown share', { shares: { Busy: 0.1 } }, /shares: "Busy" is not an outcome/],
  ['a share as a string', { shares: { cut: '0.5' } }, /shares\.cut must be a probability/],
  ['a share over 1', { shares: { cut: 1.5 } }, /shares\.cut must be a probability/],
  ['a negative share', { shares: { cut: -0.1 } }, /shares\.cut must be a probability/],
  ['shares adding up over 1', { shares: { cut: 0.5, ok: 0.6 } }, /add up to 1\.1/],
  ['skewSeconds as a string', { skewSeconds: '1200' }, /skewSeconds must be a number/],
  ['skewSeconds too large', { skewSeconds: 1e12 }, /skewSeconds must be a number/],
  ['processingMs as a string', { processingMs: '100' }, /processingMs must be a whole number/],
  ['processingMs with a fraction', { processingMs: 1.5 }, /processingMs must be a whole number/],
  ['processingMs negative', { processingMs: -1 }, /processingMs must be a whole number/],
  ['processingMs over 10 minutes', { processingMs: 600001 }, /processingMs must be a whole number/],
]) {
  test(`parseFaults refuses ${why}`, () => {
    assert.throws(() => parseFaults(input), (err) => err instanceof FaultConfigError && err.name === 'FaultConfigError' && words.test(err.message));
  });
}

test('parseFaults: shares adding up to 1 with float rounding pass', () => {
  assert.doesNotThrow(() => parseFaults({ shares: { cut: 0.1, Throttling: 0.2, InternalError: 0.7 } }));
});

// ---- EMULATOR_FAULTS ----

/** Runs the CLI with `env`; resolves with { code, stdout, stderr, url } once it listens or exits. */
function runCli(t, env) {
  const child = spawn(process.execPath, [EMULATOR_CLI], {
    env: { ...process.env, EMULATOR_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => { if (child.exitCode === null) child.kill(); });
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout);
      if (m) resolve({ url: m[1], child });
    });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('EMULATOR_FAULTS sets the faults at start', async (t) => {
  const { url } = await runCli(t, { EMULATOR_FAULTS: '{"script":["OperationBusy"],"skewSeconds":5}' });
  assert.ok(url);
  assert.deepEqual((await control(url, 'GET')).json(), { script: ['OperationBusy'], shares: {}, skewSeconds: 5, processingMs: 0 });
  assert.equal((await call(url, describe())).res.json().Code, 'OperationBusy');
});

test('EMULATOR_PROCESSING_MS sets the processing window; a bad one: exit 2', async (t) => {
  const { url } = await runCli(t, { EMULATOR_PROCESSING_MS: '60000' });
  assert.equal((await control(url, 'GET')).json().processingMs, 60000);
  assert.equal((await call(url, add())).res.status, 200);
  assert.equal((await call(url, add())).res.json().Code, 'VServerGroupProcessing');

  const bad = await runCli(t, { EMULATOR_PROCESSING_MS: 'soon' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^EMULATOR_PROCESSING_MS: processingMs must be a whole number/);
});

test('EMULATOR_FAULTS that does not parse: exit 2 with the reason, nothing listens', async (t) => {
  const { code, stderr, url } = await runCli(t, { EMULATOR_FAULTS: '{"shares":{"cut":2}}' });
  assert.equal(url, undefined);
  assert.equal(code, 2);
  assert.match(stderr, /^EMULATOR_FAULTS: shares\.cut must be a probability/);
});
