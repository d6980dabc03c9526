// SlbClient's retries, clock correction and network failures, against small scripted
// upstreams on 127.0.0.1: each answers the n-th request with the n-th step of its script
// (the last step repeats) and records what it was sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import * as slb from 'aliyun-slb-wasm';

// This file runs from target/package-test/test/ (see install-packed.mjs).
const { decodeForm, verifySignature } = await import(new URL('../../../www/emulator.mjs', import.meta.url));

const secret = 'testsecret';
const credentials = { accessKeyId: 'testid', accessKeySecret: secret };
const GROUP = 'rsp-cige6j5e7p';
const request = { regionId: 'cn-hangzhou', vServerGroupId: GROUP, backendServers: [{ serverId: 'vm-236', port: 80, weight: 40 }] };
const MINUTE = 60_000;

// Script steps.
const ok = { status: 200 };
const fail = (status, code, extra = {}) => ({ status, code, ...extra });
const throttled = fail(400, 'Throttling.User');
const cut = { cut: true };

function successBody(format, requestId) {
  if (format === 'XML') {
    return `<?xml version="1.0" encoding="UTF-8"?><AddVServerGroupBackendServersResponse><RequestId>${requestId}</RequestId><VServerGroupId>${GROUP}</VServerGroupId><BackendServers><BackendServer><ServerId>vm-236</ServerId><Port>80</Port><Weight>40</Weight><Type>ecs</Type></BackendServer></BackendServers></AddVServerGroupBackendServersResponse>`;
  }
  return JSON.stringify({ RequestId: requestId, VServerGroupId: GROUP, BackendServers: { BackendServer: [{ ServerId: 'vm-236', Port: 80, Weight: 40, Type: 'ecs' }] } });
}

// Shaped like rpc-signing.md section 5.
function errorBody(format, requestId, code) {
  const message = `Scripted ${code}.`;
  if (format === 'XML') {
    return `<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>${requestId}</RequestId><HostId>slb.aliyuncs.com</HostId><Code>${code}</Code><Message>${message}</Message></Error>`;
  }
  return JSON.stringify({ RequestId: requestId, HostId: 'slb.aliyuncs.com', Code: code, Message: message, Recommend: 'https://example.invalid/recommend' });
}

