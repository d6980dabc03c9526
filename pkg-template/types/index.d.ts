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
  /** Service errors (SlbClient): the HTTP status and the service's ids and advice. */
  readonly status?: number;
  readonly requestId?: string;
  readonly hostId?: string;
  readonly recommend?: string;
  readonly diagnosis?: SignatureDiagnosis;
  /** SlbClient: how many requests were sent for the call (the clock correction included). */
  readonly attempts?: number;
  /** SlbClient, after `InvalidTimeStamp.Expired`: how far the service's clock was found ahead of ours (ms). */
  readonly clockOffsetMs?: number;
  /** `NetworkError` and `Timeout`: `false` only when the connection could not be made, so the request surely did not reach the service. */
  readonly mayHaveReached?: boolean;
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

/** A service error, as section 5 of Alibaba's RPC docs describes it. */
export interface ApiError {
  code: string;
  message: string;
  requestId?: string;
  hostId?: string;
  recommend?: string;
  /** For `SignatureDoesNotMatch`: the string the server signed, to compare with ours. */
  serverStringToSign?: string;
}

/** What the service answered, parsed (JSON or XML). */
export interface ApiResponse {
  ok: boolean;
  status: number;
  requestId?: string;
  /** The success body (unwrapped from the action name; XML as nested objects of strings). */
  data?: unknown;
  /** The error; `MalformedResponse` when the body is neither JSON nor XML, or is hostile. */
  error?: ApiError;
  raw: string;
  headers: Record<string, string>;
}

/** Which side of a `SignatureDoesNotMatch` is wrong. */
export interface SignatureDiagnosis {
  /** `WrongSecret`: the strings to sign are equal, so the secret is wrong. */
  kind: 'WrongSecret' | 'EncodingMismatch';
  /** First differing character (EncodingMismatch). */
  position?: number;
  message: string;
}

export interface SendOptions {
  /** A fetch proxy: `<proxy>?url=<encoded url>` is fetched instead of the URL (browsers need one). */
  proxy?: string;
  /** Default 30000. */
  timeoutMs?: number;
}

/**
 * Sends a signed request (fetch, in browsers and Node 20+). Throws `SlbError` (`NetworkError`, `Timeout`) when no response comes.
 * Browsers: loads the client module on first use (see `initClient`); `init()` is not needed for it.
 */
export function send(signed: SignedRequest, options?: SendOptions): Promise<ApiResponse>;

/**
 * Parses a response body; `format` defaults to sniffing. Never throws on a bad body.
 * Browsers: needs the client module: throws `SlbError` `NotInitialized` until `await initClient()` (or a `send`/`SlbClient` call) loaded it.
 */
export function parseResponse(status: number, body: string, format?: 'JSON' | 'XML'): ApiResponse;

/**
 * Compares our string to sign with the server's.
 * Browsers: needs the client module: throws `SlbError` `NotInitialized` until `await initClient()` (or a `send`/`SlbClient` call) loaded it.
 */
export function diagnoseSignature(ours: string, servers: string): SignatureDiagnosis;

export interface RetryOptions {
  /** Tries in all, the first included: 1 to 10, default 3. */
  attempts?: number;
  /** The wait before the second try, before jitter; doubles per try. Default 200 ms. */
  baseDelayMs?: number;
  /** No wait is longer. Default 5000 ms (at most 600000). */
  maxDelayMs?: number;
  /** Also retry a request that got no response (`NetworkError`, `Timeout`). Default false: a call that changes state may then be applied twice. */
  retryNetworkErrors?: boolean;
}

export interface SlbClientOptions {
  credentials: Credentials;
  endpoint?: string;
  proxy?: string;
  format?: 'JSON' | 'XML';
  method?: 'GET' | 'POST';
  timeoutMs?: number;
  /** Retries of `Throttling*`, `ServiceUnavailable`, `InternalError`, `SystemBusy`, `OperationBusy` and `VServerGroupProcessing`. */
  retry?: RetryOptions | null;
}

export interface AddVServerGroupBackendServersResult {
  requestId: string;
  vServerGroupId: string;
  backendServers: { serverId: string; port: number; weight: number; type?: string; description?: string }[];
}

/**
 * Signs, sends and parses. A service error throws `SlbError` with the service's `code`, `status`, `requestId`, `recommend`
 * (and `diagnosis` for a signature mismatch) and `attempts`. Transient errors are retried with backoff, each try signed
 * afresh; `InvalidTimeStamp.Expired` is retried once on the clock of the response's `Date`. A failure without a response
 * throws `NetworkError`/`Timeout` with `mayHaveReached` and is retried only with `retry.retryNetworkErrors`.
 * The constructor throws `InvalidRetryPolicy` for bad `retry` options.
 * Browsers: the first call loads the client module (see `initClient`); until it is loaded, bad `retry` options are
 * reported by that call rather than by the constructor.
 */
export declare class SlbClient {
  constructor(options: SlbClientOptions);
  addVServerGroupBackendServers(request: AddVServerGroupBackendServersRequest): Promise<AddVServerGroupBackendServersResult>;
}

/**
 * Loads the signing module: await it once in browsers before the signing functions (`addVServerGroupBackendServers`,
 * `validateAddVServerGroupBackendServers`, `serializeBackendServers`, `signRpcRequest`, `endpointForRegion`).
 * `moduleOrPath`: its .wasm (default: `aliyun_slb_wasm_bg.wasm` next to the package's web/index.js). A no-op in Node.
 */
export function init(moduleOrPath?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;
export default init;

/**
 * Loads the client module (browsers): sending, response parsing, signature diagnosis and `SlbClient`. `send` and
 * `SlbClient` load it by themselves on first use; await this before the synchronous `parseResponse` and
 * `diagnoseSignature`, or early to have it ready. `moduleOrPath`: its .wasm (default: `client/aliyun_slb_wasm_bg.wasm`
 * next to the package's web/index.js). Safe to call twice. A no-op in Node, where one module holds everything.
 */
export function initClient(moduleOrPath?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;
