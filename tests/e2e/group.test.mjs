// The page's group editor in headless Chromium, against the real server and the emulator
// (tests/e2e/support/page.mjs): load a group, edit it, see the plan and each call signed,
// apply; a failing apply; a group changed meanwhile; the keyboard alone; and axe-core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { NONCE, SECRET, TEST_TIMEOUT, TIMESTAMP, fillForm, openPage, slb } from './support/page.mjs';

const require = createRequire(import.meta.url);
const GROUP = { regionId: 'cn-hangzhou', vServerGroupId: 'rsp-cige6j5e7p' };
const CREDENTIALS = { accessKeyId: 'testid', accessKeySecret: SECRET };

/** A client of the emulator from Node, to give the group members and to check them. */
function clientOf(emulatorUrl) {
  const client = new slb.SlbClient({ credentials: CREDENTIALS, endpoint: emulatorUrl });
  return {
    client,
    seed: (backendServers) => client.addVServerGroupBackendServers({ ...GROUP, backendServers }),
    members: async () => (await client.describeVServerGroupAttribute(GROUP)).backendServers
      .map((m) => [m.serverId, m.port, m.weight]).sort(([a], [b]) => a.localeCompare(b)),
  };
}

const rowOf = (page, serverId) => page.locator(`[data-testid="member-row"][data-server-id="${serverId}"]`);
const addedRow = (page) => page.locator('[data-testid="member-row"]:not([data-server-id])').last();
const planLines = async (page) => (await page.locator('[data-testid="plan"]').textContent()).split('\n').filter(Boolean);
const proxied = (requests) => requests.filter((r) => r.url.includes('/proxy?url=')).length;

async function loadGroup(page, count) {
  await page.click('[data-testid="group-load"]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="member-row"]').length === n, count);
}

/** Applies and waits for the end; returns the apply-status element. */
async function applyAndWait(page, press = () => page.click('[data-testid="apply"]')) {
  await press();
  const status = page.locator('[data-testid="apply-status"]');
  await page.waitForSelector('[data-testid="apply-status"]:is([data-state="done"], [data-state="failed"])', { timeout: 20000 });
  return status;
}

