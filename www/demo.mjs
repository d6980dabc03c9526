// Starts the SLB emulator and the static/proxy server together, the emulator's origin
// allowed as a proxy target. PORT (8080) and EMULATOR_PORT (8081), EMULATOR_KEYS as for
// emulator.mjs, ALLOWED_HOSTS as for server.mjs.

import { createEmulator } from './emulator.mjs';
import { createServer, parseAllowedHosts } from './server.mjs';

const emulator = createEmulator({ keys: process.env.EMULATOR_KEYS || 'testid:testsecret' });
const emulatorUrl = await emulator.listen(Number(process.env.EMULATOR_PORT || 8081), '127.0.0.1');
const app = createServer({ emulatorOrigin: emulatorUrl, allowedHosts: parseAllowedHosts(process.env.ALLOWED_HOSTS) });
const url = await app.listen(Number(process.env.PORT || 8080), '127.0.0.1');

console.log(`Open ${url}/`);
console.log(`SLB emulator at ${emulatorUrl}/ (use it as the endpoint; requests go through ${url}/proxy)`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await Promise.all([app.close(), emulator.close()]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
