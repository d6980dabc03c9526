// In-memory stand-in for the SLB RPC endpoint, with its own server-side signature check.
// The pieces live in emulator/; this entry point re-exports what other code imports and
// runs the command line.

import { fileURLToPath } from 'node:url';
import { createEmulator } from './emulator/server.mjs';
import { parseFaults } from './emulator/faults.mjs';

export { decodeForm } from './lib/form.mjs';
export { canonicalQuery, computeSignature, percentEncode, stringToSign, verifySignature } from './emulator/verifier.mjs';
export { parseKeys, TIMESTAMP_WINDOW_MS } from './emulator/auth.mjs';
export { FAULT_ERRORS, FAULTS_PATH, FaultConfigError, parseFaults } from './emulator/faults.mjs';
export { API_VERSION, createEmulator } from './emulator/server.mjs';

// CLI: node emulator.mjs   (EMULATOR_PORT, default 8081; EMULATOR_KEYS, default testid:testsecret;
// EMULATOR_FAULTS, a fault config as JSON, default none)
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let faults;
  try { faults = parseFaults(process.env.EMULATOR_FAULTS || '{}'); } catch (err) {
    console.error(`EMULATOR_FAULTS: ${err.message}`);
    process.exit(2);
  }
  const emulator = createEmulator({ keys: process.env.EMULATOR_KEYS || 'testid:testsecret', faults });
  const url = await emulator.listen(Number(process.env.EMULATOR_PORT || 8081), '127.0.0.1');
  console.log(`SLB emulator listening on ${url}/`);
  const stop = () => { emulator.close().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
