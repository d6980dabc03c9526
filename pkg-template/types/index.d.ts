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

/** A tag. Neither key nor value may start with `aliyun` or `acs:` or contain `http://` or `https://`. */
export interface Tag {
  /** 1 to 64 characters. */
  key: string;
  /** At most 128 characters; may be left out. */
  value?: string;
}

/** The actions of the VServer-group family. */
export type SlbAction =
  | 'CreateVServerGroup'
  | 'DeleteVServerGroup'
  | 'DescribeVServerGroups'
  | 'DescribeVServerGroupAttribute'
  | 'SetVServerGroupAttribute'
  | 'AddVServerGroupBackendServers'
  | 'RemoveVServerGroupBackendServers'
  | 'ModifyVServerGroupBackendServers';

/** The actions, in the order the core declares them. */
export const SLB_ACTIONS: readonly SlbAction[];

// The requests: camelCase names; the API's PascalCase names (`RegionId`, `Tag`, ...) are accepted too.
// Every field's name, optionality and type is tested against the core's declaration of the action.

/** CreateVServerGroup: a new VServer group on a load balancer. */
export interface CreateVServerGroupRequest {
  /** e.g. `cn-hangzhou`. */
  regionId: string;
  /** 1 to 64 of `A-Za-z0-9_-`, e.g. `lb-bp1demo0000000000000`. */
  loadBalancerId: string;
  /** 1 to 80 characters. */
  vServerGroupName?: string;
  /** At most 20 members to start with. */
  backendServers?: BackendServer[];
  /** At most 20, sent as `Tag.N.Key` / `Tag.N.Value`. */
  tags?: Tag[];
}

/** DeleteVServerGroup: refused by the service (`RspoolVipExist`) while a listener or rule uses the group. */
export interface DeleteVServerGroupRequest {
  regionId: string;
  vServerGroupId: string;
}

/** DescribeVServerGroups: the groups of a load balancer. */
export interface DescribeVServerGroupsRequest {
  regionId: string;
  loadBalancerId: string;
  /** Also answer the forwarding rules that use each group. */
  includeRule?: boolean;
  /** Also answer the listeners that use each group. */
  includeListener?: boolean;
  /** Only groups whose name holds this text (1 to 80 characters). */
  description?: string;
  /** Only groups with these tags. */
  tags?: Tag[];
}

/** DescribeVServerGroupAttribute: a group and its members. */
export interface DescribeVServerGroupAttributeRequest {
  regionId: string;
  vServerGroupId: string;
}

/** SetVServerGroupAttribute: renames a group, or changes its members' weight and description. */
export interface SetVServerGroupAttributeRequest {
  regionId: string;
  vServerGroupId: string;
  /** 1 to 80 characters. */
  vServerGroupName?: string;
  /** Members of the group with their new `weight` or `description`; at most 20. */
  backendServers?: BackendServer[];
}

/** AddVServerGroupBackendServers: add 1 to 20 running servers to a VServer group. */
export interface AddVServerGroupBackendServersRequest {
  /** e.g. `cn-hangzhou`. */
  regionId: string;
  /** e.g. `rsp-cige6j5e7p`. */
  vServerGroupId: string;
  /** 1 to 20 servers. */
  backendServers: BackendServer[];
}

/** RemoveVServerGroupBackendServers: take 1 to 20 members out of a group. `weight` and `description` are accepted (members read from a Describe) and not sent. */
export interface RemoveVServerGroupBackendServersRequest {
  regionId: string;
  vServerGroupId: string;
  /** 1 to 20 members: `serverId` and `port`, and `type`/`serverIp` for `eni`/`eci` members. */
  backendServers: BackendServer[];
}

/** ModifyVServerGroupBackendServers: replace members, the Nth old one by the Nth new one. */
export interface ModifyVServerGroupBackendServersRequest {
  regionId: string;
  vServerGroupId: string;
  /** 1 to 20 members now in the group. */
  oldBackendServers: BackendServer[];
  /** As many members (`MismatchedBackendServers` otherwise). */
  newBackendServers: BackendServer[];
}