test('the group editor loads the members, shows the plan and each call signed, and applies only on Apply', { timeout: TEST_TIMEOUT }, async (t) => {
  const { page, emulatorUrl, requests } = await openPage(t);
  const emulator = clientOf(emulatorUrl);
  await emulator.seed([{ serverId: 'vm-1', port: 80 }, { serverId: 'vm-2', port: 80 }, { serverId: 'vm-3', port: 80, weight: 40 }]);
  await fillForm(page, { timestamp: TIMESTAMP, nonce: NONCE });
  await loadGroup(page, 3);
  const rows = await page.locator('[data-testid="member-row"]').evaluateAll((trs) => trs.map((tr) => [tr.dataset.serverId, tr.dataset.port]));
  assert.deepEqual(rows, [['vm-1', '80'], ['vm-2', '80'], ['vm-3', '80']]);
  assert.equal(await rowOf(page, 'vm-3').locator('[name="weight"]').inputValue(), '40');
  assert.equal(await page.locator('[data-testid="apply"]').isDisabled(), true, 'nothing to apply yet');
  const sentBefore = proxied(requests);

  await rowOf(page, 'vm-2').locator('[name="weight"]').fill('50');
  await rowOf(page, 'vm-3').locator('[name="remove"]').check();
  await page.click('[data-testid="member-add"]');
  await addedRow(page).locator('[name="serverId"]').fill('vm-4');
  await addedRow(page).locator('[name="port"]').fill('8080');
  await addedRow(page).locator('[name="weight"]').fill('70');

  // The plan is the package's, from the members loaded and the rows as they are.
  const current = (await emulator.client.describeVServerGroupAttribute(GROUP)).backendServers;
  const kept = ({ serverId, port, type, weight }) => ({ serverId, port, type, weight });
  const desired = [kept(current[0]), { ...kept(current[1]), weight: 50 }, { serverId: 'vm-4', port: 8080, weight: 70 }];
  const plan = slb.planMembership(current, desired);
  assert.deepEqual(plan.lines, ['- vm-3:80', '+ vm-4:8080 w70', '~ vm-2:80 weight 100 → 50']);
  assert.deepEqual(await planLines(page), plan.lines);
  const calls = page.locator('[data-testid="plan-call"]');
  assert.equal(await calls.count(), plan.calls.length);
  const signedWith = (call, method, credentials = CREDENTIALS) => slb.signSlbRequest(call.action,
    { ...GROUP, backendServers: call.backendServers }, credentials, { endpoint: emulatorUrl, method, format: 'JSON', timestamp: TIMESTAMP, nonce: NONCE });
  for (const [i, call] of plan.calls.entries()) {
    assert.match(await calls.nth(i).textContent(), new RegExp(call.action));
    assert.equal(await calls.nth(i).locator('[data-testid="call-signed-url"]').textContent(), signedWith(call, 'GET').url);
  }

  // POST with an STS token: the body under the URL, the token hidden, the secret nowhere.
  const token = 'CAIS+group/STS=token';
  await page.fill('[name="securityToken"]', token);
  await page.selectOption('[name="method"]', 'POST');
  for (const [i, call] of plan.calls.entries()) {
    const signed = signedWith(call, 'POST', { ...CREDENTIALS, securityToken: token });
    const text = await calls.nth(i).locator('[data-testid="call-signed-url"]').textContent();
    assert.ok(text.startsWith(`${signed.url}\n`), text);
    assert.match(text, new RegExp(`Action=${call.action}&`));
    assert.match(text, /SecurityToken=\(STS token hidden/);
    assert.ok(!text.includes(encodeURIComponent(token)) && !text.includes(token), text);
  }
  assert.ok(!(await page.locator('#group-editor').innerText()).includes(SECRET));
  assert.equal(proxied(requests), sentBefore, 'nothing was sent while editing');

  const status = await applyAndWait(page);
  assert.equal(await status.getAttribute('data-state'), 'done', await status.textContent());
  assert.deepEqual(await emulator.members(), [['vm-1', 80, 100], ['vm-2', 80, 50], ['vm-4', 8080, 70]]);
  // The rows are the group again, with nothing left to apply.
  await page.waitForSelector('[data-testid="member-row"][data-server-id="vm-4"]');
  assert.equal(await page.locator('[data-testid="member-row"]').count(), 3);
  assert.deepEqual(await planLines(page), []);
  assert.equal(await page.locator('[data-testid="apply"]').isDisabled(), true);
  assert.equal(await page.locator('#apply-progress').evaluate((p) => [p.value, p.max].join('/')), '3/3');
});

test('a failing apply (a stopped server) ends failed, with its cause, what was done and what is left', { timeout: TEST_TIMEOUT }, async (t) => {
  const { page, emulatorUrl } = await openPage(t);
  const emulator = clientOf(emulatorUrl);
  await emulator.seed([{ serverId: 'vm-1', port: 80 }, { serverId: 'vm-2', port: 80 }]);
  await loadGroup(page, 2);
  await rowOf(page, 'vm-2').locator('[name="remove"]').check();
  await page.click('[data-testid="member-add"]');
  await addedRow(page).locator('[name="serverId"]').fill('vm-999');
  await addedRow(page).locator('[name="port"]').fill('80');
  assert.deepEqual(await planLines(page), ['- vm-2:80', '+ vm-999:80 w100']);

  const status = await applyAndWait(page);
  assert.equal(await status.getAttribute('data-state'), 'failed');
  const text = await status.textContent();
  assert.match(text, /MembershipApplyFailed/);
  assert.match(text, /ObtainIpFail/);
  assert.match(text, /Done.*RemoveVServerGroupBackendServers vm-2:80/s);
  assert.match(text, /Failed.*AddVServerGroupBackendServers vm-999:80/s);
  // The removal was made; the rows are the group now, with the server still to add.
  assert.deepEqual(await emulator.members(), [['vm-1', 80, 100]]);
  assert.equal(await page.locator('[data-testid="member-row"][data-server-id]').count(), 1);
  assert.equal(await addedRow(page).locator('[name="serverId"]').inputValue(), 'vm-999');
  assert.deepEqual(await planLines(page), ['+ vm-999:80 w100']);
  assert.equal(await page.locator('[data-testid="apply"]').isEnabled(), true);
});

test('a group changed since it was loaded is not applied blind', { timeout: TEST_TIMEOUT }, async (t) => {
  const { page, emulatorUrl } = await openPage(t);
  const emulator = clientOf(emulatorUrl);
  await emulator.seed([{ serverId: 'vm-1', port: 80 }]);
  await loadGroup(page, 1);
  await rowOf(page, 'vm-1').locator('[name="weight"]').fill('20');
  await emulator.seed([{ serverId: 'vm-5', port: 80 }]); // someone else, meanwhile

  const status = await applyAndWait(page);
  assert.equal(await status.getAttribute('data-state'), 'failed');
  assert.match(await status.textContent(), /changed since it was loaded, so nothing was applied/);
  assert.deepEqual(await emulator.members(), [['vm-1', 80, 100], ['vm-5', 80, 100]]);
  // The new member is shown (and kept); the weight change stays.
  assert.equal(await rowOf(page, 'vm-5').locator('[name="remove"]').isChecked(), false);
  assert.equal(await rowOf(page, 'vm-1').locator('[name="weight"]').inputValue(), '20');
  assert.deepEqual(await planLines(page), ['~ vm-1:80 weight 100 → 20']);

  assert.equal(await (await applyAndWait(page)).getAttribute('data-state'), 'done');
  assert.deepEqual(await emulator.members(), [['vm-1', 80, 20], ['vm-5', 80, 100]]);
});

test('a busy group: the progress counts the calls as they are made, and Stop stops after the one under way', { timeout: TEST_TIMEOUT }, async (t) => {
  const { page, emulatorUrl } = await openPage(t);
  const emulator = clientOf(emulatorUrl);
  await emulator.seed([{ serverId: 'vm-1', port: 80 }, { serverId: 'vm-2', port: 80 }]);
  await loadGroup(page, 2);
  // After each change the group refuses the next for 1.5 s (VServerGroupProcessing), which the apply waits out.
  const faults = await fetch(`${emulatorUrl}/_faults`, { method: 'POST', body: JSON.stringify({ processingMs: 1500 }) });
  assert.equal(faults.status, 200);
  await rowOf(page, 'vm-1').locator('[name="weight"]').fill('10');
  await rowOf(page, 'vm-2').locator('[name="remove"]').check();
  await page.click('[data-testid="member-add"]');
  await addedRow(page).locator('[name="serverId"]').fill('vm-3');
  await addedRow(page).locator('[name="port"]').fill('80');
  assert.equal(await page.locator('[data-testid="plan-call"]').count(), 3);

  await page.click('[data-testid="apply"]');
  await page.waitForFunction(() => document.getElementById('apply-progress').value === 1);
  assert.equal(await page.getAttribute('[data-testid="apply-status"]', 'data-state'), 'applying');
  assert.match(await page.locator('[data-testid="apply-status"]').textContent(), /1 of 3 calls done/);
  await page.click('#apply-stop');
  const status = await applyAndWait(page, async () => {});
  assert.equal(await status.getAttribute('data-state'), 'failed');
  assert.match(await status.textContent(), /Aborted/);
  // The removal was made, and the call under way when Stop was pressed (the add, waiting out
  // the busy group) finished; the weight change was not made, and is what the plan has left.
  assert.deepEqual(await emulator.members(), [['vm-1', 80, 100], ['vm-3', 80, 100]]);
  assert.match(await status.textContent(), /Done.*RemoveVServerGroupBackendServers vm-2:80.*AddVServerGroupBackendServers vm-3:80.*Not done.*SetVServerGroupAttribute vm-1:80/s);
  assert.deepEqual(await planLines(page), ['~ vm-1:80 weight 100 → 10']);
});

/** Presses Tab until `selector` has the focus (at most `max` times). */
async function tabTo(page, selector, max = 80) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  throw new Error(`${selector} was not reached with ${max} presses of Tab`);
}

