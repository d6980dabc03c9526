// The group editor's plan: its lines for people, and each call signed as it would be sent,
// worked out on this page (nothing is sent to show them).
import { $, count, el } from './dom.mjs';
import { issuesOf, slb } from './package.mjs';
import { tokenHider } from './preview.mjs';

/**
 * Each call of `plan` signed with `settings` for the group `target` ({ endpoint, regionId,
 * vServerGroupId }): { call, text } (the URL, and the body under it for POST) or
 * { call, issues } when the settings cannot sign (a missing secret, a bad timestamp...).
 */
export function signCalls(plan, target, settings) {
  return plan.calls.map((call) => {
    const request = { regionId: target.regionId, vServerGroupId: target.vServerGroupId, backendServers: call.backendServers };
    try {
      const signed = slb.signSlbRequest(call.action, request, settings.credentials, { ...settings.options, endpoint: target.endpoint });
      return { call, text: signed.body ? `${signed.url}\n${signed.body}` : signed.url };
    } catch (error) {
      return { call, issues: issuesOf(error) };
    }
  });
}

/** Shows the plan and its signed calls; or, with `plan` null, that the rows' `issues` come first. */
export function showPlan(plan, signedCalls, settings, issues) {
  const hide = tokenHider(settings.credentials.securityToken);
  $('#plan').textContent = plan ? plan.lines.join('\n') : '';
  $('#plan-summary').textContent = !plan ? `Fix the rows first: ${issues.map((x) => x.message).join('; ')}.`
    : plan.calls.length === 0 ? 'No changes: the group already has these members.'
      : `${count(plan.lines.length, 'change')} in ${count(plan.calls.length, 'call')}, in this order.`;
  const list = $('#plan-calls');
  list.replaceChildren(...signedCalls.map(({ call, text, issues }, i) => {
    const title = el('h4', { id: `plan-call-${i}` }, `${call.action} `, el('span', { className: 'optional', textContent: `(${count(call.backendServers.length, 'server')})` }));
    const body = issues
      ? el('p', { className: 'field-error', textContent: `Cannot sign: ${issues.map((x) => (x.path ? `${x.path}: ${x.message}` : x.message)).join('; ')}` })
      : el('pre', { textContent: hide(text), tabIndex: 0 });
    body.dataset.testid = issues ? 'call-issues' : 'call-signed-url';
    body.setAttribute('aria-labelledby', title.id);
    const item = el('li', {}, title, body);
    Object.assign(item.dataset, { testid: 'plan-call', action: call.action });
    return item;
  }));
  $('#plan-calls-title').hidden = signedCalls.length === 0;
  const fixed = settings.options.timestamp !== undefined && settings.options.nonce !== undefined;
  $('#plan-calls-note').textContent = signedCalls.length === 0 ? ''
    : fixed ? 'Signed with the fixed timestamp and nonce. Apply signs each call afresh, with a new nonce and the time.'
      : 'Apply signs each call afresh, with a new nonce and the time, so its signatures differ from these.';
}
