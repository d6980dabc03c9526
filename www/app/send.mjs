// Sending the form's request: the package's send() through this server's /proxy (SLB
// endpoints send no CORS headers), the response, a diagnosis of a signature mismatch, and
// after a change to a group's members, a Describe of the group. send() lives in the
// package's client module, which it loads by itself when it is not there yet.
import { $, dl, el } from './dom.mjs';
import { slb } from './package.mjs';
import { tokenHider } from './preview.mjs';

export const PROXY = '/proxy';
const TIMEOUT_MS = 20000;
// After these, the response is followed by the group's members.
const CHANGES_MEMBERS = ['SetVServerGroupAttribute', 'AddVServerGroupBackendServers',
  'RemoveVServerGroupBackendServers', 'ModifyVServerGroupBackendServers'];
const DONE = { Create: 'created', Delete: 'deleted', Describe: 'described', Set: 'set', Add: 'added', Remove: 'removed', Modify: 'modified' };

// Kept by reference: showResponse moves it into the response box it then rebuilds.
const diagnosisBox = $('#diagnosis');

async function sendSigned(signed) {
  const response = await slb.send(signed, { proxy: PROXY, timeoutMs: TIMEOUT_MS });
  const error = response.error;
  if (error?.code === 'SignatureDoesNotMatch' && typeof error.serverStringToSign === 'string') {
    const diagnosis = slb.diagnoseSignature(signed.stringToSign, error.serverStringToSign, signed.canonicalRequest);
    return { ...response, diagnosis };
  }
  return response;
}

const pre = (text, label) => el('div', { className: 'output' }, el('h3', { textContent: label }), el('pre', { textContent: text, tabIndex: 0 }));

/** `hide` keeps the STS token out of what is shown (the server echoes its string to sign). */
function showResponse(response, action, hide) {
  const box = $('#response');
  box.replaceChildren();
  box.dataset.status = String(response.status);
  if (response.error) box.dataset.code = response.error.code;
  else delete box.dataset.code;

  const done = DONE[/^[A-Z][a-z]+/.exec(action)[0]];
  const status = el('p', {
    className: `status ${response.ok ? 'good' : 'bad'}`,
    textContent: response.ok ? `HTTP ${response.status}: ${done}.` : `HTTP ${response.status || '(none)'}: ${response.error?.code ?? 'error'}`,
  });
  // The diagnosis goes right under the status line: it is the most useful thing there.
  box.append(status, diagnosisBox);

  if (response.error) {
    const { error } = response;
    let recommend = error.recommend;
    if (recommend && /^https:\/\//.test(recommend)) {
      recommend = el('a', { href: recommend, rel: 'noreferrer noopener', target: '_blank', textContent: recommend });
    }
    box.append(dl([['Code', error.code], ['Message', hide(error.message)], ['Request id', error.requestId ?? response.requestId],
      ['Host id', error.hostId], ['Recommend', recommend]]));
  } else {
    box.append(dl([['Request id', response.requestId]]));
    if (response.data !== undefined) box.append(pre(JSON.stringify(response.data, null, 2), 'Parsed result'));
  }
  box.append(pre(hide(response.raw ?? ''), 'Raw body'));

  const d = response.diagnosis;
  if (d) {
    // The lead is the page's own wording, the details the diagnoser's.
    const leads = {
      WrongSecret: 'Wrong secret: the AccessKey secret (or the id it belongs to) is wrong.',
      EncodingMismatch: `Encoding mismatch${d.position === undefined ? '' : ` at character ${d.position}`}: what was signed is not what the server received.`,
      CanonicalRequestMismatch: 'Canonical request mismatch: what was signed is not what the server received.',
    };
    const lead = leads[d.kind] ?? '';
    diagnosisBox.textContent = hide(`${lead} ${d.message ?? ''}`.trim());
    diagnosisBox.hidden = false;
  } else {
    diagnosisBox.textContent = '';
    diagnosisBox.hidden = true;
  }
}

function showMembers(members) {
  const body = $('#members tbody');
  body.replaceChildren();
  for (const m of members) {
    const tr = el('tr', {}, ...[m.ServerId, m.Port, m.Weight, m.Type, m.ServerIp, m.Description].map((v) => el('td', { textContent: v ?? '' })));
    tr.dataset.serverId = m.ServerId;
    body.append(tr);
  }
  if (members.length === 0) body.append(el('tr', {}, el('td', { colSpan: 6, textContent: 'No members.' })));
}

async function describeGroup({ regionId, vServerGroupId, credentials, options }) {
  $('#members-section').hidden = false;
  const status = $('#describe-status');
  status.textContent = 'Asking for the group members…';
  try {
    // Signed afresh: a fixed nonce was used up by the send.
    const signed = slb.signSlbRequest('DescribeVServerGroupAttribute', { regionId, vServerGroupId }, credentials,
      { endpoint: options.endpoint, method: options.method, format: options.format, signatureAlgorithm: options.signatureAlgorithm });
    const response = await sendSigned(signed);
    if (!response.ok) {
      status.textContent = `DescribeVServerGroupAttribute failed: HTTP ${response.status} ${response.error?.code ?? ''} ${response.error?.message ?? ''}`;
      showMembers([]);
      return;
    }
    // JSON gives a list; XML one object per member, or an empty string for none.
    const list = response.data?.BackendServers?.BackendServer;
    const members = list === undefined || list === '' ? [] : [].concat(list);
    status.textContent = `${members.length} member${members.length === 1 ? '' : 's'} (request id ${response.requestId ?? 'unknown'}).`;
    showMembers(members);
  } catch (error) {
    status.textContent = `DescribeVServerGroupAttribute failed: ${error?.message ?? error}`;
  }
}

/**
 * Sends `signed` (the form's request, signed just now) and shows the outcome; `input` is the
 * form's { action, request, settings }. Resolves when the follow-up Describe is over too.
 */
export async function sendRequest(signed, { action, settings }) {
  $('#members-section').hidden = true;
  let response;
  try {
    response = await sendSigned(signed);
  } catch (error) {
    const message = error?.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : String(error?.message ?? error);
    response = { ok: false, status: 0, raw: '', headers: {}, error: { code: 'NetworkError', message } };
  }
  showResponse(response, action, tokenHider(settings.credentials.securityToken));
  // At 1280px the response sits below the fold: bring its status line into view.
  $('#response .status').scrollIntoView({ block: 'nearest' });
  if (response.ok && CHANGES_MEMBERS.includes(action)) await describeGroup(settings);
  return response;
}