const focused = (page, selector) => page.evaluate((s) => document.activeElement?.matches(s), selector);

test('the group editor works from the keyboard alone', { timeout: TEST_TIMEOUT }, async (t) => {
  const { page, emulatorUrl } = await openPage(t);
  const emulator = clientOf(emulatorUrl);
  await emulator.seed([{ serverId: 'vm-1', port: 80 }, { serverId: 'vm-2', port: 80 }, { serverId: 'vm-3', port: 80 }]);
  // From the top of a fresh page (its default endpoint is this emulator): the page's own link
  // to the editor, then Load.
  await page.reload();
  await page.waitForFunction(() => typeof window.slb?.signSlbRequest === 'function');
  await tabTo(page, 'a[href="#group-editor"]', 5);
  await page.keyboard.press('Enter');
  await tabTo(page, '[data-testid="group-load"]', 3);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="member-row"]').length === 3);

  const row = (id) => `[data-testid="member-row"][data-server-id="${id}"]`;
  await tabTo(page, `${row('vm-1')} [name="remove"]`);
  await page.keyboard.press('Space');
  assert.equal(await page.isChecked(`${row('vm-1')} [name="remove"]`), true);
  await tabTo(page, `${row('vm-2')} [name="weight"]`);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('50');

  // Add a server: the focus goes to its id, then Tab walks its port and weight.
  await tabTo(page, '[data-testid="member-add"]');
  await page.keyboard.press('Enter');
  assert.ok(await focused(page, '[data-testid="member-row"]:last-child [name="serverId"]'));
  await page.keyboard.type('vm-4');
  await page.keyboard.press('Tab');
  assert.ok(await focused(page, '[data-testid="member-row"]:last-child [name="port"]'));
  await page.keyboard.type('80');
  await page.keyboard.press('Tab');
  assert.ok(await focused(page, '[data-testid="member-row"]:last-child [name="weight"]'));
  await page.keyboard.type('70');
  // A second one, discarded with its own button.
  await tabTo(page, '[data-testid="member-add"]');
  await page.keyboard.press('Space');
  assert.equal(await page.locator('[data-testid="member-row"]').count(), 5);
  await tabTo(page, '[data-testid="member-row"]:last-child [data-testid="member-discard"]');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('[data-testid="member-row"]').count(), 4);
  assert.deepEqual(await planLines(page), ['- vm-1:80', '+ vm-4:80 w70', '~ vm-2:80 weight 100 → 50']);

  // Each signed call can be reached to read or select, and then Apply.
  for (let i = 0; i < 3; i += 1) await tabTo(page, `[data-testid="plan-call"]:nth-child(${i + 1}) [data-testid="call-signed-url"]`);
  await tabTo(page, '[data-testid="apply"]');
  const status = await applyAndWait(page, () => page.keyboard.press('Space'));
  assert.equal(await status.getAttribute('data-state'), 'done', await status.textContent());
  assert.deepEqual(await emulator.members(), [['vm-2', 80, 50], ['vm-3', 80, 100], ['vm-4', 80, 70]]);
  // The focus lands on the outcome, not on <body>.
  assert.ok(await focused(page, '[data-testid="apply-status"]'));
});

