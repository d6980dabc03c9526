// Node only: the credential sources that ask a server: STS AssumeRole (signed by this
// package's signRpcRequest) and AssumeRoleWithOIDC (anonymous), the ECS metadata service
// (IMDSv2 token first) and a credentials URI. Each returns Credentials with `expiration`.
'use strict';
const { randomUUID } = require('node:crypto');
const { SlbError } = require('./api.cjs');
const { Credentials } = require('./credentials.cjs');

const STS_VERSION = '2015-04-01';
const STS_TIMEOUT_MS = 10000;
const METADATA_TIMEOUT_MS = 1000;
const METADATA_TOKEN_TTL_SECONDS = '21600';
const CREDENTIALS_PATH = '/latest/meta-data/ram/security-credentials/';

const unavailable = (message) => new SlbError('CredentialsUnavailable', message);

/** The STS token in its raw and URL-encoded forms, removed from a server's words. */
function redact(text, token) {
  if (!token) return text;
  let out = text;
  for (const form of [token, encodeURIComponent(token), encodeURIComponent(encodeURIComponent(token))]) {
    out = out.split(form).join('<redacted>');
  }
  return out;
}

/** Fetches `url`, giving up after `timeoutMs`: `{ status, text }`, or CredentialsUnavailable. */
async function exchange(context, what, url, init, timeoutMs) {
  let response;
  try {
    response = await context.fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw unavailable(`${what}: no answer from ${new URL(url).origin} (${error.cause?.code ?? error.name})`);
  }
  return { status: response.status, text: await response.text() };
}

function readJson(what, text) {
  try {
    return JSON.parse(text);
  } catch {
    throw unavailable(`${what}: the answer is not JSON`);
  }
}

/** `{AccessKeyId, AccessKeySecret, SecurityToken, Expiration}` as Credentials. */
function temporary(what, fields, source) {
  if (!fields?.AccessKeyId || !fields.AccessKeySecret || !fields.SecurityToken) {
    throw unavailable(`${what}: the answer holds no credentials`);
  }
  return new Credentials({
    accessKeyId: fields.AccessKeyId, accessKeySecret: fields.AccessKeySecret, securityToken: fields.SecurityToken,
    expiration: fields.Expiration, source,
  });
}

/** An STS answer: its Credentials, or its error code and message (the token removed). */
function stsAnswer(what, { status, text }, token, source) {
  const body = readJson(what, text);
  if (status !== 200) {
    const message = body.Code === 'SignatureDoesNotMatch' ? 'the AccessKey secret or the signature is wrong' : body.Message;
    throw unavailable(redact(`${what}: ${body.Code ?? 'HTTP error'} (HTTP ${status}): ${message ?? ''}`, token));
  }
  return temporary(what, body.Credentials, source);
}

const form = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== '')).toString();

/**
 * STS AssumeRole with `base` credentials: `role` is `{ roleArn, sessionName, durationSeconds,
 * externalId?, policy? }`.
 */
async function assumeRole(context, endpoint, base, role, source) {
  // Required here: index.cjs loads this file's users before it has finished.
  const { signRpcRequest } = require('./index.cjs');
  const signed = signRpcRequest({
    method: 'POST', endpoint, accessKeyId: base.accessKeyId, accessKeySecret: base.accessKeySecret,
    securityToken: base.securityToken ?? null,
    params: {
      Action: 'AssumeRole', Version: STS_VERSION, Format: 'JSON', RoleArn: role.roleArn, RoleSessionName: role.sessionName,
      DurationSeconds: String(role.durationSeconds), ExternalId: role.externalId || null, Policy: role.policy || null,
    },
  });
  const what = `STS AssumeRole of ${role.roleArn}`;
  const answer = await exchange(context, what, signed.url, { method: 'POST', headers: signed.headers, body: signed.body }, STS_TIMEOUT_MS);
  return stsAnswer(what, answer, base.securityToken, source);
}

/** STS AssumeRoleWithOIDC (not signed): `role` is `{ roleArn, providerArn, tokenFile, sessionName, durationSeconds }`. */
async function assumeRoleWithOidc(context, endpoint, role, source) {
  const what = `STS AssumeRoleWithOIDC of ${role.roleArn}`;
  let token;
  try {
    token = (await context.readFile(role.tokenFile)).trim();
  } catch (error) {
    throw unavailable(`${what}: the OIDC token file ${role.tokenFile} cannot be read (${error.code ?? error.message})`);
  }
  const body = form({
    Action: 'AssumeRoleWithOIDC', Version: STS_VERSION, Format: 'JSON', Timestamp: new Date(context.now()).toISOString().replace(/\.\d+Z$/, 'Z'),
    SignatureNonce: randomUUID(), RoleArn: role.roleArn, OIDCProviderArn: role.providerArn, OIDCToken: token,
    RoleSessionName: role.sessionName, DurationSeconds: String(role.durationSeconds),
  });
  const init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body };
  return stsAnswer(what, await exchange(context, what, `${endpoint.replace(/\/$/, '')}/`, init, STS_TIMEOUT_MS), token, source);
}

/** The metadata service's session token, or null (IMDSv1) unless `imdsv1Disabled`. */
async function metadataToken(context, endpoint, imdsv1Disabled) {
  const what = 'the ECS metadata token';
  const init = { method: 'PUT', headers: { 'x-aliyun-ecs-metadata-token-ttl-seconds': METADATA_TOKEN_TTL_SECONDS } };
  try {
    const { status, text } = await exchange(context, what, `${endpoint}/latest/api/token`, init, METADATA_TIMEOUT_MS);
    if (status !== 200) throw unavailable(`${what}: HTTP ${status}`);
    return text;
  } catch (error) {
    if (imdsv1Disabled) throw unavailable(`${error.message}, and IMDSv1 is disabled (ALIBABA_CLOUD_IMDSV1_DISABLED)`);
    return null;
  }
}

/** An ECS instance's RAM role credentials: `roleName` given or discovered. */
async function ecsRoleCredentials(context, endpoint, { roleName, imdsv1Disabled }, source) {
  const token = await metadataToken(context, endpoint, imdsv1Disabled);
  const headers = token === null ? {} : { 'x-aliyun-ecs-metadata-token': token };
  const get = async (what, path) => {
    const { status, text } = await exchange(context, what, `${endpoint}${path}`, { headers }, METADATA_TIMEOUT_MS);
    if (status !== 200) throw unavailable(`${what}: HTTP ${status}`);
    return text;
  };
  const role = roleName || (await get('the ECS RAM role name', CREDENTIALS_PATH)).trim();
  if (!role) throw unavailable('the ECS instance has no RAM role');
  const what = `the ECS RAM role ${role}`;
  const body = readJson(what, await get(what, `${CREDENTIALS_PATH}${encodeURIComponent(role)}`));
  if (body.Code !== undefined && body.Code !== 'Success') throw unavailable(`${what}: ${body.Code}`);
  return temporary(what, body, source);
}

/** `ALIBABA_CLOUD_CREDENTIALS_URI`: a GET answering like the metadata service. */
async function uriCredentials(context, uri, source) {
  const what = 'the credentials URI';
  const { status, text } = await exchange(context, what, uri, {}, STS_TIMEOUT_MS);
  if (status !== 200) throw unavailable(`${what}: HTTP ${status}`);
  const body = readJson(what, text);
  if (body.Code !== undefined && body.Code !== 'Success') throw unavailable(`${what}: ${body.Code}`);
  return temporary(what, body, source);
}

module.exports = { assumeRole, assumeRoleWithOidc, ecsRoleCredentials, uriCredentials, redact };
