// The package's public API over the raw wasm exports, shared by the Node and web builds.
// Strings cross the boundary (crossing with objects costs more than signing itself); this
// file turns them into typed objects and every failure into an SlbError.

/** Every failure of this package: `code` is stable, `issues` lists validation problems. */
export class SlbError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'SlbError';
    this.code = code;
    if (details.path !== undefined) this.path = details.path;
    this.issues = details.issues ?? [];
  }
}

const FORM = 'application/x-www-form-urlencoded';
// Signing input crosses as UTF-8 bytes (one copy into wasm memory; a string argument is
// copied by a loop per character). JSON.stringify never writes a raw newline, so the typed
// call's three texts cross joined by one.
const utf8 = new TextEncoder();
// encodeInto a reused buffer: TextEncoder.encode allocates a fresh array per call (about
// 1 us in Node, a tenth of a 3-server signing). Big inputs get an array of their own, so
// no big buffer stays alive.
const SCRATCH_MAX = 1 << 20;
let scratch = new Uint8Array(4096);
function toUtf8(text) {
  const room = text.length * 3;
  if (room > scratch.length) {
    if (room > SCRATCH_MAX) return utf8.encode(text);
    scratch = new Uint8Array(room);
  }
  return scratch.subarray(0, utf8.encodeInto(text, scratch).written);
}
const COLON = 58;
const ZERO = 48;

/**
 * Binds the API to the raw wasm exports.
 * - `raw`: the signing functions (the web build's signing-only module, or Node's full one).
 * - `ensureReady`: throws while `raw` is not loaded (the web build before `init()`).
 * - `client`: where send, parseResponse, diagnoseSignature and SlbClient find their raw
 *   functions: `{ get, load }`, `get()` the loaded module (it throws while there is none),
 *   `load()` a promise of it (loading it once). Omitted: `raw` has them too (Node).
 */