// axe under the page's CSP (script-src 'self'): page.addScriptTag, with a path or content,
// adds an inline <script> that the policy blocks (and the CSP watch would fail the test).
// page.evaluate runs axe's source through the DevTools protocol, which the policy does not
// govern: no bypassCSP, and the page keeps its real policy while axe checks it.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => (await window.axe.run(document)).violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
}

test('no axe-core violations: each action, the group editor with a plan, a failed apply', { timeout: 120_000 }, async (t) => {
  const { page, emulatorUrl } = await openPage(t);
  await clientOf(emulatorUrl).seed([{ serverId: 'vm-1', port: 80 }, { serverId: 'vm-2', port: 80 }]);

  // The check itself finds a violation: an input without a label.
  await page.evaluate(() => document.querySelector('main').append(Object.assign(document.createElement('input'), { id: 'axe-probe' })));
  assert.ok((await axeViolations(page)).some((v) => v.startsWith('label ')));
  await page.evaluate(() => document.getElementById('axe-probe').remove());

  const seen = {};
  for (const action of slb.SLB_ACTIONS) {
    await page.selectOption('[name="action"]', action);
    if (action === 'CreateVServerGroup') await page.click('[data-testid="add-tag"]'); // a tag row, with its issue
    seen[action] = await axeViolations(page);
  }
  await page.selectOption('[name="action"]', 'AddVServerGroupBackendServers');
  await loadGroup(page, 2);
  await rowOf(page, 'vm-1').locator('[name="weight"]').fill('30');
  await rowOf(page, 'vm-2').locator('[name="remove"]').check();
  await page.click('[data-testid="member-add"]');
  await addedRow(page).locator('[name="serverId"]').fill('vm-999');
  seen['group editor, a row with an issue'] = await axeViolations(page);
  await addedRow(page).locator('[name="port"]').fill('80');
  seen['group editor with a plan'] = await axeViolations(page);
  assert.equal(await (await applyAndWait(page)).getAttribute('data-state'), 'failed');
  seen['after a failed apply'] = await axeViolations(page);
  for (const [state, violations] of Object.entries(seen)) assert.deepEqual(violations, [], state);
});
