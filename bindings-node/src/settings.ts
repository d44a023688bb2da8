// Settings discovery and loading the way Claude Code does it, plus the home files its
// credential chain reads. This is the I/O half of configuration: it reads files and hands the
// core plain data (ConfigInput). Every default (process.env, process.cwd(), the home
// directory, the managed-settings path) can be replaced by an option.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import type {
  ConfigInput,
  HomeFiles,
  JsonValue,
  PemFile,
  Problem,
  Resolution,
  SettingsLayer,
  SettingsScope,
  SettingsSyntax,
  Severity,
  TextFile,
} from '../types/index.js';
import { argumentError, checkObject, checkOptional, ClaudeProviderError } from './errors.js';
import { googleAdcPath } from './auth.js';
import { coreEffectiveEnv, coreSettingsSyntax } from './native.js';
import { readPemFiles } from './pem-files.js';

/** Where configuration comes from. Every field defaults to the real process's value. */
export interface LoadOptions {
  /** The process environment. Default: `process.env`. */
  env?: Record<string, string | undefined>;
  /** The project directory (`<cwd>/.claude/settings*.json`). Default: `process.cwd()`. */
  cwd?: string;
  /** The home directory (`~/.claude`, `~/.aws`). Default: `env.HOME`, else `os.homedir()`. */
  home?: string;
  /** Extra settings files, like `claude --settings FILE` (scope `cli`; a later file wins). */
  settingsFiles?: string[];
  /** Already-parsed settings layers, added after the discovered ones. */
  layers?: SettingsLayer[];
  /**
   * The managed (enterprise) settings file. Default: the platform's path
   * (`/etc/claude-code/managed-settings.json` on Linux). `null`: none.
   */
  managedSettingsPath?: string | null;
  /** Read no file at all (settings, `~/.aws`): only `env` and `layers`. Default: `true`. */
  readFiles?: boolean;
}

/** One file the loader looked at. */
export interface LoadedFile {
  kind: SettingsScope | 'awsConfig' | 'awsCredentials';
  path: string;
  state: 'loaded' | 'missing' | 'invalid';
}

/** What {@link loadConfig} found. */
export interface LoadedConfig {
  /** The core's input. */
  config: ConfigInput;
  /** Every file looked at, in the order read. */
  files: LoadedFile[];
  /** Files that exist but could not be used (invalid JSON, unreadable), code `SETTINGS_INVALID`. */
  problems: Problem[];
}

/** The managed settings file of a platform, as Claude Code reads it. */
export function managedSettingsPath(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'darwin':
      return '/Library/Application Support/ClaudeCode/managed-settings.json';
    case 'win32':
      return 'C:\\Program Files\\ClaudeCode\\managed-settings.json';
    default:
      return '/etc/claude-code/managed-settings.json';
  }
}

/** The settings files Claude Code reads, lowest precedence first (`--settings` files aside). */
export function settingsPaths(options: LoadOptions = {}): { scope: SettingsScope; path: string }[] {
  checkLoadOptions(options);
  return pathsOf(options);
}

/** Claude Code's own directory: `$CLAUDE_CONFIG_DIR`, else `~/.claude`. */
function claudeConfigDir(env: NodeJS.ProcessEnv | Record<string, string | undefined>, home: string): string {
  return expandHome(nonBlank(env.CLAUDE_CONFIG_DIR) ?? join(home, '.claude'), home);
}

/** {@link settingsPaths} for options already checked (loadConfig checks them once). */
function pathsOf(options: LoadOptions): { scope: SettingsScope; path: string }[] {
  const env = options.env ?? process.env;
  const home = homeDir(options);
  const cwd = options.cwd ?? process.cwd();
  const out: { scope: SettingsScope; path: string }[] = [
    { scope: 'user', path: join(claudeConfigDir(env, home), 'settings.json') },
    { scope: 'project', path: join(cwd, '.claude', 'settings.json') },
    { scope: 'local', path: join(cwd, '.claude', 'settings.local.json') },
  ];
  for (const f of options.settingsFiles ?? []) {
    out.push({ scope: 'cli', path: isAbsolute(f) ? f : resolvePath(cwd, f) });
  }
  const managed = options.managedSettingsPath === undefined ? managedSettingsPath() : options.managedSettingsPath;
  if (managed !== null) out.push({ scope: 'managed', path: managed });
  return out;
}

/**
 * Reads the settings layers and home files Claude Code would read. A missing file is skipped;
 * a file that exists but is unreadable or not valid JSON is skipped too and reported (file and
 * line) in `problems`, as Claude Code starts without it.
 */
