// The installed package through `require`: the CommonJS entry of the same API.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const slb = require('aliyun-slb-wasm');
const vectors = require('./rpc-v1.json');

test('require gives the Node build, ready, with every function', () => {
  for (const name of ['addVServerGroupBackendServers', 'validateAddVServerGroupBackendServers', 'serializeBackendServers', 'signRpcRequest', 'endpointForRegion', 'init', 'initClient']) {
    assert.equal(typeof slb[name], 'function', name);
  }
  assert.equal(typeof slb.SlbError, 'function');
  assert.equal(require.resolve('aliyun-slb-wasm').endsWith('node/index.cjs'), true);
});

test('every vector signs the same through require', () => {
  for (const c of vectors.cases) {
    assert.equal(slb.signRpcRequest(c.input).signature, c.expected.signature, c.id);
  }
});

test('errors are SlbError instances', () => {
  assert.throws(() => slb.endpointForRegion('Hangzhou'), (e) => e instanceof slb.SlbError && e.code === 'InvalidRegionId' && e.path === 'regionId');
});
