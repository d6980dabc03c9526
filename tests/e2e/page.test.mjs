// The demo page (www/index.html) in headless Chromium, against the real static/proxy server
// and the SLB emulator, both started here on random ports. Needs `make package` first.
// Each test starts and stops its own emulator, server and browser; an error in the page or a
// Content-Security-Policy violation fails it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initFiles } from '../../scripts/init-files.mjs';
import { NONCE, SECRET, TEST_TIMEOUT, TIMESTAMP, fillForm, openPage, slb, waitUntil } from './support/page.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const TWO_SERVERS = [{ serverId: 'vm-234', port: '8080', weight: '50' }, { serverId: 'vm-235', port: '8080' }];

/** Clicks Send and waits until that send (and its follow-up Describe) is over. */
async function sendAndWait(page) {
  const before = Number(await page.getAttribute('#request-form', 'data-sends-done') ?? 0);
  await page.click('[data-testid="send"]');
  await page.waitForSelector(`#request-form[data-sends-done="${before + 1}"]`);
}

test('the preview signs exactly as the package does in Node', { timeout: TEST_TIMEOUT }, async (t) => {
  const { page, emulatorUrl } = await openPage(t);
  await fillForm(page, { servers: TWO_SERVERS, method: 'GET', timestamp: TIMESTAMP, nonce: NONCE });

  const expected = slb.addVServerGroupBackendServers(
    { regionId: 'cn-hangzhou', vServerGroupId: 'rsp-cige6j5e7p', backendServers: TWO_SERVERS },
    { accessKeyId: 'testid', accessKeySecret: SECRET },
    { endpoint: emulatorUrl, method: 'GET', format: 'JSON', timestamp: TIMESTAMP, nonce: NONCE },
  );
  const text = (id) => page.locator(`[data-testid="${id}"]`).textContent();
  assert.equal(await text('signature'), expected.signature);
  assert.equal(await text('canonical-query'), expected.canonicalQuery);
  assert.equal(await text('string-to-sign'), expected.stringToSign);
  assert.equal(await text('signed-url'), expected.url);
  assert.match(await text('canonical-query'), /BackendServers=%5B%7B%22ServerId%22%3A%22vm-234%22/);
  assert.equal(await page.locator('[data-testid="issues"] > *').count(), 0);
  assert.equal(await page.locator('[data-testid="send"]').isEnabled(), true);

  // POST: the same input signed with POST, and the curl command quotes the body.
  await page.selectOption('[name="method"]', 'POST');
  const post = slb.addVServerGroupBackendServers(
    { regionId: 'cn-hangzhou', vServerGroupId: 'rsp-cige6j5e7p', backendServers: TWO_SERVERS },
    { accessKeyId: 'testid', accessKeySecret: SECRET },
    { endpoint: emulatorUrl, method: 'POST', format: 'JSON', timestamp: TIMESTAMP, nonce: NONCE },
  );
  assert.equal(await text('signature'), post.signature);
  assert.equal(await text('curl'),
    `curl -X POST -H 'content-type: application/x-www-form-urlencoded' --data '${post.body}' '${post.url}'`);
});

test('under v3 the preview shows the canonical request, string to sign and authorization as the package signs them', { timeout: TEST_TIMEOUT }, async (t) => {
  const { page, emulatorUrl } = await openPage(t);
  const token = 'CAIS+v3/token= e2e';
  await fillForm(page, { servers: TWO_SERVERS, token, signatureAlgorithm: 'ACS3-HMAC-SHA256', timestamp: TIMESTAMP, nonce: NONCE });
  const text = (id) => page.locator(`[data-testid="${id}"]`).textContent();
  const visible = (id) => page.locator(`[data-testid="${id}"]`).isVisible();
  for (const method of ['GET', 'POST']) {
    await page.selectOption('[name="method"]', method);
    const expected = slb.addVServerGroupBackendServers(
      { regionId: 'cn-hangzhou', vServerGroupId: 'rsp-cige6j5e7p', backendServers: TWO_SERVERS },
      { accessKeyId: 'testid', accessKeySecret: SECRET, securityToken: token },
      { endpoint: emulatorUrl, method, format: 'JSON', timestamp: TIMESTAMP, nonce: NONCE, signatureAlgorithm: 'ACS3-HMAC-SHA256' },
    );
    const hidden = '(STS token hidden)';
    assert.equal(await text('canonical-request'), expected.canonicalRequest.replace(`x-acs-security-token:${token}`, `x-acs-security-token:${hidden}`));
    assert.equal(await text('string-to-sign'), expected.stringToSign);
    assert.equal(await text('authorization'), expected.headers.authorization);
    assert.equal(await text('signature'), expected.signature);
    assert.equal(await text('signed-url'), expected.url);
    assert.match(await text('curl'), new RegExp(`^curl ${method === 'POST' ? '-X POST ' : ''}-H 'x-acs-accesskey-id: testid' -H 'x-acs-action: AddVServerGroupBackendServers' `));
    assert.ok((await text('curl')).includes(`-H 'authorization: ${expected.headers.authorization}' '${expected.url}'`));
    assert.ok(!(await text('curl')).includes(token), 'the page shows the token hidden');
    for (const id of ['canonical-request', 'authorization', 'signed-headers']) assert.equal(await visible(id), true, id);
    assert.equal(await visible('post-body'), false);
    // Copy gives the exact text, token included.
    await page.click('button[data-copy="curl"]');
    assert.match(await page.textContent('#copy-status'), /curl copied|Could not copy/);
  }
  await page.selectOption('[name="signatureAlgorithm"]', 'HMAC-SHA1');
  for (const id of ['canonical-request', 'authorization', 'signed-headers']) assert.equal(await visible(id), false, id);
  assert.match(await text('string-to-sign'), /^POST&%2F&/);
});

