// Node (CommonJS): one full wasm module, compiled synchronously on load, so the whole API
// (the client included) is ready on `require`. `init()` and `initClient()` exist so the same
// code runs in Node and browsers.
'use strict';
const raw = require('./aliyun_slb_wasm.js');
const { createApi, SlbError, SLB_ACTIONS } = require('./api.cjs');

const api = createApi(raw);
async function init() {}
async function initClient() {}

module.exports = { ...api, SlbError, SLB_ACTIONS, init, initClient, default: init };
