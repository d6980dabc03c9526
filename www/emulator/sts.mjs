// STS on the emulator's origin: AssumeRole (signed like any RPC call) and AssumeRoleWithOIDC
// (anonymous). The temporary keys it issues are added to the emulator's keys, so requests
// signed with them pass, with their SecurityToken, until they expire.

import { randomBytes } from 'node:crypto';
import { ApiError, invalid, requireParams } from './errors.mjs';
import { utcSeconds } from './auth.mjs';

export const STS_VERSION = '2015-04-01';
const ROLE_ARN = /^acs:ram::\d+:role\/[\w.@-]{1,64}$/i;
const OIDC_PROVIDER_ARN = /^acs:ram::\d+:oidc-provider\/[\w.-]{1,128}$/i;
const SESSION_NAME = /^[\w.@-]{2,64}$/;
const MIN_SECONDS = 900;
const MAX_SECONDS = 3600;

const token = (bytes) => randomBytes(bytes).toString('base64url');

/**
 * createSts({ secrets, clock }) -> { actions, anonymous(action), checkToken(params), issue(seconds), calls, issued }
 *   secrets: the emulator's Map of key id -> secret (issued keys are added to it)
 *   clock:   the emulator's clock (ms), for Expiration
 *   calls:   how many times each action answered (tests count refreshes)
 *   issued:  every temporary credential handed out (tests check that none is ever shown)
 */
export function createSts({ secrets, clock }) {
  const tokens = new Map();
  const calls = { AssumeRole: 0, AssumeRoleWithOIDC: 0 };
  const issued = [];

  /** New temporary credentials valid for `seconds`, as the service spells them. */
  function issue(seconds) {
    const AccessKeyId = `STS.${token(12)}`;
    const AccessKeySecret = token(24);
    const SecurityToken = `CAIS${token(48)}`;
    const expiresAt = clock() + seconds * 1000;
    secrets.set(AccessKeyId, AccessKeySecret);
    tokens.set(AccessKeyId, { SecurityToken, expiresAt });
    issued.push({ AccessKeyId, AccessKeySecret, SecurityToken });
    return { AccessKeyId, AccessKeySecret, SecurityToken, Expiration: utcSeconds(expiresAt) };
  }

  function duration(params) {
    const text = params.get('DurationSeconds') ?? String(MAX_SECONDS);
    const seconds = Number(text);
    if (!/^\d+$/.test(text) || seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
      throw invalid(`The specified DurationSeconds is invalid: it should be from ${MIN_SECONDS} to ${MAX_SECONDS}.`);
    }
    return seconds;
  }

  function assumed(params, action) {
    const arn = params.get('RoleArn');
    if (!ROLE_ARN.test(arn)) throw new ApiError(400, 'InvalidParameter.RoleArn', 'The parameter RoleArn is wrongly formed.');
    const session = params.get('RoleSessionName');
    if (!SESSION_NAME.test(session)) throw new ApiError(400, 'InvalidParameter.RoleSessionName', 'The parameter RoleSessionName is wrongly formed.');
    const credentials = issue(duration(params));
    calls[action] += 1;
    return {
      AssumedRoleUser: { AssumedRoleId: `3${token(9)}:${session}`, Arn: `${arn.replace(':role/', ':assumed-role/')}/${session}` },
      Credentials: credentials,
    };
  }

  const actions = {
    AssumeRole(params) {
      requireParams(params, ['RoleArn', 'RoleSessionName']);
      return assumed(params, 'AssumeRole');
    },
    AssumeRoleWithOIDC(params) {
      requireParams(params, ['RoleArn', 'OIDCProviderArn', 'OIDCToken', 'RoleSessionName']);
      if (!OIDC_PROVIDER_ARN.test(params.get('OIDCProviderArn'))) {
        throw new ApiError(400, 'InvalidParameter.OIDCProviderArn', 'The parameter OIDCProviderArn is wrongly formed.');
      }
      return assumed(params, 'AssumeRoleWithOIDC');
    },
  };

  /** A request signed with an issued key must carry its token, before it expires. */
  function checkToken(params) {
    const issued = tokens.get(params.get('AccessKeyId'));
    if (!issued) return;
    if (params.get('SecurityToken') !== issued.SecurityToken) {
      throw new ApiError(400, 'InvalidSecurityToken.MismatchWithAccessKey', 'The security token you provided does not match the access key.');
    }
    if (clock() >= issued.expiresAt) throw new ApiError(400, 'InvalidSecurityToken.Expired', 'The security token you provided has expired.');
  }

  return { actions, anonymous: (action) => action === 'AssumeRoleWithOIDC', checkToken, issue, calls, issued };
}
