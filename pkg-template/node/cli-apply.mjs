// `aliyun-slb apply`: change a VServer group to the members of a file, as SlbClient's
// planVServerGroupMembers and applyVServerGroupMembers do it: the plan first, a
// confirmation, then one call of at most 20 servers at a time, with progress on stderr.
import { createRequire } from 'node:module';
import { UsageError, readList } from './cli-input.mjs';

const require = createRequire(import.meta.url);
const slb = require('./index.cjs');

const HELP = `aliyun-slb apply: change a VServer group to the members of a file, in the fewest calls of 20

Usage: aliyun-slb apply --RegionId cn-hangzhou --VServerGroupId rsp-x --members desired.json [flags]

  --members FILE | - | JSON   the members the group should have, at any count: a JSON list of
                              {"serverId"|"ServerId", "port"|"Port", "weight"?, "type"?, "serverIp"?, "description"?}
  --dry-run, --dryrun         print the plan and send no change
  --output text|json          the plan as lines (+ added, - removed, ~ reweighted) or as JSON (default text)
  --yes, -y                   apply without asking (needed when there is no terminal to ask on)
  --add-first                 add before removing, so capacity never drops during a roll
  --drain-ms N                give members to be removed weight 0 first, and remove them N ms later

The group is described and planned again when applying. A busy group (VServerGroupProcessing)
is waited out. Ctrl-C stops after the call in flight and prints what was done and what is
left; applying again finishes the change. The credential, endpoint and signing flags are the
actions' (aliyun-slb --help).`;

export const APPLY_OPTIONS = {
  RegionId: { type: 'string' },
  VServerGroupId: { type: 'string' },
  members: { type: 'string' },
  output: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'add-first': { type: 'boolean' },
  'drain-ms': { type: 'string' },
};

/** `cli`: the command's shared helpers: requestOptions, defaultRegion, resolveCredentials, exit codes. */
export function applyCommand(cli) {
  return {
    summary: 'apply: change a group to the members of a file, in calls of 20, one at a time',
    options: APPLY_OPTIONS,
    help: () => HELP,
    run: (values, session) => runApply(cli, values, session),
  };
}

/** The checked command line of apply. */
async function applyInput(cli, values, { io, context }) {
  if (!values.VServerGroupId) throw new UsageError('--VServerGroupId is required', 'VServerGroupId');
  if (!values.members) throw new UsageError('--members is required: a JSON file of the members wanted, or - for standard input', 'members');
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json') throw new UsageError(`--output must be text or json, not ${JSON.stringify(output)}`, 'output');
  const drain = values['drain-ms'] ?? '0';
  if (!/^\d{1,7}$/.test(drain)) throw new UsageError(`--drain-ms must be a whole number of milliseconds, not ${JSON.stringify(drain)}`, 'drain-ms');
  const inline = values.members === '-' || values.members.startsWith('@') || values.members.trimStart().startsWith('[');
  const members = await readList(inline ? values.members : `@${values.members}`, 'members', io.readStdin);
  if (!Array.isArray(members)) throw new UsageError('--members: expected a JSON list of members', 'members');
  const regionId = values.RegionId ?? await cli.defaultRegion(values, context);
  if (!regionId) throw new UsageError('--RegionId is required (or --region, or a profile with region_id)', 'RegionId');
  return { request: { regionId, vServerGroupId: values.VServerGroupId, members }, output, drainMs: Number(drain) };
}

function showPlan(plan, output, out) {
  if (output === 'json') out.print(JSON.stringify(plan, null, 2));
  else out.print(plan.lines.length ? plan.lines.join('\n') : '(no change)');
}

/** Progress on stderr: a bar on a terminal, else a line a call. */
function progress(io, out) {
  return ({ done, total, call }) => {
    const what = `${done}/${total} ${call.action} (${call.backendServers.length})`;
    if (!io.isTTY) return out.error(what);
    const width = 30;
    const filled = Math.round((done / total) * width);
    return io.stderr(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${what}${done === total ? '\n' : ''}`);
  };
}

/** What an apply that stopped did, and what is left, for people. */
function stopped(error, out) {
  const describe = (calls) => calls.map((c) => `  ${c.action} (${c.backendServers.length} servers)`);
  out.error([`aliyun-slb: ${error.message}`, `cause: ${error.cause.code}${error.cause.status ? ` (HTTP ${error.cause.status})` : ''}`,
    `done (${error.done.length}):`, ...describe(error.done), ...(error.failed ? ['failed:', ...describe([error.failed])] : []),
    `left (${error.remaining.length}):`, ...describe(error.remaining)].join('\n'));
}

async function runApply(cli, values, session) {
  const { io, out } = session;
  const options = cli.requestOptions(values);
  const { request, output, drainMs } = await applyInput(cli, values, session);
  const credentials = await cli.resolveCredentials(values, session.context);
  out.hide(credentials.accessKeySecret, credentials.securityToken);
  const { accessKeyId, accessKeySecret, securityToken } = credentials;
  const client = new slb.SlbClient({ credentials: { accessKeyId, accessKeySecret, securityToken }, ...options.sign, ...options.send });
  const addFirst = values['add-first'] === true;
  const plan = await client.planVServerGroupMembers(request, { addFirst });
  showPlan(plan, output, out);
  if (plan.calls.length === 0 || values.dryrun || values['dry-run']) return cli.EXIT_OK;
  if (!values.yes) {
    if (!io.isTTY) throw new UsageError('applying changes the group: confirm with --yes (there is no terminal to ask on)', 'yes');
    if (!await io.confirm(`Apply ${plan.calls.length} call${plan.calls.length === 1 ? '' : 's'}? [y/N] `)) {
      out.error('Not applied.');
      return cli.EXIT_FAILED;
    }
  }
  const controller = new AbortController();
  const unhook = io.onInterrupt(() => controller.abort());
  try {
    const result = await client.applyVServerGroupMembers(request, { addFirst, drainMs, signal: controller.signal, onProgress: progress(io, out) });
    out.error(`Applied: ${result.calls} call${result.calls === 1 ? '' : 's'}, ${result.attempts} requests.`);
    return cli.EXIT_OK;
  } catch (error) {
    if (error?.code !== 'MembershipApplyFailed') throw error;
    stopped(error, out);
    return cli.EXIT_FAILED;
  } finally {
    unhook();
  }
}

