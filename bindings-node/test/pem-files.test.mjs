// The PEM files the configuration names are read by the package and checked by the core.
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { loadConfig, validate } from 'claude-provider';
import { makeCerts } from './fakes.mjs';
import { runCli, sandbox } from './helpers.mjs';

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
  // (That fake key is not one OpenSSL can decrypt, so the passphrase is the wrong one for it.)
  assert.deepEqual(quiet.problems.filter((p) => p.code === 'MTLS_PASSPHRASE_WRONG').map((p) => p.envVar), ['CLAUDE_CODE_CLIENT_KEY_PASSPHRASE']);
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

test('the client key is loaded as TLS will: a wrong passphrase and a key from another pair are reported, a right pair is not', async (t) => {
  const { dir, base } = sandbox(t);
  const certs = makeCerts(dir);
  const canary = 'CANARY-pass-4b2e';
  const mtls = (p) => p.code.startsWith('MTLS_') || p.code === 'CERT_FILE_INVALID';
  const check = (vars) => validate({ ...base, env: { ...base.env, ANTHROPIC_API_KEY: 'k', CLAUDE_CODE_CLIENT_CERT: certs.clientCert, ...vars } });

  // An encrypted key and a passphrase that does not decrypt it.
  const wrong = check({ CLAUDE_CODE_CLIENT_KEY: certs.clientKeyEncrypted, CLAUDE_CODE_CLIENT_KEY_PASSPHRASE: canary });
  const [p] = wrong.problems.filter(mtls);
  assert.deepEqual(wrong.problems.filter(mtls).map((x) => [x.code, x.severity, x.envVar]), [['MTLS_PASSPHRASE_WRONG', 'error', 'CLAUDE_CODE_CLIENT_KEY_PASSPHRASE']]);
  assert.ok(p.message.startsWith(`CLAUDE_CODE_CLIENT_KEY=${certs.clientKeyEncrypted}: CLAUDE_CODE_CLIENT_KEY_PASSPHRASE does not decrypt`), p.message);
  assert.ok(!JSON.stringify(wrong).includes('4b2e'), 'the passphrase never shows');

  // A key from another pair (the server's), plain and encrypted with the right passphrase.
  const otherEncrypted = join(dir, 'server-encrypted.key');
  writeFileSync(otherEncrypted, createPrivateKey(readFileSync(certs.serverKey)).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: canary }));
  for (const key of [certs.serverKey, otherEncrypted]) {
    const r = check({ CLAUDE_CODE_CLIENT_KEY: key, ...(key === otherEncrypted ? { CLAUDE_CODE_CLIENT_KEY_PASSPHRASE: canary } : {}) });
    assert.deepEqual(r.problems.filter(mtls).map((x) => [x.code, x.severity, x.envVar]), [['CERT_FILE_INVALID', 'error', 'CLAUDE_CODE_CLIENT_KEY']]);
    assert.match(r.problems.find(mtls).message, new RegExp(`^CLAUDE_CODE_CLIENT_KEY=${key}: the private key does not belong to the client certificate \\(CLAUDE_CODE_CLIENT_CERT=${certs.clientCert}\\)`));
  }

  // The right pair: plain, encrypted with its passphrase, and both in one file.
  const both = join(dir, 'client-both.pem');
  writeFileSync(both, readFileSync(certs.clientCert, 'utf8') + readFileSync(certs.clientKey, 'utf8'));
  for (const vars of [
    { CLAUDE_CODE_CLIENT_KEY: certs.clientKey },
    { CLAUDE_CODE_CLIENT_KEY: certs.clientKeyEncrypted, CLAUDE_CODE_CLIENT_KEY_PASSPHRASE: certs.passphrase },
    { CLAUDE_CODE_CLIENT_CERT: both, CLAUDE_CODE_CLIENT_KEY: both },
  ]) {
    assert.deepEqual(check(vars).problems.filter(mtls), [], JSON.stringify(vars));
  }

  // `status` says it, with the code, the variable and the file, and never the passphrase.
  writeFileSync(join(base.cwd, '.claude', 'settings.json'), JSON.stringify({ env: { ANTHROPIC_API_KEY: 'k', CLAUDE_CODE_CLIENT_CERT: certs.clientCert, CLAUDE_CODE_CLIENT_KEY: certs.clientKeyEncrypted, CLAUDE_CODE_CLIENT_KEY_PASSPHRASE: canary } }));
  const text = await runCli(['status'], base);
  assert.match(text.stdout, /MTLS_PASSPHRASE_WRONG/);
  assert.ok(text.stdout.includes(certs.clientKeyEncrypted), text.stdout);
  assert.doesNotMatch(text.stdout, /No problems found/);
  const json = await runCli(['status', '--json'], base);
  assert.ok(JSON.parse(json.stdout).resolution.problems.some((x) => x.code === 'MTLS_PASSPHRASE_WRONG'));
  assert.equal(text.status, 1);
  for (const r of [text, json]) assert.ok(!(r.stdout + r.stderr).includes('4b2e'), 'the passphrase never shows');
  writeFileSync(join(base.cwd, '.claude', 'settings.json'), JSON.stringify({ env: { ANTHROPIC_API_KEY: 'k', CLAUDE_CODE_CLIENT_CERT: certs.clientCert, CLAUDE_CODE_CLIENT_KEY: certs.serverKey } }));
  assert.match((await runCli(['status'], base)).stdout, /CERT_FILE_INVALID[\s\S]*does not belong to the client certificate/);
});
