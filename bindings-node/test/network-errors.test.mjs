// How the transport names a client key or certificate OpenSSL cannot load at the handshake
// (the live mTLS test covers the failures found before connecting).
import assert from 'node:assert/strict';
import test from 'node:test';
import { networkError } from '../lib/transport.js';

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
