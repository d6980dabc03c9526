// Type-checked with `tsc --strict --noEmit` against the installed package: the API's
// types accept what they should, and each `@ts-expect-error` proves a wrong shape fails.
import init, {
  initClient,
  addVServerGroupBackendServers,
  endpointForRegion,
  serializeBackendServers,
  signRpcRequest,
  SlbError,
  validateAddVServerGroupBackendServers,
  type AddVServerGroupBackendServersRequest,
  type BackendServer,
  type Credentials,
  type RpcRequest,
  type SignedRequest,
  type SignOptions,
  type SignatureAlgorithm,
  type SignatureDiagnosis,
  type ValidationIssue,
  send,
  parseResponse,
  diagnoseSignature,
  SlbClient,
  defaultCredentialsProvider,
  type ApiResponse,
  type AddVServerGroupBackendServersResult,
} from 'aliyun-slb-wasm';

export async function sending(signed: SignedRequest, credentials: Credentials): Promise<number> {
  const ready: Promise<void> = initClient();
  await ready;
  await initClient(new URL('https://example.com/client/aliyun_slb_wasm_bg.wasm'));
  const response: ApiResponse = await send(signed, { proxy: '/proxy', timeoutMs: 5000 });
  const parsed: ApiResponse = parseResponse(400, '<Error/>', 'XML');
  const kind: 'WrongSecret' | 'EncodingMismatch' | 'CanonicalRequestMismatch' = diagnoseSignature('a', 'b').kind;
  const v3: SignatureDiagnosis = diagnoseSignature(signed.stringToSign, 'b', signed.canonicalRequest);
  const shown: string | undefined = v3.canonicalRequest;
  const client = new SlbClient({ credentials, endpoint: 'http://127.0.0.1:8081', format: 'XML', method: 'POST', signatureAlgorithm: 'ACS3-HMAC-SHA256' });
  const result: AddVServerGroupBackendServersResult = await client.addVServerGroupBackendServers({
    regionId: 'cn-hangzhou', vServerGroupId: 'g', backendServers: [{ serverId: 'vm-1', port: 80 }],
  });
  // @ts-expect-error: format is JSON or XML
  parseResponse(200, '', 'YAML');
  // Node: without credentials, the default chain; or any provider, such as the chain itself.
  new SlbClient({ endpoint: 'x' });
  const chain = defaultCredentialsProvider({ profile: 'prod', context: { env: {}, homedir: () => '/tmp/home' } });
  const sources: string[] = chain.sources;
  const found: string | undefined = (await chain.getCredential()).source;
  new SlbClient({ credentials: chain });
  new SlbClient({ credentials: { getCredential: async () => credentials } });
  // @ts-expect-error: a provider's getCredential resolves to credentials
  new SlbClient({ credentials: { getCredential: async () => 'key' } });
  const port: number = result.backendServers[0].port;
  return response.status + parsed.status + port + kind.length + sources.length + (found?.length ?? 0) + (shown?.length ?? 0);
}

