// The PEM files the configuration names are read by the package and checked by the core.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { loadConfig, validate } from 'claude-provider';
import { sandbox } from './helpers.mjs';

test('a missing CA file, a client cert that is not PEM and an encrypted key without passphrase are reported', (t) => {
  const { dir, base } = sandbox(t);
  const cert = join(dir, 'client.pem');
  const key = join(dir, 'client.key');
  writeFileSync(cert, 'not a certificate\n');
  writeFileSync(key, '-----BEGIN ENCRYPTED PRIVATE KEY-----\nCANARY-PEM-5c7e\n-----END ENCRYPTED PRIVATE KEY-----\n');
  const env = {
    ...base.env,
    ANTHROPIC_API_KEY: 'k',
    NODE_EXTRA_CA_CERTS: join(dir, 'missing-ca.pem'),
    CLAUDE_CODE_CLIENT_CERT: cert,
    CLAUDE_CODE_CLIENT_KEY: key,
  };
  const r = validate({ ...base, env });
  const byVar = Object.fromEntries(r.problems.filter((p) => ['CERT_FILE_INVALID', 'MTLS_PASSPHRASE_MISSING'].includes(p.code)).map((p) => [p.envVar, p.code]));
  assert.deepEqual(byVar, {
    NODE_EXTRA_CA_CERTS: 'CERT_FILE_INVALID',
    CLAUDE_CODE_CLIENT_CERT: 'CERT_FILE_INVALID',
    CLAUDE_CODE_CLIENT_KEY_PASSPHRASE: 'MTLS_PASSPHRASE_MISSING',
  });
  assert.ok(!JSON.stringify(r).includes('5c7e'), 'the key text never shows');
  // The loaded configuration carries the files, the missing one without text.
  const { config } = loadConfig({ ...base, env });
  assert.deepEqual(config.pemFiles?.map((f) => [f.path, typeof f.text, f.unreadable]), [
    [env.NODE_EXTRA_CA_CERTS, 'undefined', 'notFound'],
    [cert, 'string', undefined],
    [key, 'string', undefined],
  ]);
  assert.match(r.problems.find((p) => p.envVar === 'NODE_EXTRA_CA_CERTS').message, /missing-ca\.pem: the file does not exist\./);
  // A directory where a file belongs is named as such.
  const asDir = validate({ ...base, env: { ...env, NODE_EXTRA_CA_CERTS: dir } });
  assert.match(asDir.problems.find((p) => p.envVar === 'NODE_EXTRA_CA_CERTS').message, /: the path is a directory, not a file\./);
  // With a passphrase and a real-looking CA the same configuration is quiet about them.
  writeFileSync(join(dir, 'missing-ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  const quiet = validate({ ...base, env: { ...env, CLAUDE_CODE_CLIENT_KEY_PASSPHRASE: 'p', CLAUDE_CODE_CLIENT_CERT: join(dir, 'missing-ca.pem') } });
  assert.deepEqual(quiet.problems.filter((p) => ['CERT_FILE_INVALID', 'MTLS_PASSPHRASE_MISSING'].includes(p.code)), []);
});

test('a relative path is read from the project directory (LoadOptions.cwd) and kept as configured', (t) => {
  const { base } = sandbox(t);
  mkdirSync(join(base.cwd, 'certs'));
  writeFileSync(join(base.cwd, 'certs', 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  writeFileSync(join(base.cwd, '.claude', 'settings.json'), JSON.stringify({ env: { ANTHROPIC_API_KEY: 'k', NODE_EXTRA_CA_CERTS: 'certs/ca.pem' } }));
  assert.notEqual(process.cwd(), base.cwd);
  const { config } = loadConfig(base);
  assert.deepEqual(config.pemFiles?.map((f) => [f.path, typeof f.text]), [['certs/ca.pem', 'string']]);
  assert.deepEqual(validate(base).problems.filter((p) => p.code === 'CERT_FILE_INVALID'), []);
});
