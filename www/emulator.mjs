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

/** parse(value of `name`), or exit 2 naming the variable and what is wrong. */
function fromEnv(name, parse) {
  try { return parse(process.env[name]); } catch (err) {
    console.error(`${name}: ${err.message}`);
    return process.exit(2);
  }
}

// CLI: node emulator.mjs   (EMULATOR_PORT, default 8081; EMULATOR_KEYS, default testid:testsecret;
// EMULATOR_FAULTS, a fault config as JSON, default none; EMULATOR_PROCESSING_MS, how long a
// VServer group refuses changes after one, default 0)
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const faults = fromEnv('EMULATOR_FAULTS', (text) => parseFaults(text || '{}'));
  const processingMs = fromEnv('EMULATOR_PROCESSING_MS', (text) => (text ? parseFaults({ processingMs: Number(text) }).processingMs : undefined));
  const emulator = createEmulator({ keys: process.env.EMULATOR_KEYS || 'testid:testsecret', faults, processingMs });
  const url = await emulator.listen(Number(process.env.EMULATOR_PORT || 8081), '127.0.0.1');
  console.log(`SLB emulator listening on ${url}/`);
  const stop = () => { emulator.close().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
