// Node (CommonJS): one wasm module with both features (signer and client), compiled
// synchronously on load, so the whole API (the client included) is ready on `require`. `init()` and `initClient()` exist so the same
// code runs in Node and browsers. Without `credentials`, SlbClient uses the default chain.
'use strict';
const raw = require('./aliyun_slb_wasm.js');
const { createApi, createClient, SlbError, SLB_ACTIONS } = require('./api.cjs');
const { defaultCredentialsProvider } = require('./credentials.cjs');

let clientSide = null;
const client = { get: () => clientSide, load: async () => clientSide };
const api = createApi(raw, { client, defaultCredentials: () => defaultCredentialsProvider() });
clientSide = createClient(raw, api);
async function init() {}
async function initClient() {}

module.exports = { ...api, SlbError, SLB_ACTIONS, defaultCredentialsProvider, init, initClient, default: init };
