// Node (ES module): the same instance as the CommonJS entry.
import api from './index.cjs';

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
  SlbError,
  init,
  initClient,
} = api;
export default init;
