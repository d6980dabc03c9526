// The demo page: a form for AddVServerGroupBackendServers, validated and signed on every
// edit by the package's web build, sent through this server's /proxy (SLB endpoints send
// no CORS headers). The secret is only ever handed to the signer: requests carry the
// signature, and nothing is stored unless "remember in this tab" is ticked.

const PROXY = '/proxy';
// www/demo.mjs's default; replaced by the server's own emulator from /config.json.
let EMULATOR_ORIGIN = 'http://127.0.0.1:8081';
const SECRET_KEY = 'aliyun-slb-wasm:accessKeySecret';
const API_VERSION = '2014-05-15';
// The API page's example; the emulator runs vm-231..vm-240, so all three exist there.
const EXAMPLE_SERVERS = [
  { serverId: 'vm-233', port: '80', weight: '100' },
  { serverId: 'vm-232', port: '90', weight: '100' },
  { serverId: 'vm-231', port: '70', weight: '100' },
];
const SERVER_FIELDS = ['serverId', 'port', 'weight', 'type', 'serverIp', 'description'];
const OPTIONAL_SERVER_FIELDS = ['weight', 'type', 'serverIp', 'description'];
// Issue paths name these directly, or as credentials.<name> / options.<name>.
const TOP_FIELDS = ['regionId', 'vServerGroupId', 'accessKeyId', 'accessKeySecret', 'securityToken',
  'method', 'format', 'signatureAlgorithm', 'endpoint', 'timestamp', 'nonce'];

const $ = (selector, root = document) => root.querySelector(selector);
const form = $('#request-form');
const field = (name) => form.elements.namedItem(name);
const serversBox = $('#servers');
const sendButton = $('#send');
// Kept by reference: showResponse moves it into the response box it then rebuilds.
const diagnosisBox = $('#diagnosis');

let slb = null; // the package's module namespace, once loaded
let current = { signed: null, issues: [] };
let sending = false;
let rowSeq = 0;

// ---------------------------------------------------------------------------------------
// Sending: the package's send() (through the proxy: Alibaba's endpoints allow no
// cross-origin calls), and for a signature mismatch, which side is wrong. send() lives in
// the package's client module: start() begins loading it in the background once the
// preview is up, and send() waits for that load (or starts it) by itself.

async function sendSigned(signed) {
  const response = await slb.send(signed, { proxy: PROXY, timeoutMs: 20000 });
  const error = response.error;
  if (error?.code === 'SignatureDoesNotMatch' && typeof error.serverStringToSign === 'string') {
    const diagnosis = slb.diagnoseSignature(signed.stringToSign, error.serverStringToSign, signed.canonicalRequest);
    return { ...response, diagnosis };
  }
  return response;
}

// ---------------------------------------------------------------------------------------
// Form: backend-server rows

function rows() {
  return [...serversBox.querySelectorAll('[data-testid="server-row"]')];
}

function addServerRow(values = {}) {
  const row = $('#server-row-template').content.firstElementChild.cloneNode(true);
  const seq = rowSeq++;
  for (const name of SERVER_FIELDS) {
    const input = row.querySelector(`[name="${name}"]`);
    const id = `s${seq}-${name}`;
    input.id = id;
    input.closest('.field').querySelector('label').htmlFor = id;
    input.value = values[name] ?? '';
  }
  // One full-width error line per row: the row's fields are too narrow for messages.
  const rowError = row.querySelector('.row-error');
  rowError.id = `s${seq}-error`;
  row.setAttribute('aria-describedby', rowError.id);
  for (const name of SERVER_FIELDS) row.querySelector(`[name="${name}"]`).setAttribute('aria-describedby', rowError.id);
  row.querySelector('[data-testid="remove-server"]').addEventListener('click', () => removeServerRow(row));
  serversBox.append(row);
  renumberRows();
  return row;
}

