// Node (ES module): the same instance as the CommonJS entry.
import api from './index.cjs';

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
  SlbError,
  SLB_ACTIONS,
  defaultCredentialsProvider,
  init,
  initClient,
} = api;
export default init;
