// The package's public API over the raw wasm exports, shared by the Node and web builds.
// Strings cross the boundary (crossing with objects costs more than signing itself), in the
// formats wire.js describes and reads; this file turns them into typed objects and every
// failure into an SlbError.
import { SlbError, encodeInput, readRecord, toSlbError } from './wire.js';
import { actionName, describe, invalid, isObject, paramTexts, sendOptions, toJson } from './input.js';
import { membership } from './membership.js';

/**
 * The actions of the VServer-group family, as the core declares them (a test holds this
 * list equal to the wasm module's `slbActions()`). SlbClient has a method for each, named
 * in lowerCamelCase.
 */
export const SLB_ACTIONS = [
  'CreateVServerGroup',
  'DeleteVServerGroup',
  'DescribeVServerGroups',
  'DescribeVServerGroupAttribute',
  'SetVServerGroupAttribute',
  'AddVServerGroupBackendServers',
  'RemoveVServerGroupBackendServers',
  'ModifyVServerGroupBackendServers',
];

/**
 * Binds the API to the raw wasm exports.
 * - `raw`: the signing functions (the web build's signing-only module, or Node's full one).
 * - `ensureReady`: throws while `raw` is not loaded (the web build before `init()`).
 * - `client`: where send, parseResponse, diagnoseSignature and SlbClient find their raw
 *   functions: `{ get, load }`, `get()` the loaded module (it throws while there is none),
 *   `load()` a promise of it (loading it once). Omitted: `raw` has them too (Node).
 * - `defaultCredentials`: the provider SlbClient uses without `credentials` (Node's chain).
 */