function removeServerRow(row) {
  const next = row.nextElementSibling ?? row.previousElementSibling;
  row.remove();
  renumberRows();
  // Keep keyboard focus nearby instead of dropping it on <body>.
  (next?.querySelector('[data-testid="remove-server"]') ?? $('#add-server')).focus();
  update();
}

function renumberRows() {
  rows().forEach((row, i) => {
    row.setAttribute('aria-label', `Backend server ${i + 1}`);
    row.querySelector('[data-testid="remove-server"]').setAttribute('aria-label', `Remove backend server ${i + 1}`);
  });
}

// Every input gets its own error line, announced with the input (aria-describedby).
function attachError(input) {
  const box = input.closest('.field');
  let error = box.querySelector(':scope > .field-error');
  if (!error) {
    error = document.createElement('p');
    error.className = 'field-error';
    error.hidden = true;
    box.append(error);
  }
  error.id = `${input.id}-error`;
  const described = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  if (!described.includes(error.id)) input.setAttribute('aria-describedby', [...described, error.id].join(' '));
}

// ---------------------------------------------------------------------------------------
// Reading, validating and signing

function readForm() {
  const value = (name) => field(name).value;
  const backendServers = rows().map((row) => {
    const get = (name) => row.querySelector(`[name="${name}"]`).value;
    const server = { serverId: get('serverId'), port: get('port') };
    // Empty optional fields are left out: the service applies its defaults.
    for (const name of OPTIONAL_SERVER_FIELDS) if (get(name) !== '') server[name] = get(name);
    return server;
  });
  const credentials = { accessKeyId: value('accessKeyId'), accessKeySecret: value('accessKeySecret') };
  if (value('securityToken') !== '') credentials.securityToken = value('securityToken');
  const options = {
    endpoint: value('endpoint'), method: value('method'), format: value('format'), signatureAlgorithm: value('signatureAlgorithm'),
  };
  if (value('timestamp') !== '') options.timestamp = value('timestamp');
  if (value('nonce') !== '') options.nonce = value('nonce');
  return {
    request: { regionId: value('regionId'), vServerGroupId: value('vServerGroupId'), backendServers },
    credentials,
    options,
  };
}

/** Validates and signs; returns { signed, issues } (signed is null when anything is wrong). */
function signForm(input) {
  const issues = [...slb.validateAddVServerGroupBackendServers(input.request)];
  let signed = null;
  try {
    signed = slb.addVServerGroupBackendServers(input.request, input.credentials, input.options);
  } catch (error) {
    // ValidationFailed lists request, credential and option problems together; anything
    // else (an unexpected code) still becomes one visible issue.
    const more = error?.issues?.length ? error.issues
      : [{ path: error?.path ?? '', code: error?.code ?? 'Error', message: String(error?.message ?? error) }];
    for (const issue of more) {
      if (!issues.some((i) => i.path === issue.path && i.code === issue.code && i.message === issue.message)) issues.push(issue);
    }
  }
  return { signed: issues.length ? null : signed, issues };
}

/** The element an issue path points at: an input, a server row, the server list, or null. */
function targetOf(path) {
  const m = /^backendServers\[(\d+)\](?:\.(\w+))?$/.exec(path);
  if (m) {
    const row = rows()[Number(m[1])];
    if (!row) return null;
    return (m[2] && row.querySelector(`[name="${m[2]}"]`)) || row;
  }
  if (path === 'backendServers') return serversBox;
  const name = path.replace(/^(?:credentials|options)\./, '');
  return TOP_FIELDS.includes(name) ? field(name) : null;
}

/** Where an issue's message goes, and the prefix it needs there. */
function errorLineOf(target) {
  if (target === serversBox) return { line: $('#servers-error'), prefix: '' };
  const row = target.closest('[data-testid="server-row"]');
  if (row) {
    const label = row === target ? '' : `${target.closest('.field').querySelector('label').textContent}: `;
    return { line: row.querySelector('.row-error'), prefix: label };
  }
  return { line: document.getElementById(`${target.id}-error`), prefix: '' };
}

