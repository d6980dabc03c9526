// Shared by the credential and command tests: a temporary HOME with the aliyun CLI's config
// and the INI file, an environment that reaches nothing off 127.0.0.1, and the emulator.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// This file runs from target/package-test/test/ (see install-packed.mjs).
const www = new URL('../../../www/', import.meta.url);
export const { createEmulator } = await import(new URL('emulator.mjs', www));

export const ROLE_ARN = 'acs:ram::1234567890123456:role/slb-operator';
export const OIDC_PROVIDER_ARN = 'acs:ram::1234567890123456:oidc-provider/ack-rrsa';

/** A fresh HOME: `{ home, cleanup }`, with `config` (~/.aliyun/config.json) and `ini` (~/.alibabacloud/credentials) when given. */
export function makeHome({ config, ini, files = {} } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'slb-home-'));
  if (config !== undefined) {
    mkdirSync(join(home, '.aliyun'));
    writeFileSync(join(home, '.aliyun', 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  }
  if (ini !== undefined) {
    mkdirSync(join(home, '.alibabacloud'));
    writeFileSync(join(home, '.alibabacloud', 'credentials'), ini);
  }
  for (const [name, text] of Object.entries(files)) writeFileSync(join(home, name), text);
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

/** The aliyun CLI's config.json with these profiles, the first current. */
export const cliConfig = (...profiles) => ({ current: profiles[0].name, profiles, meta_path: '' });

/** fetch that refuses anything but 127.0.0.1: no test reaches the cloud or 100.100.100.200. */
export function loopbackFetch(seen = []) {
  return (url, init) => {
    const { hostname } = new URL(url);
    if (hostname !== '127.0.0.1') throw new Error(`a test tried to reach ${hostname}`);
    seen.push(String(url));
    return fetch(url, init);
  };
}

/**
 * The environment of a child process: PATH and the test's own variables, never the real
 * HOME or the machine's Alibaba Cloud variables; the metadata service off unless given.
 */
export function isolatedEnv(home, vars = {}) {
  return { PATH: process.env.PATH, HOME: home, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ...vars };
}
