// Browsers and bundlers: `await init()` (the default export) once, then call the API.
import initWasm, * as raw from './aliyun_slb_wasm.js';
import { createApi, SlbError } from './api.js';

let ready = false;
let loading;

/** Loads the wasm module (from next to this file, or from `moduleOrPath`). Safe to call twice. */
export default function init(moduleOrPath) {
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

export const {
  addVServerGroupBackendServers,
  validateAddVServerGroupBackendServers,
  serializeBackendServers,
  signRpcRequest,
  endpointForRegion,
  send,
  parseResponse,
  diagnoseSignature,
  SlbClient,
} = createApi(raw, ensureReady);
export { SlbError, init };