function showIssues(issues) {
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.field-error')) { el.hidden = true; el.textContent = ''; }
  form.querySelector('.servers')?.classList.remove('invalid');
  for (const row of rows()) row.classList.remove('invalid');

  const list = $('#issues');
  list.replaceChildren();
  for (const issue of issues) {
    const target = targetOf(issue.path);
    if (target) {
      // A bad timestamp or nonce must not hide inside a closed <details>.
      const details = target.closest('details');
      if (details) details.open = true;
      if (target.matches('input, select')) target.setAttribute('aria-invalid', 'true');
      else target.classList.add('invalid');
      const { line, prefix } = errorLineOf(target);
      if (line) {
        const text = `${prefix}${issue.message}`;
        line.textContent = line.textContent ? `${line.textContent}; ${text}` : text;
        line.hidden = false;
      }
    }
    const item = document.createElement('li');
    item.dataset.path = issue.path;
    item.dataset.code = issue.code;
    const where = document.createElement(target?.id ? 'a' : 'code');
    where.textContent = issue.path || '(request)';
    if (target?.id) {
      where.href = `#${target.id}`;
      // Jump to the field itself (an anchor alone would not move keyboard focus into it).
      where.addEventListener('click', (event) => { event.preventDefault(); target.focus(); });
    }
    item.append(where, `: ${issue.message}`);
    list.append(item);
  }
  $('#issues-summary').textContent = issues.length === 0 ? 'No issues: the request is valid.'
    : `${issues.length} issue${issues.length === 1 ? '' : 's'} to fix before sending.`;
  $('#issues-summary').className = issues.length ? 'bad' : 'good';
}

// ---------------------------------------------------------------------------------------
// Preview

