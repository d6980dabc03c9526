// The signer the emulator tests use: the project's own package (pkg/node, built by
// `make package`), so that the emulator's verifier and the project's signer check each other.

import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PACKAGE_PATH = fileURLToPath(new URL('../../../pkg/node/index.cjs', import.meta.url));

if (!existsSync(PACKAGE_PATH)) {
  throw new Error(`The project's signer package is missing: ${PACKAGE_PATH} not found. Run \`make package\` first.`);
}
const pkg = createRequire(import.meta.url)(PACKAGE_PATH);

/**
 * signRpc({ method, endpoint, accessKeyId, accessKeySecret, securityToken, params })
 *   -> { method, url, body, headers, params, canonicalQuery, stringToSign, signature }
 */
export const signRpc = (opts) => pkg.signRpcRequest(opts);
