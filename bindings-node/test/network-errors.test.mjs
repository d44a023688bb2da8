// How the transport names failures, from the errors Node, OpenSSL and undici raise: a client key
// or certificate OpenSSL cannot load at the handshake (the live mTLS test covers the failures
// found before connecting), socket errors at the proxy's address, timeouts and cut bodies
// (transport.test.mjs covers them against real servers).
import assert from 'node:assert/strict';
import test from 'node:test';
import * as transport from '../lib/transport.js';
import { bodyError, networkError } from '../lib/transport.js';

const fail = (message, code) => Object.assign(new Error(message), code ? { code } : {});

test('a key OpenSSL cannot decrypt at the handshake is a wrong passphrase', () => {
  const e = networkError(fail('error:1C800064:Provider routines::bad decrypt', 'ERR_OSSL_BAD_DECRYPT'), 'https://gw.corp:8443/v1/messages', null);
  assert.equal(e.code, 'MTLS_PASSPHRASE_WRONG');
  assert.equal(e.envVar, 'CLAUDE_CODE_CLIENT_KEY_PASSPHRASE');
  assert.match(e.help, /^Check CLAUDE_CODE_CLIENT_KEY_PASSPHRASE/);
});

test('a key OpenSSL cannot load at all names the key file, not the passphrase', () => {
  const e = networkError(fail('error:1E08010C:DECODER routines::unsupported', 'ERR_OSSL_UNSUPPORTED'), 'https://gw.corp:8443/v1/messages', null);
  assert.equal(e.code, 'CERT_FILE_INVALID');
  assert.equal(e.envVar, 'CLAUDE_CODE_CLIENT_KEY');
  assert.match(e.message, /client key could not be loaded/);
});

test('a certificate OpenSSL cannot parse names the certificate variable', () => {
  for (const [message, code] of [['error:0480006C:PEM routines::no start line', 'ERR_OSSL_PEM_NO_START_LINE'], ['error:068000A8:asn1 encoding routines::wrong tag', 'ERR_OSSL_ASN1_WRONG_TAG']]) {
    const e = networkError(fail(message, code), 'https://gw.corp:8443/v1/messages', null);
    assert.equal(e.code, 'CERT_FILE_INVALID', message);
    assert.equal(e.envVar, 'CLAUDE_CODE_CLIENT_CERT');
  }
});

test('a refused connection is NETWORK_UNREACHABLE with the host', () => {
  const e = networkError(fail('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'), 'https://127.0.0.1:9/v1/messages', null);
  assert.equal(e.code, 'NETWORK_UNREACHABLE');
  assert.match(e.message, /^127\.0\.0\.1:9 could not be reached/);
});

test('a key that does not belong to the certificate names the key, and other OpenSSL failures are not network errors', () => {
  const mismatch = networkError(fail('error:05800074:x509 certificate routines::key values mismatch', 'ERR_OSSL_X509_KEY_VALUES_MISMATCH'), 'https://gw.corp:8443/v1/messages', null);
  assert.equal(mismatch.code, 'CERT_FILE_INVALID');
  assert.equal(mismatch.envVar, 'CLAUDE_CODE_CLIENT_KEY');
  assert.match(mismatch.message, /does not belong to the client certificate/);
  const other = networkError(fail('error:05800065:x509 certificate routines::cert already in hash table', 'ERR_OSSL_X509_CERT_ALREADY_IN_HASH_TABLE'), 'https://gw.corp:8443/v1/messages', null);
  assert.equal(other.code, 'CERT_FILE_INVALID');
  assert.notEqual(other.code, 'NETWORK_UNREACHABLE');
});

const route = (url) => ({ url, displayUrl: url, envVar: 'HTTPS_PROXY' });
const sysError = (props) => Object.assign(new Error(`${props.syscall} ${props.code} ${props.address ?? props.hostname}${props.port ? `:${props.port}` : ''}`), props);

test('a refused loopback endpoint (a local gateway not running) is told to start it, not to set a proxy; a remote host keeps the network advice', () => {
  for (const url of ['http://localhost:4000/v1/messages', 'http://127.0.0.1:4000/v1/messages', 'http://[::1]:4000/v1/messages']) {
    const e = networkError(fail(`connect ECONNREFUSED ${url.split('/')[2]}`, 'ECONNREFUSED'), url, null);
    assert.equal(e.code, 'NETWORK_UNREACHABLE', url);
    assert.match(e.help, /is on this machine: the local gateway or server the endpoint URL names is not running, or is not listening on port 4000/, url);
    assert.doesNotMatch(e.help, /HTTPS_PROXY|proxy/i, url);
  }
  const remote = networkError(fail('connect ECONNREFUSED 10.0.0.9:443', 'ECONNREFUSED'), 'https://gw.corp/v1/messages', null);
  assert.match(remote.help, /behind a corporate proxy set HTTPS_PROXY/);
  // Through a proxy, the proxy carries loopback traffic too (SPEC §7): its advice stands.
  const viaProxy = networkError(fail('connect ECONNREFUSED 127.0.0.1:4000', 'ECONNREFUSED'), 'http://localhost:4000/v1/messages', route('http://proxy.corp:3128'));
  assert.doesNotMatch(viaProxy.help, /is on this machine/);
});

