// Checking and encoding what callers pass, before it crosses into wasm: JS values become
// JSON text or checked primitives, and what cannot cross is an SlbError at its path.
import { SlbError, defineParam } from './wire.js';

/** How a value's type is named in messages. */
export function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A plain object (not null, not an array). */
export const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

export function invalid(path, message) {
  return new SlbError('InvalidInput', message, { path });
}

export function toJson(value, path) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw invalid(path, `${path} cannot be read: ${error.message}`);
  }
  if (text === undefined) return 'null';
  // JSON turns NaN and Infinity into null; keep them visible to validation as text.
  if (text.includes('null')) {
    text = JSON.stringify(value, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
  }
  return text;
}

// The action crosses as the first line of the input; the core knows which exist.
export function actionName(action, known) {
  if (typeof action !== 'string') throw invalid('action', `the action must be a string naming one of ${known.join(', ')}, not ${describe(action)}`);
  if (action.includes('\n')) throw new SlbError('UnknownAction', `unknown action (it holds a line break): known: ${known.join(', ')}`, { path: 'action' });
  return action;
}

function copyParams(params) {
  const copy = {};
  for (const name of Object.keys(params)) defineParam(copy, name, params[name]);
  return copy;
}

// Values become their JS text; null and undefined are left out (JSON drops undefined;
// the glue skips null). Strings alone, the usual case, need no copy. `at`: `params` or
// `bodyParams`, for errors.
export function paramTexts(params, at) {
  if (!isObject(params)) {
    throw invalid(at, `${at} must be an object, not ${describe(params)}`);
  }
  let source = params;
  for (const name of Object.keys(params)) {
    const type = typeof params[name];
    if (type === 'string' || params[name] == null) continue;
    if (type !== 'number' && type !== 'boolean' && type !== 'bigint') {
      throw invalid(`${at}.${name}`, `the parameter ${name} must be a string, number or boolean, not ${describe(params[name])}`);
    }
    if (source === params) source = copyParams(params);
    defineParam(source, name, String(params[name]));
  }
  return source;
}

// The three fields alone: a credentials object may hide its secret from JSON (Node's chain).
export function credentialFields(credentials, path) {
  if (credentials === null || typeof credentials !== 'object') {
    throw invalid(path, `${path} must be { accessKeyId, accessKeySecret, securityToken? }, not ${describe(credentials)}`);
  }
  const { accessKeyId, accessKeySecret, securityToken } = credentials;
  return { accessKeyId, accessKeySecret, securityToken: securityToken ?? undefined };
}
