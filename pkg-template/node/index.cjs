// Node (CommonJS): the wasm module is compiled synchronously on load, so the API is ready
// on `require`. `init()` exists so the same code runs in Node and browsers.
'use strict';
const raw = require('./aliyun_slb_wasm.js');
const { createApi, SlbError } = require('./api.cjs');

const api = createApi(raw);
async function init() {}

module.exports = { ...api, SlbError, init, default: init };
