// Small DOM helpers shared by the page's modules.

export const $ = (selector, root = document) => root.querySelector(selector);

/** An element with properties (className, textContent, ...) and children. */
export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** A <dl> of [term, value] pairs; empty values are left out, a value may be a Node. */
export function dl(entries) {
  const list = el('dl');
  for (const [term, value] of entries) {
    if (value === undefined || value === null || value === '') continue;
    list.append(el('dt', { textContent: term }), el('dd', {}, value instanceof Node ? value : String(value)));
  }
  return list;
}

/** "1 server", "2 servers". */
export const count = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Gives `input` an error line in `box` (created when missing), named in its aria-describedby. */
export function attachError(input, box = input.closest('.field')) {
  let line = box.querySelector(':scope > .field-error');
  if (!line) {
    line = el('p', { className: 'field-error', hidden: true });
    box.append(line);
  }
  line.id ||= `${input.id}-error`;
  const described = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  if (!described.includes(line.id)) input.setAttribute('aria-describedby', [...described, line.id].join(' '));
  return line;
}

/** Removes every error mark under `root`: aria-invalid, error lines and `.invalid`. */
export function clearErrors(root) {
  for (const node of root.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
  for (const line of root.querySelectorAll('.field-error')) { line.hidden = true; line.textContent = ''; }
  for (const node of root.querySelectorAll('.invalid')) node.classList.remove('invalid');
}

/** Marks `target` invalid and adds `text` to its error line (several are joined with "; "). */
export function showError(target, line, text) {
  if (target.matches('input, select')) target.setAttribute('aria-invalid', 'true');
  else target.classList.add('invalid');
  if (!line) return;
  line.textContent = line.textContent ? `${line.textContent}; ${text}` : text;
  line.hidden = false;
}

/** A label's own text, without the "(optional)" note inside it. */
export const labelText = (label) => label.firstChild.textContent.trim();
