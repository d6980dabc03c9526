// The demo page, wired from its parts (www/app/): the settings every call shares, the
// single-request form and its live preview, sending, and the group editor. Everything is
// signed on this page by the package's web build; requests go through this server's /proxy.
import { $ } from './app/dom.mjs';
import { createRequestForm } from './app/form.mjs';
import { createGroupEditor } from './app/group.mjs';
import { loadPackage, slb } from './app/package.mjs';
import { showPreview, wireCopyButtons } from './app/preview.mjs';
import { sendRequest } from './app/send.mjs';
import { loadConfig, rememberSecret, wireSettings } from './app/settings.mjs';

const formElement = $('#request-form');
const sendButton = $('#send');
let current = { signed: null, issues: [] };
let sending = false;

const form = createRequestForm(formElement, update);
const group = createGroupEditor($('#group-editor'));

function syncSendButton() {
  sendButton.disabled = !slb || sending || current.issues.length > 0 || !current.signed;
}

/** Signs the form afresh and shows it; returns what was read. */
function signForm() {
  const input = form.read();
  current = form.sign(input);
  form.showIssues(current.issues);
  showPreview(current.signed, input.settings);
  syncSendButton();
  return input;
}

function update() {
  if (!slb) return;
  signForm();
  rememberSecret();
  group.refresh();
}

async function onSend(event) {
  event.preventDefault();
  if (sendButton.disabled) return;
  // Sign again now: an unfixed timestamp and nonce must be fresh for this very request.
  const input = signForm();
  if (!current.signed) return;
  sending = true;
  syncSendButton();
  $('#send-status').textContent = 'Sending…';
  try {
    const response = await sendRequest(current.signed, input);
    $('#send-status').textContent = response.ok ? 'Sent.' : 'Sent: the request failed.';
  } catch (error) {
    $('#send-status').textContent = `Could not show the response: ${error?.message ?? error}`;
  } finally {
    // Never leave Send stuck disabled, whatever happened above.
    sending = false;
    syncSendButton();
    // A counter tests (and scripts) can wait on: this send, Describe included, is over.
    formElement.dataset.sendsDone = String(Number(formElement.dataset.sendsDone ?? 0) + 1);
  }
}

async function start() {
  wireSettings(update);
  wireCopyButtons();
  formElement.addEventListener('input', update);
  formElement.addEventListener('change', update);
  formElement.addEventListener('submit', onSend);
  // The package loads while the config is read: the first preview waits for both.
  const loaded = loadPackage();
  loaded.catch(() => {}); // handled below, once the config is read
  await loadConfig();
  const status = $('#load-status');
  try {
    await loaded;
  } catch (error) {
    status.textContent = `Could not load the package from /pkg/web/index.js (${error?.message ?? error}). Build it with \`make package\` and reload.`;
    status.className = 'load-status bad';
    return;
  }
  // The namespace itself, for trying the API from the console.
  window.slb = slb;
  console.info("aliyun-slb-wasm is on window.slb: try slb.signRpcRequest({ endpoint: 'https://slb.aliyuncs.com', "
    + "accessKeyId: '<id>', accessKeySecret: '<secret>', params: { Action: 'DescribeRegions', Version: '2014-05-15' } })");
  status.textContent = 'Ready: signing in WebAssembly, sending with slb.send through /proxy.';
  status.className = 'load-status good';
  group.enable();
  update();
  // When the page first showed a preview, for `make bench` (bench/page-load.mjs).
  performance.mark('slb:first-preview');
  // The client module (send, SlbClient, diagnoseSignature) is not needed for the preview:
  // fetch it in the background now, so Send does not wait. A failed load is tried again.
  slb.initClient().catch(() => {});
}

start();
