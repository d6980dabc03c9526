// Node (ES module): the same instance as the CommonJS entry.
import api from './index.cjs';

export const {
  addVServerGroupBackendServers,
  validateAddVServerGroupBackendServers,
  serializeBackendServers,
  signRpcRequest,
  endpointForRegion,
  SlbError,
  init,
} = api;
export default init;
