// Node only: the default chain's sources in the official libraries' order, one loader
// each: `{ name, load(context) -> Promise<Credentials> }`; a loader that has nothing throws
// a skip (or an SlbError) saying why. Facts: the official @alicloud/credentials 2.4.7.
'use strict';
const { join } = require('node:path');
const ini = require('ini');
const { SlbError } = require('./api.cjs');
const { Credentials, skip, refreshing } = require('./credentials.cjs');
const remote = require('./remote.cjs');

const METADATA_ORIGIN = 'http://100.100.100.200';
const METADATA_MARGIN_MS = 60 * 60 * 1000;
const DEFAULT_DURATION_SECONDS = 3600;
const SUPPORTED_MODES = ['AK', 'StsToken', 'RamRoleArn', 'ChainableRamRoleArn', 'EcsRamRole', 'OIDC'];

const isTrue = (value) => String(value ?? '').toLowerCase() === 'true';
function home(context) {
  const dir = context.homedir();
  if (!dir) throw skip('no home directory');
  return dir;
}

/** Where STS and the metadata service are: the cloud's, or an override (tests, the demo). */
function endpoints(options, env) {
  const region = env.ALIBABA_CLOUD_STS_REGION;
  const host = region ? `sts${isTrue(env.ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED) ? '-vpc' : ''}.${region}.aliyuncs.com` : 'sts.aliyuncs.com';
  return {
    sts: (profile = {}) => options.stsEndpoint ?? env.ALIYUN_SLB_STS_ENDPOINT
      ?? (profile.sts_endpoint ? `https://${profile.sts_endpoint}` : profile.sts_region ? `https://sts.${profile.sts_region}.aliyuncs.com` : `https://${host}`),
    metadata: (options.metadataEndpoint ?? env.ALIYUN_SLB_METADATA_ENDPOINT ?? METADATA_ORIGIN).replace(/\/$/, ''),
  };
}

/** Runs `build(context)` once and then the provider it built; a failed build is tried again next time. */
function memo(build) {
  let provider = null;
  return async (context) => {
    provider ??= await build(context);
    return provider(context);
  };
}

const fixed = (credentials) => async () => credentials;

function environment() {
  return {
    name: 'environment',
    load: async ({ env }) => {
      if (!env.ALIBABA_CLOUD_ACCESS_KEY_ID) throw skip('ALIBABA_CLOUD_ACCESS_KEY_ID is not set');
      if (!env.ALIBABA_CLOUD_ACCESS_KEY_SECRET) throw skip('ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set');
      return new Credentials({
        accessKeyId: env.ALIBABA_CLOUD_ACCESS_KEY_ID, accessKeySecret: env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
        securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN, source: 'environment',
      });
    },
  };
}

/** `role` with its required fields checked and the defaults of the rest filled in. */
function roleWithDefaults(context, role, required, source) {
  const unset = required.filter((field) => !role[field]);
  if (unset.length) throw new SlbError('InvalidProfile', `${source}: no ${unset.join(', ')}`);
  return {
    ...role, durationSeconds: Number(role.durationSeconds) || DEFAULT_DURATION_SECONDS,
    sessionName: role.sessionName || context.env.ALIBABA_CLOUD_ROLE_SESSION_NAME || `aliyun-slb-${context.now()}`,
  };
}

/** A role assumed with `base()`'s credentials, refreshed before it expires. */
function ramRole(context, sts, base, role, source) {
  const full = roleWithDefaults(context, role, ['roleArn'], source);
  return refreshing(async () => remote.assumeRole(context, sts, await base(context), full, source), { now: context.now });
}

function oidcRole(context, sts, role, source) {
  const full = roleWithDefaults(context, role, ['roleArn', 'providerArn', 'tokenFile'], source);
  return refreshing(() => remote.assumeRoleWithOidc(context, sts, full, source), { now: context.now });
}

function ecsRole(context, metadata, roleName, source) {
  const imdsv1Disabled = isTrue(context.env.ALIBABA_CLOUD_IMDSV1_DISABLED);
  return refreshing(() => remote.ecsRoleCredentials(context, metadata, { roleName, imdsv1Disabled }, source),
    { now: context.now, marginMs: METADATA_MARGIN_MS });
}

function oidcFromEnv(where) {
  return {
    name: 'oidc',
    load: memo(async (context) => {
      const { env } = context;
      const names = ['ALIBABA_CLOUD_ROLE_ARN', 'ALIBABA_CLOUD_OIDC_PROVIDER_ARN', 'ALIBABA_CLOUD_OIDC_TOKEN_FILE'];
      const unset = names.filter((name) => !env[name]);
      if (unset.length) throw skip(`${unset.join(', ')} ${unset.length > 1 ? 'are' : 'is'} not set`);
      return oidcRole(context, where.sts(), {
        roleArn: env.ALIBABA_CLOUD_ROLE_ARN, providerArn: env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN, tokenFile: env.ALIBABA_CLOUD_OIDC_TOKEN_FILE,
        sessionName: env.ALIBABA_CLOUD_ROLE_SESSION_NAME,
      }, 'oidc');
    }),
  };
}

/** A text file, or a skip when it is not there. */
async function optionalFile(context, path) {
  try {
    return await context.readFile(path);
  } catch (error) {
    if (error.code === 'ENOENT') throw skip(`${path} does not exist`);
    throw new SlbError('InvalidProfile', `${path} cannot be read (${error.code ?? error.message})`);
  }
}

