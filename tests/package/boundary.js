// Every export of the package, every argument position, each hostile JS value: each call
// returns or throws an SlbError (a value that throws when read may pass its own error on),
// never a wasm trap or a TypeError; then the module still signs the documented vector.
// Plain ESM without Node imports: tests/package/boundary.test.mjs runs it in Node, and
// browser.test.mjs in headless Chromium.

/** The error a hostile value throws when read: it may pass through as it is. */
export class OwnError extends Error {}

export function hostileValues() {
  const owned = () => { throw new OwnError('read'); };
  const getter = {};
  Object.defineProperty(getter, 'regionId', { get: owned, enumerable: true });
  const traps = new Proxy({}, Object.fromEntries(
    ['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'set', 'defineProperty', 'deleteProperty', 'apply', 'construct']
      .map((trap) => [trap, owned]),
  ));
  return [
    ['undefined', undefined], ['null', null], ['true', true], ['0', 0], ['-0', -0], ['NaN', NaN], ['1e309', 1e309],
    ['2**53', 2 ** 53], ['10n', 10n], ['a symbol', Symbol('s')], ['a function', () => 1], ['{}', {}], ['[]', []],
    ['new Date(NaN)', new Date(NaN)], ['a Uint8Array', new Uint8Array([1, 2, 3])], ['a lone surrogate', '\uD800'],
    ['a 5 MB string', 'x'.repeat(5 * 1024 * 1024)], ['a throwing getter', getter], ['a Proxy whose traps throw', traps],
  ];
}

const credentials = { accessKeyId: 'testid', accessKeySecret: 'testsecret' };
const group = { regionId: 'cn-hangzhou', vServerGroupId: 'rsp-cige6j5e7p' };
const request = { ...group, backendServers: [{ serverId: 'vm-1', port: 80 }] };
const options = { timestamp: '2016-02-23T12:46:24Z', nonce: 'n' };
/** The documented DescribeRegions example (rpc-signing.md section 3). */
const VECTOR = {
  method: 'GET', endpoint: 'https://ecs.aliyuncs.com', accessKeyId: 'testid', accessKeySecret: 'testsecret',
  params: { Action: 'DescribeRegions', Version: '2014-05-26', Format: 'XML', Timestamp: '2016-02-23T12:46:24Z', SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf' },
};
const VECTOR_SIGNATURE = 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=';

/** Each export with arguments that work; `endpoint` answers nothing (a closed port). */
function calls(slb, endpoint) {
  const signed = slb.signRpcRequest({ ...VECTOR, endpoint });
  const client = new slb.SlbClient({ credentials, endpoint, timeoutMs: 2000, retry: { attempts: 1 } });
  const list = [
    ['signSlbRequest', slb.signSlbRequest, ['AddVServerGroupBackendServers', request, credentials, options]],
    ['validateSlbRequest', slb.validateSlbRequest, ['AddVServerGroupBackendServers', request]],
    ['planMembership', slb.planMembership, [[], request.backendServers, { addFirst: true }]],
    ['addVServerGroupBackendServers', slb.addVServerGroupBackendServers, [request, credentials, options]],
    ['validateAddVServerGroupBackendServers', slb.validateAddVServerGroupBackendServers, [request]],
    ['serializeBackendServers', slb.serializeBackendServers, [request.backendServers]],
    ['signRpcRequest', slb.signRpcRequest, [VECTOR]],
    ['endpointForRegion', slb.endpointForRegion, ['cn-hangzhou']],
    ['parseResponse', slb.parseResponse, [200, '{"RequestId":"R"}', 'JSON']],
    ['diagnoseSignature', slb.diagnoseSignature, ['GET&%2F&A', 'GET&%2F&B', 'GET\n/\n']],
    ['send', slb.send, [signed, { timeoutMs: 2000 }]],
    ['init', slb.init, [undefined]],
    ['initClient', slb.initClient, [undefined]],
    // Node: makes a provider (nothing is read until getCredential()); browsers: NotSupported.
    ['defaultCredentialsProvider', slb.defaultCredentialsProvider, [{ profile: 'default' }]],
    ['new SlbClient', (o) => new slb.SlbClient(o), [{ credentials, endpoint }]],
    ['client.call', client.call.bind(client), ['DescribeVServerGroupAttribute', group]],
    ['client.planVServerGroupMembers', client.planVServerGroupMembers.bind(client), [{ ...group, members: [] }, { addFirst: false }]],
    ['client.applyVServerGroupMembers', client.applyVServerGroupMembers.bind(client), [{ ...group, members: [] }, { dryRun: true }]],
  ];
  for (const action of slb.SLB_ACTIONS) {
    const method = action[0].toLowerCase() + action.slice(1);
    list.push([`client.${method}`, client[method].bind(client), [group]]);
  }
  const covered = new Set(list.map(([name]) => name.replace(/^new /, '')));
  const missing = Object.keys(slb).filter((name) => typeof slb[name] === 'function' && !['SlbError', 'default'].includes(name) && !covered.has(name));
  return { list, missing };
}

/** How a call ended, if not as allowed. */
async function misbehaviour(slb, f, args) {
  try {
    await f(...args);
    return null;
  } catch (error) {
    if (error instanceof slb.SlbError && typeof error.code === 'string' && Array.isArray(error.issues)) return null;
    if (error instanceof OwnError) return null;
    return `${error?.name}: ${String(error?.message).slice(0, 120)}`;
  }
}

/**
 * Runs every export with each hostile value in each argument position. Answers what went
 * wrong (an empty list when all is well), how many calls were made, and the signature the
 * module gives the documented vector afterwards.
 */
export async function probeBoundary(slb, { endpoint = 'http://127.0.0.1:9' } = {}) {
  const { list, missing } = calls(slb, endpoint);
  const problems = missing.map((name) => `${name}: an export the probe does not call`);
  let count = 0;
  for (const [name, f, args] of list) {
    for (let position = 0; position < args.length; position++) {
      for (const [label, value] of hostileValues()) {
        const given = args.slice();
        given[position] = value;
        count += 1;
        const wrong = await misbehaviour(slb, f, given);
        if (wrong) problems.push(`${name}, argument ${position + 1} ${label}: ${wrong}`);
      }
    }
  }
  return { problems, count, signature: slb.signRpcRequest(VECTOR).signature, expected: VECTOR_SIGNATURE };
}
