// The signed request's stages, as text, with copy buttons; the STS token hidden wherever
// the page shows it (Copy gives the exact text). The secret itself is never in a signed
// request: only its signature is.
import { $ } from './dom.mjs';

/** RFC 3986 encoding, as the signature encodes values. */
const encode = (text) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Hides the STS token in shown text (encoded once in queries, twice in the string to sign). */
export function tokenHider(token) {
  if (!token) return (text) => text;
  const once = `SecurityToken=${encode(token)}`;
  const twice = `SecurityToken%3D${encode(encode(token))}`;
  return (text) => text.split(once).join('SecurityToken=(STS token hidden: Copy gives it)')
    .split(twice).join('SecurityToken%3D(STS token hidden)');
}

/** A shell word in single quotes: each ' becomes '\'' (close, escaped quote, reopen). */
function shellQuote(text) {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

function curlFor(signed) {
  if (signed.method === 'GET') return `curl ${shellQuote(signed.url)}`;
  return `curl -X POST -H ${shellQuote('content-type: application/x-www-form-urlencoded')} --data ${shellQuote(signed.body)} ${shellQuote(signed.url)}`;
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
  set('canonical-query', signed?.canonicalQuery ?? '');
  set('string-to-sign', signed?.stringToSign ?? '');
  set('signature', signed?.signature ?? '');
  set('signed-url', signed?.url ?? '');
  set('post-body', signed?.body ?? '');
  set('curl', signed ? curlFor(signed) : '');
  $('#body-output').hidden = !signed?.body;
  for (const button of document.querySelectorAll('button.copy')) button.disabled = !signed;

  let note = 'Fix the issues to see the signed request.';
  if (signed) {
    const fixed = settings.options.timestamp !== undefined && settings.options.nonce !== undefined;
    note = `Timestamp ${signed.params.Timestamp}, nonce ${signed.params.SignatureNonce}`
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