export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  checkLoadOptions(options);
  const processEnv = stringEnv(options.env ?? process.env);
  const files: LoadedFile[] = [];
  const problems: Problem[] = [];
  const settings: SettingsLayer[] = [];
  const readFiles = options.readFiles ?? true;
  if (readFiles) {
    const seen = new Set<string>();
    for (const { scope, path } of pathsOf(options)) {
      // Run from the home directory, the project file is the user file: read it once, as user.
      if (seen.has(path)) continue;
      seen.add(path);
      const r = readSettingsFile(path);
      files.push({ kind: scope, path, state: r.state });
      if (r.state === 'loaded') settings.push({ scope, path, settings: r.value });
      if (r.error) problems.push(toProblem(r.error));
      // A missing default file is normal; one the caller named (`--settings`) is a mistake.
      if (r.state === 'missing' && scope === 'cli') {
        problems.push(toProblem(new ClaudeProviderError({ code: 'SETTINGS_INVALID', message: `${path}: the settings file named (settingsFiles, --settings) does not exist; nothing was read from it`, help: `Fix the path ${path}, or stop naming it.`, file: path })));
      }
    }
  }
  settings.push(...(options.layers ?? []));
  const home: HomeFiles = {};
  let pemFiles: PemFile[] = [];
  if (readFiles) {
    // The AWS SDK reads these from the environment Claude Code runs with, settings applied.
    const eff = coreEffectiveEnv({ processEnv, settings });
    const h = homeDir(options);
    const aws: [keyof HomeFiles & ('awsConfig' | 'awsCredentials'), string | undefined, string][] = [
      ['awsConfig', eff.AWS_CONFIG_FILE, join(h, '.aws', 'config')],
      ['awsCredentials', eff.AWS_SHARED_CREDENTIALS_FILE, join(h, '.aws', 'credentials')],
    ];
    const vars = { awsConfig: 'AWS_CONFIG_FILE', awsCredentials: 'AWS_SHARED_CREDENTIALS_FILE' } as const;
    // Both looked for, and a file not loaded does not exist (the core may then say that
    // AWS_PROFILE names no profile; not when a file was there but unreadable).
    home.awsFilesRead = true;
    for (const [key, fromEnv, dflt] of aws) {
      const named = nonBlank(fromEnv) !== undefined;
      const path = named ? expandHome(fromEnv as string, h) : dflt;
      const text = readText(path, named ? vars[key] : undefined);
      files.push({ kind: key, path, state: text.state });
      if (text.state === 'loaded') home[key] = { path, text: text.text } satisfies TextFile;
      if (text.error) problems.push(toProblem(text.error));
      if (text.state === 'invalid') home.awsFilesRead = false;
    }
    // Google auth's credentials file: whether it is there (the core notes when it is not).
    // A relative GOOGLE_APPLICATION_CREDENTIALS is the project directory's, where Claude Code runs.
    const adc = googleAdcPath(eff, h);
    home.googleAdcFound = existsSync(resolvePath(options.cwd ?? process.cwd(), adc.path));
    // What `/login` stored, which Claude Code signs in with when no key or token is set. On
    // macOS it is in the Keychain: a missing file there says nothing.
    const login = join(claudeConfigDir(options.env ?? process.env, h), '.credentials.json');
    if (existsSync(login)) home.claudeLoginFound = true;
    else if (process.platform !== 'darwin') home.claudeLoginFound = false;
    // Where Microsoft Entra ID auth (Foundry) finds a developer sign-in: the Azure CLI's, the
    // Azure Developer CLI's and Azure PowerShell's directories (~/.Azure on Linux and macOS; the
    // core notes when none is there and no Azure variable is set, as for AWS and Google).
    const azureDirs = [
      nonBlank(eff.AZURE_CONFIG_DIR) !== undefined ? expandHome(eff.AZURE_CONFIG_DIR as string, h) : join(h, '.azure'),
      nonBlank(eff.AZD_CONFIG_DIR) !== undefined ? expandHome(eff.AZD_CONFIG_DIR as string, h) : join(h, '.azd'),
      join(h, '.Azure'),
    ];
    home.azureLoginFound = azureDirs.some((d) => existsSync(resolvePath(options.cwd ?? process.cwd(), d)));
    // Relative paths are the project directory's, where Claude Code runs.
    pemFiles = readPemFiles(eff, options.cwd ?? process.cwd());
  }
  return { config: { processEnv, settings, home, ...(pemFiles.length ? { pemFiles } : {}) }, files, problems };
}

/**
 * Parses settings JSON; the error names the file, the line and the column, and what is wrong
 * in words, never the file's text (V8's message quotes it, and it may hold a secret). JSON
 * nested deeper than the core reads settings (which `JSON.parse` takes, and the core would
 * refuse as an argument) is an error of the file too.
 */
export function parseSettings(text: string, path: string): JsonValue {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return {};
  let value: JsonValue;
  try {
    value = JSON.parse(body) as JsonValue;
  } catch {
    // Where and why, from the core (V8's message has no position in Node 20+ and quotes the text).
    throw settingsInvalid(coreSettingsSyntax(body, path), path);
  }
  // Parsed: the core's word on whether it reads it (only the depth of the nesting is left to say).
  const found = coreSettingsSyntax(body, path);
  if (found) throw settingsInvalid(found, path);
  return value;
}