export function createApi(raw, {
  ensureReady = () => {}, client = { get: () => raw, load: async () => raw }, defaultCredentials = null,
} = {}) {
  function rethrow(error) {
    throw toSlbError(error);
  }

  function optionsJson(options) {
    if (options === undefined || options === null) return 'null';
    if (options.timestamp instanceof Date) {
      let timestamp;
      try {
        timestamp = raw.formatTimestamp(options.timestamp.getTime());
      } catch (error) {
        throw Object.assign(toSlbError(error), { path: 'options.timestamp' });
      }
      options = { ...options, timestamp };
    }
    return toJson(options, 'options');
  }

  function signSlbRequest(action, request, credentials, options) {
    ensureReady();
    const input = encodeInput(actionName(action, SLB_ACTIONS), toJson(request, 'request'), toJson(credentials, 'credentials'), optionsJson(options));
    try {
      return readRecord(raw.signSlbRequest(input));
    } catch (error) {
      return rethrow(error);
    }
  }

  function validateSlbRequest(action, request) {
    ensureReady();
    const name = actionName(action, SLB_ACTIONS);
    let text;
    try {
      text = toJson(request, 'request');
    } catch (error) {
      return [{ path: 'request', code: 'InvalidInput', message: error.message }];
    }
    try {
      return JSON.parse(raw.validateSlbRequest(name, text));
    } catch (error) {
      return rethrow(error);
    }
  }

  const addVServerGroupBackendServers = (request, credentials, options) =>
    signSlbRequest('AddVServerGroupBackendServers', request, credentials, options);
  const validateAddVServerGroupBackendServers = (request) => validateSlbRequest('AddVServerGroupBackendServers', request);

  // In the client module: planning is no signing (the web build's init() loads no planner).
  function planMembership(current, desired, options) {
    const module = client.get();
    const input = encodeInput(toJson(current, 'current'), toJson(desired, 'desired'), toJson(options ?? null, 'options'));
    try {
      return JSON.parse(module.planMembership(input));
    } catch (error) {
      return rethrow(error);
    }
  }

  function serializeBackendServers(servers) {
    ensureReady();
    const text = toJson(servers, 'backendServers');
    try {
      return raw.serializeBackendServers(text);
    } catch (error) {
      return rethrow(error);
    }
  }

  function endpointForRegion(regionId) {
    ensureReady();
    if (typeof regionId !== 'string') throw invalid('regionId', `regionId must be a string, not ${describe(regionId)}`);
    try {
      return raw.endpointForRegion(regionId);
    } catch (error) {
      return rethrow(error);
    }
  }

  function signRpcRequest(request) {
    ensureReady();
    if (!isObject(request)) {
      throw invalid('request', `the request must be an object, not ${describe(request)}`);
    }
    const texts = paramTexts(request.params, 'params');
    const bodyTexts = request.bodyParams == null ? undefined : paramTexts(request.bodyParams, 'bodyParams');
    let json;
    try {
      json = JSON.stringify({
        method: request.method,
        endpoint: request.endpoint,
        accessKeyId: request.accessKeyId,
        accessKeySecret: request.accessKeySecret,
        securityToken: request.securityToken,
        signatureAlgorithm: request.signatureAlgorithm,
        params: texts,
        bodyParams: bodyTexts,
      });
    } catch (error) {
      throw invalid('request', `the request cannot be read: ${error.message}`);
    }
    try {
      return readRecord(raw.signRpcRequest(encodeInput(json)));
    } catch (error) {
      return rethrow(error);
    }
  }

  function formatArgument(format) {
    if (format === undefined || format === null) return undefined;
    if (format === 'JSON' || format === 'XML') return format;
    throw invalid('format', `format must be "JSON" or "XML", not ${describe(format)}`);
  }

  function parseResponse(status, body, format) {
    const rawClient = client.get();
    if (!Number.isInteger(status) || status < 0 || status > 65535) {
      throw invalid('status', `status must be an HTTP status code, not ${describe(status)}`);
    }
    if (typeof body !== 'string') throw invalid('body', `body must be a string, not ${describe(body)}`);
    return JSON.parse(rawClient.parseResponse(status, body, formatArgument(format)));
  }

  function diagnoseSignature(ours, servers, canonicalRequest) {
    const rawClient = client.get();
    if (typeof ours !== 'string') throw invalid('ours', `ours must be a string to sign, not ${describe(ours)}`);
    if (typeof servers !== 'string') throw invalid('servers', `servers must be a string to sign, not ${describe(servers)}`);
    if (canonicalRequest != null && typeof canonicalRequest !== 'string') {
      throw invalid('canonicalRequest', `canonicalRequest must be a string, not ${describe(canonicalRequest)}`);
    }
    return JSON.parse(rawClient.diagnoseSignature(ours, servers, canonicalRequest ?? undefined));
  }

  // send and SlbClient load the client module themselves (the web build, on first use).
  async function send(signed, options) {
    if (signed === null || typeof signed !== 'object' || typeof signed.url !== 'string' || typeof signed.method !== 'string'
      || (signed.body != null && typeof signed.body !== 'string')) {
      throw invalid('signed', 'send takes a SignedRequest (the result of a signing function)');
    }
    const { proxy, timeoutMs } = sendOptions(options);
    const format = signed.params?.Format;
    const headers = toJson(signed.headers ?? {}, 'signed.headers');
    const rawClient = await client.load();
    try {
      return JSON.parse(await rawClient.send(signed.method, signed.url, signed.body ?? undefined, headers,
        typeof format === 'string' ? format : undefined, proxy, timeoutMs));
    } catch (error) {
      return rethrow(error);
    }
  }

  const isProvider = (credentials) => typeof credentials?.getCredential === 'function';

  // The three fields alone: a credentials object may hide its secret from JSON (Node's chain).
  function credentialFields(credentials, path) {
    if (credentials === null || typeof credentials !== 'object') {
      throw invalid(path, `${path} must be { accessKeyId, accessKeySecret, securityToken? }, not ${describe(credentials)}`);
    }
    const { accessKeyId, accessKeySecret, securityToken } = credentials;
    return { accessKeyId, accessKeySecret, securityToken: securityToken ?? undefined };
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

  /**
   * Signs, sends and parses; a service error throws SlbError with the service's code.
   * Throttling and the service's transient errors are tried again (`retry`), each try
   * signed afresh; a failure without a response is not, unless `retry.retryNetworkErrors`.
   * `credentials`: static, or a provider (`getCredential()`) asked before each call.
   * One method per action (below), and `call(action, request)` for any.
   */
  class SlbClient {
    // Private fields: console.log and util.inspect do not show them.
    #options;
    #credentials;
    #provider = null;
    // The service's clock minus ours, once a call learned it (kept for later calls).
    #clockOffsetMs = 0;

    constructor(options) {
      if (options !== undefined && !isObject(options)) {
        throw invalid('options', `the options must be an object, not ${describe(options)}`);
      }
      const { credentials = defaultCredentials?.(), ...rest } = options ?? {};
      if (credentials === null || typeof credentials !== 'object') {
        throw invalid('credentials', 'SlbClient needs { credentials: { accessKeyId, accessKeySecret } } or a provider with getCredential()');
      }
      if (isProvider(credentials)) this.#provider = credentials;
      else this.#credentials = credentialFields(credentials, 'credentials');
      this.#options = JSON.parse(toJson(rest, 'options'));
      // A bad `retry` fails here rather than at the first call; while the client module is
      // not loaded (web build, before initClient()) the first call checks it instead.
      let rawClient = null;
      try {
        rawClient = client.get();
      } catch {
        // not loaded yet
      }
      if (rawClient) {
        try {
          rawClient.checkClientConfig(toJson(this.#options, 'options'));
        } catch (error) {
          rethrow(error);
        }
      }
    }

    // One call; resolves to `{ result, attempts }`. `retry`: a policy for this call only.
    async #send(action, request, retry) {
      const name = actionName(action, SLB_ACTIONS);
      const text = toJson(request, 'request');
      const credentials = this.#provider ? await provided(this.#provider) : this.#credentials;
      const rawClient = await client.load();
      try {
        const config = toJson({ ...this.#options, credentials }, 'options');
        const answer = JSON.parse(await rawClient.clientCall(name, config, text, this.#clockOffsetMs,
          retry === undefined ? undefined : JSON.stringify(retry)));
        this.#clockOffsetMs = answer.clockOffsetMs;
        return answer;
      } catch (error) {
        const slbError = toSlbError(error);
        // A correction that got the timestamp accepted holds, even if the call then failed.
        if (typeof slbError.clockOffsetMs === 'number' && slbError.code !== 'InvalidTimeStamp.Expired') {
          this.#clockOffsetMs = slbError.clockOffsetMs;
        }
        throw slbError;
      }
    }

    async call(action, request) {
      return (await this.#send(action, request)).result;
    }

    #membership = membership((action, request, retry) => this.#send(action, request, retry), planMembership);

    /** Describes the group, then plans the change to `members`. */
    planVServerGroupMembers(request, options) {
      return this.#membership.planVServerGroupMembers(request, options);
    }

    /** Describes, plans and applies the change to `members`, one call at a time. */
    applyVServerGroupMembers(request, options) {
      return this.#membership.applyVServerGroupMembers(request, options);
    }
  }
  for (const action of SLB_ACTIONS) {
    const method = action[0].toLowerCase() + action.slice(1);
    Object.defineProperty(SlbClient.prototype, method, {
      value: { [method](request) { return this.call(action, request); } }[method],
      writable: true,
      configurable: true,
    });
  }

  return {
    send,
    parseResponse,
    diagnoseSignature,
    SlbClient,
    signSlbRequest,
    validateSlbRequest,
    planMembership,
    addVServerGroupBackendServers,
    validateAddVServerGroupBackendServers,
    serializeBackendServers,
    signRpcRequest,
    endpointForRegion,
  };
}
