// The PEM files the network plan names, read for the core's checks (the core reads no file):
// a missing or non-PEM NODE_EXTRA_CA_CERTS, a client certificate that is not one, an encrypted
// key without a passphrase.
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
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
  return out;
}
