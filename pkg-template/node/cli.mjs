#!/usr/bin/env node
// aliyun-slb: the aliyun CLI's `aliyun slb <Action> --Param value` for the VServer-group
// family, signed by this package, with credentials from the default chain. Exit codes:
// 0 done, 1 the service or the network failed, 2 usage, validation or configuration.
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ACTION_FIELDS, UsageError, actionHelp, actionOptions, buildRequest } from './cli-input.mjs';
import { applyCommand } from './cli-apply.mjs';

const require = createRequire(import.meta.url);
const slb = require('./index.cjs');
const { Credentials, chainProvider, defaultCredentialsProvider, nodeContext } = require('./credentials.cjs');
const { cliProfileSources, readCliProfile } = require('./sources.cjs');
const { version: VERSION } = require('../package.json');

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const API_VERSION = '2014-05-15';
const SIGNATURE_ALGORITHMS = ['HMAC-SHA1', 'ACS3-HMAC-SHA256'];
const RETRYABLE = /^(Throttling(\..*)?|ServiceUnavailable|InternalError|SystemBusy|OperationBusy|VServerGroupProcessing)$/;
// Codes of a call that reached for the service or the network and failed there (exit 1).
const FAILED_CODES = new Set(['NetworkError', 'Timeout', 'CredentialsUnavailable', 'MalformedResponse']);

const GLOBAL_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  profile: { type: 'string', short: 'p' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  version: { type: 'string' },
  dryrun: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  server: { type: 'string', multiple: true },
  proxy: { type: 'string' },
  method: { type: 'string' },
  format: { type: 'string' },
  'signature-algorithm': { type: 'string' },
  'access-key-id': { type: 'string' },
  'access-key-secret': { type: 'string' },
  'sts-token': { type: 'string' },
  'read-timeout': { type: 'string' },
  'connect-timeout': { type: 'string' },
  'retry-count': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
};
// The aliyun CLI's other flags: recognised, and refused with a clear message.
const UNSUPPORTED_VALUE_FLAGS = ['mode', 'ram-role-name', 'ram-role-arn', 'role-session-name', 'external-id', 'expired-seconds',
  'private-key', 'key-pair-name', 'oidc-provider-arn', 'oidc-token-file', 'process-command', 'config-path', 'output', 'waiter',
  'header', 'body', 'body-file', 'endpoint-type', 'language', 'cli-query'];
const UNSUPPORTED_SWITCHES = ['force', 'insecure', 'secure', 'skip-secure-verify', 'pager'];
for (const flag of UNSUPPORTED_VALUE_FLAGS) GLOBAL_OPTIONS[flag] = { type: 'string' };
for (const flag of UNSUPPORTED_SWITCHES) GLOBAL_OPTIONS[flag] = { type: 'boolean' };

const FLAGS_HELP = `Flags (the aliyun CLI's):
  --profile, -p NAME        the aliyun CLI profile (~/.aliyun/config.json); default: the credential chain
  --region ID               default RegionId (default: the profile's region_id)
  --endpoint URL            e.g. https://slb.cn-hangzhou.aliyuncs.com (default: the region's)
  --dryrun                  print the signed request as JSON, send nothing
  --access-key-id, --access-key-secret, --sts-token    credentials on the command line
  --read-timeout, --connect-timeout SECONDS             the request's time limit (their sum; default 30)
  --retry-count N           retries of throttling and busy answers (default 2)
  --version 2014-05-15      the API version (the only one); alone, --version prints the tool's
  --quiet, -q               print nothing on success
Flags of aliyun-slb:
  --dry-run                 as --dryrun
  --server id:port[:weight[:type[:ip]]]   a backend server, repeatable, instead of --BackendServers JSON
  --BackendServers @file | -              the JSON list from a file or standard input
  --method GET|POST, --format JSON|XML    how the request is sent and answered (output is always JSON)
  --proxy URL               send through a fetch proxy (<proxy>?url=<encoded url>)
  --signature-algorithm HMAC-SHA1|ACS3-HMAC-SHA256
Exit codes: 0 done; 1 the service or the network failed; 2 usage, validation or configuration error.`;