/** The request type of each action. */
export interface SlbRequests {
  CreateVServerGroup: CreateVServerGroupRequest;
  DeleteVServerGroup: DeleteVServerGroupRequest;
  DescribeVServerGroups: DescribeVServerGroupsRequest;
  DescribeVServerGroupAttribute: DescribeVServerGroupAttributeRequest;
  SetVServerGroupAttribute: SetVServerGroupAttributeRequest;
  AddVServerGroupBackendServers: AddVServerGroupBackendServersRequest;
  RemoveVServerGroupBackendServers: RemoveVServerGroupBackendServersRequest;
  ModifyVServerGroupBackendServers: ModifyVServerGroupBackendServersRequest;
}

/**
 * How a request is signed. `'HMAC-SHA1'`: signature v1, the signature a parameter. `'ACS3-HMAC-SHA256'`: signature v3,
 * `Action`, `Version`, `Timestamp` and `SignatureNonce` sent as `x-acs-*` headers and the signature in `authorization`.
 */
export type SignatureAlgorithm = 'HMAC-SHA1' | 'ACS3-HMAC-SHA256';

export interface SignOptions {
  /** Default: the region's endpoint (`https://slb.aliyuncs.com` for cn-hangzhou, else `https://slb.<region>.aliyuncs.com`). */
  endpoint?: string;
  /** Default `'GET'`. */
  method?: 'GET' | 'POST';
  /** Response format asked of the service. Default `'JSON'`. */
  format?: 'JSON' | 'XML';
  /** Default `'HMAC-SHA1'`. Under `'ACS3-HMAC-SHA256'` every parameter goes in the query, for GET and POST alike, with no body. */
  signatureAlgorithm?: SignatureAlgorithm;
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
  /** Default `'HMAC-SHA1'`. */
  signatureAlgorithm?: SignatureAlgorithm;
  /**
   * `Action` and `Version` are required; numbers and booleans are sent as their JS text; null and undefined are left out. Missing common parameters are filled.
   * Under `'ACS3-HMAC-SHA256'`: `Action`, `Version`, `Timestamp` (default now) and `SignatureNonce` (default a random UUID) become the headers
   * `x-acs-action`, `x-acs-version`, `x-acs-date` and `x-acs-signature-nonce`; `SignatureMethod`, `SignatureVersion` and `AccessKeyId` are not sent,
   * `Format` only when given; every other parameter goes in the query.
   */
  params: Record<string, string | number | boolean | null | undefined>;
  /** `'ACS3-HMAC-SHA256'` and POST only: sent form-encoded as the body (none, or `{}`: no body); its SHA-256 is signed as `x-acs-content-sha256`. */
  bodyParams?: Record<string, string>;
}

/** A signed request, with every stage of its signing. */
export interface SignedRequest {
  method: 'GET' | 'POST';
  /** HMAC-SHA1: GET with the signed query, POST endpoint + `/`. ACS3-HMAC-SHA256: endpoint + `/` and the query (no signature in it). */
  url: string;
  /** The form body (HMAC-SHA1 POST; ACS3-HMAC-SHA256 with `bodyParams`), else null. */
  body: string | null;
  /**
   * Lower-case names, values as signed. With a body, `content-type`; ACS3-HMAC-SHA256: every signed header (`host`, `x-acs-*`)
   * and `authorization`. `send` sends them all but `host`, which the URL gives.
   */
  headers: Record<string, string>;
  /** Every parameter sent, unencoded: HMAC-SHA1 `Signature` included; ACS3-HMAC-SHA256 the query's and the body's. */
  params: Record<string, string>;
  signatureAlgorithm: SignatureAlgorithm;
  canonicalQuery: string;
  /** ACS3-HMAC-SHA256 only. */
  canonicalRequest?: string;
  /** ACS3-HMAC-SHA256 only: hex SHA-256 of the canonical request. */
  hashedCanonicalRequest?: string;
  stringToSign: string;
  /** HMAC-SHA1: base64, before URL encoding. ACS3-HMAC-SHA256: lower-case hex. */
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
  /** Stable code: `ValidationFailed` (see `issues`), `InvalidInput`, `InvalidEndpoint`, `UnknownAction`, ..., or the service's own (`InvalidParameter`, `ObtainIpFail`, ...). */
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
  /** Service errors (SlbClient): whether the code is one worth another try later (busy, throttled). */
  readonly retryable?: boolean;
  /** `MembershipApplyFailed`: the plan, the calls made, the call that failed (`null` when aborted), the calls left, and why. */
  readonly plan?: MembershipPlan;
  readonly done?: PlanCall[];
  readonly failed?: PlanCall | null;
  readonly remaining?: PlanCall[];
  readonly cause?: { code: string; status?: number; message: string };
  /** `NoCredentials`: each source of the chain tried, and why it gave nothing. */
  readonly sources?: { source: string; reason: string }[];
}

