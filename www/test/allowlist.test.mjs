// The proxy's allow-list and log redaction as pure functions.

import test from 'node:test';
import assert from 'node:assert/strict';
import { isAllowedTarget, redactUrl } from '../server.mjs';

const emulatorOrigin = 'http://127.0.0.1:8081';
const check = (url) => isAllowedTarget(url, { emulatorOrigin });

const allowed = [
  ['https://slb.aliyuncs.com', '/'],
  ['https://slb.aliyuncs.com/', '/'],
  ['https://slb.aliyuncs.com/?Action=X&Signature=a%2Bb%3D', '/?Action=X&Signature=a%2Bb%3D'],
  ['https://slb.aliyuncs.com?A=1', '/?A=1'],
  ['https://slb.cn-hangzhou.aliyuncs.com/', '/'],
  ['https://slb.ap-southeast-1.aliyuncs.com/?A=%20', '/?A=%20'],
  ['https://slb-vpc.cn-shanghai.aliyuncs.com/', '/'],
  ['http://127.0.0.1:8081/?A=%7E~%2B+', '/?A=%7E~%2B+'],
  ['http://127.0.0.1:8081', '/'],
];
for (const [url, path] of allowed) {
  test(`allowed: ${url}`, () => {
    const v = check(url);
    assert.equal(v.ok, true, v.reason);
    assert.equal(v.target.path, path);
  });
}

const refused = [
  // [url, status, why]
  [undefined, 400, 'missing'],
  ['', 400, 'empty'],
  ['not a url', 400, 'unparsable'],
  ['https://', 400, 'no host'],
  ['https://example.com/', 403, 'other host'],
  ['https://ecs.aliyuncs.com/', 403, 'other Alibaba service'],
  ['http://slb.aliyuncs.com/', 403, 'http to a real endpoint'],
  ['http://slb.cn-hangzhou.aliyuncs.com/', 403, 'http to a regional endpoint'],
  ['https://user:pw@slb.aliyuncs.com/', 403, 'user info'],
  ['https://user@slb.aliyuncs.com/', 403, 'user name'],
  ['https://slb.aliyuncs.com:8443/', 403, 'other port'],
  ['https://slb.aliyuncs.com:443/', 403, 'explicit default port'],
  ['https://slb.aliyuncs.com:/', 403, 'empty port'],
  ['https://47.98.1.1/', 403, 'IPv4 literal'],
  ['https://[::1]/', 403, 'IPv6 literal'],
  ['https://2130706433/', 403, 'decimal IPv4'],
  ['https://0x7f.1/', 403, 'hex IPv4'],
  ['https://slb.aliyuncs.com.example.com/', 403, 'lookalike suffix'],
  ['https://evil-slb.aliyuncs.com/', 403, 'lookalike prefix'],
  ['https://slb.aliyuncs.com./', 403, 'trailing dot'],
  ['https://slb.cn_hangzhou.aliyuncs.com/', 403, 'underscore region'],
  ['https://slb.-x.aliyuncs.com/', 403, 'bad region'],
  ['https://a.slb.aliyuncs.com/', 403, 'subdomain'],
  ['https://slb%2Ealiyuncs.com/', 403, 'encoded dot in host'],
  ['ftp://slb.aliyuncs.com/', 403, 'ftp'],
  ['file:///etc/passwd', 403, 'file'],
  ['javascript:alert(1)', 403, 'javascript'],
  ['data:text/plain,x', 403, 'data'],
  ['https:slb.aliyuncs.com/', 403, 'no slashes'],
  ['https:\\\\slb.aliyuncs.com\\', 403, 'backslashes'],
  ['https://evil.com\\@slb.aliyuncs.com/', 403, 'backslash before @'],
  ['https://slb.aliyuncs.com\\.evil.com/', 403, 'backslash in host'],
  ['https://slb.aliyun\tcs.com/', 403, 'tab (WHATWG drops it)'],
  ['https://slb.aliyuncs.com/\n', 403, 'newline'],
  [' https://slb.aliyuncs.com/', 403, 'leading space'],
  ['https://slb.aliyuncs.com/?a=b c', 403, 'raw space'],
  ['https://slb.aliyuncs.com/?a=中', 403, 'non-ASCII'],
  ['HTTPS://slb.aliyuncs.com/', 403, 'upper-case scheme'],
  ['https://SLB.ALIYUNCS.COM/', 403, 'upper-case host'],
  ['https://Slb.cn-hangzhou.aliyuncs.com/', 403, 'mixed-case host'],
  ['https://slb.aliyuncs.com/api', 403, 'other path'],
  ['https://slb.aliyuncs.com//', 403, 'double slash path'],
  ['https://slb.aliyuncs.com/./', 403, 'dot segment'],
  ['https://slb.aliyuncs.com/%2e%2e/', 403, 'encoded dot-dot'],
  ['https://slb.aliyuncs.com/#x', 403, 'fragment'],
  ['https://slb.aliyuncs.com/?a=1#x', 403, 'fragment after query'],
  ['http://127.0.0.1:8082/', 403, 'emulator host, other port'],
  ['https://127.0.0.1:8081/', 403, 'emulator port, other scheme'],
  ['http://localhost:8081/', 403, 'emulator by another name'],
  ['http://127.0.0.1:08081/', 403, 'emulator port spelled differently'],
  ['http://127.0.0.1:8081/admin', 403, 'emulator, other path'],
  ['http://u@127.0.0.1:8081/', 403, 'emulator with user info'],
];
for (const [url, status, why] of refused) {
  test(`refused (${why}): ${JSON.stringify(url)} -> ${status}`, () => {
    const v = check(url);
    assert.equal(v.ok, false);
    assert.equal(v.status, status, v.reason);
    assert.equal(typeof v.reason, 'string');
  });
}

test('without an emulator origin, 127.0.0.1 is refused', () => {
  assert.equal(isAllowedTarget('http://127.0.0.1:8081/').ok, false);
  assert.equal(isAllowedTarget('https://slb.aliyuncs.com/').ok, true);
});

test('redactUrl hides Signature, SecurityToken and user info, keeps the rest', () => {
  assert.equal(
    redactUrl('https://u:pw@slb.aliyuncs.com/?A=1&Signature=abc%2B%3D&SecurityToken=tok%20en&B=2#frag'),
    'https://***@slb.aliyuncs.com/?A=1&Signature=***&SecurityToken=***&B=2',
  );
  // Names spelled with escapes or another case still count.
  assert.equal(redactUrl('http://h/?Signatur%65=x&securitytoken=y&signature'), 'http://h/?Signatur%65=***&securitytoken=***&signature=***');
  assert.equal(redactUrl('http://h/'), 'http://h/');
});
