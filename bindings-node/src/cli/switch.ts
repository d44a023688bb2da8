// `claude-provider switch PROVIDER --scope user|project|local`: writes the provider's `env`
// block into that Claude Code settings file. Validated first (the result must select the
// provider, without errors); atomic (temp file + rename, never a partial file); a timestamped
// backup; every other key and the file's formatting kept; mode 0600 when the file holds a
// secret; and no secret into a file git tracks.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { applyEdits, modify, type FormattingOptions } from 'jsonc-parser';
import type { Problem, SettingsLayer, SettingsScope } from '../../types/index.js';
import { ClaudeProviderError } from '../errors.js';
import { coreEffectiveEnv, coreIsSecretVar, coreValidate } from '../native.js';
import { loadConfig, parseSettings, settingsPaths } from '../settings.js';
import { type CommonFlags, formatProblem, loadOptions, Style, tildify, UsageError } from './common.js';
import { flagName, type SetupFlags, setupFor } from './env.js';

const SCOPES = ['user', 'project', 'local'] as const;

export interface SwitchFlags extends SetupFlags {
  scope: string;
  force: boolean;
}

export interface SwitchResult {
  file: string;
  scope: SettingsScope;
  provider: string;
  set: string[];
  removed: string[];
  cleared: string[];
  backup: string | null;
  mode: string;
  problems: Problem[];
}

function refuse(message: string, help: string, file?: string): never {
  throw new ClaudeProviderError({ code: 'SETTINGS_INVALID', message, help, ...(file ? { file } : {}) });
}

function readExisting(path: string): { text: string | null; mode: number | null } {
  try {
    const st = statSync(path);
    if (!st.isFile()) refuse(`${path} is not a regular file`, 'Move it away, or choose another --scope.', path);
    return { text: readFileSync(path, 'utf8'), mode: st.mode & 0o777 };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { text: null, mode: null };
    throw e;
  }
}


/** Indentation and line ends as the file has them. */
function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /^([ \t]+)"/m.exec(text);
  const indent = m?.[1] ?? '  ';
  return indent.includes('\t') ? { insertSpaces: false, tabSize: 1, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}

/** Is `path` tracked by git? (false when git or a repository is absent) */
export function gitTracked(path: string): boolean {
  const r = spawnSync('git', ['ls-files', '--error-unmatch', '--', basename(path)], { cwd: dirname(path), stdio: 'ignore' });
  return r.status === 0;
}