/**
 * Validates and signs a request of any action of the family. Throws `SlbError`: `ValidationFailed` listing every
 * problem (request, credentials and options together), or `UnknownAction` (path `action`).
 */
export function signSlbRequest<A extends SlbAction>(
  action: A,
  request: SlbRequests[A],
  credentials: Credentials,
  options?: SignOptions,
): SignedRequest;

/** Every problem with a request of `action`; `[]` when valid. Throws only `UnknownAction`, for an action it does not know. */
export function validateSlbRequest(action: SlbAction, request: unknown): ValidationIssue[];

/** Validates and signs AddVServerGroupBackendServers (`signSlbRequest('AddVServerGroupBackendServers', ...)`). */
export function addVServerGroupBackendServers(
  request: AddVServerGroupBackendServersRequest,
  credentials: Credentials,
  options?: SignOptions,
): SignedRequest;

/** Every problem with an AddVServerGroupBackendServers request; `[]` when valid. Never throws on bad input. */
export function validateAddVServerGroupBackendServers(request: unknown): ValidationIssue[];

/** One call of a membership plan: 1 to 20 servers. */
export interface PlanCall {
  action: 'AddVServerGroupBackendServers' | 'RemoveVServerGroupBackendServers' | 'SetVServerGroupAttribute';
  backendServers: BackendServer[];
}

/** A membership change: what changes, the calls that make it (in order), and the plan for people. */
export interface MembershipPlan {
  add: BackendServer[];
  remove: BackendServer[];
  /** Members kept, with their new weight (and description, when the desired member gives one). */
  update: BackendServer[];
  /** In order: remove, add, update (add first with `addFirst`); the fewest calls of at most 20, never an empty one. */
  calls: PlanCall[];
  /** `+ vm-240:80 w100`, `- vm-231:70`, `~ vm-233:80 weight 100 → 50`. */
  lines: string[];
}

/**
 * Plans the change from `current` (members as a Describe reads them) to `desired`. A member is its `serverId` and
 * `port`, and `serverIp` for `eni`/`eci` members. A desired member fixes its weight (absent: the service's default,
 * 100) and, only when it gives one, its description. Throws `SlbError` `ValidationFailed` for invalid or repeated
 * desired members (paths `desired[i]...`).
 * Browsers: like the signing functions, needs `await init()` first.
 */
export function planMembership(current: BackendServer[], desired: BackendServer[], options?: { addFirst?: boolean }): MembershipPlan;

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
  /**
   * `WrongSecret`: the strings to sign are equal, so the secret is wrong. `EncodingMismatch` (HMAC-SHA1): they differ, at `position`.
   * `CanonicalRequestMismatch` (ACS3-HMAC-SHA256, whose string to sign is only a hash): the server built another canonical request.
   */
  kind: 'WrongSecret' | 'EncodingMismatch' | 'CanonicalRequestMismatch';
  /** First differing character (EncodingMismatch). */
  position?: number;
  /** Ours, to compare with what was sent (CanonicalRequestMismatch, when given), the STS token masked. */
  canonicalRequest?: string;
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
 * Browsers: loads the client part on first use (see `initClient`); `init()` is not needed for it.
 */
