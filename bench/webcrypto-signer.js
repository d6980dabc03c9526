// The browser baseline: RPC signature v1 in plain JavaScript with WebCrypto, as a careful
// page would write it without this package. The key is imported once; each signing is
// awaited (crypto.subtle.sign is asynchronous).

const SLB_ENDPOINT = 'https://slb.aliyuncs.com'; // cn-hangzhou
const SLB_VERSION = '2014-05-15';

/** RFC 3986 percent-encoding of UTF-8: only A-Z a-z 0-9 - _ . ~ stay. */
export function percentEncode(text) {
  // encodeURIComponent leaves !'()* alone: the signature needs them encoded.
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function base64(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

/** A signer for one key pair: `sign` (any RPC request) and `addVServerGroupBackendServers`. */
export async function createWebCryptoSigner({ accessKeyId, accessKeySecret }) {
  const key = await crypto.subtle.importKey(
    'raw', new TextEncoder().encode(`${accessKeySecret}&`), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign'],
  );
  const encoder = new TextEncoder();

  /** `params`: every parameter but AccessKeyId and Signature, as strings. */
  async function sign(method, endpoint, params) {
    const all = { ...params, AccessKeyId: accessKeyId };
    // Names sort by UTF-16 code units, which is what Array#sort does with strings.
    const names = Object.keys(all).sort();
    const pairs = names.map((name) => `${percentEncode(name)}=${percentEncode(all[name])}`);
    const canonicalQuery = pairs.join('&');
    const stringToSign = `${method}&%2F&${percentEncode(canonicalQuery)}`;
    const signature = base64(await crypto.subtle.sign('HMAC', key, encoder.encode(stringToSign)));
    return { url: `${endpoint}/?${canonicalQuery}&Signature=${percentEncode(signature)}`, signature, stringToSign };
  }

  /** GET, Format JSON; `servers`: the API's entries ({ServerId, Port, Weight}). */
  function addVServerGroupBackendServers(regionId, vServerGroupId, servers, { timestamp, nonce }) {
    return sign('GET', SLB_ENDPOINT, {
      Action: 'AddVServerGroupBackendServers',
      Version: SLB_VERSION,
      Format: 'JSON',
      RegionId: regionId,
      VServerGroupId: vServerGroupId,
      BackendServers: JSON.stringify(servers),
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: nonce,
      Timestamp: timestamp,
    });
  }

  return { sign, addVServerGroupBackendServers };
}