/** A shell word in single quotes: each ' becomes '\'' (close, escaped quote, reopen). */
function shellQuote(text) {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/** Every header as `-H 'name: value'`, but host: curl sends the URL's, as send() does. */
function curlFor(signed) {
  const words = ['curl'];
  if (signed.method === 'POST') words.push('-X POST');
  for (const [name, value] of Object.entries(signed.headers)) {
    if (name !== 'host') words.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (signed.body !== null) words.push(`--data ${shellQuote(signed.body)}`);
  words.push(shellQuote(signed.url));
  return words.join(' ');
}

// What the copy buttons copy: the exact text, where the page shows the STS token hidden.
const copySource = new Map();

/** RFC 3986 encoding, as the signature encodes values. */
const encode = (text) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Hides the STS token in shown text. v1: encoded once in queries, twice in the string to
 * sign. v3: as a header (in the list and in curl's quoted words) and, trimmed, in the
 * canonical request.
 */
function tokenHider(token) {
  if (!token) return (text) => text;
  const header = `x-acs-security-token: ${token}`;
  const forms = [
    [`SecurityToken=${encode(token)}`, 'SecurityToken=(STS token hidden: Copy gives it)'],
    [`SecurityToken%3D${encode(encode(token))}`, 'SecurityToken%3D(STS token hidden)'],
    [shellQuote(header), shellQuote('x-acs-security-token: (STS token hidden: Copy gives it)')],
    [header, 'x-acs-security-token: (STS token hidden: Copy gives it)'],
    [`\nx-acs-security-token:${token.trim()}\n`, '\nx-acs-security-token:(STS token hidden)\n'],
  ];
  return (text) => forms.reduce((shown, [form, hidden]) => shown.split(form).join(hidden), text);
}

function showPreview(signed, input) {
  const hide = tokenHider(input.credentials.securityToken);
  const set = (id, text) => {
    copySource.set(id, text);
    document.getElementById(id).textContent = hide(text);
  };
  const v3 = input.options.signatureAlgorithm === 'ACS3-HMAC-SHA256';
  const headers = Object.entries(signed?.headers ?? {}).map(([name, value]) => `${name}: ${value}`).join('\n');
  set('canonical-query', signed?.canonicalQuery ?? '');
  set('canonical-request', signed?.canonicalRequest ?? '');
  set('string-to-sign', signed?.stringToSign ?? '');
  set('signature', signed?.signature ?? '');
  set('authorization', signed?.headers.authorization ?? '');
  set('signed-url', signed?.url ?? '');
  set('signed-headers', headers);
  set('post-body', signed?.body ?? '');
  set('curl', signed ? curlFor(signed) : '');
  $('#body-output').hidden = !signed?.body;
  for (const output of document.querySelectorAll('.v3-only')) output.hidden = !v3;
  for (const button of document.querySelectorAll('button.copy')) button.disabled = !signed;

  let note = 'Fix the issues to see the signed request.';
  if (signed) {
    const fixed = input.options.timestamp !== undefined && input.options.nonce !== undefined;
    const [timestamp, nonce] = v3 ? [signed.headers['x-acs-date'], signed.headers['x-acs-signature-nonce']]
      : [signed.params.Timestamp, signed.params.SignatureNonce];
    note = `Timestamp ${timestamp}, nonce ${nonce}`
      + (fixed ? ' (fixed: reproducible).' : '. Not fixed: they change on every edit, and Send signs afresh.');
  }
  $('#preview-note').textContent = note;
}

function update() {
  if (!slb) return;
  const input = readForm();
  current = signForm(input);
  showIssues(current.issues);
  showPreview(current.signed, input);
  syncSendButton();
  rememberSecret();
}

function syncSendButton() {
  sendButton.disabled = !slb || sending || current.issues.length > 0 || !current.signed;
}

// ---------------------------------------------------------------------------------------
// Copy buttons

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (or no permission): select a hidden textarea and use execCommand.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'offscreen';
    document.body.append(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch { ok = false; }
    area.remove();
    return ok;
  }
}

// ---------------------------------------------------------------------------------------
// Response

function dl(entries) {
  const list = document.createElement('dl');
  for (const [term, value] of entries) {
    if (value === undefined || value === null || value === '') continue;
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    if (value instanceof Node) dd.append(value);
    else dd.textContent = String(value);
    list.append(dt, dd);
  }
  return list;
}

function pre(text, label) {
  const wrap = document.createElement('div');
  wrap.className = 'output';
  const head = document.createElement('h3');
  head.textContent = label;
  const block = document.createElement('pre');
  block.textContent = text;
  block.tabIndex = 0;
  wrap.append(head, block);
  return wrap;
}

/** `hide` keeps the STS token out of what is shown (the server echoes its string to sign). */
function showResponse(response, hide = (text) => text) {
  const box = $('#response');
  box.replaceChildren();
  box.dataset.status = String(response.status);
  if (response.error) box.dataset.code = response.error.code;
  else delete box.dataset.code;

  const status = document.createElement('p');
  status.className = `status ${response.ok ? 'good' : 'bad'}`;
  status.textContent = response.ok ? `HTTP ${response.status}: added.` : `HTTP ${response.status || '(none)'}: ${response.error?.code ?? 'error'}`;
  // The diagnosis goes right under the status line: it is the most useful thing there.
  box.append(status, diagnosisBox);

  if (response.error) {
    const { error } = response;
    let recommend = error.recommend;
    if (recommend && /^https:\/\//.test(recommend)) {
      const link = document.createElement('a');
      link.href = recommend;
      link.rel = 'noreferrer noopener';
      link.target = '_blank';
      link.textContent = recommend;
      recommend = link;
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

/** The group's members from a Describe response: parsed data first, else the raw body. */
function membersOf(response) {
  // JSON gives a list; XML one object per member, or an empty string for none.
  const list = response.data?.BackendServers?.BackendServer;
  return list === undefined ? [] : [].concat(list);
}

function showMembers(members) {
  const body = $('#members tbody');
  body.replaceChildren();
  for (const m of members) {
    const tr = document.createElement('tr');
    tr.dataset.serverId = m.ServerId;
    for (const value of [m.ServerId, m.Port, m.Weight, m.Type, m.ServerIp, m.Description]) {
      const td = document.createElement('td');
      td.textContent = value ?? '';
      tr.append(td);
    }
    body.append(tr);
  }
  if (members.length === 0) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = 6;
    td.textContent = 'No members.';
    tr.append(td);
    body.append(tr);
  }
}

async function describeGroup(input) {
  const section = $('#members-section');
  const status = $('#describe-status');
  section.hidden = false;
  status.textContent = 'Asking for the group members…';
  try {
    const signed = slb.signRpcRequest({
      method: input.options.method,
      signatureAlgorithm: input.options.signatureAlgorithm,
      endpoint: input.options.endpoint,
      accessKeyId: input.credentials.accessKeyId,
      accessKeySecret: input.credentials.accessKeySecret,
      securityToken: input.credentials.securityToken ?? null,
      params: {
        Action: 'DescribeVServerGroupAttribute',
        Version: API_VERSION,
        RegionId: input.request.regionId,
        VServerGroupId: input.request.vServerGroupId,
        Format: input.options.format,
      },
    });
    const response = await sendSigned(signed);
    if (!response.ok) {
      status.textContent = `DescribeVServerGroupAttribute failed: HTTP ${response.status} ${response.error?.code ?? ''} ${response.error?.message ?? ''}`;
      showMembers([]);
      return;
    }
    const members = membersOf(response);
    status.textContent = `${members.length} member${members.length === 1 ? '' : 's'} (request id ${response.requestId ?? 'unknown'}).`;
    showMembers(members);
  } catch (error) {
    status.textContent = `DescribeVServerGroupAttribute failed: ${error?.message ?? error}`;
  }
}

async function onSend(event) {
  event.preventDefault();
  if (sendButton.disabled) return;
  // Sign again now: an unfixed timestamp and nonce must be fresh for this very request.
  const input = readForm();
  current = signForm(input);
  showIssues(current.issues);
  showPreview(current.signed, input);
  if (!current.signed) { syncSendButton(); return; }

  sending = true;
  syncSendButton();
  $('#send-status').textContent = 'Sending…';
  $('#members-section').hidden = true;
  try {
    let response;
    try {
      response = await sendSigned(current.signed);
    } catch (error) {
      const message = error?.name === 'TimeoutError' ? 'no answer within 20 s' : String(error?.message ?? error);
      response = { ok: false, status: 0, raw: '', headers: {}, error: { code: 'NetworkError', message } };
    }
    showResponse(response, tokenHider(input.credentials.securityToken));
    // At 1280px the response sits below the fold: bring its status line into view.
    $('#response .status').scrollIntoView({ block: 'nearest' });
    $('#send-status').textContent = response.ok ? 'Sent.' : 'Sent: the request failed.';
    if (response.ok) await describeGroup(input);
  } catch (error) {
    $('#send-status').textContent = `Could not show the response: ${error?.message ?? error}`;
  } finally {
    // Never leave Send stuck disabled, whatever happened above.
    sending = false;
    syncSendButton();
    // A counter tests (and scripts) can wait on: this send, Describe included, is over.
    form.dataset.sendsDone = String(Number(form.dataset.sendsDone ?? 0) + 1);
  }
}

// ---------------------------------------------------------------------------------------
// The secret: shown on demand, stored only when asked

function rememberSecret() {
  try {
    if (field('remember').checked) sessionStorage.setItem(SECRET_KEY, field('accessKeySecret').value);
    else sessionStorage.removeItem(SECRET_KEY);
  } catch { /* storage disabled: nothing is kept, which is the safe side */ }
}

function restoreSecret() {
  try {
    const stored = sessionStorage.getItem(SECRET_KEY);
    if (stored !== null) {
      field('accessKeySecret').value = stored;
      field('remember').checked = true;
    }
  } catch { /* storage disabled */ }
}

// ---------------------------------------------------------------------------------------
// Start

function wire() {
  for (const name of TOP_FIELDS) attachError(field(name));
  for (const server of EXAMPLE_SERVERS) addServerRow(server);
  restoreSecret();

  form.addEventListener('input', update);
  form.addEventListener('change', update);
  form.addEventListener('submit', onSend);
  $('#add-server').addEventListener('click', () => {
    addServerRow().querySelector('[name="serverId"]').focus();
    update();
  });
  $('#toggle-secret').addEventListener('click', (event) => {
    const secret = field('accessKeySecret');
    const show = secret.type === 'password';
    secret.type = show ? 'text' : 'password';
    event.currentTarget.setAttribute('aria-pressed', String(show));
    event.currentTarget.textContent = show ? 'Hide' : 'Show';
  });
  $('#use-emulator').addEventListener('click', () => { field('endpoint').value = EMULATOR_ORIGIN; update(); });
  $('#use-region-endpoint').addEventListener('click', () => {
    if (!slb) return;
    try {
      field('endpoint').value = slb.endpointForRegion(field('regionId').value);
      update();
    } catch {
      update(); // the region's own issue explains why there is no endpoint
      field('regionId').focus();
    }
  });
  $('#timestamp-now').addEventListener('click', () => {
    field('timestamp').value = `${new Date().toISOString().slice(0, 19)}Z`;
    update();
  });
  $('#nonce-random').addEventListener('click', () => { field('nonce').value = crypto.randomUUID(); update(); });
  for (const button of document.querySelectorAll('button.copy')) {
    button.addEventListener('click', async () => {
      const target = document.getElementById(button.dataset.copy);
      const ok = await copyText(copySource.get(button.dataset.copy) ?? target.textContent);
      const label = target.closest('.output').querySelector('h3').textContent;
      $('#copy-status').textContent = ok ? `${label} copied.` : `Could not copy: select the ${label.toLowerCase()} and copy it by hand.`;
    });
  }
}

/** The emulator the server forwards to, as the default endpoint (when the server has one). */
async function loadConfig() {
  try {
    const config = await (await fetch('/config.json')).json();
    if (typeof config.emulatorOrigin === 'string') {
      const endpoint = field('endpoint');
      if (endpoint.value === EMULATOR_ORIGIN) endpoint.value = config.emulatorOrigin;
      EMULATOR_ORIGIN = config.emulatorOrigin;
    }
  } catch {
    // A plain static server: keep the default.
  }
}

async function start() {
  wire();
  await loadConfig();
  const status = $('#load-status');
  try {
    const module = await import('/pkg/web/index.js');
    await module.default();
    slb = module;
  } catch (error) {
    status.textContent = `Could not load the package from /pkg/web/index.js (${error?.message ?? error}). Build it with \`make package\` and reload.`;
    status.className = 'load-status bad';
    return;
  }
  // The namespace itself, for trying the API from the console.
  window.slb = slb;
  console.info("aliyun-slb-wasm is on window.slb: try slb.signRpcRequest({ endpoint: 'https://slb.aliyuncs.com', "
    + "accessKeyId: '<id>', accessKeySecret: '<secret>', params: { Action: 'DescribeRegions', Version: '2014-05-15' } })");
  status.textContent = typeof slb.send === 'function'
    ? 'Ready: signing in WebAssembly, sending with slb.send through /proxy.'
    : 'Ready: signing in WebAssembly, sending through /proxy.';
  status.className = 'load-status good';
  update();
  // The client module (send, diagnoseSignature) is not needed for the preview: fetch it in
  // the background now, so Send does not wait. A failed load is tried again by send().
  slb.initClient().catch(() => {});
}

start();
