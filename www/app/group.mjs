// The group editor: loads a group's members (Describe), lets a person edit them, shows the
// plan (planMembership) and every call signed, live, and sends nothing until Apply, which
// applies the plan call by call with SlbClient.applyVServerGroupMembers.
import { $, count, dl, el } from './dom.mjs';
import { createMemberRows, nameOf } from './group-rows.mjs';
import { showPlan, signCalls } from './group-plan.mjs';
import { issuesOf, slb } from './package.mjs';
import { tokenHider } from './preview.mjs';
import { PROXY } from './send.mjs';
import { readSettings } from './settings.mjs';

const callText = (call) => `${call.action} ${call.backendServers.map(nameOf).join(', ')}`;
const errorText = (error, hide) => hide(error?.code ? `${error.code}: ${error.message}` : String(error?.message ?? error));

export function createGroupEditor() {
  const status = $('#group-status');
  const result = $('#apply-status');
  const progress = $('#apply-progress');
  let target = null; // { endpoint, regionId, vServerGroupId } of the group loaded
  let members = []; // its members, as the last Describe read them
  let planned = null; // { plan, desired } of the rows as they are; null while they have issues
  let applying = null; // the apply's AbortController, while it runs
  let shown = null; // what the plan shown was made from: unchanged, it is not made again
  const rows = createMemberRows($('#member-rows'), $('#member-add'), refresh);

  const clientFor = (settings, at) => new slb.SlbClient({
    credentials: settings.credentials, endpoint: at.endpoint, format: settings.options.format,
    method: settings.options.method, signatureAlgorithm: settings.options.signatureAlgorithm, proxy: PROXY, timeoutMs: 20000,
  });
  const describe = async (client, at) =>
    (await client.describeVServerGroupAttribute({ regionId: at.regionId, vServerGroupId: at.vServerGroupId })).backendServers;

  function syncApply() {
    $('#apply').disabled = !planned || planned.plan.calls.length === 0 || applying !== null;
  }

  function setResult(state, message, ...details) {
    result.dataset.state = state;
    result.replaceChildren(el('p', { className: `status ${{ done: 'good', failed: 'bad' }[state] ?? ''}`, textContent: message }), ...details);
  }

  /** The plan of the rows as they are, and each call signed; called on every edit. */
  function refresh() {
    if (!target) return;
    const settings = readSettings();
    const { members: desired, from } = rows.desired();
    // A new nonce each time would change the previews, and move Apply under the pointer.
    const basis = JSON.stringify([target, members, desired, settings]);
    if (basis === shown) return;
    shown = basis;
    let plan = null;
    let issues = [];
    try {
      plan = slb.planMembership(members, desired);
    } catch (error) {
      issues = issuesOf(error);
    }
    rows.showIssues(issues, from);
    const signedCalls = plan ? signCalls(plan, target, settings) : [];
    showPlan(plan, signedCalls, settings, issues);
    planned = plan && !signedCalls.some((c) => c.issues) ? { plan, desired } : null;
    syncApply();
  }

  /** The rows again over `fresh` members, keeping what the person changed. */
  function rebase(fresh) {
    const edits = rows.edits();
    members = fresh;
    rows.render(fresh, edits);
    shown = null;
  }

  async function load() {
    if (applying) return;
    const settings = readSettings();
    const at = { endpoint: settings.options.endpoint, regionId: settings.regionId, vServerGroupId: settings.vServerGroupId };
    status.textContent = `Loading ${at.vServerGroupId}…`;
    try {
      members = await describe(clientFor(settings, at), at);
    } catch (error) {
      status.textContent = `Could not load ${at.vServerGroupId}: ${errorText(error, tokenHider(settings.credentials.securityToken))}`;
      return;
    }
    target = at;
    shown = null;
    rows.render(members);
    $('#group-body').hidden = false;
    setResult('idle', '');
    progress.hidden = true;
    status.textContent = `${at.vServerGroupId} (${at.regionId}, ${at.endpoint}): ${count(members.length, 'member')}, `
      + `loaded at ${new Date().toLocaleTimeString()}.`;
    refresh();
  }

  function failure(error, hide) {
    if (error?.code !== 'MembershipApplyFailed') return [];
    const { cause, done = [], failed, remaining = [] } = error;
    const list = (calls) => (calls.length ? el('ol', {}, ...calls.map((c) => el('li', { textContent: callText(c) }))) : 'none');
    return [dl([
      ['Cause', hide(`${cause.code}${cause.status ? ` (HTTP ${cause.status})` : ''}: ${cause.message}`)],
      ['Done', list(done)],
      ['Failed', failed ? callText(failed) : 'none (stopped)'],
      ['Not done', list(remaining)],
    ])];
  }

  async function apply() {
    if (!planned || applying) return;
    const { plan, desired } = planned;
    const settings = readSettings();
    const hide = tokenHider(settings.credentials.securityToken);
    const client = clientFor(settings, target);
    const request = { regionId: target.regionId, vServerGroupId: target.vServerGroupId, members: desired };
    applying = new AbortController();
    syncApply();
    $('#apply-stop').hidden = false;
    Object.assign(progress, { hidden: false, max: plan.calls.length, value: 0 });
    setResult('applying', 'Checking that the group is as it was loaded…');
    let state = 'failed';
    let message;
    let details = [];
    try {
      // The plan shown is the one the person approved: a group changed since is not applied blind.
      const fresh = await describe(client, target);
      if (JSON.stringify(slb.planMembership(fresh, desired).calls) !== JSON.stringify(plan.calls)) {
        rebase(fresh);
        message = 'The group changed since it was loaded, so nothing was applied. The rows and the plan now start from its '
          + 'members as they are, with your changes kept: check them and apply again.';
      } else {
        setResult('applying', `Applying ${count(plan.calls.length, 'call')}…`);
        const outcome = await client.applyVServerGroupMembers(request, {
          signal: applying.signal,
          onProgress: ({ done, total, call }) => {
            Object.assign(progress, { max: total, value: done });
            setResult('applying', `${done} of ${total} calls done (the last: ${call.action}).`);
          },
        });
        members = await describe(client, target);
        rows.render(members);
        shown = null;
        state = 'done';
        message = `Applied in ${count(outcome.calls, 'call')} (${count(outcome.attempts, 'request')}, with its Describe and any retries). `
          + 'The rows show the group as it is now.';
      }
    } catch (error) {
      message = errorText(error, hide);
      details = failure(error, hide);
      // What is left to do: the rows again over the group as it is now, the changes kept.
      try { rebase(await describe(client, target)); } catch { /* the rows stay as they were */ }
    }
    applying = null;
    $('#apply-stop').hidden = true;
    setResult(state, message, ...details);
    refresh();
    result.focus();
  }

  $('#group-load').addEventListener('click', load);
  $('#apply').addEventListener('click', apply);
  $('#apply-stop').addEventListener('click', () => {
    applying?.abort();
    setResult('applying', 'Stopping after the call under way…');
  });

  return {
    refresh,
    /** Once the package is loaded. */
    enable() { $('#group-load').disabled = false; },
  };
}
