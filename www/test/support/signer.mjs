// The signer the emulator tests use: the project's own package (pkg/node/index.cjs) when it
// is built. Without it, these tests fail with a clear message, unless
// SLB_TEST_REFERENCE_SIGNER=1 asks for the interim reference signer.

import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { signRpc as referenceSignRpc } from './reference-signer.mjs';

const PACKAGE_PATH = fileURLToPath(new URL('../../../pkg/node/index.cjs', import.meta.url));

function load() {
  if (existsSync(PACKAGE_PATH)) {
    // Present but broken must fail loudly, not fall back.
    const pkg = createRequire(import.meta.url)(PACKAGE_PATH);
    if (typeof pkg.signRpcRequest !== 'function') {
      return { error: `${PACKAGE_PATH} does not export signRpcRequest()` };
    }
    return { name: 'pkg/node', sign: (opts) => pkg.signRpcRequest(opts) };
  }
  if (process.env.SLB_TEST_REFERENCE_SIGNER === '1') {
    return { name: 'reference (SLB_TEST_REFERENCE_SIGNER=1)', sign: referenceSignRpc };
  }
  return {
    error: `The project's signer package is missing: ${PACKAGE_PATH} not found. Build the npm package `
      + '(pkg/node) first, or set SLB_TEST_REFERENCE_SIGNER=1 to run these tests with the interim reference signer.',
  };
}

const loaded = load();

/** Which signer is in use, or null when none is available. */
export const signerName = loaded.name ?? null;

/**
 * signRpc({ method, endpoint, accessKeyId, accessKeySecret, securityToken, params })
 *   -> { method, url, body, headers, params, canonicalQuery, stringToSign, signature }
 * Throws when no signer is available, so that the tests using it fail rather than skip.
 */
export function signRpc(opts) {
  if (loaded.error) throw new Error(loaded.error);
  return loaded.sign(opts);
}