export function send(signed: SignedRequest, options?: SendOptions): Promise<ApiResponse>;

/**
 * Parses a response body; `format` defaults to sniffing. Never throws on a bad body.
 * Browsers: needs the client part: throws `SlbError` `NotInitialized` until `await initClient()` (or a `send`/`SlbClient` call) loaded it.
 */
export function parseResponse(status: number, body: string, format?: 'JSON' | 'XML'): ApiResponse;

/**
 * Compares our string to sign with the server's. Under ACS3-HMAC-SHA256 give our `canonicalRequest` too: the diagnosis shows it.
 * Browsers: needs the client part: throws `SlbError` `NotInitialized` until `await initClient()` (or a `send`/`SlbClient` call) loaded it.
 */
export function diagnoseSignature(ours: string, servers: string, canonicalRequest?: string): SignatureDiagnosis;

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

/**
 * Anything that gives credentials when asked, such as `@alicloud/credentials`' `Credential` or
 * `defaultCredentialsProvider()`. SlbClient asks before each call; caching and refreshing
 * temporary credentials is the provider's work.
 */
export interface CredentialsProvider {
  getCredential(): Promise<Credentials>;
}

export interface SlbClientOptions {
  /** Static credentials or a provider. Node: omitted, the default chain (`defaultCredentialsProvider()`); browsers: required. */
  credentials?: Credentials | CredentialsProvider;
  endpoint?: string;
  proxy?: string;
  format?: 'JSON' | 'XML';
  method?: 'GET' | 'POST';
  /** Default `'HMAC-SHA1'`; see `SignOptions`. Retries and the clock correction (`x-acs-date`) work alike under both. */
  signatureAlgorithm?: SignatureAlgorithm;
  timeoutMs?: number;
  /** Retries of `Throttling*`, `ServiceUnavailable`, `InternalError`, `SystemBusy`, `OperationBusy` and `VServerGroupProcessing`. */
  retry?: RetryOptions | null;
}

/** A member in a result: numbers as numbers, whatever the response format. */
export interface BackendServerResult {
  serverId: string;
  port: number;
  weight: number;
  /** `ecs`, `eni` or `eci`. */
  type?: string;
  /** `eni`/`eci` members. */
  serverIp?: string;
  /** Only when the member has one. */
  description?: string;
}

/** A tag in a result. */
export interface TagResult {
  key: string;
  value: string;
}

/** Create, Set, Add, Remove and Modify: the group and its members (Create and Add: those added; Set: those changed; Remove and Modify: what the service answers). */
export interface VServerGroupMembersResult {
  requestId: string;
  vServerGroupId: string;
  /** SetVServerGroupAttribute answers the name. */
  vServerGroupName?: string;
  backendServers: BackendServerResult[];
}

export interface DeleteVServerGroupResult {
  requestId: string;
}

/** What uses a group (`includeListener`, `includeRule`). */
export interface AssociatedObjects {
  listeners: { port: number; protocol?: string }[];
  rules: { ruleId: string; ruleName?: string; domain?: string; url?: string }[];
}

export interface VServerGroupSummary {
  vServerGroupId: string;
  vServerGroupName?: string;
  createTime?: string;
  serverCount?: number;
  tags: TagResult[];
  /** Only when `includeListener` or `includeRule` was asked. */
  associatedObjects?: AssociatedObjects;
}

export interface DescribeVServerGroupsResult {
  requestId: string;
  vServerGroups: VServerGroupSummary[];
}

export interface DescribeVServerGroupAttributeResult {
  requestId: string;
  vServerGroupId: string;
  vServerGroupName?: string;
  loadBalancerId?: string;
  createTime?: string;
  tags: TagResult[];
  backendServers: BackendServerResult[];
}

