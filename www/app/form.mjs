// The single-request form: an action, the fields that action takes, validated and signed on
// every edit with the package's signSlbRequest; each issue is shown at its field.
import { $, attachError, clearErrors, count, labelText, showError } from './dom.mjs';
import { issuesOf, slb } from './package.mjs';
import { SETTING_FIELDS, field, readSettings } from './settings.mjs';
import { createRowList } from './rows.mjs';

// The request fields of each action besides regionId ('?': optional, left out when empty).
export const ACTION_FIELDS = {
  CreateVServerGroup: ['loadBalancerId', 'vServerGroupName?', 'backendServers?', 'tags?'],
  DeleteVServerGroup: ['vServerGroupId'],
  DescribeVServerGroups: ['loadBalancerId', 'includeListener?', 'includeRule?', 'description?', 'tags?'],
  DescribeVServerGroupAttribute: ['vServerGroupId'],
  SetVServerGroupAttribute: ['vServerGroupId', 'vServerGroupName?', 'backendServers?'],
  AddVServerGroupBackendServers: ['vServerGroupId', 'backendServers'],
  RemoveVServerGroupBackendServers: ['vServerGroupId', 'backendServers'],
  ModifyVServerGroupBackendServers: ['vServerGroupId', 'oldBackendServers', 'newBackendServers'],
};
const ACTION_HINTS = {
  CreateVServerGroup: 'A new VServer group on a load balancer, with members and tags if you like.',
  DeleteVServerGroup: 'Deletes the group (refused while a listener or forwarding rule uses it).',
  DescribeVServerGroups: 'The groups of a load balancer, filtered by name and tags.',
  DescribeVServerGroupAttribute: 'The group and its members.',
  SetVServerGroupAttribute: 'Renames the group, or changes the weight and description of members.',
  AddVServerGroupBackendServers: 'Adds 1 to 20 running servers to the group (a member again: updated).',
  RemoveVServerGroupBackendServers: 'Takes 1 to 20 members out of the group.',
  ModifyVServerGroupBackendServers: 'Replaces members: each old one by the new one at the same place.',
};
const LIST_HINTS = {
  CreateVServerGroup: 'Optional, up to 20 members to start with. Empty optional fields are left out (weight defaults to 100, type to ecs).',
  SetVServerGroupAttribute: 'Optional: members of the group with their new weight or description.',
  RemoveVServerGroupBackendServers: '1 to 20 members to take out (weight and description are not sent).',
  AddVServerGroupBackendServers: '1 to 20. Empty optional fields are left out (weight defaults to 100, type to ecs).',
  tags: 'Up to 20. Neither key nor value may start with aliyun or acs:, or hold http:// or https://.',
};
// The API page's example; the emulator runs vm-1..vm-2000, so all of them exist there.
const EXAMPLE_SERVERS = [
  { serverId: 'vm-233', port: '80', weight: '100' },
  { serverId: 'vm-232', port: '90', weight: '100' },
  { serverId: 'vm-231', port: '70', weight: '100' },
];
const SERVER_FIELDS = ['serverId', 'port', 'weight', 'type', 'serverIp', 'description'];
const TEXT_FIELDS = ['loadBalancerId', 'vServerGroupName', 'description', 'includeListener', 'includeRule'];

function readServer(get) {
  const server = { serverId: get('serverId'), port: get('port') };
  // Empty optional fields are left out: the service applies its defaults.
  for (const name of SERVER_FIELDS.slice(2)) if (get(name) !== '') server[name] = get(name);
  return server;
}

function readTag(get) {
  return get('value') === '' ? { key: get('key') } : { key: get('key'), value: get('value') };
}

