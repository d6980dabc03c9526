// The package's public API over the raw wasm exports, shared by the Node and web builds.
// Strings cross the boundary (crossing with objects costs more than signing itself), in the
// formats wire.js describes and reads; this file turns them into typed objects and every
// failure into an SlbError. It holds the signing side and what must exist before anything
// loads (SlbClient's constructor); the client side (client.js: send, SlbClient's calls,
// responses, membership) comes with the client module, so that init() loads no more JS
// than signing needs.
import { encodeInput, readRecord, rethrow, toSlbError } from './wire.js';
import { actionName, credentialFields, describe, invalid, isObject, paramTexts, toJson } from './input.js';

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
 * - `raw`: the signing functions (the web build's signer, or Node's one module).
 * - `ensureReady`: throws while `raw` is not loaded (the web build before `init()`).
 * - `loadSigner`: resolves once `raw` is loaded (SlbClient's calls sign; web: `init()`).
 * - `client`: the client side (client.js's `createClient`): `{ get, load }`, `get()` it
 *   loaded (it throws NotInitialized while it is not), `load()` a promise of it (loading
 *   it once).
 * - `defaultCredentials`: the provider SlbClient uses without `credentials` (Node's chain).
 */
export function createApi(raw, {
  ensureReady = () => {}, loadSigner = async () => {}, client, defaultCredentials = null,
} = {}) {
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

  // The signing module plans (it checks members as signing does, with the same code).
  function planMembership(current, desired, options) {
    ensureReady();
    const input = encodeInput(toJson(current, 'current'), toJson(desired, 'desired'), toJson(options ?? null, 'options'));
    try {
      return JSON.parse(raw.planMembership(input));
    } catch (error) {
      return rethrow(error);
    }
  }

  // The client side's: parseResponse and diagnoseSignature need it loaded (initClient() in
  // browsers); send loads it.
  const parseResponse = (...args) => client.get().parseResponse(...args);
  const diagnoseSignature = (...args) => client.get().diagnoseSignature(...args);
  const send = async (...args) => (await client.load()).send(...args);
  // SlbClient's calls sign each try and ask the client side what to do next: both modules.
  const loadBoth = () => Promise.all([client.load(), loadSigner()]).then(([side]) => side);

  /**
   * Signs, sends and parses; a service error throws SlbError with the service's code.
   * Throttling and the service's transient errors are tried again (`retry`), each try
   * signed afresh; a failure without a response is not, unless `retry.retryNetworkErrors`.
   * `credentials`: static, or a provider (`getCredential()`) asked before each call.
   * One method per action (below), and `call(action, request)` for any.
   */
  class SlbClient {
    // Private: console.log and util.inspect do not show it. `{ options, credentials,
    // provider, clockOffsetMs }`: the client side's calls read it and keep the clock offset
    // (the service's clock minus ours, once a call learned it) in it.
    #state;
    #membership = null;

    constructor(options) {
      if (options !== undefined && !isObject(options)) {
        throw invalid('options', `the options must be an object, not ${describe(options)}`);
      }
      const { credentials = defaultCredentials?.(), ...rest } = options ?? {};
      if (credentials === null || typeof credentials !== 'object') {
        throw invalid('credentials', 'SlbClient needs { credentials: { accessKeyId, accessKeySecret } } or a provider with getCredential()');
      }
      const provider = typeof credentials.getCredential === 'function' ? credentials : null;
      this.#state = {
        options: JSON.parse(toJson(rest, 'options')),
        credentials: provider ? null : credentialFields(credentials, 'credentials'),
        provider,
        clockOffsetMs: 0,
      };
      // A bad `retry` fails here rather than at the first call; while the client side is
      // not loaded (web build, before initClient()) the first call checks it instead.
      let side = null;
      try {
        side = client.get();
      } catch {
        // not loaded yet
      }
      side?.checkClientConfig(this.#state.options);
    }

    /** Signs, sends and reads one call of `action`; resolves to its typed result. */
    async call(action, request) {
      return (await (await loadBoth()).call(this.#state, action, request)).result;
    }

    async #members() {
      const side = await loadBoth();
      this.#membership ??= side.membership((action, request, retry) => side.call(this.#state, action, request, retry));
      return this.#membership;
    }

    /** Describes the group, then plans the change to `members`. */
    async planVServerGroupMembers(request, options) {
      return (await this.#members()).planVServerGroupMembers(request, options);
    }

    /** Describes, plans and applies the change to `members`, one call at a time. */
    async applyVServerGroupMembers(request, options) {
      return (await this.#members()).applyVServerGroupMembers(request, options);
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
