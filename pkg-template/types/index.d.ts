/** AccessKey credentials. They are only used to sign, on your machine; never sent. */
export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS token, for temporary credentials. */
  securityToken?: string;
}

/** One backend server. The API page's PascalCase names (`ServerId`, `Port`, ...) are accepted too. */
export interface BackendServer {
  /** ECS instance, ENI or ECI id, e.g. `vm-233`. */
  serverId: string;
  /** 1..65535; a decimal string such as `"80"` is accepted. */
  port: number | string;
  /** 0..100 (0 takes the server out of rotation); the service defaults to 100. */
  weight?: number | string;
  /** `ecs` (default), `eni` or `eci`; `eni` and `eci` need `serverIp`. */
  type?: 'ecs' | 'eni' | 'eci';
  /** IPv4 or IPv6 address. */
  serverIp?: string;
  /** 1 to 80 characters. */
  description?: string;
}

/** AddVServerGroupBackendServers: add 1 to 20 backend servers to a VServer group. */
export interface AddVServerGroupBackendServersRequest {
  /** e.g. `cn-hangzhou`. */
  regionId: string;
  /** e.g. `rsp-cige6j5e7p`. */
  vServerGroupId: string;
  backendServers: BackendServer[];
}

export interface SignOptions {
  /** Default: the region's endpoint (`https://slb.aliyuncs.com` for cn-hangzhou, else `https://slb.<region>.aliyuncs.com`). */
  endpoint?: string;
  /** Default `'GET'`. */
  method?: 'GET' | 'POST';
  /** Response format asked of the service. Default `'JSON'`. */
  format?: 'JSON' | 'XML';
  /** Default: now, UTC, whole seconds. A string must be exactly `YYYY-MM-DDThh:mm:ssZ`. */
  timestamp?: string | Date;
  /** Default: a random UUID v4 from the platform CSPRNG. */
  nonce?: string;
}

/** A request to any Alibaba Cloud RPC API, signed verbatim. */
export interface RpcRequest {
  /** Default `'GET'`. */
  method?: 'GET' | 'POST';
  /** e.g. `https://ecs.aliyuncs.com`. */
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string | null;
  /** `Action` and `Version` are required; numbers and booleans are sent as their JS text; null and undefined are left out. Missing common parameters are filled. */
  params: Record<string, string | number | boolean | null | undefined>;
}

/** A signed request, with every stage of its signing. */
export interface SignedRequest {
  method: 'GET' | 'POST';
  /** GET: with the signed query; POST: endpoint + `/`. */
  url: string;
  /** POST: the form body; GET: null. */
  body: string | null;
  /** POST: `content-type`. */
  headers: Record<string, string>;
  /** Every parameter sent, `Signature` included, unencoded. */
  params: Record<string, string>;
  canonicalQuery: string;
  stringToSign: string;
  /** Base64, before URL encoding. */
  signature: string;
}

/** One validation problem: where (`backendServers[2].port`), a stable code, and why. */
export interface ValidationIssue {
  path: string;
  code: string;
  message: string;
}

/** Every failure of this package. */
export declare class SlbError extends Error {
  readonly name: 'SlbError';
  /** Stable code: `ValidationFailed` (see `issues`), `InvalidInput`, `InvalidEndpoint`, `MissingParameter`, ... */
  readonly code: string;
  /** The field or parameter at fault, when there is one. */
  readonly path?: string;
  /** Validation problems (empty unless `code` is `ValidationFailed`). */
  readonly issues: ValidationIssue[];
}

/** Validates and signs AddVServerGroupBackendServers. Throws `SlbError` listing every problem. */
export function addVServerGroupBackendServers(
  request: AddVServerGroupBackendServersRequest,
  credentials: Credentials,
  options?: SignOptions,
): SignedRequest;

/** Every problem with a request; `[]` when valid. Never throws on bad input. */
export function validateAddVServerGroupBackendServers(request: unknown): ValidationIssue[];

/** The `BackendServers` parameter: compact JSON, numbers as numbers. Throws `SlbError` when invalid. */
export function serializeBackendServers(servers: BackendServer[]): string;

/** Signs any RPC API request verbatim, filling only missing common parameters. */
export function signRpcRequest(request: RpcRequest): SignedRequest;

/** The region's SLB endpoint. */
export function endpointForRegion(regionId: string): string;

/** Loads the wasm module: await it once before using the API in browsers (a no-op in Node). */
export function init(moduleOrPath?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;
export default init;