test('a socket error at the proxy\'s address is PROXY_UNREACHABLE, whatever the proxy URL spells (IPv6, host name, default port)', () => {
  for (const [proxy, err] of [
    ['http://[::1]:3128', sysError({ code: 'ECONNREFUSED', syscall: 'connect', address: '::1', port: 3128 })],
    ['http://proxy.corp:3128', sysError({ code: 'ECONNREFUSED', syscall: 'connect', address: '10.0.0.7', port: 3128 })],
    ['http://proxy.corp', sysError({ code: 'ETIMEDOUT', syscall: 'connect', address: '10.0.0.7', port: 80 })],
    ['http://proxy.corp:3128', sysError({ code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: 'proxy.corp' })],
  ]) {
    const e = networkError(err, 'https://api.anthropic.com/v1/messages', route(proxy));
    assert.equal(e.code, 'PROXY_UNREACHABLE', `${proxy}: ${e.message}`);
    assert.equal(e.envVar, 'HTTPS_PROXY');
  }
  // Another address or port is not the proxy's.
  const other = networkError(sysError({ code: 'ECONNREFUSED', syscall: 'connect', address: '127.0.0.2', port: 3128 }), 'https://api.anthropic.com/v1/messages', route('http://127.0.0.1:3128'));
  assert.equal(other.code, 'NETWORK_UNREACHABLE');
});

test('"407" in a message is not a 407 answer: only the proxy\'s status counts', () => {
  const down = networkError(sysError({ code: 'ECONNREFUSED', syscall: 'connect', address: '127.0.0.1', port: 14070 }), 'https://api.anthropic.com/v1/messages', route('http://127.0.0.1:14070'));
  assert.equal(down.code, 'PROXY_UNREACHABLE');
  const tunnel = networkError(Object.assign(new Error('Proxy response (407) !== 200 when HTTP Tunneling'), { code: 'UND_ERR_ABORTED' }), 'https://api.anthropic.com/v1/messages', route('http://127.0.0.1:3128'));
  assert.equal(tunnel.code, 'PROXY_AUTH_FAILED');
});

test('a CONNECT answered 502, 503 or 504 says the proxy could not reach the host; another status that it would not open the tunnel', () => {
  const answered = (status) => Object.assign(new Error(`Proxy response (${status}) !== 200 when HTTP Tunneling`), { code: 'UND_ERR_ABORTED' });
  for (const [status, reason] of [[502, /Bad Gateway/], [503, /Service Unavailable/], [504, /Gateway Timeout: its connection to the host timed out/]]) {
    const e = networkError(answered(status), 'https://gw.corp:8443/v1/messages', route('http://127.0.0.1:3128'));
    assert.equal(e.code, 'PROXY_UNREACHABLE', String(status));
    assert.equal(e.envVar, 'HTTPS_PROXY');
    assert.match(e.message, new RegExp(`^The proxy http://127\\.0\\.0\\.1:3128 \\(HTTPS_PROXY\\) could not reach gw\\.corp:8443: it answered the CONNECT with HTTP ${status} `));
    assert.match(e.message, reason);
    assert.match(e.help, /allows CONNECT to gw\.corp:8443, or add gw\.corp:8443 to NO_PROXY/);
  }
  const refused = networkError(answered(403), 'https://gw.corp/v1/messages', route('http://127.0.0.1:3128'));
  assert.equal(refused.code, 'PROXY_UNREACHABLE');
  assert.equal(refused.message, 'The proxy http://127.0.0.1:3128 (HTTPS_PROXY) did not open a tunnel to gw.corp: it answered HTTP 403.');
});

test('an error whose code is not a string (a DOMException\'s 20) does not break the classification', () => {
  const abort = new DOMException('This operation was aborted', 'AbortError');
  const e = networkError(Object.assign(new Error('wrapped', { cause: abort })), 'https://gw.corp/v1/messages', null);
  assert.equal(e.code, 'NETWORK_UNREACHABLE');
});

test('timeouts and a cut body are named as such (the host was reached)', () => {
  const headers = networkError(Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), 'https://gw.corp/v1/messages', null, 1000);
  assert.equal(headers.code, 'REQUEST_TIMEOUT');
  assert.equal(headers.envVar, 'API_TIMEOUT_MS');
  assert.match(headers.message, /^gw\.corp accepted the request but sent no response within the timeout \(1000 ms, API_TIMEOUT_MS\)/);
  const body = bodyError(Object.assign(new Error('Body Timeout Error'), { code: 'UND_ERR_BODY_TIMEOUT' }), 'https://gw.corp/v1/messages', null, 1000);
  assert.equal(body.code, 'REQUEST_TIMEOUT');
  const cut = bodyError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }), 'https://gw.corp/v1/messages', null);
  assert.equal(cut.code, 'STREAM_TRUNCATED');
  assert.match(cut.message, /^The connection to gw\.corp closed before the response was complete: other side closed \(UND_ERR_SOCKET\)\.$/);
  const bug = new TypeError('not a network error');
  assert.equal(bodyError(bug, 'https://gw.corp/v1/messages', null), bug);
});

