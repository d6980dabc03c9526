// The signed request's stages, as text, with copy buttons; the STS token hidden wherever
// the page shows it (Copy gives the exact text). The secret itself is never in a signed
// request: only its signature is.
import { $ } from './dom.mjs';

/** RFC 3986 encoding, as the signature encodes values. */
const encode = (text) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A shell word in single quotes: each ' becomes '\'' (close, escaped quote, reopen). */
function shellQuote(text) {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/**
 * Hides the STS token in shown text. v1: encoded once in queries, twice in the string to
 * sign. v3: as a header (in the list and in curl's quoted words) and, trimmed, in the
 * canonical request.
 */
export function tokenHider(token) {
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

/** Shows `signed` (null: nothing to show) signed with `settings`' credentials and options. */
export function showPreview(signed, settings) {
  const hide = tokenHider(settings.credentials.securityToken);
  const set = (id, text) => {
    copySource.set(id, text);
    document.getElementById(id).textContent = hide(text);
  };
  const v3 = settings.options.signatureAlgorithm === 'ACS3-HMAC-SHA256';
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
    const fixed = settings.options.timestamp !== undefined && settings.options.nonce !== undefined;
    const [timestamp, nonce] = v3 ? [signed.headers['x-acs-date'], signed.headers['x-acs-signature-nonce']]
      : [signed.params.Timestamp, signed.params.SignatureNonce];
    note = `Timestamp ${timestamp}, nonce ${nonce}`
      + (fixed ? ' (fixed: reproducible).' : '. Not fixed: they change on every edit, and Send signs afresh.');
  }
  $('#preview-note').textContent = note;
}

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

export function wireCopyButtons() {
  for (const button of document.querySelectorAll('button.copy')) {
    button.addEventListener('click', async () => {
      const target = document.getElementById(button.dataset.copy);
      const ok = await copyText(copySource.get(button.dataset.copy) ?? target.textContent);
      const label = target.closest('.output').querySelector('h3').textContent;
      $('#copy-status').textContent = ok ? `${label} copied.` : `Could not copy: select the ${label.toLowerCase()} and copy it by hand.`;
    });
  }
}
