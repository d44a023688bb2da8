// What every subcommand shares: the common flags, turning them into load options, output
// styling (colour only on a TTY), labels, and the errors the CLI reports.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import type { Code, Problem, Source } from '../../types/index.js';
import { ClaudeProviderError, errorJson } from '../errors.js';
import { sourceLabel as sourceLabelIn, tildify as tildifyIn } from '../format.js';
import { shareableJson } from '../shareable.js';
import type { LoadOptions } from '../settings.js';
import { parseDotenv } from './dotenv.js';

/** Codes of the CLI's own errors (how it was called); every other error has a core `Code`. */
export type CliCode = 'USAGE_INVALID' | 'DOTENV_INVALID' | 'PLAYGROUND_MISSING' | 'PORT_UNAVAILABLE';

export interface UsageDetails {
  /** Default `USAGE_INVALID`. */
  code?: Code | CliCode;
  /** How to fix it. Default: see --help. */
  help?: string;
  envVar?: string;
  file?: string;
  line?: number;
}

/**
 * A mistake in how the CLI was called (exit status 2): a flag, an argument, or a file named on
 * the command line. Reported like a ClaudeProviderError (code, message, fix; JSON with --json).
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code: Code | CliCode;
  readonly help: string;
  readonly envVar?: string;
  readonly file?: string;
  readonly line?: number;

  constructor(message: string, details: UsageDetails = {}) {
    super(message);
    this.code = details.code ?? 'USAGE_INVALID';
    this.help = details.help ?? 'Run `claude-provider --help` for usage.';
    if (details.envVar !== undefined) this.envVar = details.envVar;
    if (details.file !== undefined) this.file = details.file;
    if (details.line !== undefined) this.line = details.line;
  }

  toJSON(): { code: string; message: string; help: string; envVar?: string; file?: string; line?: number } {
    return errorJson(this);
  }
}

export interface CommonFlags {
  /** Dotenv files (`--dotenv` / `--env-file`), in order: a later file wins. */
  envFiles: { flag: string; path: string }[];
  settings: string[];
  noProcessEnv: boolean;
  cwd?: string | undefined;
  home?: string | undefined;
  /** `null`: `--no-managed-settings`. */
  managedSettings?: string | null | undefined;
  json: boolean;
}

/** The environment and files the command works on, from the common flags. */
export function loadOptions(flags: CommonFlags): LoadOptions {
  const cwd = flags.cwd !== undefined ? resolvePath(flags.cwd) : process.cwd();
  // A path the user named must exist: a missing default settings file is normal, a typo in
  // --settings, --cwd, --home or --managed-settings is not (it would silently read nothing).
  if (flags.cwd !== undefined) mustExist('--cwd', flags.cwd, cwd, 'directory', 'Give --cwd the project directory (the one holding .claude/).');
  for (const f of flags.settings) {
    mustExist('--settings', f, resolvePath(cwd, f), 'file', `Give --settings an existing settings file; a relative path is taken from the project directory (${cwd}).`);
  }
  if (flags.home !== undefined) mustExist('--home', flags.home, resolvePath(flags.home), 'directory', 'Give --home the home directory (the one holding .claude/ and .aws/).');
  if (typeof flags.managedSettings === 'string') {
    mustExist('--managed-settings', flags.managedSettings, resolvePath(cwd, flags.managedSettings), 'file', `Give --managed-settings an existing file (a relative path is taken from the project directory, ${cwd}), or read none with --no-managed-settings.`);
  }
  const env: Record<string, string | undefined> = flags.noProcessEnv ? {} : { ...process.env };
  Object.assign(env, readDotenvFiles(flags).env);
  const opts: LoadOptions = { env, cwd, settingsFiles: flags.settings };
  if (flags.home !== undefined) opts.home = resolvePath(flags.home);
  if (flags.managedSettings !== undefined) opts.managedSettingsPath = flags.managedSettings === null ? null : resolvePath(cwd, flags.managedSettings);
  return opts;
}

/**
 * Where the dotenv files' variables came from: each variable's file (the last file that sets
 * it wins) and whether it replaced a value from the shell. Values are not kept (secrets).
 */
export interface DotenvOrigins {
  files: string[];
  vars: Record<string, { file: string; overShell: boolean }>;
}

type DotenvRead = { env: Record<string, string>; origins: DotenvOrigins };
// Read once per command: `status` and `doctor` ask for the origins after loadOptions took the values.
const dotenvReads = new WeakMap<object, DotenvRead>();