/**
 * The commands besides the actions: name -> { summary, options, help(), run(values, session) }.
 * A subcommand is one more entry here.
 */
export const SUBCOMMANDS = {
  apply: applyCommand({ requestOptions, defaultRegion, resolveCredentials, EXIT_OK, EXIT_FAILED }),
};

function actionCommand(action) {
  return { summary: ACTION_FIELDS[action].summary, options: actionOptions(action), help: () => actionHelp(action), run: (values, s) => runAction(action, values, s) };
}

const COMMANDS = new Map([...slb.SLB_ACTIONS.map((action) => [action, actionCommand(action)]), ...Object.entries(SUBCOMMANDS)]);

function generalHelp() {
  const names = [...COMMANDS].map(([name, c]) => `  ${name.padEnd(34)} ${c.summary.replace(/^\w+: /, '')}`);
  return [`aliyun-slb ${VERSION}: the aliyun CLI's \`aliyun slb\` for VServer groups`, '',
    'Usage: aliyun-slb <Action> --RegionId cn-hangzhou --Param value ... [flags]',
    '       aliyun-slb <Action> --help      the action\'s parameters and limits',
    '       aliyun-slb apply --RegionId cn-hangzhou --VServerGroupId rsp-x --members desired.json [--dry-run]',
    '', 'Commands:', ...names, '', FLAGS_HELP].join('\n');
}

/** Writes to stdout and stderr, never showing a secret given to hide(). */
function outputs(io) {
  const secrets = [];
  const tokens = [];
  const clean = (text, hidden) => hidden.reduce((t, s) => t.split(s).join('<redacted>'), text);
  const forms = (value) => (value ? [value, encodeURIComponent(value), encodeURIComponent(encodeURIComponent(value))] : []);
  return {
    hide(secret, token) {
      secrets.push(...forms(secret));
      tokens.push(...forms(token));
    },
    // Standard output is what was asked for: a dry run shows the STS token it would send.
    print: (text) => io.stdout(`${clean(text, secrets)}\n`),
    error: (text) => io.stderr(`${clean(text, [...secrets, ...tokens])}\n`),
  };
}

/** Resolved once per run: the command line's, a named profile's, or the default chain's. */
async function resolveCredentials(values, context) {
  const id = values['access-key-id'];
  const secret = values['access-key-secret'];
  if (id !== undefined || secret !== undefined) {
    if (!id || !secret) throw new UsageError('give both --access-key-id and --access-key-secret', id ? 'access-key-secret' : 'access-key-id');
    return new Credentials({ accessKeyId: id, accessKeySecret: secret, securityToken: values['sts-token'], source: 'command line' });
  }
  const provider = values.profile
    ? chainProvider(cliProfileSources({ profile: values.profile }, context), context)
    : defaultCredentialsProvider({ context });
  return provider.getCredential();
}

/** `--RegionId`, else `--region`, else the aliyun CLI profile's region_id. */
async function defaultRegion(values, context) {
  if (values.region) return values.region;
  try {
    return (await readCliProfile(context, values.profile)).profile.region_id || undefined;
  } catch {
    return undefined;
  }
}

