// A small, in-process version of `make load`'s kill-and-restart scenario: the emulator goes
// away and comes back on the same port while the proxy keeps running.

import test from 'node:test';
import assert from 'node:assert/strict';
import { createEmulator } from '../emulator.mjs';
import { createServer } from '../server.mjs';
import { request } from './support/http.mjs';
import { commonParams } from './support/slb.mjs';
import { signRpc } from './support/signer.mjs';

const describe = () => ({ ...commonParams('DescribeVServerGroupAttribute'), RegionId: 'cn-hangzhou', VServerGroupId: 'rsp-cige6j5e7p' });

/** Stops an emulator the hard way: every connection dropped, nothing answered. */
async function kill(emulator) {
  emulator.server.closeAllConnections();
  await emulator.close();
}

test('emulator down: the proxy answers 502 and keeps serving; back on the same port: 2xx again', async (t) => {
  let emulator = createEmulator({ log: () => {} });
  const origin = await emulator.listen(0, '127.0.0.1');
  const port = Number(new URL(origin).port);
  const app = createServer({ emulatorOrigin: origin, log: () => {} });
  const base = await app.listen(0, '127.0.0.1');
  t.after(async () => { await app.close(); await kill(emulator); });

  const viaProxy = () => {
    const signed = signRpc({ method: 'GET', endpoint: origin, accessKeyId: 'testid', accessKeySecret: 'testsecret', params: describe() });
    return request(`${base}/proxy?url=${encodeURIComponent(signed.url)}`);
  };
  const staticFile = () => request(`${base}/style.css`);

  assert.equal((await viaProxy()).status, 200);
  // One call in flight when the emulator dies (it holds it for 2 s).
  emulator.setFaults({ script: ['slow:2000'] });
  const inFlight = viaProxy();
  await new Promise((r) => setTimeout(r, 100));
  await kill(emulator);

  const caught = await inFlight;
  assert.equal(caught.status, 502, caught.text);
  for (let i = 0; i < 3; i++) {
    const res = await viaProxy();
    assert.equal(res.status, 502);
    assert.equal(res.json().Code, 'ProxyUpstreamUnreachable');
    assert.match(res.json().Message, /ECONNREFUSED/);
    assert.equal((await staticFile()).status, 200);
  }

  emulator = createEmulator({ log: () => {} });
  assert.equal(await emulator.listen(port, '127.0.0.1'), origin);
  const back = await viaProxy();
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json().VServerGroupId, 'rsp-cige6j5e7p');
  assert.equal((await staticFile()).status, 200);
});
