// The ECS instance metadata service's RAM-role paths, on the emulator's origin: the IMDSv2
// token (PUT /latest/api/token), the role name and the role's temporary credentials.

export const METADATA_PREFIX = '/latest/';
const TOKEN_PATH = '/latest/api/token';
const ROLES_PATH = '/latest/meta-data/ram/security-credentials/';
const TOKEN_TTL_HEADER = 'x-aliyun-ecs-metadata-token-ttl-seconds';
const TOKEN_HEADER = 'x-aliyun-ecs-metadata-token';
const MAX_TOKEN_TTL_SECONDS = 21600;
const CREDENTIALS_SECONDS = 6 * 3600;
const TOKEN_MODES = ['optional', 'required', 'unsupported'];

/**
 * createMetadata({ issue, clock }) -> { handle(req, res), configure({ roleName, tokens }), requests }
 *   issue(seconds): new temporary credentials (the emulator's STS keys)
 *   tokens: 'optional' (IMDSv2 and v1 both answer, the default), 'required' (v1 refused),
 *           'unsupported' (no token path: an older instance)
 *   requests: [{ method, path, token }] for tests: what the client asked and whether it sent a token
 */
export function createMetadata({ issue, clock }) {
  let settings = { roleName: 'EcsRamRoleDemo', tokens: 'optional' };
  const tokens = new Map();
  const requests = [];

  function configure(changes) {
    if (changes.tokens !== undefined && !TOKEN_MODES.includes(changes.tokens)) {
      throw new Error(`tokens must be one of ${TOKEN_MODES.join(', ')}`);
    }
    settings = { ...settings, ...changes };
    return settings;
  }

  const reply = (res, status, body, type = 'text/plain') => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };

  function newToken(req, res) {
    const ttl = Number(req.headers[TOKEN_TTL_HEADER]);
    if (settings.tokens === 'unsupported') return reply(res, 404, 'Not Found');
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL_SECONDS) return reply(res, 400, 'Bad Request');
    const token = `imds-${crypto.randomUUID()}`;
    tokens.set(token, clock() + ttl * 1000);
    return reply(res, 200, token);
  }

  function handle(req, res) {
    const path = req.url.split('?')[0];
    const sent = req.headers[TOKEN_HEADER];
    requests.push({ method: req.method, path, token: sent !== undefined });
    if (req.method === 'PUT' && path === TOKEN_PATH) return newToken(req, res);
    if (req.method !== 'GET' || !path.startsWith(ROLES_PATH)) return reply(res, 404, 'Not Found');
    const valid = sent !== undefined && tokens.get(sent) > clock();
    if (sent !== undefined && !valid) return reply(res, 401, 'Unauthorized');
    if (!valid && settings.tokens === 'required') return reply(res, 401, 'Unauthorized');
    const role = decodeURIComponent(path.slice(ROLES_PATH.length));
    if (role === '') return reply(res, 200, settings.roleName);
    if (role !== settings.roleName) return reply(res, 404, 'Not Found');
    const credentials = issue(CREDENTIALS_SECONDS);
    const body = { Code: 'Success', ...credentials, LastUpdated: new Date(clock()).toISOString().replace(/\.\d+Z$/, 'Z') };
    return reply(res, 200, JSON.stringify(body), 'application/json');
  }

  return { handle, configure, requests };
}
