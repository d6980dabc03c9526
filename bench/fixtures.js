// The requests every part signs (Node, Chromium; benches/signing.rs has the native ones).
// Plain ESM without Node imports: the browser page loads this file too.

export const TIMESTAMP = '2016-02-23T12:46:24Z';
export const NONCE = '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf';
export const CREDENTIALS = { accessKeyId: 'testid', accessKeySecret: 'testsecret' };
export const OPTIONS = { timestamp: TIMESTAMP, nonce: NONCE };
export const OPTIONS_ACS3 = { ...OPTIONS, signatureAlgorithm: 'ACS3-HMAC-SHA256' };

/** The API page's example: vm-233:80:100, vm-232:90:100, vm-231:70:100. */
const PAGE_SERVERS = [
  { serverId: 'vm-233', port: 80, weight: 100 },
  { serverId: 'vm-232', port: 90, weight: 100 },
  { serverId: 'vm-231', port: 70, weight: 100 },
];

/** 3: the API page's example; 20 (the API's maximum): vm-233..vm-214, ports 80..99, weight 100. */
export function servers(count) {
  if (count === 3) return PAGE_SERVERS.map((s) => ({ ...s }));
  return Array.from({ length: count }, (_, i) => ({ serverId: `vm-${233 - i}`, port: 80 + i, weight: 100 }));
}

/** The typed request of the package's addVServerGroupBackendServers. */
export function slbRequest(count) {
  return { regionId: 'cn-hangzhou', vServerGroupId: 'rsp-cige6j5e7p', backendServers: servers(count) };
}

/** What a pop-core (or WebCrypto) user holds: the API's PascalCase entries, Port and Weight as numbers. */
export function apiServers(count) {
  return servers(count).map((s) => ({ ServerId: s.serverId, Port: s.port, Weight: s.weight }));
}

/** The documented DescribeRegions example (rpc-signing.md section 3) for signRpcRequest. */
export const DESCRIBE_REGIONS = {
  method: 'GET',
  endpoint: 'https://ecs.aliyuncs.com',
  accessKeyId: 'testid',
  accessKeySecret: 'testsecret',
  params: { Action: 'DescribeRegions', Version: '2014-05-26', Format: 'XML', Timestamp: TIMESTAMP, SignatureNonce: NONCE },
};
export const DESCRIBE_REGIONS_SIGNATURE = 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=';

/** Median of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