test('building the TLS context: "bad decrypt" is a missing passphrase when none is set, a wrong one otherwise; a file that cannot be loaded is named', () => {
  const { tlsContextError } = transport;
  assert.equal(typeof tlsContextError, 'function');
  const files = { certVar: 'CLAUDE_CODE_CLIENT_CERT', certShown: 'certs/client.pem (/p/certs/client.pem)', keyVar: 'CLAUDE_CODE_CLIENT_KEY', keyShown: 'certs/client.key (/p/certs/client.key)' };
  const badDecrypt = fail('error:1C800064:Provider routines::bad decrypt', 'ERR_OSSL_BAD_DECRYPT');
  const missing = tlsContextError(badDecrypt, files);
  assert.equal(missing.code, 'MTLS_PASSPHRASE_MISSING');
  assert.equal(missing.envVar, 'CLAUDE_CODE_CLIENT_KEY_PASSPHRASE');
  assert.match(missing.message, /certs\/client\.key .*CLAUDE_CODE_CLIENT_KEY_PASSPHRASE is not set/);
  assert.match(missing.help, /^Set CLAUDE_CODE_CLIENT_KEY_PASSPHRASE/);
  const wrong = tlsContextError(badDecrypt, { ...files, passphrase: 'CANARY-pass' });
  assert.equal(wrong.code, 'MTLS_PASSPHRASE_WRONG');
  assert.ok(!`${wrong.message} ${wrong.help}`.includes('CANARY'));
  const cert = tlsContextError(fail('error:0480006C:PEM routines::no start line', 'ERR_OSSL_PEM_NO_START_LINE'), files);
  assert.equal(cert.code, 'CERT_FILE_INVALID');
  assert.equal(cert.envVar, 'CLAUDE_CODE_CLIENT_CERT');
  assert.match(cert.message, /^The client certificate certs\/client\.pem \(\/p\/certs\/client\.pem\) could not be loaded/);
  const key = tlsContextError(fail('error:1E08010C:DECODER routines::unsupported', 'ERR_OSSL_UNSUPPORTED'), files);
  assert.equal(key.envVar, 'CLAUDE_CODE_CLIENT_KEY');
  assert.match(key.message, /^The client key certs\/client\.key .* could not be loaded/);
  // Whatever else fails while building it is the files', never the network's.
  const other = tlsContextError(new TypeError('something else'), files);
  assert.equal(other.code, 'CERT_FILE_INVALID');
});

test('a direct connect timeout no connector marked (the auth libraries\' agent\'s) is REQUEST_TIMEOUT: the TCP connect for plain http, the TCP connect or the TLS handshake for https, naming the addresses undici tried; through a proxy it is not the endpoint\'s', () => {
  const timedOut = (message) => Object.assign(new Error(message), { code: 'UND_ERR_CONNECT_TIMEOUT' });
  const tried = timedOut('Connect Timeout Error (attempted addresses: 10.0.0.7:443, [fd00::7]:443, timeout: 10000ms)');
  const https = networkError(tried, 'https://gw.corp/v1/messages', null, 10_000);
  assert.equal(https.code, 'REQUEST_TIMEOUT');
  assert.equal(https.envVar, 'API_TIMEOUT_MS');
  assert.equal(https.message, 'gw.corp did not answer the TCP connect or the TLS handshake within 10000 ms (tried 10.0.0.7:443, [fd00::7]:443).');
  assert.match(https.help, /^Check that gw\.corp:443 serves https .*The limit is API_TIMEOUT_MS, at most 60000 ms\.$/);
  // The connect timeout is API_TIMEOUT_MS up to a minute.
  const plain = networkError(timedOut('Connect Timeout Error (timeout: 60000ms)'), 'http://gw.corp:4000/v1/messages', null, 600_000);
  assert.equal(plain.code, 'REQUEST_TIMEOUT');
  assert.equal(plain.message, 'gw.corp:4000 did not answer the TCP connect within 60000 ms: nothing accepted the connection.');
  assert.match(plain.help, /connections to gw\.corp:4000 through .*set HTTP_PROXY\./);
  assert.doesNotMatch(`${plain.message} ${plain.help}`, /TLS/);
  const proxied = networkError(timedOut('Connect Timeout Error (timeout: 1000ms)'), 'https://gw.corp/v1/messages', route('http://127.0.0.1:3128'), 1000);
  assert.notEqual(proxied.code, 'REQUEST_TIMEOUT');
});