function settingsInvalid(found: SettingsSyntax | null, path: string): ClaudeProviderError {
  const p = found?.problem;
  return new ClaudeProviderError({
    code: 'SETTINGS_INVALID',
    message: p?.message ?? `${path}: invalid JSON; Claude Code ignores the whole file.`,
    help: p?.help ?? `Fix ${path} (settings files are plain JSON: no comments, no trailing commas), or move the file away.`,
    file: path,
    ...(found ? { line: found.line } : {}),
  });
}

type Read<T> = { state: 'loaded'; value: T; error?: undefined } | { state: 'missing' | 'invalid'; error?: ClaudeProviderError };

function readSettingsFile(path: string): Read<JsonValue> {
  const t = readText(path);
  if (t.state !== 'loaded') return { state: t.state, ...(t.error ? { error: t.error } : {}) };
  try {
    return { state: 'loaded', value: parseSettings(t.text, path) };
  } catch (e) {
    return { state: 'invalid', error: e as ClaudeProviderError };
  }
}

/** A file's text; `envVar` is the variable that named it, if one did (AWS_CONFIG_FILE, …). */
function readText(path: string, envVar?: string): { state: 'loaded'; text: string; error?: undefined } | { state: 'missing' | 'invalid'; error?: ClaudeProviderError } {
  try {
    return { state: 'loaded', text: readFileSync(path, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: 'missing' };
    const label = envVar ? `${envVar}=${path}` : path;
    const dir = code === 'EISDIR';
    return {
      state: 'invalid',
      error: new ClaudeProviderError({
        code: 'SETTINGS_INVALID',
        message: dir ? `${label}: is a directory, not a file; it is ignored` : `${label}: cannot be read (${code ?? 'error'}); the file is ignored`,
        help: dir
          ? envVar
            ? `Point ${envVar} at the file itself, not a directory.`
            : `Move the directory ${path} away: a file is read from that path.`
          : `Check the permissions of ${path}${envVar ? `, or point ${envVar} at a readable file` : ''}.`,
        file: path,
        ...(envVar ? { envVar } : {}),
      }),
    };
  }
}

function toProblem(e: ClaudeProviderError): Problem {
  return {
    code: e.code,
    severity: 'error',
    message: e.message,
    help: e.help,
    ...(e.envVar !== undefined ? { envVar: e.envVar } : {}),
    ...(e.file !== undefined ? { file: e.file } : {}),
  };
}

/**
 * Throws a `TypeError` naming the option of the wrong type: used as they are, they would crash
 * further in (`v.trim is not a function`) or be misread (a string `settingsFiles` read letter by
 * letter, a number `managedSettingsPath` opened as a file descriptor).
 */
function checkLoadOptions(options: LoadOptions): void {
  checkObject(options, 'options');
  const { env, settingsFiles, layers, managedSettingsPath } = options;
  if (env !== undefined) {
    checkObject(env, 'options.env');
    // Undefined values are dropped (process.env's type allows them); anything else is a mistake.
    for (const [k, v] of Object.entries(env)) if (v !== undefined && typeof v !== 'string') throw argumentError(`options.env.${k}`, 'a string');
  }
  checkOptional(options.cwd, 'options.cwd', 'string');
  checkOptional(options.home, 'options.home', 'string');
  if (settingsFiles !== undefined && (!Array.isArray(settingsFiles) || !settingsFiles.every((f) => typeof f === 'string'))) {
    throw argumentError('options.settingsFiles', 'an array of paths (strings)');
  }
  if (layers !== undefined && !Array.isArray(layers)) throw argumentError('options.layers', 'an array of settings layers');
  if (managedSettingsPath !== null) checkOptional(managedSettingsPath, 'options.managedSettingsPath', 'string');
  checkOptional(options.readFiles, 'options.readFiles', 'boolean');
}

function homeDir(options: LoadOptions): string {
  return options.home ?? nonBlank((options.env ?? process.env).HOME) ?? homedir();
}

function expandHome(p: string, home: string): string {
  return p === '~' ? home : p.startsWith('~/') ? join(home, p.slice(2)) : p;
}

function nonBlank(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== '' ? v : undefined;
}

/** `process.env`-like object → plain string map (undefined values dropped). */
export function stringEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out[k] = v;
  return out;
}

const RANK: Record<Severity, number> = { error: 2, warning: 1, info: 0 };

/** `r` with the problems {@link loadConfig} found in the files (unreadable, not JSON) among its own, most severe first. */
export function withLoadProblems(r: Resolution, problems: Problem[]): Resolution {
  if (problems.length === 0) return r;
  const all = [...problems, ...r.problems];
  // Most severe first, as the core orders them (stable: file problems lead within a severity).
  all.sort((a, b) => RANK[b.severity] - RANK[a.severity]);
  return { ...r, problems: all };
}