/** Starts a scripted upstream; `seen` lists each request's params, time and signature check. */
async function upstream(script) {
  const seen = [];
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const q = req.url.indexOf('?');
    const form = req.method === 'POST' ? Buffer.concat(chunks).toString('latin1') : q === -1 ? '' : req.url.slice(q + 1);
    const params = Object.fromEntries(decodeForm(form));
    seen.push({ at: performance.now(), serverNow: Date.now(), method: req.method, params, signed: verifySignature(req.method, params, secret).ok });
    const step = script[Math.min(seen.length, script.length) - 1];
    if (step.cut) {
      req.socket.destroy();
      return;
    }
    const format = params.Format === 'XML' ? 'XML' : 'JSON';
    const requestId = `REQ-${seen.length}`;
    const headers = { 'content-type': format === 'XML' ? 'text/xml;charset=utf-8' : 'application/json;charset=utf-8' };
    if (step.date === null) res.sendDate = false;
    else if (step.date !== undefined) headers.date = step.date;
    res.writeHead(step.status, headers);
    res.end(step.code ? errorBody(format, requestId, step.code) : successBody(format, requestId));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

async function withUpstream(script, body) {
  const up = await upstream(script);
  try {
    await body(up);
  } finally {
    await up.close();
  }
}

const timestampMs = (text) => {
  assert.match(text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  return Date.parse(text);
};

/** Each request signed afresh: valid signature, its own nonce, a timestamp near `skewMs` from now. */
function assertFreshlySigned(seen, skews = seen.map(() => 0)) {
  assert.equal(new Set(seen.map((s) => s.params.SignatureNonce)).size, seen.length, 'a nonce was reused');
  seen.forEach((s, i) => {
    assert.ok(s.signed, `request ${i + 1} is not correctly signed`);
    const off = timestampMs(s.params.Timestamp) - (s.serverNow + skews[i]);
    assert.ok(off > -5000 && off < 5000, `request ${i + 1}: timestamp ${s.params.Timestamp} is ${off} ms off`);
  });
}

const gaps = (seen) => seen.slice(1).map((s, i) => s.at - seen[i].at);
const quick = { baseDelayMs: 1, maxDelayMs: 2 };

test('Throttling twice then success: the result, 3 requests, each signed afresh', async () => {
  await withUpstream([throttled, throttled, ok], async (up) => {
    const client = new slb.SlbClient({ credentials, endpoint: up.url, retry: quick });
    const result = await client.addVServerGroupBackendServers(request);
    assert.equal(result.requestId, 'REQ-3');
    assert.equal(result.backendServers[0].serverId, 'vm-236');
    assert.equal(up.seen.length, 3);
    assertFreshlySigned(up.seen);
  });
});

test('POST and XML: the form body is re-signed on each try', async () => {
  await withUpstream([fail(503, 'ServiceUnavailable'), ok], async (up) => {
    const client = new slb.SlbClient({ credentials, endpoint: up.url, method: 'POST', format: 'XML', retry: quick });
    const result = await client.addVServerGroupBackendServers(request);
    assert.equal(result.requestId, 'REQ-2');
    assert.deepEqual(up.seen.map((s) => s.method), ['POST', 'POST']);
    assertFreshlySigned(up.seen);
  });
});

test('always Throttling, default policy: SlbError Throttling.User after 3 attempts', async () => {
  await withUpstream([throttled], async (up) => {
    const client = new slb.SlbClient({ credentials, endpoint: up.url });
    await assert.rejects(client.addVServerGroupBackendServers(request), (e) => {
      assert.ok(e instanceof slb.SlbError);
      assert.equal(e.code, 'Throttling.User');
      assert.equal(e.attempts, 3);
      assert.equal(e.status, 400);
      assert.equal(e.requestId, 'REQ-3');
      assert.ok(!e.message.includes(secret));
      return true;
    });
    assert.equal(up.seen.length, 3);
    assertFreshlySigned(up.seen);
    // Default base 200 ms, equal jitter: waits in [100, 200] and [200, 400].
    const [first, second] = gaps(up.seen);
    assert.ok(first >= 99 && second >= 199, `${first} ${second}`);
  });
});

test('every retryable code is tried again; a success after it is returned', async () => {
  const codes = [[400, 'Throttling'], [400, 'Throttling.Api'], [503, 'ServiceUnavailable'], [500, 'InternalError'],
    [449, 'SystemBusy'], [400, 'OperationBusy'], [400, 'VServerGroupProcessing']];
  for (const [status, code] of codes) {
    await withUpstream([fail(status, code), ok], async (up) => {
      const client = new slb.SlbClient({ credentials, endpoint: up.url, retry: quick });
      const result = await client.addVServerGroupBackendServers(request);
      assert.equal(result.requestId, 'REQ-2', code);
      assert.equal(up.seen.length, 2, code);
    });
  }
});

test('the waits grow with each try (equal jitter: [base/2, base] * 2^n)', async () => {
  await withUpstream([throttled], async (up) => {
    const client = new slb.SlbClient({ credentials, endpoint: up.url, retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 10_000 } });
    await assert.rejects(client.addVServerGroupBackendServers(request), (e) => e.code === 'Throttling.User' && e.attempts === 4);
    const [a, b, c] = gaps(up.seen);
    assert.ok(a >= 49 && b >= 99 && c >= 199, `gaps ${a} ${b} ${c}`);
    assert.ok(c > a, `gaps ${a} ${b} ${c}`);
  });
});

test('maxDelayMs caps the waits', async () => {
  await withUpstream([throttled], async (up) => {
    // Uncapped, the last wait would be at least 200 ms.
    const client = new slb.SlbClient({ credentials, endpoint: up.url, retry: { attempts: 5, baseDelayMs: 50, maxDelayMs: 60 } });
    await assert.rejects(client.addVServerGroupBackendServers(request), (e) => e.attempts === 5);
    const last = gaps(up.seen).at(-1);
    assert.ok(last >= 29 && last < 160, `last gap ${last}`);
  });
});

test('a non-retryable error (InvalidParameter) is not tried again', async () => {
  await withUpstream([fail(400, 'InvalidParameter'), ok], async (up) => {
    const client = new slb.SlbClient({ credentials, endpoint: up.url, retry: quick });
    await assert.rejects(client.addVServerGroupBackendServers(request), (e) => {
      assert.equal(e.code, 'InvalidParameter');
      assert.equal(e.attempts, 1);
      return true;
    });
    assert.equal(up.seen.length, 1);
  });
});

const ahead = (ms) => new Date(Date.now() + ms).toUTCString();

test('InvalidTimeStamp.Expired with a Date 20 minutes ahead: one re-sign on the corrected clock', async () => {
  await withUpstream([fail(400, 'InvalidTimeStamp.Expired', { date: ahead(20 * MINUTE) }), ok], async (up) => {
    const client = new slb.SlbClient({ credentials, endpoint: up.url });
    const result = await client.addVServerGroupBackendServers(request);
    assert.equal(result.requestId, 'REQ-2');
    assert.equal(up.seen.length, 2);
    assertFreshlySigned(up.seen, [0, 20 * MINUTE]);
    // No backoff for a clock correction.
    assert.ok(gaps(up.seen)[0] < 150);
  });
});

test('the client keeps the correction: its next call is signed on the corrected clock at once', async () => {
  await withUpstream([fail(400, 'InvalidTimeStamp.Expired', { date: ahead(20 * MINUTE) }), ok, ok], async (up) => {
    const client = new slb.SlbClient({ credentials, endpoint: up.url });
    await client.addVServerGroupBackendServers(request);
    const result = await client.addVServerGroupBackendServers(request);
    assert.equal(result.requestId, 'REQ-3');
    assert.equal(up.seen.length, 3, 'the second call needs no correction of its own');
    assertFreshlySigned(up.seen, [0, 20 * MINUTE, 20 * MINUTE]);
    // Another client on the same machine starts from its own clock.
    const other = new slb.SlbClient({ credentials, endpoint: up.url });
    await other.addVServerGroupBackendServers(request);
    assertFreshlySigned(up.seen.slice(3), [0]);
  });
});

test('Expired twice: the error after one correction, with the offset it tried', async () => {
  await withUpstream([fail(400, 'InvalidTimeStamp.Expired', { date: ahead(20 * MINUTE) })], async (up) => {
    const client = new slb.SlbClient({ credentials, endpoint: up.url });
    await assert.rejects(client.addVServerGroupBackendServers(request), (e) => {
      assert.equal(e.code, 'InvalidTimeStamp.Expired');
      assert.equal(e.attempts, 2);
      assert.ok(Math.abs(e.clockOffsetMs - 20 * MINUTE) < 5000, String(e.clockOffsetMs));
      assert.match(e.message, /corrected once/);
      return true;
    });
    assert.equal(up.seen.length, 2);
  });
});

test('Expired without a usable Date header: no retry, and the error says why', async () => {
  for (const date of [null, 'tomorrow']) {
    await withUpstream([fail(400, 'InvalidTimeStamp.Expired', { date }), ok], async (up) => {
      const client = new slb.SlbClient({ credentials, endpoint: up.url });
      await assert.rejects(client.addVServerGroupBackendServers(request), (e) => {
        assert.equal(e.code, 'InvalidTimeStamp.Expired');
        assert.equal(e.attempts, 1);
        assert.equal(e.clockOffsetMs, undefined);
        assert.match(e.message, /no usable Date header/);
        return true;
      });
      assert.equal(up.seen.length, 1);
    });
  }
});

test('the clock correction is not one of the tries, but happens only once per call', async () => {
  const expired = fail(400, 'InvalidTimeStamp.Expired', { date: ahead(20 * MINUTE) });
  await withUpstream([throttled, expired, throttled, ok], async (up) => {
    const client = new slb.SlbClient({ credentials, endpoint: up.url, retry: { ...quick, attempts: 3 } });
    const result = await client.addVServerGroupBackendServers(request);
    assert.equal(result.requestId, 'REQ-4');
    assertFreshlySigned(up.seen, [0, 0, 20 * MINUTE, 20 * MINUTE]);
  });
});

test('a cut connection: NetworkError, mayHaveReached, 1 attempt (not retried by default)', async () => {
  await withUpstream([cut, ok], async (up) => {
    const client = new slb.SlbClient({ credentials, endpoint: up.url, retry: quick });
    await assert.rejects(client.addVServerGroupBackendServers(request), (e) => {
      assert.ok(e instanceof slb.SlbError);
      assert.equal(e.code, 'NetworkError');
      assert.equal(e.mayHaveReached, true);
      assert.equal(e.attempts, 1);
      assert.match(e.message, /may have reached/);
      return true;
    });
    assert.equal(up.seen.length, 1);
  });
});

test('a cut connection is retried when retryNetworkErrors is set', async () => {
  await withUpstream([cut, cut, ok], async (up) => {
    const client = new slb.SlbClient({ credentials, endpoint: up.url, retry: { ...quick, retryNetworkErrors: true } });
    const result = await client.addVServerGroupBackendServers(request);
    assert.equal(result.requestId, 'REQ-3');
    assertFreshlySigned(up.seen);
  });
  await withUpstream([cut], async (up) => {
    const client = new slb.SlbClient({ credentials, endpoint: up.url, retry: { ...quick, retryNetworkErrors: true } });
    await assert.rejects(client.addVServerGroupBackendServers(request), (e) => e.code === 'NetworkError' && e.mayHaveReached === true && e.attempts === 3);
  });
});

async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

test('a closed port: NetworkError, mayHaveReached false', async () => {
  const endpoint = await closedPort();
  const client = new slb.SlbClient({ credentials, endpoint, retry: quick });
  await assert.rejects(client.addVServerGroupBackendServers(request), (e) => {
    assert.equal(e.code, 'NetworkError');
    assert.equal(e.mayHaveReached, false);
    assert.equal(e.attempts, 1);
    assert.match(e.message, /ECONNREFUSED.*did not reach/);
    return true;
  });
  const retrying = new slb.SlbClient({ credentials, endpoint, retry: { ...quick, retryNetworkErrors: true } });
  await assert.rejects(retrying.addVServerGroupBackendServers(request), (e) => e.mayHaveReached === false && e.attempts === 3);
});

test('a timeout: Timeout, mayHaveReached, not retried by default', async () => {
  let requests = 0;
  const silent = createServer(() => { requests += 1; });
  await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const client = new slb.SlbClient({ credentials, endpoint: `http://127.0.0.1:${silent.address().port}`, timeoutMs: 200, retry: quick });
    await assert.rejects(client.addVServerGroupBackendServers(request), (e) => {
      assert.equal(e.code, 'Timeout');
      assert.equal(e.mayHaveReached, true);
      assert.equal(e.attempts, 1);
      return true;
    });
    assert.equal(requests, 1);
  } finally {
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  }
});

