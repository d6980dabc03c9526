// The client side of the API: send, SlbClient's calls with their retries, responses and
// signature diagnoses, applying membership plans. The web build loads it with the client module,
// on demand; Node bundles it with the rest. The JS does the I/O (fetch, setTimeout) and
// signs each try afresh through the signer; what to do after each try (the result, another
// try after a wait, a corrected clock, the error) is the core's decision: the client
// module's clientStep (src/js/client.rs), in the formats wire.js describes.
import { FORM, SlbError, rethrow, toSlbError } from './wire.js';
import { actionName, credentialFields, describe, invalid, isObject, toJson } from './input.js';
import { SLB_ACTIONS } from './api.js';
import { membership, sleep } from './membership.js';

const DEFAULT_TIMEOUT_MS = 30_000;
// Node's socket error codes (under `fetch failed`) that prove the connection was never
// made, so nothing was sent. Anything else, or no code at all (browsers give none), may
// have reached the service.
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** `text` percent-encoded as the signer encodes: RFC 3986's unreserved characters kept, UTF-8 bytes as %XX. */
function percentEncode(text) {
  return encodeURIComponent(text.toWellFormed?.() ?? text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The connection-level code of a fetch failure when it proves nothing was sent: Node's
 * `cause.code`, or every `cause.errors[].code` when several addresses were tried (an
 * AggregateError). Browsers give no cause.
 */
function connectFailureCode(error) {
  const cause = error?.cause;
  if (typeof cause?.code === 'string') return CONNECT_FAILURES.has(cause.code) ? cause.code : null;
  const errors = cause?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return null;
  return errors.every((e) => CONNECT_FAILURES.has(e?.code)) ? errors[0].code : null;
}

/** A fetch that got no response, as `{ code, message, mayHaveReached }`. */
function fetchFailure(error, timeoutMs) {
  const text = (value) => (typeof value === 'string' ? value : '');
  const name = text(error?.name);
  if (name === 'TimeoutError' || name === 'AbortError') {
    return { code: 'Timeout', message: `no response within ${timeoutMs} ms; the request may have reached the service`, mayHaveReached: true };
  }
  const code = connectFailureCode(error);
  if (code) {
    return { code: 'NetworkError', message: `the connection could not be made (${code}); the request did not reach the service`, mayHaveReached: false };
  }
  const [causeCode, causeText] = [text(error?.cause?.code), text(error?.cause?.message)];
  const cause = `${causeCode || causeText ? ', cause' : ''}${causeCode && ` ${causeCode}`}${causeText && `: ${causeText}`}`;
  return {
    code: 'NetworkError',
    message: `the request failed before a response (${name}: ${text(error?.message)}${cause}); it may have reached the service`,
    mayHaveReached: true,
  };
}

/**
 * Sends a signed request, through `proxy` when given (`<proxy>?url=<encoded url>`), with
 * `headers` (`[name, value]` pairs) but `host` (the URL's, which fetch sets; through a
 * proxy, the proxy's). A body without a `content-type` among them is sent as a form.
 * Resolves to `{ status, body, headers }` or `{ failure }` (see fetchFailure).
 */
async function exchange(signed, headers, proxy, timeoutMs) {
  const target = proxy == null ? signed.url : `${proxy}${proxy.includes('?') ? '&' : '?'}url=${percentEncode(signed.url)}`;
  const sent = headers.filter(([name]) => name !== 'host');
  if (signed.body != null && !headers.some(([name]) => name === 'content-type')) sent.push(['content-type', FORM]);
  let request;
  try {
    request = new Request(target, {
      method: signed.method === 'POST' ? 'POST' : 'GET', headers: sent, body: signed.body ?? undefined, signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { failure: { code: 'NetworkError', message: `the request could not be built: ${error?.message ?? error}`, mayHaveReached: false } };
  }
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    return { failure: fetchFailure(error, timeoutMs) };
  }
  try {
    return { status: response.status, body: await response.text(), headers: Object.fromEntries(response.headers) };
  } catch (error) {
    const message = `the response body could not be read: ${error?.message ?? error}; the request reached the service`;
    return { failure: { code: 'NetworkError', message, mayHaveReached: true } };
  }
}

/** A try without a response as `send` throws it (SlbClient's calls add `attempts`: clientStep). */
const failed = ({ code, message, mayHaveReached }) => Object.assign(new SlbError(code, message), { mayHaveReached });

/** `send`'s options; a wrong type is InvalidInput. */
function sendOptions(options) {
  if (options != null && !isObject(options)) throw invalid('options', `the options must be an object, not ${describe(options)}`);
  const { proxy, timeoutMs } = options ?? {};
  if (proxy != null && typeof proxy !== 'string') throw invalid('options.proxy', `options.proxy must be a URL path or URL, not ${describe(proxy)}`);
  if (timeoutMs != null && !(Number.isInteger(timeoutMs) && timeoutMs > 0 && timeoutMs <= 2 ** 31 - 1)) {
    throw invalid('options.timeoutMs', 'options.timeoutMs must be a whole number of milliseconds from 1 to 2147483647');
  }
  return { proxy: proxy ?? undefined, timeoutMs: timeoutMs ?? DEFAULT_TIMEOUT_MS };
}

/** A signed request's headers as `[name, value]` pairs, names lower-cased; InvalidInput unless an object of strings. */
function headerPairs(headers) {
  const object = JSON.parse(toJson(headers ?? {}, 'signed.headers'));
  const pairs = isObject(object) ? Object.entries(object) : null;
  if (!pairs || pairs.some(([, value]) => typeof value !== 'string')) {
    throw invalid('signed.headers', 'the headers must be an object of header names to strings');
  }
  return pairs.map(([name, value]) => [name.toLowerCase(), value]);
}

/** A provider's credentials for one call; its own failure becomes CredentialsUnavailable. */
async function provided(provider) {
  let credentials;
  try {
    credentials = await provider.getCredential();
  } catch (error) {
    if (error instanceof SlbError) throw error;
    throw new SlbError('CredentialsUnavailable', `the credentials provider failed: ${error?.message ?? error}`, { path: 'credentials' });
  }
  return credentialFields(credentials, 'credentials');
}

/** The signing options a client passes on, without the nulls (absent means the default). */
function signingOptions(options) {
  const picked = {};
  for (const key of ['endpoint', 'method', 'format', 'signatureAlgorithm']) {
    if (options[key] != null) picked[key] = options[key];
  }
  return picked;
}

/** What clientStep reads of a try (see wire.js): what was signed, and how it ended. */
function tried(signed, answer) {
  const v3 = signed.signatureAlgorithm === 'ACS3-HMAC-SHA256';
  return {
    signed: {
      stringToSign: signed.stringToSign,
      canonicalRequest: signed.canonicalRequest,
      securityToken: v3 ? signed.headers['x-acs-security-token'] : signed.params.SecurityToken,
      format: signed.params.Format,
    },
    ...(answer.failure ? { failure: answer.failure } : { response: { status: answer.status, date: answer.headers.date } }),
    nowMs: Date.now(),
    // The jitter need not be secret (nonces come from the CSPRNG).
    random: Math.random(),
  };
}

/**
 * The client side over the client module's raw exports (`rawClient`) and the API's
 * signing functions (`api.signSlbRequest`, each try signed afresh).
 */
export function createClient(rawClient, api) {
  function formatArgument(format) {
    if (format === undefined || format === null) return undefined;
    if (format === 'JSON' || format === 'XML') return format;
    throw invalid('format', `format must be "JSON" or "XML", not ${describe(format)}`);
  }

  function parseResponse(status, body, format) {
    if (!Number.isInteger(status) || status < 0 || status > 65535) {
      throw invalid('status', `status must be an HTTP status code, not ${describe(status)}`);
    }
    if (typeof body !== 'string') throw invalid('body', `body must be a string, not ${describe(body)}`);
    return JSON.parse(rawClient.parseResponse(status, body, formatArgument(format)));
  }

  function diagnoseSignature(ours, servers, canonicalRequest) {
    if (typeof ours !== 'string') throw invalid('ours', `ours must be a string to sign, not ${describe(ours)}`);
    if (typeof servers !== 'string') throw invalid('servers', `servers must be a string to sign, not ${describe(servers)}`);
    if (canonicalRequest != null && typeof canonicalRequest !== 'string') {
      throw invalid('canonicalRequest', `canonicalRequest must be a string, not ${describe(canonicalRequest)}`);
    }
    return JSON.parse(rawClient.diagnoseSignature(ours, servers, canonicalRequest ?? undefined));
  }

  async function send(signed, options) {
    if (signed === null || typeof signed !== 'object' || typeof signed.url !== 'string' || typeof signed.method !== 'string'
      || (signed.body != null && typeof signed.body !== 'string')) {
      throw invalid('signed', 'send takes a SignedRequest (the result of a signing function)');
    }
    const { proxy, timeoutMs } = sendOptions(options);
    const format = signed.params?.Format;
    const answer = await exchange(signed, headerPairs(signed.headers), proxy, timeoutMs);
    if (answer.failure) throw failed(answer.failure);
    const parsed = JSON.parse(rawClient.parseResponse(answer.status, answer.body, typeof format === 'string' ? format : undefined));
    return { ...parsed, headers: answer.headers };
  }

  /** SlbClient's options checked (its `retry`); InvalidRetryPolicy at its path. */
  function checkClientConfig(options) {
    try {
      rawClient.checkClientConfig(toJson(options, 'options'));
    } catch (error) {
      rethrow(error);
    }
  }

  /** After one try: clientStep's answer (`{ result, ... }` or `{ waitMs, tries }`); its error thrown. */
  function step(input, body, state) {
    try {
      return JSON.parse(rawClient.clientStep(JSON.stringify(input), body));
    } catch (error) {
      const slbError = toSlbError(error);
      // A correction that got the timestamp accepted holds, even if the call then failed.
      if (typeof slbError.clockOffsetMs === 'number' && slbError.code !== 'InvalidTimeStamp.Expired') {
        state.clockOffsetMs = slbError.clockOffsetMs;
      }
      throw slbError;
    }
  }

  /**
   * One SlbClient call of `action`, tried as the policy allows (`retry`: a policy for this
   * call instead of the client's). `state`: the client's (see api.js); keeps the clock
   * offset learnt, so a skewed machine pays the extra request once, not on every call.
   * Resolves to `{ result, attempts, clockOffsetMs }`.
   */
  async function call(state, action, request, retry) {
    const name = actionName(action, SLB_ACTIONS);
    toJson(request, 'request');
    const credentials = state.provider ? await provided(state.provider) : state.credentials;
    const { options } = state;
    const policy = retry === undefined ? options.retry : retry;
    checkClientConfig({ retry: policy });
    const proxy = typeof options.proxy === 'string' ? options.proxy : undefined;
    const timeoutMs = Number.isInteger(options.timeoutMs) && options.timeoutMs >= 0 ? Math.min(options.timeoutMs, 2 ** 32 - 1) : DEFAULT_TIMEOUT_MS;
    let tries = { sent: 0, counted: 0, clockOffsetMs: state.clockOffsetMs, corrected: false };
    for (;;) {
      const timestamp = new Date(Date.now() + tries.clockOffsetMs);
      const signed = api.signSlbRequest(name, request, credentials, { ...signingOptions(options), timestamp });
      const answer = await exchange(signed, Object.entries(signed.headers), proxy, timeoutMs);
      const next = step({ action: name, retry: policy ?? null, tries, ...tried(signed, answer) }, answer.body ?? '', state);
      if (next.result !== undefined) {
        state.clockOffsetMs = next.clockOffsetMs;
        return next;
      }
      tries = next.tries;
      if (next.waitMs > 0) await sleep(next.waitMs);
    }
  }

  return {
    send,
    parseResponse,
    diagnoseSignature,
    checkClientConfig,
    call,
    membership: (callOnce) => membership(callOnce, api.planMembership),
  };
}