/** The result type of each action. */
export interface SlbResults {
  CreateVServerGroup: VServerGroupMembersResult;
  DeleteVServerGroup: DeleteVServerGroupResult;
  DescribeVServerGroups: DescribeVServerGroupsResult;
  DescribeVServerGroupAttribute: DescribeVServerGroupAttributeResult;
  SetVServerGroupAttribute: VServerGroupMembersResult;
  AddVServerGroupBackendServers: VServerGroupMembersResult;
  RemoveVServerGroupBackendServers: VServerGroupMembersResult;
  ModifyVServerGroupBackendServers: VServerGroupMembersResult;
}

/** Kept for code written against the first release: Add's result. */
export type AddVServerGroupBackendServersResult = VServerGroupMembersResult;

/**
 * Signs, sends and parses, one method per action, each resolving to its typed result. A service error throws `SlbError` with the service's `code`, `status`, `requestId`, `recommend`
 * (and `diagnosis` for a signature mismatch) and `attempts`. Transient errors are retried with backoff, each try signed
 * afresh; `InvalidTimeStamp.Expired` is retried once on the clock of the response's `Date`. A failure without a response
 * throws `NetworkError`/`Timeout` with `mayHaveReached` and is retried only with `retry.retryNetworkErrors`.
 * The constructor throws `InvalidRetryPolicy` for bad `retry` options.
 * Browsers: the first call loads the client part (see `initClient`) and the signer (see `init`): each try is signed
 * afresh; until the client part is loaded, bad `retry` options are reported by that call rather than by the constructor.
 */
export declare class SlbClient {
  constructor(options: SlbClientOptions);
  /** Any action of the family; the methods below call it. Throws `UnknownAction` for an action it does not know. */
  call<A extends SlbAction>(action: A, request: SlbRequests[A]): Promise<SlbResults[A]>;
  createVServerGroup(request: CreateVServerGroupRequest): Promise<VServerGroupMembersResult>;
  deleteVServerGroup(request: DeleteVServerGroupRequest): Promise<DeleteVServerGroupResult>;
  describeVServerGroups(request: DescribeVServerGroupsRequest): Promise<DescribeVServerGroupsResult>;
  describeVServerGroupAttribute(request: DescribeVServerGroupAttributeRequest): Promise<DescribeVServerGroupAttributeResult>;
  setVServerGroupAttribute(request: SetVServerGroupAttributeRequest): Promise<VServerGroupMembersResult>;
  addVServerGroupBackendServers(request: AddVServerGroupBackendServersRequest): Promise<VServerGroupMembersResult>;
  removeVServerGroupBackendServers(request: RemoveVServerGroupBackendServersRequest): Promise<VServerGroupMembersResult>;
  modifyVServerGroupBackendServers(request: ModifyVServerGroupBackendServersRequest): Promise<VServerGroupMembersResult>;
  /** Describes the group, then plans the change to `members` (see `planMembership`). */
  planVServerGroupMembers(request: MembershipRequest, options?: { addFirst?: boolean }): Promise<MembershipPlan>;
  /**
   * Describes, plans and applies the change to `members`, one call at a time. A group still applying its previous
   * change (`VServerGroupProcessing`, `BackendServer.configuring`, `ServiceIsConfiguring`) or a busy or throttled service
   * is waited out with backoff (each retry is an attempt, not a failed call). A failure that is not transient stops the
   * apply and throws `SlbError` `MembershipApplyFailed` with `done`, `failed`, `remaining` and `cause`; applying again
   * describes afresh and plans only what is left. A change already made makes no call.
   */
  applyVServerGroupMembers(request: MembershipRequest, options?: ApplyOptions): Promise<ApplyResult>;
}

export interface MembershipRequest {
  regionId: string;
  vServerGroupId: string;
  /** The members the group should have, at any count. */
  members: BackendServer[];
}

export interface ApplyOptions {
  /** Describe and plan only; no change call. */
  dryRun?: boolean;
  /** Add before removing, so capacity never drops during a roll. */
  addFirst?: boolean;
  /** Members to be removed first get weight 0, and are removed that long after, so their connections can finish. */
  drainMs?: number;
  /** Aborting stops after the call in flight and rejects with `MembershipApplyFailed` (`cause.code` `Aborted`). */
  signal?: AbortSignal;
  /** After each change call. */
  onProgress?: (event: { done: number; total: number; call: PlanCall }) => void;
}