const positiveInteger = (values, flag) => {
  const text = values[flag];
  if (text === undefined) return 0;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${flag} must be a whole number, not ${JSON.stringify(text)}`, flag);
  return Number(text);
};

/** The signing and sending options the flags give. */
function requestOptions(values) {
  const algorithm = values['signature-algorithm'];
  if (algorithm !== undefined && !SIGNATURE_ALGORITHMS.includes(algorithm)) {
    throw new UsageError(`--signature-algorithm must be ${SIGNATURE_ALGORITHMS.join(' or ')}, not ${JSON.stringify(algorithm)}`, 'signature-algorithm');
  }
  if (values.version !== undefined && values.version !== API_VERSION) {
    throw new UsageError(`--version: aliyun-slb speaks the SLB API ${API_VERSION}, not ${values.version}`, 'version');
  }
  const endpoint = values.endpoint && !/^https?:\/\//i.test(values.endpoint) ? `https://${values.endpoint}` : values.endpoint;
  const seconds = positiveInteger(values, 'read-timeout') + positiveInteger(values, 'connect-timeout');
  return {
    sign: { endpoint, method: values.method?.toUpperCase(), format: values.format?.toUpperCase(), ...(algorithm && { signatureAlgorithm: algorithm }) },
    send: { proxy: values.proxy, timeoutMs: seconds ? seconds * 1000 : undefined },
    attempts: (values['retry-count'] === undefined ? 2 : positiveInteger(values, 'retry-count')) + 1,
  };
}

const SIGNED_FIELDS = ['method', 'url', 'body', 'headers', 'canonicalQuery', 'stringToSign', 'signature'];
const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/** Sends, signing afresh for each retry of a throttled or busy answer (never after no answer). */
async function sendWithRetries(sign, options) {
  for (let attempt = 1; ; attempt++) {
    const signed = sign();
    const response = await slb.send(signed, options.send);
    if (response.ok || !RETRYABLE.test(response.error?.code ?? '') || attempt >= options.attempts) return { signed, response };
    // Equal jitter on 200 ms doubling per try, at most 5 s.
    const base = Math.min(5000, 200 * 2 ** (attempt - 1));
    await sleep(base / 2 + Math.random() * (base / 2));
  }
}

/** The service's refusal as the aliyun CLI prints it: code, message, request id. */
function serviceError({ response, signed }, out) {
  const { error, status } = response;
  const lines = ['ERROR: SDK.ServerError', `ErrorCode: ${error.code}`, `HTTP status: ${status}`];
  if (error.recommend) lines.push(`Recommend: ${error.recommend}`);
  if (error.requestId ?? response.requestId) lines.push(`RequestId: ${error.requestId ?? response.requestId}`);
  lines.push(`Message: ${error.message}`);
  if (error.serverStringToSign) lines.push(`Diagnosis: ${slb.diagnoseSignature(signed.stringToSign, error.serverStringToSign).message}`);
  out.error(lines.join('\n'));
  return EXIT_FAILED;
}

async function runAction(action, values, { io, out, context }) {
  const options = requestOptions(values);
  const request = await buildRequest(action, values, { servers: values.server ?? [], readStdin: io.readStdin });
  request.regionId ??= await defaultRegion(values, context);
  const issues = slb.validateSlbRequest(action, request);
  if (issues.length) throw new slb.SlbError('ValidationFailed', `the request is invalid (${issues.length} issue${issues.length === 1 ? '' : 's'})`, { issues });
  const credentials = await resolveCredentials(values, context);
  out.hide(credentials.accessKeySecret, credentials.securityToken);
  const fields = { accessKeyId: credentials.accessKeyId, accessKeySecret: credentials.accessKeySecret, securityToken: credentials.securityToken };
  const sign = () => slb.signSlbRequest(action, request, fields, options.sign);
  if (values.dryrun || values['dry-run']) {
    const signed = sign();
    out.print(JSON.stringify(Object.fromEntries(SIGNED_FIELDS.map((f) => [f, signed[f]])), null, 2));
    return EXIT_OK;
  }
  const sent = await sendWithRetries(sign, options);
  if (!sent.response.ok) return serviceError(sent, out);
  if (!values.quiet) out.print(JSON.stringify(sent.response.data, null, 2));
  return EXIT_OK;
}

/** The command's name: the first word that is not a flag or a global flag's value. */
function commandName(argv) {
  return parseArgs({ args: argv, options: GLOBAL_OPTIONS, strict: false, allowPositionals: true }).positionals[0];
}