export function createRequestForm(form, onChange) {
  const template = $('#server-row-template');
  const serverList = (name, box, add, testids) => [name, createRowList({
    box: $(box), template, fields: SERVER_FIELDS, addButton: $(add), label: 'Backend server', testids, read: readServer, onChange,
  })];
  const lists = Object.fromEntries([
    serverList('backendServers', '#servers', '#add-server', { row: 'server-row', remove: 'remove-server' }),
    serverList('oldBackendServers', '#old-servers', '#add-old-server', { row: 'old-server-row', remove: 'remove-old-server' }),
    serverList('newBackendServers', '#new-servers', '#add-new-server', { row: 'new-server-row', remove: 'remove-new-server' }),
    ['tags', createRowList({ box: $('#tags'), template: $('#tag-row-template'), fields: ['key', 'value'], addButton: $('#add-tag'),
      label: 'Tag', testids: { row: 'tag-row', remove: 'remove-tag' }, read: readTag, onChange })],
  ]);
  for (const server of EXAMPLE_SERVERS) lists.backendServers.add(server);
  lists.oldBackendServers.add({ serverId: 'vm-233', port: '80' });
  lists.newBackendServers.add({ serverId: 'vm-240', port: '80', weight: '50' });
  for (const name of [...SETTING_FIELDS, ...TEXT_FIELDS]) attachError(field(name));
  const errorLines = { backendServers: '#servers-error', oldBackendServers: '#old-servers-error', newBackendServers: '#new-servers-error', tags: '#tags-error' };

  const action = () => field('action').value;
  const fieldsOf = (name) => ACTION_FIELDS[name].map((f) => ({ name: f.replace('?', ''), optional: f.endsWith('?') }));

  /** Shows only the selected action's fields. */
  function showAction() {
    const names = fieldsOf(action()).map((f) => f.name);
    for (const node of form.querySelectorAll('[data-param]')) node.hidden = !names.includes(node.dataset.param);
    $('#params-fieldset').hidden = !$('#params-fieldset').querySelector('[data-param]:not([hidden])');
    $('#action-hint').textContent = ACTION_HINTS[action()];
    $('[data-hint-for="backendServers"]').textContent = LIST_HINTS[action()] ?? '';
    $('[data-hint-for="tags"]').textContent = LIST_HINTS.tags;
  }

  function readParam(name) {
    if (lists[name]) return lists[name].read();
    const input = field(name);
    if (input.type === 'checkbox') return input.checked ? true : undefined;
    return input.value;
  }

  /** { action, request, settings } as the form has them now. */
  function read() {
    const settings = readSettings();
    const request = { regionId: settings.regionId };
    if (fieldsOf(action()).some((f) => f.name === 'vServerGroupId')) request.vServerGroupId = settings.vServerGroupId;
    for (const { name, optional } of fieldsOf(action())) {
      if (name === 'vServerGroupId') continue;
      const value = readParam(name);
      const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
      if (!(optional && empty)) request[name] = value;
    }
    return { action: action(), request, settings };
  }

  /** Validates and signs; { signed, issues } (signed is null when anything is wrong). */
  function sign({ action: name, request, settings }) {
    const issues = [...slb.validateSlbRequest(name, request)];
    let signed = null;
    try {
      signed = slb.signSlbRequest(name, request, settings.credentials, settings.options);
    } catch (error) {
      // ValidationFailed lists request, credential and option problems together; anything
      // else (an unexpected code) still becomes one visible issue.
      for (const issue of issuesOf(error)) {
        if (!issues.some((i) => i.path === issue.path && i.code === issue.code && i.message === issue.message)) issues.push(issue);
      }
    }
    return { signed: issues.length ? null : signed, issues };
  }

  /** The element an issue path points at: an input, a row, a list, or null. */
  function targetOf(path) {
    const m = /^(\w+)\[(\d+)\](?:\.(\w+))?$/.exec(path);
    if (m) return lists[m[1]]?.targetOf(Number(m[2]), m[3]) ?? null;
    if (lists[path]) return lists[path].box;
    const name = path.replace(/^(?:credentials|options)\./, '');
    return [...SETTING_FIELDS, ...TEXT_FIELDS].includes(name) ? field(name) : null;
  }

  /** Where an issue's message goes, and the prefix it needs there. */
  function errorLineOf(target) {
    const list = Object.entries(lists).find(([, l]) => l.box === target);
    if (list) return { line: $(errorLines[list[0]]), prefix: '' };
    const row = target.closest('.server-row, .tag-row');
    if (row) {
      const prefix = row === target ? '' : `${labelText(target.closest('.field').querySelector('label'))}: `;
      return { line: row.querySelector('.row-error'), prefix };
    }
    return { line: document.getElementById(`${target.id}-error`), prefix: '' };
  }

  function showIssues(issues) {
    clearErrors(form);
    const list = $('#issues');
    list.replaceChildren();
    for (const issue of issues) {
      const target = targetOf(issue.path);
      if (target) {
        // A bad timestamp or nonce must not hide inside a closed <details>.
        const details = target.closest('details');
        if (details) details.open = true;
        const { line, prefix } = errorLineOf(target);
        showError(target, line, `${prefix}${issue.message}`);
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
      : `${count(issues.length, 'issue')} to fix before sending.`;
    $('#issues-summary').className = issues.length ? 'bad' : 'good';
  }

  field('action').addEventListener('change', showAction);
  showAction();
  return { read, sign, showIssues };
}