export interface ApplyResult {
  plan: MembershipPlan;
  /** Change calls made (drain calls included). */
  calls: number;
  /** Requests sent, the Describe and every retry included. */
  attempts: number;
}

export interface DefaultCredentialsOptions {
  /** The aliyun CLI profile (`~/.aliyun/config.json`) and the INI section (`~/.alibabacloud/credentials`); default `ALIBABA_CLOUD_PROFILE`, then the CLI's current profile / `default`. */
  profile?: string;
  /** STS's endpoint instead of the cloud's (tests, a local emulator); also `ALIYUN_SLB_STS_ENDPOINT`. */
  stsEndpoint?: string;
  /** The ECS metadata service's origin instead of `http://100.100.100.200` (tests); also `ALIYUN_SLB_METADATA_ENDPOINT`. */
  metadataEndpoint?: string;
  /** What the chain reads, for tests: `env` (an object like `process.env`), `homedir()`, `readFile(path)` (text), `fetch`, `now()` (ms). */
  context?: Partial<{
    env: Record<string, string | undefined>;
    homedir(): string;
    readFile(path: string): Promise<string>;
    fetch: typeof fetch;
    now(): number;
  }>;
}

/** Credentials the chain found: the secret and token are readable properties, but inspection, JSON and `String()` never show them. */
export interface ResolvedCredentials extends Credentials {
  /** Temporary credentials: when they expire (`YYYY-MM-DDThh:mm:ssZ`). */
  readonly expiration?: string;
  /** Which source gave them, e.g. `environment`, `cli-profile "default" (AK)`. */
  readonly source?: string;
}

/**
 * Node only: the default credential chain of the official Alibaba Cloud libraries, in their order: environment
 * variables, OIDC (RRSA), the aliyun CLI's `~/.aliyun/config.json` profile (modes `AK`, `StsToken`, `RamRoleArn`,
 * `ChainableRamRoleArn`, `EcsRamRole`, `OIDC`), `~/.alibabacloud/credentials`, the ECS metadata service, then
 * `ALIBABA_CLOUD_CREDENTIALS_URI`. The first source that gives credentials is used from then on; temporary credentials
 * are refreshed before they expire, concurrent calls sharing one refresh. `getCredential()` throws `SlbError`
 * `NoCredentials` listing each source tried and why it gave nothing.
 * Browsers: throws `SlbError` `NotSupported`.
 */
export function defaultCredentialsProvider(options?: DefaultCredentialsOptions): DefaultCredentialsProvider;

export interface DefaultCredentialsProvider extends CredentialsProvider {
  getCredential(): Promise<ResolvedCredentials>;
  /** The sources, in the order they are tried. */
  readonly sources: string[];
}

/**
 * Loads the signing module: await it once in browsers before the signing functions (`signSlbRequest`, `validateSlbRequest`,
 * `addVServerGroupBackendServers`, `validateAddVServerGroupBackendServers`, `serializeBackendServers`, `signRpcRequest`, `endpointForRegion`).
 * `moduleOrPath`: its .wasm (default: `aliyun_slb_wasm_bg.wasm` next to the package's web/index.js). A no-op in Node.
 */
export function init(moduleOrPath?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;
export default init;

/**
 * Loads the client part (browsers): its JS (sending, `SlbClient`'s calls and retries) and its module (response parsing,
 * signature diagnosis, the retry decisions; no signer). `send` and `SlbClient` load it by themselves on
 * first use; await this before the synchronous `parseResponse` and `diagnoseSignature`, or early to
 * have it ready. `moduleOrPath`: its .wasm (default: `client/aliyun_slb_wasm_bg.wasm` next to the package's
 * web/index.js). Safe to call twice. A no-op in Node, where one module holds everything.
 */
export function initClient(moduleOrPath?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;