export async function usage(): Promise<string> {
  await init();
  const credentials: Credentials = { accessKeyId: 'testid', accessKeySecret: 'testsecret' };
  const servers: BackendServer[] = [
    { serverId: 'vm-233', port: 80, weight: 100 },
    { serverId: 'vm-232', port: '90', weight: '100', type: 'eni', serverIp: '172.16.0.10', description: 'web' },
  ];
  const request: AddVServerGroupBackendServersRequest = { regionId: 'cn-hangzhou', vServerGroupId: 'rsp-cige6j5e7p', backendServers: servers };
  const options: SignOptions = { method: 'POST', format: 'XML', timestamp: new Date(), nonce: 'n', endpoint: 'http://127.0.0.1:8081' };
  const signed: SignedRequest = addVServerGroupBackendServers(request, credentials, options);
  const body: string | null = signed.body;
  const method: 'GET' | 'POST' = signed.method;
  const params: Record<string, string> = signed.params;
  const issues: ValidationIssue[] = validateAddVServerGroupBackendServers(JSON.parse('{}'));
  const rpc: RpcRequest = {
    endpoint: 'https://ecs.aliyuncs.com', accessKeyId: 'a', accessKeySecret: 'b', securityToken: null,
    params: { Action: 'DescribeRegions', Version: '2014-05-26', PageSize: 10, DryRun: false, Skip: undefined, Nothing: null },
  };
  const algorithm: SignatureAlgorithm = 'ACS3-HMAC-SHA256';
  const v3: SignedRequest = signRpcRequest({ ...rpc, method: 'POST', signatureAlgorithm: algorithm, bodyParams: { Description: 'd' } });
  const stages: (string | undefined)[] = [v3.canonicalRequest, v3.hashedCanonicalRequest, v3.headers.authorization];
  const used: SignatureAlgorithm = addVServerGroupBackendServers(request, credentials, { ...options, signatureAlgorithm: algorithm }).signatureAlgorithm;
  try {
    signRpcRequest(rpc);
  } catch (e) {
    if (e instanceof SlbError) {
      const code: string = e.code;
      const list: ValidationIssue[] = e.issues;
      return `${code} ${list.length} ${e.path ?? ''}`;
    }
  }
  return [body, method, params.Signature, issues.length, serializeBackendServers(servers), endpointForRegion('cn-hangzhou'), ...stages, used].join();
}

export function wrongShapes(credentials: Credentials): void {
  // @ts-expect-error: port is required
  addVServerGroupBackendServers({ regionId: 'r', vServerGroupId: 'g', backendServers: [{ serverId: 'vm-1' }] }, credentials);
  // @ts-expect-error: type is one of ecs, eni, eci
  serializeBackendServers([{ serverId: 'vm-1', port: 80, type: 'vm' }]);
  // @ts-expect-error: port is a number or a string
  serializeBackendServers([{ serverId: 'vm-1', port: true }]);
  // @ts-expect-error: unknown field
  serializeBackendServers([{ serverId: 'vm-1', port: 80, prot: 80 }]);
  // @ts-expect-error: the secret is required
  addVServerGroupBackendServers({ regionId: 'r', vServerGroupId: 'g', backendServers: [] }, { accessKeyId: 'id' });
  // @ts-expect-error: method is GET or POST
  addVServerGroupBackendServers({ regionId: 'r', vServerGroupId: 'g', backendServers: [] }, credentials, { method: 'PUT' });
  // @ts-expect-error: timestamp is a string or a Date
  addVServerGroupBackendServers({ regionId: 'r', vServerGroupId: 'g', backendServers: [] }, credentials, { timestamp: 1456231584 });
  // @ts-expect-error: params values are scalars
  signRpcRequest({ endpoint: 'e', accessKeyId: 'a', accessKeySecret: 'b', params: { Tags: { a: 1 } } });
  // @ts-expect-error: endpoint is required
  signRpcRequest({ accessKeyId: 'a', accessKeySecret: 'b', params: {} });
  // @ts-expect-error: a signed request's body is not a number
  const n: number = addVServerGroupBackendServers({ regionId: 'r', vServerGroupId: 'g', backendServers: [] }, credentials).body;
  void n;
  // @ts-expect-error: regionId is a string
  endpointForRegion(5);
  // @ts-expect-error: the algorithms are HMAC-SHA1 and ACS3-HMAC-SHA256
  addVServerGroupBackendServers({ regionId: 'r', vServerGroupId: 'g', backendServers: [] }, credentials, { signatureAlgorithm: 'HMAC-SHA256' });
  // @ts-expect-error: body parameters are strings
  signRpcRequest({ endpoint: 'e', accessKeyId: 'a', accessKeySecret: 'b', params: {}, bodyParams: { Port: 80 } });
  // @ts-expect-error: a v1 request has no canonical request for certain
  const cr: string = signRpcRequest({ endpoint: 'e', accessKeyId: 'a', accessKeySecret: 'b', params: {} }).canonicalRequest;
  void cr;
}
