// The package's public API over the raw wasm exports, shared by the Node and web builds.
// Strings cross the boundary (crossing with objects costs more than signing itself), in the
// formats wire.js describes and reads; this file turns them into typed objects and every
// failure into an SlbError.
import { SlbError, defineParam, encodeInput, readRecord, toSlbError } from './wire.js';

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
 */
export function createApi(raw, { ensureReady = () => {}, client = { get: () => raw, load: async () => raw } } = {}) {
  function rethrow(error) {
    throw toSlbError(error);
  }

  function describe(value) {
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'an array';
    return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
  }

  function invalid(path, message) {
    return new SlbError('InvalidInput', message, { path });
  }

  function toJson(value, path) {
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

  // The action crosses as the first line of the input; the core knows which exist.
  function actionName(action) {
    if (typeof action !== 'string' || action.includes('\n')) {
      throw new SlbError('UnknownAction', `the action must be one of ${SLB_ACTIONS.join(', ')}, not ${describe(action)}`, { path: 'action' });
    }
    return action;
  }

  function signSlbRequest(action, request, credentials, options) {
    ensureReady();
    const input = encodeInput(actionName(action), toJson(request, 'request'), toJson(credentials, 'credentials'), optionsJson(options));
    try {
      return readRecord(raw.signSlbRequest(input));
    } catch (error) {
      return rethrow(error);
    }
  }

  function validateSlbRequest(action, request) {
    ensureReady();
    const name = actionName(action);
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

  function copyParams(params) {
    const copy = {};
    for (const name of Object.keys(params)) defineParam(copy, name, params[name]);
    return copy;
  }

  // Values become their JS text; null and undefined are left out (JSON drops undefined;
  // the glue skips null). Strings alone, the usual case, need no copy. `at`: `params` or
  // `bodyParams`, for errors.
  function paramTexts(params, at) {
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
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

  function signRpcRequest(request) {
    ensureReady();
    if (request === null || typeof request !== 'object' || Array.isArray(request)) {
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
  async function send(signed, options = {}) {
    if (signed === null || typeof signed !== 'object' || typeof signed.url !== 'string') {
      throw invalid('signed', 'send takes a SignedRequest (the result of a signing function)');
    }
    const format = signed.params?.Format;
    const headers = toJson(signed.headers ?? {}, 'signed.headers');
    const rawClient = await client.load();
    try {
      return JSON.parse(await rawClient.send(signed.method, signed.url, signed.body ?? undefined, headers, format ?? undefined,
        options.proxy ?? undefined, options.timeoutMs ?? undefined));
    } catch (error) {
      return rethrow(error);
    }
  }

  /**
   * Signs, sends and parses; a service error throws SlbError with the service's code.
   * Throttling and the service's transient errors are tried again (`retry`), each try
   * signed afresh; a failure without a response is not, unless `retry.retryNetworkErrors`.
   * One method per action (below), and `call(action, request)` for any.
   */
  class SlbClient {
    #config;
    // The service's clock minus ours, once a call learned it (kept for later calls).
    #clockOffsetMs = 0;

    constructor(options) {
      if (options === null || typeof options !== 'object' || options.credentials === null || typeof options.credentials !== 'object') {
        throw invalid('credentials', 'SlbClient needs { credentials: { accessKeyId, accessKeySecret } }');
      }
      // Kept as text in a private field: not shown by console.log or util.inspect.
      this.#config = toJson(options, 'options');
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
          rawClient.checkClientConfig(this.#config);
        } catch (error) {
          rethrow(error);
        }
      }
    }

    async call(action, request) {
      const name = actionName(action);
      const text = toJson(request, 'request');
      const rawClient = await client.load();
      try {
        const answer = JSON.parse(await rawClient.clientCall(name, this.#config, text, this.#clockOffsetMs));
        this.#clockOffsetMs = answer.clockOffsetMs;
        return answer.result;
      } catch (error) {
        const slbError = toSlbError(error);
        // A correction that got the timestamp accepted holds, even if the call then failed.
        if (typeof slbError.clockOffsetMs === 'number' && slbError.code !== 'InvalidTimeStamp.Expired') {
          this.#clockOffsetMs = slbError.clockOffsetMs;
        }
        throw slbError;
      }
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
    addVServerGroupBackendServers,
    validateAddVServerGroupBackendServers,
    serializeBackendServers,
    signRpcRequest,
    endpointForRegion,
  };
}
