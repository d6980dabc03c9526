// The group editor's rows: one per member (its weight, and a box to tick to remove it) and
// one per server to add (id, port, weight). What the rows ask for is read two ways: as the
// desired members (for the plan), and as edits, which can be laid again over the group's
// members after it changed (see render).
import { attachError, clearErrors, el, showError } from './dom.mjs';

/** A member's identity: server id, port, and the server IP of eni/eci members. */
export const keyOf = (m) => `${m.serverId}|${String(m.port).trim()}|${m.serverIp ?? ''}`;
export const nameOf = (m) => `${m.serverId}:${m.port}${m.serverIp ? ` (${m.serverIp})` : ''}`;
const NO_EDITS = { removed: new Set(), weights: new Map(), added: [] };

export function createMemberRows(body, addButton, onChange) {
  let seq = 0;
  const rows = () => [...body.querySelectorAll(':scope > [data-testid="member-row"]')];

  function input(name, label, value, props = {}) {
    const node = el('input', { name, value, autocomplete: 'off', spellcheck: false, id: `m${seq}-${name}`, ...props });
    node.setAttribute('aria-label', label);
    return node;
  }

  function memberRow(member, edits) {
    const name = nameOf(member);
    seq += 1;
    const error = el('p', { className: 'field-error', hidden: true, id: `m${seq}-error` });
    const weight = input('weight', `Weight of ${name}`, edits.weights.get(keyOf(member)) ?? String(member.weight),
      { inputMode: 'numeric', placeholder: '100', size: 4 });
    const remove = input('remove', `Remove ${name}`, '', { type: 'checkbox', checked: edits.removed.has(keyOf(member)) });
    const server = el('th', { scope: 'row' }, member.serverId,
      member.type && member.type !== 'ecs' ? el('span', { className: 'hint' }, ` ${member.type} ${member.serverIp ?? ''}`) : '', error);
    const row = el('tr', {}, server, el('td', { textContent: String(member.port) }), el('td', {}, weight), el('td', {}, remove));
    Object.assign(row.dataset, { testid: 'member-row', serverId: member.serverId, port: String(member.port), loaded: String(member.weight) });
    row.member = member;
    for (const node of [weight, remove]) attachError(node, server);
    return row;
  }

  function addedRow(values = {}) {
    seq += 1;
    const n = body.querySelectorAll('.added').length + 1;
    const error = el('p', { className: 'field-error', hidden: true, id: `m${seq}-error` });
    const fields = [
      input('serverId', `Server id of new server ${n}`, values.serverId ?? '', { placeholder: 'vm-…' }),
      input('port', `Port of new server ${n}`, values.port ?? '', { inputMode: 'numeric', size: 5 }),
      input('weight', `Weight of new server ${n}`, values.weight ?? '', { inputMode: 'numeric', placeholder: '100', size: 4 }),
    ];
    const discard = el('button', { type: 'button', className: 'remove', textContent: 'Discard' });
    discard.dataset.testid = 'member-discard';
    discard.setAttribute('aria-label', `Discard new server ${n}`);
    const row = el('tr', { className: 'added' }, el('td', {}, fields[0], error), el('td', {}, fields[1]), el('td', {}, fields[2]), el('td', {}, discard));
    row.dataset.testid = 'member-row';
    for (const node of fields) attachError(node, error.parentElement);
    discard.addEventListener('click', () => {
      (row.nextElementSibling?.querySelector('input') ?? addButton).focus();
      row.remove();
      onChange();
    });
    return row;
  }

  /** Rows for `members`, with `edits` (see edits()) laid over them. */
  function render(members, edits = NO_EDITS) {
    const present = new Set(members.map(keyOf));
    body.replaceChildren(...members.map((m) => memberRow(m, edits)),
      ...edits.added.filter((a) => !present.has(keyOf(a))).map(addedRow));
    mark();
  }

  /** Removed and changed rows look so (the plan says the same in words). */
  function mark() {
    for (const row of rows()) {
      if (!row.member) continue;
      row.classList.toggle('removed', row.querySelector('[name="remove"]').checked);
      row.classList.toggle('changed', row.querySelector('[name="weight"]').value !== row.dataset.loaded);
    }
  }

  const value = (row, name) => row.querySelector(`[name="${name}"]`).value.trim();

  /** The desired members, and the row each comes from (for issues at `desired[i]`). */
  function desired() {
    const members = [];
    const from = [];
    for (const row of rows()) {
      if (row.member && row.querySelector('[name="remove"]').checked) continue;
      const { serverId, port, type, serverIp } = row.member ?? { serverId: value(row, 'serverId'), port: value(row, 'port') };
      const member = { serverId, port, ...(type && { type }), ...(serverIp && { serverIp }) };
      // An empty weight is left out: the service's default, 100.
      if (value(row, 'weight') !== '') member.weight = value(row, 'weight');
      members.push(member);
      from.push(row);
    }
    return { members, from };
  }

  /** What the person changed: removed members, changed weights, servers added. */
  function edits() {
    const result = { removed: new Set(), weights: new Map(), added: [] };
    for (const row of rows()) {
      if (!row.member) {
        result.added.push({ serverId: value(row, 'serverId'), port: value(row, 'port'), weight: value(row, 'weight') });
        continue;
      }
      const key = keyOf(row.member);
      if (row.querySelector('[name="remove"]').checked) result.removed.add(key);
      if (value(row, 'weight') !== row.dataset.loaded) result.weights.set(key, value(row, 'weight'));
    }
    return result;
  }

  /** Shows planMembership's issues (paths `desired[i]...`) at their rows. */
  function showIssues(issues, from) {
    clearErrors(body);
    for (const issue of issues) {
      const m = /^desired\[(\d+)\](?:\.(\w+))?/.exec(issue.path);
      const row = m && from[Number(m[1])];
      if (!row) continue;
      const target = (m[2] && row.querySelector(`[name="${m[2]}"]`)) || row;
      showError(target, row.querySelector('.field-error'), issue.message);
    }
  }

  addButton.addEventListener('click', () => {
    const row = addedRow();
    body.append(row);
    row.querySelector('input').focus();
    onChange();
  });
  body.addEventListener('input', () => { mark(); onChange(); });
  body.addEventListener('change', () => { mark(); onChange(); });

  return { render, desired, edits, showIssues, count: () => rows().length };
}