/** `settings.json.20260115T120000.123Z.bak`, with `-N` added if that name is taken. */
function backupPath(path: string, d = new Date()): string {
  const stamp = d.toISOString().replace(/[-:]/g, '');
  for (let n = 0; ; n++) {
    const p = `${path}.${stamp}${n ? `-${n}` : ''}.bak`;
    if (!existsSync(p)) return p;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Writes `text` to `path` through a temp file in the same directory and a rename. */
function writeAtomic(path: string, text: string, mode: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    chmodSync(tmp, mode);
    // Test hook: lets the tests kill the process between the write and the rename.
    const pause = Number(process.env.CLAUDE_PROVIDER_TEST_PAUSE_BEFORE_RENAME_MS ?? 0);
    if (pause > 0) sleepSync(pause);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export function planAndWrite(common: CommonFlags, provider: string | undefined, flags: SwitchFlags): SwitchResult {
  if (!(SCOPES as readonly string[]).includes(flags.scope)) throw new UsageError(`--scope ${flags.scope}: use one of ${SCOPES.join(', ')}`);
  const scope = flags.scope as SettingsScope;
  const setup = setupFor(provider, flags);
  const opts = loadOptions(common);
  const path = settingsPaths({ ...opts, settingsFiles: [], managedSettingsPath: null }).find((p) => p.scope === scope)!.path;

  const { text: oldText, mode: oldMode } = readExisting(path);
  if (oldMode !== null && (oldMode & 0o222) === 0) {
    refuse(`${path} is read-only (mode ${oldMode.toString(8).padStart(4, '0')}); nothing was changed`, `Make it writable (chmod u+w ${path}) if you mean to change it.`, path);
  }
  const current = oldText === null ? {} : parseSettings(oldText, path);
  if (typeof current !== 'object' || current === null || Array.isArray(current)) {
    refuse(`${path} is not a JSON object; nothing was changed`, 'Fix the file (a settings file is one JSON object), or move it away.', path);
  }
  const envNow = (current as Record<string, unknown>).env;
  if (envNow !== undefined && (typeof envNow !== 'object' || envNow === null || Array.isArray(envNow))) {
    refuse(`${path}: \`env\` is not an object; nothing was changed`, 'Make `env` an object of strings.', path);
  }
  const fileEnv = (envNow ?? {}) as Record<string, unknown>;

  // Everything else the process would see: other layers and the shell, without this file.
  const loaded = loadConfig(opts);
  const others: SettingsLayer[] = (loaded.config.settings ?? []).filter((l) => l.path !== path);
  const elsewhere = coreEffectiveEnv({ ...loaded.config, settings: others });

  const set: Record<string, string> = {};
  const missing: string[] = [];
  for (const v of setup.vars) {
    if (v.given) set[v.name] = v.value;
    else if ((elsewhere[v.name] ?? '').trim() === '' && typeof fileEnv[v.name] !== 'string') missing.push(`${v.name} (${v.description}${v.option ? `: ${flagName(v.option)}` : ''})`);
  }
  if (missing.length) {
    throw new UsageError(`switching to ${setup.displayName} needs ${missing.join(', ')}`);
  }
  const removed = setup.clear.filter((n) => n in fileEnv && !((elsewhere[n] ?? '').trim() !== ''));
  const cleared = setup.clear.filter((n) => (elsewhere[n] ?? '').trim() !== '' && fileEnv[n] !== '');

  // The new document, edited in place so every other key and the formatting stay as they were.
  const base = oldText ?? '{}\n';
  const fmt = formattingOf(base);
  let text = base;
  const edit = (name: string, value: string | undefined) => {
    text = applyEdits(text, modify(text, ['env', name], value, { formattingOptions: fmt }));
  };
  for (const n of removed) edit(n, undefined);
  for (const n of cleared) edit(n, '');
  for (const [k, v] of Object.entries(set)) edit(k, v);
  if (oldText === null && !text.endsWith('\n')) text += '\n';
  const next = JSON.parse(text) as Record<string, unknown>;

  // Validate what Claude Code would see after the write.
  const layer: SettingsLayer = { scope, path, settings: next as SettingsLayer['settings'] };
  const r = coreValidate({ ...loaded.config, settings: [...others, layer] });
  if (r.provider !== setup.provider) {
    const by = r.selectedBy ? `${r.selectedBy.envVar} from ${r.selectedBy.source.kind === 'settings' ? `${r.selectedBy.source.scope} settings` : 'the process env'}` : 'the default';
    refuse(`after the switch Claude Code would still use ${r.provider} (selected by ${by}); nothing was changed`, `Change it where it is set, or switch in a higher-precedence scope (managed > local > project > user).`, path);
  }
  const errors = r.problems.filter((p) => p.severity === 'error');
  if (errors.length && !flags.force) {
    const st = Style.for(process.stderr);
    process.stderr.write(errors.map((p) => formatProblem(p, st)).join('\n') + '\n');
    refuse(`the switch to ${setup.displayName} would leave ${errors.length} error(s) (above); nothing was changed`, 'Fix them (pass the missing values), or pass --force to write anyway.', path);
  }

  // Secrets: never into a tracked file; a file that holds one is private.
  const nextEnv = (next.env ?? {}) as Record<string, unknown>;
  const writesSecret = Object.keys(set).some((k) => coreIsSecretVar(k) && set[k] !== '');
  if (writesSecret && gitTracked(path)) {
    refuse(`${tildify(path)} is tracked by git: a secret must not go into it; nothing was changed`, 'Use --scope local (.claude/settings.local.json, which git ignores) or user, or keep the key in your shell or a credential helper.', path);
  }
  const holdsSecret = Object.entries(nextEnv).some(([k, v]) => typeof v === 'string' && v.trim() !== '' && coreIsSecretVar(k));
  const mode = holdsSecret ? 0o600 : (oldMode ?? 0o644);

  let backup: string | null = null;
  if (oldText !== null) {
    backup = backupPath(path);
    copyFileSync(path, backup, constants.COPYFILE_EXCL);
    chmodSync(backup, oldMode ?? 0o600);
  }
  writeAtomic(path, text, mode);
  return {
    file: path,
    scope,
    provider: setup.provider,
    set: Object.keys(set),
    removed,
    cleared,
    backup,
    mode: mode.toString(8).padStart(4, '0'),
    problems: r.problems,
  };
}

export function switchProvider(common: CommonFlags, provider: string | undefined, flags: SwitchFlags): number {
  const res = planAndWrite(common, provider, flags);
  if (common.json) {
    process.stdout.write(JSON.stringify(res, null, 2) + '\n');
    return 0;
  }
  const st = Style.for(process.stdout);
  const lines = [`${st.green('✔')} ${res.scope} settings ${tildify(res.file)} now select ${st.bold(res.provider)} (mode ${res.mode})`];
  if (res.set.length) lines.push(`  set: ${res.set.join(', ')}`);
  if (res.removed.length) lines.push(`  removed: ${res.removed.join(', ')}`);
  if (res.cleared.length) lines.push(`  set to "" (cancels the value from the shell or another file): ${res.cleared.join(', ')}`);
  if (res.backup) lines.push(`  backup: ${tildify(res.backup)}`);
  for (const p of res.problems.filter((p) => p.severity !== 'info')) lines.push(formatProblem(p, st));
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
