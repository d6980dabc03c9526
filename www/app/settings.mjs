// What every call shares: the target (region, group, endpoint, method, format), the
// credentials and the fixed timestamp/nonce. The request form and the group editor both read
// them with readSettings(). The secret is only ever handed to the signer: nothing is stored
// unless "remember in this tab" is ticked.
import { slb } from './package.mjs';

const SECRET_KEY = 'aliyun-slb-wasm:accessKeySecret';
// www/demo.mjs's default; replaced by the server's own emulator from /config.json.
let emulatorOrigin = 'http://127.0.0.1:8081';

/** The inputs here; issue paths name them directly, or as credentials.<name> / options.<name>. */
export const SETTING_FIELDS = ['regionId', 'vServerGroupId', 'accessKeyId', 'accessKeySecret', 'securityToken',
  'method', 'format', 'signatureAlgorithm', 'endpoint', 'timestamp', 'nonce'];

/** A form input by name (every one has the id f-<name>). */
export const field = (name) => document.getElementById(`f-${name}`);

/** { regionId, vServerGroupId, credentials, options } as the form has them now. */
export function readSettings() {
  const value = (name) => field(name).value;
  const credentials = { accessKeyId: value('accessKeyId'), accessKeySecret: value('accessKeySecret') };
  if (value('securityToken') !== '') credentials.securityToken = value('securityToken');
  const options = {
    endpoint: value('endpoint'), method: value('method'), format: value('format'), signatureAlgorithm: value('signatureAlgorithm'),
  };
  if (value('timestamp') !== '') options.timestamp = value('timestamp');
  if (value('nonce') !== '') options.nonce = value('nonce');
  return { regionId: value('regionId'), vServerGroupId: value('vServerGroupId'), credentials, options };
}

export function rememberSecret() {
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

/** The buttons beside the settings; `onChange` after one changed a value. */
export function wireSettings(onChange) {
  restoreSecret();
  const on = (id, handler) => document.getElementById(id).addEventListener('click', handler);
  on('toggle-secret', (event) => {
    const secret = field('accessKeySecret');
    const show = secret.type === 'password';
    secret.type = show ? 'text' : 'password';
    event.currentTarget.setAttribute('aria-pressed', String(show));
    event.currentTarget.textContent = show ? 'Hide' : 'Show';
  });
  on('use-emulator', () => { field('endpoint').value = emulatorOrigin; onChange(); });
  on('use-region-endpoint', () => {
    if (!slb) return;
    try {
      field('endpoint').value = slb.endpointForRegion(field('regionId').value);
      onChange();
    } catch {
      onChange(); // the region's own issue explains why there is no endpoint
      field('regionId').focus();
    }
  });
  on('timestamp-now', () => { field('timestamp').value = `${new Date().toISOString().slice(0, 19)}Z`; onChange(); });
  on('nonce-random', () => { field('nonce').value = crypto.randomUUID(); onChange(); });
}

/** The emulator the server forwards to, as the default endpoint (when the server has one). */
export async function loadConfig() {
  try {
    const config = await (await fetch('/config.json')).json();
    if (typeof config.emulatorOrigin === 'string') {
      const endpoint = field('endpoint');
      if (endpoint.value === emulatorOrigin) endpoint.value = config.emulatorOrigin;
      emulatorOrigin = config.emulatorOrigin;
    }
  } catch {
    // A plain static server: keep the default.
  }
}