export function createApi(raw, { ensureReady = () => {}, client = { get: () => raw, load: async () => raw } } = {}) {
  // The glue throws plain `{code, message, path?, issues}`; anything else (a wasm trap)
  // is not ours to rename.
  function rethrow(error) {
    if (error && typeof error.code === 'string' && typeof error.issues === 'string') {
      const slbError = new SlbError(error.code, error.message, { path: error.path, issues: JSON.parse(error.issues) });
      // A service error's status, requestId, hostId, recommend and diagnosis.
      if (typeof error.details === 'string') Object.assign(slbError, JSON.parse(error.details));
      throw slbError;
    }
    throw error;
  }

  function toJson(value, path) {
    let text;
    try {
      text = JSON.stringify(value);
    } catch (error) {
      throw new SlbError('InvalidInput', `${path} cannot be read: ${error.message}`, { path });
    }
    if (text === undefined) return 'null';
    // JSON turns NaN and Infinity into null; keep them visible to validation as text.
    if (text.includes('null')) {
      text = JSON.stringify(value, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
    }
    return text;
  }

  // The last record's names block and its names: calls mostly send the same names, and
  // their strings, reused, are already interned as property keys (-5% a signing).
  let lastNames = null;
  let lastKeys = null;

  // The glue's record (src/wasm/mod.rs `record`): method, `endpoint/`, canonical query,
  // string to sign, signature and the signature URL-encoded, each ending in a newline; then
  // every parameter's name as `<UTF-16 length>:<text>`, all in one such block, then each
  // value the same way. Read with indexOf and charCodeAt, without closures or Number():
  // this runs on every signing.
  function toSignedRequest(record) {
    const head = new Array(6);
    let at = 0;
    for (let i = 0; i < 6; i++) {
      const end = record.indexOf('\n', at);
      head[i] = record.slice(at, end);
      at = end + 1;
    }
    const [method, base, canonicalQuery, stringToSign, signature, encodedSignature] = head;
    const query = `${canonicalQuery}&Signature=${encodedSignature}`;
    let length = 0;
    let c;
    while ((c = record.charCodeAt(at++)) !== COLON) length = length * 10 + c - ZERO;
    const names = record.slice(at, (at += length));
    if (names !== lastNames) {
      const keys = [];
      for (let i = 0; i < names.length;) {
        length = 0;
        while ((c = names.charCodeAt(i++)) !== COLON) length = length * 10 + c - ZERO;
        keys.push(names.slice(i, (i += length)));
      }
      lastNames = names;
      lastKeys = keys;
    }
    const keys = lastKeys;
    const params = {};
    for (let k = 0; k < keys.length; k++) {
      length = 0;
      while ((c = record.charCodeAt(at++)) !== COLON) length = length * 10 + c - ZERO;
      defineParam(params, keys[k], record.slice(at, (at += length)));
    }
    const post = method === 'POST';
    return {
      method,
      url: post ? base : `${base}?${query}`,
      body: post ? query : null,
      headers: post ? { 'content-type': FORM } : {},
      params,
      canonicalQuery,
      stringToSign,
      signature,
    };
  }

  function describe(value) {
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'an array';
    return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
  }

  function optionsJson(options) {
    if (options === undefined || options === null) return 'null';
    if (options.timestamp instanceof Date) {
      let timestamp;
      try {
        timestamp = raw.formatTimestamp(options.timestamp.getTime());
      } catch (error) {
        rethrow({ ...error, path: 'options.timestamp' });
      }
      options = { ...options, timestamp };
    }
    return toJson(options, 'options');
  }

  function addVServerGroupBackendServers(request, credentials, options) {
    ensureReady();
    const input = `${toJson(request, 'request')}\n${toJson(credentials, 'credentials')}\n${optionsJson(options)}`;
    try {
      return toSignedRequest(raw.signAddVServerGroupBackendServers(toUtf8(input)));
    } catch (error) {
      return rethrow(error);
    }
  }

  function validateAddVServerGroupBackendServers(request) {
    ensureReady();
    let text;
    try {
      text = toJson(request, 'request');
    } catch (error) {
      return [{ path: 'request', code: 'InvalidInput', message: error.message }];
    }
    return JSON.parse(raw.validateAddVServerGroupBackendServers(text));
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
    if (typeof regionId !== 'string') {
      throw new SlbError('InvalidInput', `regionId must be a string, not ${describe(regionId)}`, { path: 'regionId' });
    }
    try {
      return raw.endpointForRegion(regionId);
    } catch (error) {
      return rethrow(error);
    }
  }

  // A parameter may be called `__proto__`: define it rather than assign it.
  function defineParam(params, name, value) {
    if (name === '__proto__') Object.defineProperty(params, name, { value, enumerable: true, writable: true, configurable: true });
    else params[name] = value;
  }

  function copyParams(params) {
    const copy = {};
    for (const name of Object.keys(params)) defineParam(copy, name, params[name]);
    return copy;
  }

  function signRpcRequest(request) {
    ensureReady();
    if (request === null || typeof request !== 'object' || Array.isArray(request)) {
      throw new SlbError('InvalidInput', `the request must be an object, not ${describe(request)}`, { path: 'request' });
    }
    const { params } = request;
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      throw new SlbError('InvalidInput', `params must be an object, not ${describe(params)}`, { path: 'params' });
    }
    // Values become their JS text; null and undefined are left out (JSON drops undefined;
    // the glue skips null). Strings alone, the usual case, need no copy.
    let source = params;
    for (const name of Object.keys(params)) {
      const type = typeof params[name];
      if (type === 'string' || params[name] == null) continue;
      if (type !== 'number' && type !== 'boolean' && type !== 'bigint') {
        throw new SlbError('InvalidInput', `the parameter ${name} must be a string, number or boolean, not ${describe(params[name])}`, {
          path: `params.${name}`,
        });
      }
      if (source === params) source = copyParams(params);
      defineParam(source, name, String(params[name]));
    }
    let json;
    try {
      json = JSON.stringify({
        method: request.method,
        endpoint: request.endpoint,
        accessKeyId: request.accessKeyId,
        accessKeySecret: request.accessKeySecret,
        securityToken: request.securityToken,
        params: source,
      });
    } catch (error) {
      throw new SlbError('InvalidInput', `the request cannot be read: ${error.message}`, { path: 'request' });
    }
    try {
      return toSignedRequest(raw.signRpcRequest(toUtf8(json)));
    } catch (error) {
      return rethrow(error);
    }
  }

  function parseResponse(status, body, format) {
    const rawClient = client.get();
    if (!Number.isInteger(status) || status < 0 || status > 65535) {
      throw new SlbError('InvalidInput', `status must be an HTTP status code, not ${String(status)}`, { path: 'status' });
    }
    if (typeof body !== 'string') throw new SlbError('InvalidInput', `body must be a string, not ${describe(body)}`, { path: 'body' });
    return JSON.parse(rawClient.parseResponse(status, body, format ?? undefined));
  }

  function diagnoseSignature(ours, servers) {
    return JSON.parse(client.get().diagnoseSignature(String(ours), String(servers)));
  }

  // send and SlbClient load the client module themselves (the web build, on first use).
  async function send(signed, options = {}) {
    if (signed === null || typeof signed !== 'object' || typeof signed.url !== 'string') {
      throw new SlbError('InvalidInput', 'send takes a SignedRequest (the result of a signing function)', { path: 'signed' });
    }
    const format = signed.params?.Format;
    const rawClient = await client.load();
    try {
      return JSON.parse(await rawClient.send(signed.method, signed.url, signed.body ?? undefined, format ?? undefined,
        options.proxy ?? undefined, options.timeoutMs ?? undefined));
    } catch (error) {
      return rethrow(error);
    }
  }

  /**
   * Signs, sends and parses; a service error throws SlbError with the service's code.
   * Throttling and the service's transient errors are tried again (`retry`), each try
   * signed afresh; a failure without a response is not, unless `retry.retryNetworkErrors`.
   */
  class SlbClient {
    #config;
    // The service's clock minus ours, once a call learned it (kept for later calls).
    #clockOffsetMs = 0;

    constructor(options) {
      if (options === null || typeof options !== 'object' || options.credentials === null || typeof options.credentials !== 'object') {
        throw new SlbError('InvalidInput', 'SlbClient needs { credentials: { accessKeyId, accessKeySecret } }', { path: 'credentials' });
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

    async addVServerGroupBackendServers(request) {
      const text = toJson(request, 'request');
      const rawClient = await client.load();
      try {
        const answer = await rawClient.clientAddVServerGroupBackendServers(this.#config, text, this.#clockOffsetMs);
        const newline = answer.indexOf('\n');
        this.#clockOffsetMs = Number(answer.slice(0, newline));
        return JSON.parse(answer.slice(newline + 1));
      } catch (error) {
        try {
          return rethrow(error);
        } catch (slbError) {
          // A correction that got the timestamp accepted holds, even if the call then failed.
          if (typeof slbError.clockOffsetMs === 'number' && slbError.code !== 'InvalidTimeStamp.Expired') {
            this.#clockOffsetMs = slbError.clockOffsetMs;
          }
          throw slbError;
        }
      }
    }
  }

  return {
    send,
    parseResponse,
    diagnoseSignature,
    SlbClient,
    addVServerGroupBackendServers,
    validateAddVServerGroupBackendServers,
    serializeBackendServers,
    signRpcRequest,
    endpointForRegion,
  };
}