for (const signatureAlgorithm of ['HMAC-SHA1', 'ACS3-HMAC-SHA256']) {
  test(`${signatureAlgorithm}: send adds the servers and the Describe call lists them`, { timeout: TEST_TIMEOUT }, async (t) => {
    const { page, emulator } = await openPage(t);
    // Under v3 with a token: it travels in a header of its own.
    const token = signatureAlgorithm === 'HMAC-SHA1' ? undefined : 'CAIS+sts= v3';
    await fillForm(page, { servers: TWO_SERVERS, timestamp: '', nonce: '', signatureAlgorithm, token });
    await sendAndWait(page);
    assert.equal(await page.getAttribute('[data-testid="response"]', 'data-status'), '200');
    assert.equal(await page.getAttribute('[data-testid="response"]', 'data-code'), null);
    await page.waitForSelector('[data-testid="members"] tr[data-server-id="vm-235"]');
    const ids = await page.locator('[data-testid="members"] tr[data-server-id]').evaluateAll((trs) => trs.map((tr) => tr.dataset.serverId));
    assert.deepEqual(ids.sort(), ['vm-234', 'vm-235']);
    assert.deepEqual(emulator.state.groups.get('rsp-cige6j5e7p').members.map((m) => [m.ServerId, m.Port, m.Weight]),
      [['vm-234', 8080, 50], ['vm-235', 8080, 100]]);

    // XML over POST works too (a fresh nonce and timestamp each send).
    await page.selectOption('[name="method"]', 'POST');
    await page.selectOption('[name="format"]', 'XML');
    await page.locator('[data-testid="server-row"]').nth(1).locator('[name="weight"]').fill('7');
    await sendAndWait(page);
    assert.equal(await page.getAttribute('[data-testid="response"]', 'data-status'), '200');
    await page.waitForFunction(() => document.querySelector('[data-testid="members"] tr[data-server-id="vm-235"] td:nth-child(3)')?.textContent === '7');
  });
}

test('the page preloads exactly what init() loads, and fetches each once', { timeout: TEST_TIMEOUT }, async (t) => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const html = readFileSync(join(root, 'www', 'index.html'), 'utf8');
  const preloaded = [...html.matchAll(/<link rel="(?:modulepreload|preload)" href="([^"]+)"/g)].map((m) => m[1]).sort();
  assert.deepEqual(preloaded, initFiles(join(root, 'pkg')).map((f) => `/pkg/${f}`).sort());

  const { requests } = await openPage(t);
  for (const path of preloaded) {
    assert.equal(requests.filter((r) => new URL(r.url).pathname === path).length, 1, `${path} fetched once`);
  }
});

test('the preview does not wait for the client module; Send waits for it', { timeout: TEST_TIMEOUT }, async (t) => {
  // The client module's .wasm is held back until released: the page must sign without it.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const clientWasm = [];
  const { page } = await openPage(t, {
    beforeLoad: (p) => p.route('**/pkg/web/client/*.wasm', async (route) => {
      clientWasm.push(route.request().url());
      await held;
      await route.continue();
    }),
  });
  await fillForm(page, { servers: TWO_SERVERS });
  assert.equal(await page.locator('[data-testid="issues"] > *').count(), 0);
  assert.notEqual(await page.locator('[data-testid="signature"]').textContent(), '');
  assert.equal(await page.locator('[data-testid="send"]').isEnabled(), true);
  // The page asked for it in the background, once.
  assert.equal(clientWasm.length, 1);

  await page.click('[data-testid="send"]');
  assert.equal(await page.textContent('#send-status'), 'Sending…');
  release();
  await page.waitForSelector('#request-form[data-sends-done="1"]');
  assert.equal(await page.getAttribute('[data-testid="response"]', 'data-status'), '200');
  assert.equal(clientWasm.length, 1);
});