function findCommand(name) {
  const command = COMMANDS.get(name);
  if (command) return command;
  const near = [...COMMANDS.keys()].find((known) => known.toLowerCase() === name.toLowerCase());
  throw new UsageError(`unknown action ${JSON.stringify(name)}${near ? `; did you mean ${near}?` : ''} (aliyun-slb --help lists them)`, 'action');
}

function parseCommandLine(argv, command) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${error.message} (see --help)`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`unexpected ${JSON.stringify(positionals[1])}: parameters are --Name value`);
  const unsupported = [...UNSUPPORTED_VALUE_FLAGS, ...UNSUPPORTED_SWITCHES]
    .find((flag) => values[flag] !== undefined && !Object.hasOwn(command.options, flag));
  if (unsupported) throw new UsageError(`--${unsupported} is an aliyun CLI flag that aliyun-slb does not support`, unsupported);
  return values;
}

async function dispatch(argv, io, out) {
  if (argv.length === 1 && argv[0] === '--version') {
    out.print(VERSION);
    return EXIT_OK;
  }
  const name = commandName(argv);
  if (name === undefined) {
    const asked = argv.includes('--help') || argv.includes('-h');
    (asked ? out.print : out.error)(generalHelp());
    return asked ? EXIT_OK : EXIT_USAGE;
  }
  const command = findCommand(name);
  const values = parseCommandLine(argv, command);
  if (values.help) {
    out.print(command.help());
    return EXIT_OK;
  }
  return command.run(values, { io, out, context: { ...nodeContext(), env: io.env } });
}

/** An error as its exit code, every issue with its path on stderr. */
function report(error, out) {
  if (error instanceof UsageError) {
    out.error(`aliyun-slb: ${error.message}`);
    return EXIT_USAGE;
  }
  if (!(error instanceof slb.SlbError)) {
    out.error(`aliyun-slb: internal error: ${error?.stack ?? error}`);
    return EXIT_FAILED;
  }
  const lines = error.issues.length
    ? [`aliyun-slb: ${error.message}`, ...error.issues.map((i) => `  ${i.path}: ${i.code}: ${i.message}`)]
    : [`aliyun-slb: ${error.code}${error.path ? ` (${error.path})` : ''}: ${error.message}`];
  out.error(lines.join('\n'));
  return error.status !== undefined || FAILED_CODES.has(error.code) ? EXIT_FAILED : EXIT_USAGE;
}

/**
 * Runs the command line `argv`; `io`: { env, stdout(text), stderr(text), readStdin(), isTTY,
 * confirm(question), onInterrupt(handler) }. Resolves to the exit code.
 */
export async function main(argv, io) {
  const out = outputs(io);
  try {
    return await dispatch(argv, io, out);
  } catch (error) {
    return report(error, out);
  }
}

function processIo() {
  let stdin;
  return {
    env: process.env,
    // A person to ask and to show a progress bar to.
    isTTY: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    async confirm(question) {
      const { createInterface } = await import('node:readline/promises');
      const lines = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return /^y(es)?$/i.test((await lines.question(question)).trim());
      } finally {
        lines.close();
      }
    },
    /** Ctrl-C calls `handler` (the first time; a second one ends the process); answers the unhook. */
    onInterrupt(handler) {
      const listener = () => {
        process.removeListener('SIGINT', listener);
        process.stderr.write('\nStopping after the call in flight (Ctrl-C again to quit now)...\n');
        handler();
      };
      process.on('SIGINT', listener);
      return () => process.removeListener('SIGINT', listener);
    },
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: () => {
      stdin ??= (async () => {
        const chunks = [];
        for await (const chunk of process.stdin) chunks.push(chunk);
        return Buffer.concat(chunks).toString('utf8');
      })();
      return stdin;
    },
  };
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2), processIo());
}