/** The aliyun CLI's config and the profile to use: `{ path, name, profile, config }`. */
async function readCliProfile(context, wanted) {
  const path = join(home(context), '.aliyun', 'config.json');
  let config;
  try {
    config = JSON.parse(await optionalFile(context, path));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new SlbError('InvalidProfile', `${path} is not valid JSON`);
  }
  const name = wanted || context.env.ALIBABA_CLOUD_PROFILE || config?.current;
  const profile = Array.isArray(config?.profiles) ? config.profiles.find((p) => p?.name === name) : undefined;
  if (!profile) throw new SlbError('InvalidProfile', `${path} has no profile named "${name}"`);
  return { path, name, profile, config };
}

/** The provider of one aliyun CLI profile (`seen`: the names on a source_profile path, to stop a loop). */
function cliProfileProvider(context, where, config, name, seen = []) {
  const p = config.profiles.find((q) => q?.name === name);
  const source = `cli-profile "${name}" (${p?.mode})`;
  if (!p) throw new SlbError('InvalidProfile', `no profile named "${name}" (a source_profile of "${seen.at(-1)}")`);
  if (seen.includes(name)) throw new SlbError('InvalidProfile', `profiles ${[...seen, name].join(' -> ')} form a loop`);
  const ak = () => new Credentials({ accessKeyId: p.access_key_id, accessKeySecret: p.access_key_secret, source });
  const role = { roleArn: p.ram_role_arn, sessionName: p.ram_session_name, durationSeconds: p.expired_seconds, externalId: p.external_id };
  switch (p.mode) {
    case 'AK':
      return fixed(ak());
    case 'StsToken':
      return fixed(new Credentials({ accessKeyId: p.access_key_id, accessKeySecret: p.access_key_secret, securityToken: p.sts_token, source }));
    case 'RamRoleArn':
      return ramRole(context, where.sts(p), fixed(ak()), role, source);
    case 'ChainableRamRoleArn':
      return ramRole(context, where.sts(p), cliProfileProvider(context, where, config, p.source_profile, [...seen, name]), role, source);
    case 'EcsRamRole':
      return ecsRole(context, where.metadata, p.ram_role_name, source);
    case 'OIDC':
      return oidcRole(context, where.sts(p), {
        roleArn: p.ram_role_arn, providerArn: p.oidc_provider_arn, tokenFile: p.oidc_token_file, sessionName: p.ram_session_name,
        durationSeconds: p.duration_seconds ?? p.expired_seconds,
      }, source);
    default:
      throw new SlbError('UnsupportedProfileMode',
        `profile "${name}" has mode "${p.mode}", which aliyun-slb does not support (it supports ${SUPPORTED_MODES.join(', ')})`);
  }
}

function cliProfile(options, where) {
  return {
    name: 'cli-profile',
    load: memo(async (context) => {
      if (isTrue(context.env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED)) throw skip('disabled by ALIBABA_CLOUD_CLI_PROFILE_DISABLED');
      const { config, name } = await readCliProfile(context, options.profile);
      return cliProfileProvider(context, where, config, name);
    }),
  };
}

function credentialsFile(options, where) {
  return {
    name: 'credentials-file',
    load: memo(async (context) => {
      const { env } = context;
      const path = env.ALIBABA_CLOUD_CREDENTIALS_FILE || join(home(context), '.alibabacloud', 'credentials');
      const section = options.profile || env.ALIBABA_CLOUD_PROFILE || 'default';
      const s = ini.parse(await optionalFile(context, path))[section];
      const source = `credentials-file [${section}] (${s?.type})`;
      if (!s?.type) throw skip(`${path} has no section [${section}] with a type`);
      const ak = () => new Credentials({ accessKeyId: s.access_key_id, accessKeySecret: s.access_key_secret, source });
      if (s.type === 'access_key') return fixed(ak());
      if (s.type === 'ecs_ram_role') return ecsRole(context, where.metadata, s.role_name, source);
      if (s.type === 'ram_role_arn') {
        return ramRole(context, where.sts(), fixed(ak()), { roleArn: s.role_arn, sessionName: s.role_session_name, policy: s.policy }, source);
      }
      throw new SlbError('InvalidProfile', `${path} [${section}]: type "${s.type}" is not access_key, ecs_ram_role or ram_role_arn`);
    }),
  };
}

function ecsMetadata(where) {
  return {
    name: 'ecs-metadata',
    load: memo(async (context) => {
      if (isTrue(context.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED)) throw skip('disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED');
      return ecsRole(context, where.metadata, context.env.ALIBABA_CLOUD_ECS_METADATA, 'ecs-metadata');
    }),
  };
}

function credentialsUri() {
  return {
    name: 'credentials-uri',
    load: memo(async (context) => {
      const uri = context.env.ALIBABA_CLOUD_CREDENTIALS_URI;
      if (!uri) throw skip('ALIBABA_CLOUD_CREDENTIALS_URI is not set');
      return refreshing(() => remote.uriCredentials(context, uri, 'credentials-uri'), { now: context.now });
    }),
  };
}

/** The six sources of the default chain, in order. */
function defaultSources(options, context) {
  const where = endpoints(options, context.env);
  return [environment(), oidcFromEnv(where), cliProfile(options, where), credentialsFile(options, where), ecsMetadata(where), credentialsUri()];
}

/** Only the aliyun CLI profile (`aliyun-slb --profile`): a named profile must be there. */
function cliProfileSources(options, context) {
  return [cliProfile(options, endpoints(options, context.env))];
}

module.exports = { defaultSources, cliProfileSources, readCliProfile };