test('a bad port is shown at its field and blocks Send until fixed', { timeout: TEST_TIMEOUT }, async (t) => {
  const { page } = await openPage(t);
  await fillForm(page, { servers: TWO_SERVERS });
  const port = page.locator('[data-testid="server-row"]').nth(0).locator('[name="port"]');
  const send = page.locator('[data-testid="send"]');
  const issue = page.locator('[data-testid="issues"] > [data-path="backendServers[0].port"]');
  assert.equal(await send.isEnabled(), true);

  for (const bad of ['0', 'abc']) {
    await port.fill(bad);
    assert.equal(await issue.count(), 1, `an issue for port ${bad}`);
    assert.equal(await port.getAttribute('aria-invalid'), 'true');
    assert.equal(await send.isDisabled(), true);
    // The message is next to the field, and announced with it.
    const describedBy = await port.getAttribute('aria-describedby');
    assert.match(await page.locator(`#${describedBy}`).textContent(), /port/i);
  }
  await port.fill('8081');
  assert.equal(await issue.count(), 0);
  assert.equal(await port.getAttribute('aria-invalid'), null);
  assert.equal(await send.isEnabled(), true);

  // Other paths land on their fields too.
  await page.fill('[name="regionId"]', '');
  await page.fill('[name="accessKeySecret"]', '');
  assert.equal(await page.getAttribute('[name="regionId"]', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('[name="accessKeySecret"]', 'aria-invalid'), 'true');
  assert.equal(await page.locator('[data-testid="issues"] > [data-path="credentials.accessKeySecret"]').count(), 1);
  assert.equal(await send.isDisabled(), true);
});

for (const signatureAlgorithm of ['HMAC-SHA1', 'ACS3-HMAC-SHA256']) {
  test(`${signatureAlgorithm}: a wrong secret gives SignatureDoesNotMatch diagnosed as a wrong secret`, { timeout: TEST_TIMEOUT }, async (t) => {
    const { page } = await openPage(t);
    await fillForm(page, { servers: TWO_SERVERS, secret: 'not-the-secret', signatureAlgorithm });
    await sendAndWait(page);
    const response = page.locator('[data-testid="response"]');
    assert.equal(await response.getAttribute('data-code'), 'SignatureDoesNotMatch');
    assert.equal(await response.getAttribute('data-status'), '400');
    assert.match(await page.locator('[data-testid="diagnosis"]').textContent(), /wrong secret/i);
    assert.equal(await page.locator('[data-testid="diagnosis"]').isVisible(), true);
  });
}

test('the secret is never sent, logged or stored unless asked', { timeout: TEST_TIMEOUT }, async (t) => {
  const { page, requests, consoleMessages } = await openPage(t);
  const wrong = 'Wr0ng-S3cret-never-sent';
  await fillForm(page, { servers: TWO_SERVERS, secret: wrong });
  await sendAndWait(page);
  await fillForm(page, { secret: SECRET, method: 'POST' });
  await sendAndWait(page);
  assert.equal(await page.getAttribute('[data-testid="response"]', 'data-status'), '200');
  await page.waitForSelector('[data-testid="members"] tr[data-server-id]');

  assert.ok(requests.some((r) => r.url.includes('/proxy?url=')), 'the page did send through the proxy');
  for (const { url, body } of requests) {
    for (const secret of [wrong, SECRET]) {
      assert.ok(!url.includes(secret) && !decodeURIComponent(url).includes(secret), `not in ${url}`);
      assert.ok(!body.includes(secret), `not in the body sent to ${url}`);
    }
  }
  for (const text of consoleMessages) assert.ok(!text.includes(SECRET) && !text.includes(wrong), `not in the console: ${text}`);

  const stored = () => page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  assert.ok(!(await stored()).includes(SECRET));
  await page.check('[name="remember"]');
  assert.ok((await stored()).includes(SECRET));
  // Remembered across a reload of the tab...
  await page.reload();
  await page.waitForFunction(() => typeof window.slb?.addVServerGroupBackendServers === 'function');
  assert.equal(await page.inputValue('[name="accessKeySecret"]'), SECRET);
  assert.equal(await page.isChecked('[name="remember"]'), true);
  // ...and forgotten when unticked.
  await page.uncheck('[name="remember"]');
  assert.ok(!(await stored()).includes(SECRET));
});

test('a known secret and STS token appear in no log line, error, page text or console message', { timeout: TEST_TIMEOUT }, async (t) => {
  const secret = 'Kn0wn-S3cret/e2e+Zq9';
  const token = 'CAIS+kn0wn/STS=token e2e';
  const logs = [];
  const { page, consoleMessages, requests } = await openPage(t, { keys: `e2eid:${secret}`, logs });
  const texts = [];
  const pageText = async () => texts.push(await page.evaluate(() => document.body.innerText));
  // A wrong secret (an error with a diagnosis), then the right one (a success and a Describe).
  await fillForm(page, { keyId: 'e2eid', secret: 'not-the-secret', token, servers: TWO_SERVERS });
  await sendAndWait(page);
  assert.equal(await page.getAttribute('[data-testid="response"]', 'data-code'), 'SignatureDoesNotMatch');
  await pageText();
  await fillForm(page, { keyId: 'e2eid', secret, token, method: 'POST' });
  await sendAndWait(page);
  assert.equal(await page.getAttribute('[data-testid="response"]', 'data-status'), '200');
  await pageText();
  // Under v3 the token is a header, shown (hidden) in the header list, curl and the canonical request.
  for (const key of [`not-the-secret`, secret]) {
    await fillForm(page, { keyId: 'e2eid', secret: key, token, signatureAlgorithm: 'ACS3-HMAC-SHA256' });
    await sendAndWait(page);
    assert.equal(await page.getAttribute('[data-testid="response"]', 'data-status'), key === secret ? '200' : '400');
    await pageText();
  }
  // The token is signed and sent (it is a request parameter), but only through the proxy.
  const sent = requests.filter((r) => r.url.includes('/proxy?url=')).map((r) => decodeURIComponent(r.url) + r.body);
  assert.ok(sent.some((text) => text.includes(encodeURIComponent(token))), 'the token is sent with the request');
  assert.ok(logs.length > 4, 'the proxy and the emulator logged the calls');
  const encodings = (text) => [text, encodeURIComponent(text), encodeURIComponent(encodeURIComponent(text))];
  for (const [what, lines] of [['log', logs], ['page text', texts], ['console', consoleMessages], ['sent', sent]]) {
    for (const line of lines) {
      for (const form of encodings(secret)) assert.ok(!line.includes(form), `the secret is not in the ${what}: ${line}`);
      if (what !== 'sent') {
        for (const form of encodings(token)) assert.ok(!line.includes(form), `the token is not in the ${what}: ${line}`);
      }
    }
  }
});

test('a CSP violation is caught, so it would fail any test', { timeout: TEST_TIMEOUT }, async (t) => {
  const { page, cspViolations } = await openPage(t);
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true;';
    document.head.append(script);
  });
  // Both ways: the page's event, and Chromium's console error.
  await waitUntil(() => cspViolations.some((v) => v.startsWith('script-src-elem blocked inline'))
    && cspViolations.some((v) => /^console: .*violates the following Content Security Policy directive 'script-src/.test(v)));
  assert.equal(await page.evaluate(() => window.inlineRan), undefined);
  // Caught: cleared, so that this test's own check passes.
  cspViolations.length = 0;
});

test('window.slb is the package and the console says so once', { timeout: TEST_TIMEOUT }, async (t) => {
  const { page, consoleMessages } = await openPage(t);
  const names = await page.evaluate(() => Object.keys(window.slb).sort());
  assert.ok(names.includes('addVServerGroupBackendServers'));
  assert.ok(names.includes('signRpcRequest'));
  assert.equal(await page.evaluate(() => typeof window.slb.addVServerGroupBackendServers), 'function');
  const said = consoleMessages.filter((m) => m.includes('window.slb'));
  assert.equal(said.length, 1, consoleMessages.join('\n'));
  assert.match(said[0], /aliyun-slb-wasm is on window\.slb: try slb\.signRpcRequest\(/);
});

test('a screenshot of the page after a send', { timeout: TEST_TIMEOUT }, async (t) => {
  const out = join(here, '..', 'out');
  mkdirSync(out, { recursive: true });
  const { page } = await openPage(t);
  await fillForm(page, { servers: [...TWO_SERVERS, { serverId: 'eni-bp1demo', port: '443', type: 'eni', serverIp: '172.16.0.10', description: 'ENI demo' }] });
  await sendAndWait(page);
  await page.waitForSelector('[data-testid="members"] tr[data-server-id="eni-bp1demo"]');
  await page.screenshot({ path: join(out, 'page.png'), fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(out, 'page-narrow.png'), fullPage: true });
  // Nothing sticks out sideways on a phone-sized screen.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
});

test('the action selector shows each action\'s fields and signs it as the package does', { timeout: TEST_TIMEOUT }, async (t) => {
  const { page, emulatorUrl } = await openPage(t);
  await fillForm(page, { timestamp: TIMESTAMP, nonce: NONCE });
  const group = { vServerGroupId: 'rsp-cige6j5e7p' };
  const lb = { loadBalancerId: 'lb-bp1demo0000000000000' };
  // The form's example rows, as it reads them.
  const backendServers = [['vm-233', '80'], ['vm-232', '90'], ['vm-231', '70']].map(([serverId, port]) => ({ serverId, port, weight: '100' }));
  const expected = {
    CreateVServerGroup: { ...lb, backendServers },
    DeleteVServerGroup: group,
    DescribeVServerGroups: lb,
    DescribeVServerGroupAttribute: group,
    SetVServerGroupAttribute: { ...group, backendServers },
    AddVServerGroupBackendServers: { ...group, backendServers },
    RemoveVServerGroupBackendServers: { ...group, backendServers },
    ModifyVServerGroupBackendServers: { ...group, oldBackendServers: [{ serverId: 'vm-233', port: '80' }],
      newBackendServers: [{ serverId: 'vm-240', port: '80', weight: '50' }] },
  };
  assert.deepEqual(await page.$$eval('[name="action"] option', (options) => options.map((o) => o.value)), slb.SLB_ACTIONS);
  assert.equal(await page.inputValue('[name="action"]'), 'AddVServerGroupBackendServers');
  const sign = (action, request) => slb.signSlbRequest(action, { regionId: 'cn-hangzhou', ...request },
    { accessKeyId: 'testid', accessKeySecret: SECRET }, { endpoint: emulatorUrl, method: 'GET', format: 'JSON', timestamp: TIMESTAMP, nonce: NONCE });
  const visible = (selector) => page.locator(selector).first().isVisible();
  for (const action of slb.SLB_ACTIONS) {
    await page.selectOption('[name="action"]', action);
    const request = expected[action];
    assert.equal(await page.locator('[data-testid="issues"] > *').count(), 0, action);
    assert.equal(await page.locator('[data-testid="signed-url"]').textContent(), sign(action, request).url, action);
    assert.equal(await visible('[name="loadBalancerId"]'), 'loadBalancerId' in request, action);
    assert.equal(await visible('[data-testid="server-row"]'), 'backendServers' in request, action);
    assert.equal(await visible('[data-testid="old-server-row"]'), 'oldBackendServers' in request, action);
  }

  // Create: a name and tags; a bad tag key is shown at its field.
  await page.selectOption('[name="action"]', 'CreateVServerGroup');
  await page.fill('[name="vServerGroupName"]', 'green');
  await page.click('[data-testid="add-tag"]');
  const tag = page.locator('[data-testid="tag-row"]').first();
  await tag.locator('[name="key"]').fill('acs:env');
  assert.equal(await page.locator('[data-testid="issues"] > [data-path="tags[0].key"]').count(), 1);
  assert.equal(await tag.locator('[name="key"]').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('[data-testid="send"]').isDisabled(), true);
  await tag.locator('[name="key"]').fill('env');
  await tag.locator('[name="value"]').fill('prod');
  assert.equal(await page.locator('[data-testid="signed-url"]').textContent(),
    sign('CreateVServerGroup', { ...expected.CreateVServerGroup, vServerGroupName: 'green', tags: [{ key: 'env', value: 'prod' }] }).url);

  // DescribeVServerGroups with the listeners, sent (without the tag: it would filter the groups).
  await page.selectOption('[name="action"]', 'DescribeVServerGroups');
  await page.click('[data-testid="remove-tag"]');
  await page.check('[name="includeListener"]');
  assert.match(await page.locator('[data-testid="signed-url"]').textContent(), /&IncludeListener=true&/);
  await fillForm(page, { timestamp: '', nonce: '' });
  await sendAndWait(page);
  assert.equal(await page.getAttribute('[data-testid="response"]', 'data-status'), '200');
  assert.match(await page.locator('[data-testid="response"]').textContent(), /"VServerGroupName": "demo-group"[^]*"Listener"/);
});
