// Node only: credentials that never show their secret, the default credential chain of the
// official Alibaba Cloud libraries (see sources.cjs for each source), and a cache that
// refreshes temporary credentials before they expire.
'use strict';
const { inspect } = require('node:util');
const { readFile } = require('node:fs/promises');
const { homedir } = require('node:os');
const { SlbError } = require('./api.cjs');

const REDACTED = '<redacted>';

/**
 * AccessKey credentials whose secret and token are private: `util.inspect`, `JSON.stringify`
 * and `String()` show the key id, the source and the expiry, never the secret or the token.
 */
class Credentials {
  #secret;
  #token;
  constructor({ accessKeyId, accessKeySecret, securityToken, expiration, source }) {
    if (typeof accessKeyId !== 'string' || !accessKeyId || typeof accessKeySecret !== 'string' || !accessKeySecret) {
      throw new SlbError('InvalidCredentials', `${source ?? 'the source'} gave no AccessKey id and secret`, { path: 'credentials' });
    }
    this.accessKeyId = accessKeyId;
    this.#secret = accessKeySecret;
    this.#token = securityToken || undefined;
    if (expiration !== undefined) this.expiration = expiration;
    if (source !== undefined) this.source = source;
    Object.freeze(this);
  }
  get accessKeySecret() { return this.#secret; }
  get securityToken() { return this.#token; }
  toJSON() {
    return { accessKeyId: this.accessKeyId, accessKeySecret: REDACTED, ...(this.#token && { securityToken: REDACTED }),
      ...(this.source && { source: this.source }), ...(this.expiration && { expiration: this.expiration }) };
  }
  toString() { return `Credentials(${this.accessKeyId}${this.source ? ` from ${this.source}` : ''})`; }
  [inspect.custom]() { return `Credentials ${inspect(this.toJSON())}`; }
}

/** What the chain reads: tests pass their own (a temporary HOME, no network but 127.0.0.1). */
function nodeContext() {
  return {
    env: process.env,
    homedir: () => homedir(),
    readFile: (path) => readFile(path, 'utf8'),
    fetch: (url, init) => fetch(url, init),
    now: () => Date.now(),
  };
}

/** A source that gives nothing: the chain notes `reason` and tries the next one. */
class Skip extends Error {}
const skip = (reason) => new Skip(reason);

// Temporary credentials are refreshed this long before they expire (the official libraries:
// 15 minutes for STS, an hour for the metadata service), or halfway through shorter lives.
const STS_MARGIN_MS = 15 * 60 * 1000;

/**
 * Caches what `fetchCredentials()` gives (a Credentials with `expiration`) and fetches anew
 * `marginMs` before it expires; concurrent callers share one fetch. A failed refresh keeps
 * credentials that have not expired yet.
 */
function refreshing(fetchCredentials, { now, marginMs = STS_MARGIN_MS }) {
  let current = null;
  let staleAt = 0;
  let expiresAt = 0;
  let pending = null;
  async function refresh() {
    const fetchedAt = now();
    try {
      const fresh = await fetchCredentials();
      expiresAt = fresh.expiration ? Date.parse(fresh.expiration) : Infinity;
      staleAt = expiresAt - Math.min(marginMs, (expiresAt - fetchedAt) / 2);
      current = fresh;
      return fresh;
    } catch (error) {
      if (current && now() < expiresAt) return current;
      throw error;
    } finally {
      pending = null;
    }
  }
  return () => {
    if (current && now() < staleAt) return Promise.resolve(current);
    pending ??= refresh();
    return pending;
  };
}

/** `error`'s message for the list of sources tried (an SlbError's or a Skip's own words). */
function reasonOf(error) {
  return error instanceof Skip || error instanceof SlbError ? error.message : `failed: ${error?.message ?? error}`;
}

/**
 * A provider (`getCredential()`) trying `sources` in order; the first that gives credentials
 * is used from then on. When none does, `NoCredentials` lists each source and why.
 */
function chainProvider(sources, context) {
  let chosen = null;
  async function getCredential() {
    if (chosen) return chosen(context);
    const tried = [];
    for (const source of sources) {
      try {
        const credentials = await source.load(context);
        chosen = source.load;
        return credentials;
      } catch (error) {
        tried.push({ source: source.name, reason: reasonOf(error) });
      }
    }
    const lines = tried.map((t) => `  - ${t.source}: ${t.reason}`).join('\n');
    throw Object.assign(new SlbError('NoCredentials', `no credentials found; the sources tried:\n${lines}`), { sources: tried });
  }
  return { getCredential, sources: sources.map((s) => s.name) };
}

/**
 * The default chain as a provider: `{ getCredential() }`. Options: `profile` (the aliyun
 * CLI profile and INI section), `context` (what is read: see nodeContext), and
 * `stsEndpoint` / `metadataEndpoint` (tests and the demo: a local emulator instead of the
 * cloud; also `ALIYUN_SLB_STS_ENDPOINT` / `ALIYUN_SLB_METADATA_ENDPOINT`).
 */
function defaultCredentialsProvider(options = {}) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new SlbError('InvalidInput', 'the options must be an object such as { profile }', { path: 'options' });
  }
  // Required here, not at the top: sources.cjs uses this file's helpers.
  const { defaultSources } = require('./sources.cjs');
  const context = { ...nodeContext(), ...options.context };
  return chainProvider(defaultSources(options, context), context);
}

module.exports = { Credentials, nodeContext, skip, refreshing, chainProvider, defaultCredentialsProvider, STS_MARGIN_MS };