test('send reports mayHaveReached too (no attempts: it never retries)', async () => {
  const signed = slb.signRpcRequest({ endpoint: await closedPort(), ...credentials, params: { Action: 'A', Version: '1' } });
  await assert.rejects(slb.send(signed), (e) => e.code === 'NetworkError' && e.mayHaveReached === false && e.attempts === undefined);
});

test('bad retry options fail when the client is made', () => {
  for (const [retry, path] of [
    [{ attempts: 0 }, 'retry.attempts'],
    [{ attempts: 1.5 }, 'retry.attempts'],
    [{ baseDelayMs: -1 }, 'retry.baseDelayMs'],
    [{ maxDelayMs: '100' }, 'retry.maxDelayMs'],
    [{ retryNetworkErrors: 1 }, 'retry.retryNetworkErrors'],
    [{ attemps: 3 }, 'retry'],
    ['3', 'retry'],
  ]) {
    assert.throws(() => new slb.SlbClient({ credentials, retry }), (e) => {
      assert.ok(e instanceof slb.SlbError);
      assert.equal(e.code, 'InvalidRetryPolicy', JSON.stringify(retry));
      assert.equal(e.path, path, JSON.stringify(retry));
      return true;
    });
  }
  // Defaults and nulls are fine.
  new slb.SlbClient({ credentials, retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: null } });
});
