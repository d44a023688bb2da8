// The PEM files the network plan names, read for the core's checks (the core reads no file):
// a missing or non-PEM NODE_EXTRA_CA_CERTS, a client certificate that is not one, an encrypted
// key without a passphrase.
import { readFileSync } from 'node:fs';
import type { PemFile, ReadFailure } from '../types/index.js';

const PEM_VARS = ['NODE_EXTRA_CA_CERTS', 'CLAUDE_CODE_CLIENT_CERT', 'CLAUDE_CODE_CLIENT_KEY'] as const;

const READ_FAILURES: Record<string, ReadFailure> = {
  ENOENT: 'notFound',
  ENOTDIR: 'notFound',
  EISDIR: 'isDirectory',
  EACCES: 'permissionDenied',
  EPERM: 'permissionDenied',
};

/**
 * Each PEM file the effective environment names, as read (relative paths against the current
 * directory, as Node and Claude Code open them; `~` is not expanded, which the core reports).
 * A file that is missing or unreadable has no `text`, and `unreadable` says why.
 */
export function readPemFiles(eff: Record<string, string | undefined>): PemFile[] {
  const out: PemFile[] = [];
  for (const name of PEM_VARS) {
    const path = eff[name]?.trim();
    if (!path || out.some((f) => f.path === path)) continue;
    try {
      out.push({ path, text: readFileSync(path, 'utf8') });
    } catch (e) {
      out.push({ path, unreadable: READ_FAILURES[(e as NodeJS.ErrnoException).code ?? ''] ?? 'other' });
    }
  }
  return out;
}
