// Shared helpers for the node:test suites. Nothing here reads /work/shared or the network.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PKG = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = join(PKG, '..');
export const CLI = join(PKG, 'lib', 'cli', 'main.js');

/**
 * Runs the CLI asynchronously (for tests whose fake servers live in this process), reading only
 * `home` and `cwd` (`--no-process-env`, `--no-managed-settings`); `env` is its process
 * environment besides PATH. Its own working directory is this process's, not `cwd`.
 */
export function runCli(args, { env = {}, home, cwd }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args, '--no-process-env', '--home', home, '--cwd', cwd, '--no-managed-settings'], { env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * A temporary dir with an empty home (`.claude/`, `.aws/`) and project directory, for the
 * tests that run against fake endpoints: `{ dir, home, cwd }`.
 */
export function liveDirs(t) {
  const dir = tempDir(t);
  const home = join(dir, 'home');
  const cwd = join(dir, 'proj');
  mkdirSync(join(home, '.claude'), { recursive: true });
  mkdirSync(join(home, '.aws'), { recursive: true });
  mkdirSync(cwd, { recursive: true });
  return { dir, home, cwd };
}

/** A fresh temporary directory, removed when the test ends. */
export function tempDir(t, prefix = 'cp-test-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * An isolated home and project (each with its `.claude/`), and load options that read only
 * them: no process env but HOME, no managed settings file.
 */
export function sandbox(t) {
  const dir = tempDir(t);
  const home = join(dir, 'home');
  const cwd = join(dir, 'proj');
  mkdirSync(join(home, '.claude'), { recursive: true });
  mkdirSync(join(cwd, '.claude'), { recursive: true });
  return { dir, home, cwd, base: { env: { HOME: home }, home, cwd, managedSettingsPath: join(dir, 'managed.json') } };
}

/**
 * Runs the Rust conformance runner with `--emit FILE` (by default on the Claude Code captures;
 * `layers` for the settings-layer cases) and returns FILE.
 */
export function emitConformanceCases(file, mode = 'claude-code', dir = 'tests/fixtures/claude-code/captures') {
  const r = spawnSync(
    'cargo',
    ['run', '--release', '-q', '-p', 'conformance', '--', mode, dir, '--emit', file],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 30 * 60_000 },
  );
  if (r.status !== 0) {
    throw new Error(`conformance --emit failed (status ${r.status}):\n${r.stderr}\n${r.stdout.slice(-2000)}`);
  }
  return file;
}

/**
 * Makes the sandbox's project a git work tree; returns `git(...args)` run there, or `undefined`
 * (the test skipped) where git is missing, which CI never is.
 */
export function gitProject(t, s) {
  const git = (...a) => spawnSync('git', a, { cwd: s.cwd, encoding: 'utf8' });
  if (git('init', '-q').status !== 0) {
    if (process.env.CI) throw new Error('git is missing: CI clones the repository with it');
    t.skip('git is not installed');
    return undefined;
  }
  return git;
}
