// The PEM files the network plan names, read for the core's checks (the core reads no file):
// a missing or non-PEM NODE_EXTRA_CA_CERTS, a client certificate that is not one, an encrypted
// key without a passphrase; and what OpenSSL finds loading the client key (a passphrase that
// does not decrypt it, a key that is not the certificate's), passed as `keyCheck` facts the
// core words.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { KeyCheck, PemFile, ReadFailure } from '../types/index.js';

const PEM_VARS = ['NODE_EXTRA_CA_CERTS', 'CLAUDE_CODE_CLIENT_CERT', 'CLAUDE_CODE_CLIENT_KEY'] as const;

const READ_FAILURES: Record<string, ReadFailure> = {
  ENOENT: 'notFound',
  ENOTDIR: 'notFound',
  EISDIR: 'isDirectory',
  EACCES: 'permissionDenied',
  EPERM: 'permissionDenied',
};

/**
 * Each PEM file the effective environment names, as read. A relative path is taken from `cwd`,
 * the project directory: Claude Code runs there, and Node opens the files relative to it (`~`
 * is not expanded, which the core reports). Each entry keeps the path as configured, which is
 * how the core finds it. A file that is missing or unreadable has no `text`, and `unreadable`
 * says why.
 */
export function readPemFiles(eff: Record<string, string | undefined>, cwd: string = process.cwd()): PemFile[] {
  const out: PemFile[] = [];
  for (const name of PEM_VARS) {
    const path = eff[name]?.trim();
    if (!path || out.some((f) => f.path === path)) continue;
    try {
      out.push({ path, text: readFileSync(resolvePath(cwd, path), 'utf8') });
    } catch (e) {
      out.push({ path, unreadable: READ_FAILURES[(e as NodeJS.ErrnoException).code ?? ''] ?? 'other' });
    }
  }
  // The client key as the transport will load it: with the passphrase (as Claude Code's process
  // has it, untrimmed; empty is unset), then against the client certificate.
  const keyFile = out.find((f) => f.path === eff.CLAUDE_CODE_CLIENT_KEY?.trim());
  const certText = out.find((f) => f.path === eff.CLAUDE_CODE_CLIENT_CERT?.trim())?.text;
  if (keyFile?.text !== undefined) {
    const keyCheck = clientKeyCheck(keyFile.text, eff.CLAUDE_CODE_CLIENT_KEY_PASSPHRASE || undefined, certText);
    if (keyCheck) keyFile.keyCheck = keyCheck;
  }
  return out;
}

const ENCRYPTED_KEY = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: *4, *ENCRYPTED/;

/**
 * A PEM client key loaded as the TLS context will load it, with the configured passphrase.
 * `passphraseMissing`: it is encrypted and there is no passphrase. `passphraseWrong`: the
 * passphrase does not decrypt it (OpenSSL's own failure, "bad decrypt" or a decoder error when a
 * wrong passphrase happens to yield valid padding, names neither). `unloadable`: an unencrypted
 * key OpenSSL cannot load (the core's PEM checks, or the TLS context's error, say why). Used by
 * `status`/`doctor` (through `readPemFiles`) and by the transport before its first connection.
 */
export function loadClientKey(key: string | Buffer, passphrase: string | undefined): { key: KeyObject } | { fault: 'passphraseMissing' | 'passphraseWrong' | 'unloadable' } {
  const encrypted = ENCRYPTED_KEY.test(typeof key === 'string' ? key : key.toString('latin1'));
  if (encrypted && !passphrase) return { fault: 'passphraseMissing' };
  try {
    return { key: createPrivateKey(passphrase ? { key, passphrase } : { key }) };
  } catch {
    return { fault: encrypted ? 'passphraseWrong' : 'unloadable' };
  }
}

/**
 * What loading the client key finds that the core cannot see in the text: a passphrase that
 * does not decrypt it, or a key that is not the private key of the certificate (the first one
 * in `certText`, the one TLS presents). Undefined when the key loads and matches, or when a
 * file is not something OpenSSL loads (the core reports that from the text).
 */
function clientKeyCheck(keyText: string, passphrase: string | undefined, certText: string | undefined): KeyCheck | undefined {
  const loaded = loadClientKey(keyText, passphrase);
  if ('fault' in loaded) return loaded.fault === 'passphraseWrong' ? 'passphraseWrong' : undefined;
  if (certText === undefined) return undefined;
  try {
    return new X509Certificate(certText).checkPrivateKey(loaded.key) ? undefined : 'certMismatch';
  } catch {
    return undefined;
  }
}