/** The `--dotenv` files' variables, read in order (a later file wins). */
export function readDotenvFiles(flags: Pick<CommonFlags, 'envFiles' | 'noProcessEnv'>): DotenvRead {
  const cached = dotenvReads.get(flags);
  if (cached) return cached;
  const env: Record<string, string> = {};
  const origins: DotenvOrigins = { files: [], vars: {} };
  for (const { flag, path } of flags.envFiles) {
    // Relative to the current directory, as a shell user means it (not to --cwd).
    const file = resolvePath(path);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`${flag} ${path}: ${fileReadFailure(e)}`, { help: `Give ${flag} a readable dotenv file (KEY=VALUE lines); a relative path is taken from the current directory (${process.cwd()}).`, file });
    }
    const vars = parseDotenv(text, file, flag);
    Object.assign(env, vars);
    origins.files.push(file);
    for (const name of Object.keys(vars)) origins.vars[name] = { file, overShell: !flags.noProcessEnv && process.env[name] !== undefined };
  }
  dotenvReads.set(flags, { env, origins });
  return { env, origins };
}

/** Why a file named on the command line could not be read, in words. */
export function fileReadFailure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a file' : `cannot be read (${code ?? String(e)})`;
}

function mustExist(flag: string, given: string, path: string, kind: 'file' | 'directory', help: string): void {
  let why: string | undefined;
  try {
    const st = statSync(path);
    if (kind === 'file' && st.isDirectory()) why = 'a directory, not a file';
    if (kind === 'directory' && !st.isDirectory()) why = 'not a directory';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    why = code === 'ENOENT' || code === 'ENOTDIR' ? `no such ${kind}` : `cannot be read (${code ?? String(e)})`;
  }
  if (why) throw new UsageError(`${flag} ${given}: ${why}`, { help, file: path });
}

/** ANSI styling, on only when writing to a terminal (and NO_COLOR is not set). */
export class Style {
  constructor(readonly color: boolean) {}
  static for(stream: NodeJS.WriteStream): Style {
    const env = process.env;
    if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return new Style(true);
    return new Style(Boolean(stream.isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb');
  }
  private wrap(code: string, s: string): string {
    return this.color ? `\x1b[${code}m${s}\x1b[0m` : s;
  }
  bold = (s: string) => this.wrap('1', s);
  dim = (s: string) => this.wrap('2', s);
  red = (s: string) => this.wrap('31', s);
  green = (s: string) => this.wrap('32', s);
  yellow = (s: string) => this.wrap('33', s);
  cyan = (s: string) => this.wrap('36', s);
}

/** `/home/me/x` → `~/x`, for display (the home directory by default). */
export function tildify(p: string, home: string = homedir()): string {
  return tildifyIn(p, home);
}

/** Where a value came from, in words. */
export function sourceLabel(s: Source, home: string = homedir()): string {
  return sourceLabelIn(s, home);
}

/** A problem as two or three lines: what is wrong, then the fix. */
export function formatProblem(p: Problem, st: Style, home?: string): string {
  const mark = p.severity === 'error' ? st.red('✖ error') : p.severity === 'warning' ? st.yellow('▲ warning') : st.cyan('ℹ info');
  const where = [p.envVar, p.file ? tildify(p.file, home) : undefined].filter(Boolean).join(', ');
  return [
    `  ${mark} ${st.bold(p.code)}: ${p.message}`,
    `      ${st.dim('fix:')} ${p.help}`,
    ...(where ? [`      ${st.dim('at:')}  ${where}`] : []),
  ].join('\n');
}

/** Reports an error on stderr (or as JSON on stdout with --json); returns the exit status. */
export function reportError(e: unknown, json: boolean): number {
  if (e instanceof UsageError || e instanceof ClaudeProviderError) {
    if (json) process.stdout.write(JSON.stringify({ error: e.toJSON() }, null, 2) + '\n');
    else {
      const st = Style.for(process.stderr);
      process.stderr.write(`${st.red('error')} ${st.bold(e.code)}: ${e.message}\n  ${st.dim('fix:')} ${e.help}\n`);
    }
    return e instanceof UsageError ? 2 : 1;
  }
  // Anything else is unexpected (a bug, or a system error no check turned into a problem): still
  // a code (Node's own, such as EACCES, when there is one) and the same shapes.
  const sysCode = e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' ? (e as NodeJS.ErrnoException).code : undefined;
  const error = {
    code: sysCode ?? 'UNEXPECTED_ERROR',
    message: e instanceof Error ? e.message : String(e),
    help: 'This is not a configuration problem claude-provider knows; if it persists, report it with the command you ran (secrets removed).',
  };
  if (json) process.stdout.write(JSON.stringify({ error }, null, 2) + '\n');
  else {
    const st = Style.for(process.stderr);
    process.stderr.write(`${st.red('error')} ${st.bold(error.code)}: ${error.message}\n  ${st.dim('fix:')} ${error.help}\n`);
  }
  return 1;
}

/**
 * A resolution (or any JSON) as the CLI prints it: URL passwords and the secrets in credential
 * commands masked. The package's {@link shareableJson}, under the name the subcommands use.
 */
export const shareable = shareableJson;

/** Single-quotes a value for a POSIX shell. */
export function shellQuote(v: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}
