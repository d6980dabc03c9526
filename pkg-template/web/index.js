// Browsers and bundlers: `await init()` (the default export) once, then call the API.
// init() loads the signer and the JS that signs and plans (./api.js); the client side
// (./client/: its JS, which sends and retries, and its module, which reads responses and
// decides the retries, without a signer) is loaded on demand: by send() and SlbClient on
// first use (SlbClient loads the signer too), or by `await initClient()` before the
// synchronous parseResponse and diagnoseSignature.
import initWasm, * as raw from './aliyun_slb_wasm.js';
import { createApi, SlbError, SLB_ACTIONS } from './api.js';

let ready = false;
let loading;

/** What init() and initClient() can load a module from, as wasm-bindgen takes it; a rejection otherwise. */
function checkSource(moduleOrPath) {
  const ok = moduleOrPath === undefined || typeof moduleOrPath === 'string' || moduleOrPath instanceof URL
    || moduleOrPath instanceof ArrayBuffer || ArrayBuffer.isView(moduleOrPath) || moduleOrPath instanceof WebAssembly.Module
    || (typeof Request === 'function' && moduleOrPath instanceof Request) || (typeof Response === 'function' && moduleOrPath instanceof Response);
  if (!ok) {
    return Promise.reject(new SlbError('InvalidInput', 'moduleOrPath must be a URL (string or URL), a Request or Response, the bytes or a compiled WebAssembly.Module', {
      path: 'moduleOrPath',
    }));
  }
  return null;
}

/** Loads the signing module (from next to this file, or from `moduleOrPath`). Safe to call twice. */
export default function init(moduleOrPath) {
  const refused = loading ? null : checkSource(moduleOrPath);
  if (refused) return refused;
  loading ??= initWasm(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath }).then(() => {
    ready = true;
  });
  return loading;
}

function ensureReady() {
  if (!ready) {
    throw new SlbError('NotInitialized', 'aliyun-slb-wasm is not loaded yet: call and await init() (the default export) once first');
  }
}

let clientSide = null;
let clientLoading;

// One load at a time, cached once it succeeds; a failed load (a network error) may be
// tried again by the next call.
function loadClient(moduleOrPath) {
  clientLoading ??= Promise.all([import('./client/api.js'), import('./client/aliyun_slb_wasm.js')])
    .then(async ([side, module]) => {
      await module.default(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
      clientSide = side.createClient(module, api);
      return clientSide;
    })
    .catch((error) => {
      clientLoading = undefined;
      throw error;
    });
  return clientLoading;
}

/**
 * Loads the client side (send, SlbClient, parseResponse, diagnoseSignature), from
 * ./client/ next to this file, or its .wasm from `moduleOrPath`. send() and SlbClient load
 * it themselves; await this before the synchronous parseResponse and diagnoseSignature.
 * Safe to call twice.
 */
export function initClient(moduleOrPath) {
  const refused = clientLoading ? null : checkSource(moduleOrPath);
  if (refused) return refused;
  return loadClient(moduleOrPath).then(() => {});
}

const client = {
  get() {
    if (!clientSide) {
      throw new SlbError('NotInitialized',
        'the aliyun-slb-wasm client module is not loaded yet: call and await initClient() once first (send and SlbClient load it themselves)');
    }
    return clientSide;
  },
  load: () => clientSide ?? loadClient(),
};

const api = createApi(raw, { ensureReady, loadSigner: () => init(), client });
export const {
  signSlbRequest,
  validateSlbRequest,
  planMembership,
  addVServerGroupBackendServers,
  validateAddVServerGroupBackendServers,
  serializeBackendServers,
  signRpcRequest,
  endpointForRegion,
  send,
  parseResponse,
  diagnoseSignature,
  SlbClient,
} = api;
export { SlbError, SLB_ACTIONS, init };

/** Node only: browsers have no environment, files or metadata service to read credentials from. */
export function defaultCredentialsProvider() {
  throw new SlbError('NotSupported', 'defaultCredentialsProvider is Node only: in a browser, pass credentials (or a provider) to SlbClient');
}
