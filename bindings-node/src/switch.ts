// Switching provider: writes a provider's `env` block into one Claude Code settings file.
// Shared by `claude-provider switch` and the VS Code extension's switcher, so both edit files
// the same way: validated first (the result must select the provider, without errors); atomic
// (temp file + rename, never a partial file); a timestamped backup under the user settings
// directory's `backups/` (never in the project); every other key and the file's formatting kept;
// mode 0600 when the file holds a secret; a local file it creates git-ignored; no secret into a
// file git tracks.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { applyEdits, modify, type FormattingOptions } from 'jsonc-parser';
import type { ConfigInput, Problem, ProviderId, ProviderSetup, SettingsLayer, SettingsScope, SetupInput, SetupVar } from '../types/index.js';
import { checkObject, ClaudeProviderError } from './errors.js';
import { coreEffectiveEnv, coreIsSecretVar, coreProviderSetup, coreResolve, coreSecretVars, coreShareableValue, coreValidate } from './native.js';
import { loadConfig, parseSettings, settingsPaths, type LoadOptions } from './settings.js';

/** The settings files a switch can write. */
export const SWITCH_SCOPES = ['user', 'project', 'local'] as const;
export type SwitchScope = (typeof SWITCH_SCOPES)[number];

/** The values a provider's setup takes (`region`, `project`, `apiKey`, …). */
export type SetupValues = Partial<Record<Exclude<keyof SetupInput, 'provider'>, string>>;

export interface SwitchOptions extends LoadOptions {
  provider: ProviderId;
  scope: SwitchScope;
  values?: SetupValues;
  /**
   * Also remove from the file the other providers' variables the provider does not read
   * ({@link SwitchPlan.leftover}), credentials excepted. Default: they are left, and listed.
   */
  prune?: boolean;
}

/** What a switch would do. Holds the new file text privately (it may contain a secret). */
export class SwitchPlan {
  readonly #text: string;
  readonly #existed: boolean;
  readonly #backupDir: string;

  constructor(
    /** The settings file to write. */
    readonly file: string,
    readonly scope: SwitchScope,
    readonly setup: ProviderSetup,
    /** Values the provider needs that are neither given nor set anywhere: ask for them. */
    readonly missing: SetupVar[],
    /** Variables the edit sets, removes from the file, and sets to `""` (to cancel the shell's). */
    readonly set: string[],
    readonly removed: string[],
    readonly cleared: string[],
    /** The provider Claude Code would use after the edit, and what validation finds then. */
    readonly providerAfter: ProviderId,
    readonly selectedByAfter: string,
    readonly problems: Problem[],
    /** The edit writes a secret value. */
    readonly writesSecret: boolean,
    /** The file mode after the write (0600 when the file holds a secret). */
    readonly mode: number,
    text: string,
    existed: boolean,
    /** Where the backup of the old file goes (`backups/` beside the user settings file). */
    backupDir: string,
    /**
     * Other providers' selectors a higher-precedence file turns on (managed settings, say):
     * nothing written in this scope cancels them. The switch still happens when the provider
     * wins anyway (selector order); else it is refused with `SWITCH_OVERRIDDEN`.
     */
    readonly stillOn: { name: string; file: string }[] = [],
    /**
     * Values the switch writes that Claude Code would not use: a higher-precedence layer sets the
     * variable to something else. {@link applySwitch} refuses them with `SWITCH_OVERRIDDEN`.
     */
    readonly overridden: EnvOverride[] = [],
    /**
     * Other providers' variables (their setup's region, project, profile, base URL, key…) that
     * the file keeps and the provider does not read: they no longer decide anything Claude Code
     * does with its provider (it still passes them to the commands it runs). Listed, not removed,
     * unless the switch prunes ({@link SwitchOptions.prune}): the file does not say who wrote them.
     * Credentials among them (another provider's key or token) are never pruned.
     */
    readonly leftover: string[] = [],
    /** The leftover variables this switch removes (with `prune`). */
    readonly pruned: string[] = [],
  ) {
    this.#text = text;
    this.#existed = existed;
    this.#backupDir = backupDir;
  }

  get provider(): ProviderId {
    return this.setup.provider;
  }

  /** Errors validation finds in the configuration after the edit. */
  get errors(): Problem[] {
    return this.problems.filter((p) => p.severity === 'error');
  }

  /** Internal: the text to write, whether the file exists, and where its backup goes. */
  contents(): { text: string; existed: boolean; backupDir: string } {
    return { text: this.#text, existed: this.#existed, backupDir: this.#backupDir };
  }

  toJSON(): object {
    const { file, scope, provider, missing, set, removed, cleared, providerAfter, problems, writesSecret, overridden, leftover, pruned } = this;
    return { file, scope, provider, missing: missing.map((v) => v.name), set, removed, cleared, providerAfter, problems, writesSecret, overridden, leftover, pruned, mode: octal(this.mode) };
  }
}

/** What {@link applySwitch} did. */
export interface SwitchResult {
  file: string;
  scope: SettingsScope;
  provider: ProviderId;
  set: string[];
  removed: string[];
  cleared: string[];
  /** See {@link SwitchPlan.stillOn}. */
  stillOn: { name: string; file: string }[];
  /** See {@link SwitchPlan.leftover}: left in the file, not read by the provider. */
  leftover?: string[];
  /** See {@link SwitchPlan.pruned}: removed from the file (`prune`). */
  pruned?: string[];
  /**
   * The previous file, copied aside (null when there was none), mode 0600, into the user settings
   * directory's `backups/` (which git ignores), never next to the file. The newest 5 backups of
   * each file are kept.
   */
  backup: string | null;
  /**
   * The git exclude file this switch added the local settings file it created to (as Claude Code
   * makes git ignore the file when it creates it), or null: not the local scope, the file existed,
   * already ignored, no git repository.
   */
  ignoredBy: string | null;
  mode: string;
  problems: Problem[];
}

function refuse(message: string, help: string, file: string, code: ProblemCode = 'SETTINGS_INVALID', envVar?: string): never {
  throw new ClaudeProviderError({ code, message, help, file, ...(envVar ? { envVar } : {}) });
}
type ProblemCode = ConstructorParameters<typeof ClaudeProviderError>[0]['code'];

/** The core's warnings that a value is not used at all (Claude Code falls back to its default). */
const IGNORED_VALUE: ReadonlySet<string> = new Set(['BEDROCK_REGION_INVALID', 'VERTEX_REGION_INVALID']);

/**
 * The problems of the values given to a provider's setup that make a switch (and the CLI's
 * `env`) refuse them unless forced: an error, or a value Claude Code would not use at all (a
 * region not shaped like one: it falls back to its default while the value looks chosen).
 */
export function refusedValues(setup: ProviderSetup): Problem[] {
  return (setup.problems ?? []).filter((p) => p.severity === 'error' || IGNORED_VALUE.has(p.code));
}

/** Settings scopes in ascending precedence (the order of the core's `SettingsScope`). */
const SCOPE_ORDER: readonly SettingsScope[] = ['user', 'project', 'local', 'cli', 'managed'];

function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

/** Which settings file a scope writes, as Claude Code finds it. */
export function settingsFileFor(scope: SwitchScope, options: LoadOptions = {}): string {
  return settingsPaths({ ...options, settingsFiles: [], managedSettingsPath: null }).find((p) => p.scope === scope)!.path;
}

/**
 * Plans a switch without writing: the file, the edit, what is missing, and what Claude Code
 * would see afterwards. Throws (code `SETTINGS_INVALID`) only when the file cannot be edited.
 */
export function planSwitch(options: SwitchOptions): SwitchPlan {
  checkObject(options, 'options');
  if (!(SWITCH_SCOPES as readonly string[]).includes(options.scope)) {
    throw new ClaudeProviderError({ code: 'SETTINGS_INVALID', message: `scope '${String(options.scope)}' cannot be written`, help: `Use one of ${SWITCH_SCOPES.join(', ')}.` });
  }
  const setup = coreProviderSetup({ provider: options.provider, ...options.values });
  const path = settingsFileFor(options.scope, options);

  const { text: oldText, mode: oldMode, fileEnv } = readForEdit(path);

  // Everything else the process would see: other layers and the shell, without this file.
  const loaded = loadConfig(options);
  const others: SettingsLayer[] = (loaded.config.settings ?? []).filter((l) => l.path !== path);
  const elsewhere = coreEffectiveEnv({ ...loaded.config, settings: others });
  const isSet = (name: string) => (elsewhere[name] ?? '').trim() !== '';
  // A "" written here cancels the shell and lower-precedence files only.
  const rank = (scope: SettingsScope) => SCOPE_ORDER.indexOf(scope);
  const belowOnly = coreEffectiveEnv({ ...loaded.config, settings: others.filter((l) => rank(l.scope) < rank(options.scope)) });
  const isSetBelow = (name: string) => (belowOnly[name] ?? '').trim() !== '';
  // Highest precedence first (within a scope, a later layer wins).
  const above = others.filter((l) => rank(l.scope) > rank(options.scope)).reverse().sort((a, b) => rank(b.scope) - rank(a.scope));
  // The highest layer that sets selector `name`, when its value turns it on (the core's rule:
  // "0", "false", "off" do not).
  const onAbove = (name: string) => {
    const layer = above.find((l) => typeof envOf(l)[name] === 'string');
    const value = layer ? (envOf(layer)[name] as string) : undefined;
    const on = value !== undefined && coreResolve({ processEnv: { [name]: value } }).selectedBy?.envVar === name;
    return on ? layer : undefined;
  };

  const set: Record<string, string> = {};
  const missing: SetupVar[] = [];
  for (const v of setup.vars) {
    if (v.given) set[v.name] = v.value;
    else if (v.required && !isSet(v.name) && typeof fileEnv[v.name] !== 'string') missing.push(v);
  }
  const removed = setup.clear.filter((n) => n in fileEnv && !isSetBelow(n));
  // Set below: cancelled here, also when a higher layer cancels it now (it may not stay).
  const cleared = setup.clear.filter((n) => isSetBelow(n) && (isSet(n) || n in fileEnv) && fileEnv[n] !== '');
  const stillOn = setup.clear.flatMap((n) => {
    const layer = onAbove(n);
    return layer ? [{ name: n, file: layer.path ?? `${layer.scope} settings` }] : [];
  });

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

  // Other providers' variables the file keeps that this provider does not read.
  const layerOf = (t: string): SettingsLayer => ({ scope: options.scope, path, settings: parseSettings(t, path) as SettingsLayer['settings'] });
  const leftover = leftoverVars(setup, layerOf(text), others, loaded.config, new Set([...Object.keys(set), ...setup.clear]));
  let pruned: string[] = [];
  // Credentials (another provider's key or token) are never pruned: a switch back needs them,
  // and nothing here could write them again.
  const prunable = leftover.filter((n) => !coreIsSecretVar(n));
  if (options.prune && prunable.length) {
    const before = text;
    for (const n of prunable) edit(n, undefined);
    // Together as each alone: what the provider reads is unchanged, else nothing is pruned.
    if (decisive({ ...loaded.config, settings: [...others, layerOf(text)] }) === decisive({ ...loaded.config, settings: [...others, layerOf(before)] })) pruned = prunable;
    else text = before;
  }
  const next = parseSettings(text, path) as Record<string, unknown>;

  // Validate what Claude Code would see after the write.
  const layer: SettingsLayer = { scope: options.scope, path, settings: next as SettingsLayer['settings'] };
  const r = coreValidate({ ...loaded.config, settings: [...others, layer] });
  const selectedBy = r.selectedBy
    ? `${r.selectedBy.envVar} from ${r.selectedBy.source.kind === 'settings' ? `${r.selectedBy.source.scope} settings` : 'the process env'}`
    : 'the default';

  // The values the person gave (region, project, base URL, key…) must be the ones Claude Code
  // reads; the selector is the provider check's business (another layer's "true" selects too).
  const given = Object.fromEntries(setup.vars.filter((v) => v.given && v.option).map((v) => [v.name, v.value]));
  const overridden = overriddenValues({ ...loaded.config, settings: [...others, layer] }, path, given);

  const nextEnv = (next.env ?? {}) as Record<string, unknown>;
  const writesSecret = holdsCredential(set);
  const mode = modeAfter(nextEnv, oldMode);
  return new SwitchPlan(path, options.scope, setup, missing, Object.keys(set), removed, cleared, r.provider, selectedBy, r.problems, writesSecret, mode, text, oldText !== null, backupDirFor(options), stillOn, overridden, leftover.filter((n) => !pruned.includes(n)), pruned);
}

const ALL_PROVIDERS: readonly ProviderId[] = ['anthropic', 'bedrock', 'vertex', 'foundry', 'mantle', 'anthropic-aws', 'anthropic-google-cloud'];
const SETUP_FIELDS = ['region', 'profile', 'project', 'resource', 'workspaceId', 'baseUrl', 'apiKey'] as const;
const providerVarCache = new Map<ProviderId, Set<string>>();

/** Every variable a provider's setup can write (each of its options given). */
function providerVars(p: ProviderId): Set<string> {
  let names = providerVarCache.get(p);
  if (!names) {
    names = new Set();
    for (const f of SETUP_FIELDS) for (const v of coreProviderSetup({ provider: p, [f]: 'x' }).vars) names.add(v.name);
    providerVarCache.set(p, names);
  }
  return names;
}

/** What a configuration decides about the provider and its requests (not where values came from, nor problems). */
function decisive(config: ConfigInput): string {
  const r = coreResolve(config);
  return JSON.stringify([r.provider, r.selectedBy?.envVar, r.gateway, r.mantleAlongside, r.region?.value, r.endpoint, r.details, r.models, r.auth.method, r.network, r.knobs, r.credentialSteps]);
}

/**
 * The other providers' setup variables that `layer` (the file after the switch) sets to a
 * value and that the provider does not read: without each, the resolution decides the same
 * (checked one at a time, against the core). `skip`: written by the switch, or selectors.
 */
function leftoverVars(setup: ProviderSetup, layer: SettingsLayer, others: SettingsLayer[], config: ConfigInput, skip: Set<string>): string[] {
  const mine = providerVars(setup.provider);
  const foreign = new Set(ALL_PROVIDERS.filter((p) => p !== setup.provider).flatMap((p) => [...providerVars(p)]));
  const env = envOf(layer);
  const candidates = Object.keys(env).filter((n) => foreign.has(n) && !mine.has(n) && !skip.has(n) && typeof env[n] === 'string' && (env[n] as string).trim() !== '');
  if (!candidates.length) return [];
  const now = decisive({ ...config, settings: [...others, layer] });
  return candidates.filter((n) => {
    const { [n]: _gone, ...rest } = env;
    const settings = { ...(layer.settings as Record<string, unknown>), env: rest } as SettingsLayer['settings'];
    return decisive({ ...config, settings: [...others, { ...layer, settings }] }) === now;
  });
}

/**
 * Writes a planned switch, or throws without changing anything: `SWITCH_VALUES_MISSING`,
 * `SWITCH_OVERRIDDEN` (another provider would still be selected, or a value written would be
 * overridden: {@link SwitchPlan.overridden}; `force` does not change that),
 * `SWITCH_LEAVES_ERRORS` (unless `force`), the code of a given value's problem when Claude Code
 * would ignore that value (`BEDROCK_REGION_INVALID`, `VERTEX_REGION_INVALID`; unless `force`),
 * `SECRET_IN_TRACKED_FILE`.
 */
export function applySwitch(plan: SwitchPlan, options: ApplyOptions = {}): SwitchResult {
  const path = plan.file;
  const name = plan.setup.displayName;
  const missing = plan.missing.filter((v) => !options.leaveUnset?.includes(v.name));
  if (missing.length) {
    const list = missing.map((v) => `${v.name} (${v.description})`).join(', ');
    refuse(`switching to ${name} needs ${list}; nothing was changed`, `Give ${missing.length === 1 ? 'it' : 'them'} a value.`, path, 'SWITCH_VALUES_MISSING', missing[0]!.name);
  }
  if (plan.providerAfter !== plan.provider) {
    refuse(
      `after the switch Claude Code would still use ${plan.providerAfter} (selected by ${plan.selectedByAfter}); nothing was changed`,
      'Change it where it is set, or switch in a higher-precedence scope (managed > local > project > user).',
      path,
      'SWITCH_OVERRIDDEN',
    );
  }
  if (plan.overridden.length) throw overriddenError(plan.overridden[0]!, plan.scope, 'the switch');
  // An error about a variable the caller chose to leave unset is the expected consequence.
  const errors = plan.errors.filter((p) => !(p.envVar && options.leaveUnset?.includes(p.envVar)));
  if (errors.length && !options.force) {
    refuse(
      `the switch to ${name} would leave ${errors.length} error(s) (${errors.map((p) => p.code).join(', ')}); nothing was changed`,
      'Fix them (give the missing or wrong values), or force the write (`--force` on the command line).',
      path,
      'SWITCH_LEAVES_ERRORS',
      errors[0]!.envVar ?? undefined,
    );
  }
  // A value given that Claude Code would ignore (a region not shaped like one): written, it
  // would look chosen while requests went elsewhere. The core's own check, with its fix.
  const ignored = refusedValues(plan.setup);
  if (ignored.length && !options.force) {
    const p = ignored[0]!;
    refuse(`${p.message} Nothing was changed.`, `${p.help} (Or force the write: \`--force\` on the command line.)`, path, p.code, p.envVar ?? undefined);
  }
  const { text, existed, backupDir } = plan.contents();
  // First, so that a secret may then go into the local file this switch creates.
  const ignoredBy = plan.scope === 'local' && !existed ? ignoreInRepository(path) : null;
  if (plan.writesSecret) refuseIfTracked(path, plan.scope, 'Use the local scope (.claude/settings.local.json, git-ignored as Claude Code sets it up) or user, or keep the key in your shell or a credential helper.');
  const backup = existed ? backUp(path, backupDir) : null;
  writeAtomic(path, text, plan.mode);
  return {
    file: path,
    scope: plan.scope,
    provider: plan.provider,
    set: plan.set,
    removed: plan.removed,
    cleared: plan.cleared,
    stillOn: plan.stillOn,
    leftover: plan.leftover,
    pruned: plan.pruned,
    backup,
    ignoredBy,
    mode: octal(plan.mode),
    problems: plan.problems,
  };
}

export interface ApplyOptions {
  /** Write even if validation finds errors after the edit. */
  force?: boolean;
  /**
   * Missing variables the caller knowingly leaves unset (e.g. an API key the user keeps in a
   * credential helper or the shell instead of the file); errors about them do not block.
   */
  leaveUnset?: string[];
}

/** {@link planSwitch} then {@link applySwitch}. */
export function switchProvider(options: SwitchOptions & ApplyOptions): SwitchResult {
  return applySwitch(planSwitch(options), options);
}

/** An edit of some variables of one settings file's `env` (`null` removes one). */
export interface EnvEditOptions extends LoadOptions {
  scope: SwitchScope;
  set: Record<string, string | null>;
}

/** What {@link editEnv} did. */
export interface EnvEditResult {
  file: string;
  scope: SwitchScope;
  set: string[];
  removed: string[];
  backup: string | null;
  /** See {@link SwitchResult.ignoredBy}. */
  ignoredBy: string | null;
  mode: string;
  /** What validation finds in the configuration after the edit. */
  problems: Problem[];
}

/**
 * Sets or removes variables in a settings file's `env`, with the switch's guarantees (atomic,
 * backup, other keys and formatting kept, 0600 with a secret, `SECRET_IN_TRACKED_FILE`).
 * A value Claude Code would not use, because a higher-precedence layer (a higher scope's file,
 * a `--settings` file, the managed settings) sets the variable to something else, is refused
 * with `SWITCH_OVERRIDDEN` (`envVar`, `file`: that layer); nothing is written.
 * Validation problems after the edit are returned, not enforced: the caller fixes one thing
 * at a time.
 */
export function editEnv(options: EnvEditOptions): EnvEditResult {
  checkObject(options, 'options');
  const path = settingsFileFor(options.scope, options);
  const { text: oldText, mode: oldMode } = readForEdit(path);
  let text = oldText ?? '{}\n';
  const fmt = formattingOf(text);
  for (const [name, value] of Object.entries(options.set)) {
    text = applyEdits(text, modify(text, ['env', name], value === null ? undefined : value, { formattingOptions: fmt }));
  }
  const next = parseSettings(text, path) as Record<string, unknown>;
  const loaded = loadConfig(options);
  const others = (loaded.config.settings ?? []).filter((l) => l.path !== path);
  const after: ConfigInput = { ...loaded.config, settings: [...others, { scope: options.scope, path, settings: next as SettingsLayer['settings'] }] };
  const r = coreValidate(after);
  const given = Object.fromEntries(Object.entries(options.set).filter((e): e is [string, string] => e[1] !== null));
  const [over] = overriddenValues(after, path, given);
  if (over) throw overriddenError(over, options.scope, 'the edit');
  const writesSecret = holdsCredential(given);
  // As a switch does: a new local file is made git-ignored first (a secret moved there from
  // the project file, the extension's quick fix, must not be refused for want of it).
  const ignoredBy = options.scope === 'local' && oldText === null ? ignoreInRepository(path) : null;
  if (writesSecret) refuseIfTracked(path, options.scope, 'Use the local scope (.claude/settings.local.json, git-ignored as Claude Code sets it up) or user.');
  const nextEnv = (next.env ?? {}) as Record<string, unknown>;
  const mode = modeAfter(nextEnv, oldMode);
  const backup = oldText !== null ? backUp(path, backupDirFor(options)) : null;
  writeAtomic(path, text, mode);
  const names = Object.keys(options.set);
  return {
    file: path,
    scope: options.scope,
    set: names.filter((n) => options.set[n] !== null),
    removed: names.filter((n) => options.set[n] === null),
    backup,
    ignoredBy,
    mode: octal(mode),
    problems: r.problems,
  };
}

/** A layer whose value of a variable Claude Code reads over the one a scope's file holds. */
export interface EnvOverride {
  envVar: string;
  /** The layer's file (a settings file, a `--settings` file, the managed settings). */
  file: string;
  scope: SettingsScope;
}

/** Which variables, and which scope's file would hold them. */
export interface EnvTargetOptions extends LoadOptions {
  scope: SwitchScope;
  names: readonly string[];
}

/**
 * For each of `names`, the layer Claude Code would read the variable from instead of the file
 * of `scope`, whatever value is written there: a higher scope's file, a `--settings` file, the
 * managed settings. None listed: a value written in that file is the one used. Lets a caller
 * (the VS Code extension's "Set VAR…") say so before asking for a value; {@link editEnv} refuses
 * the same edits.
 */
export function envOverrides(options: EnvTargetOptions): EnvOverride[] {
  checkObject(options, 'options');
  const path = settingsFileFor(options.scope, options);
  const config = loadConfig(options).config;
  // A placeholder value: which layer wins does not depend on it.
  const mine: SettingsLayer = { scope: options.scope, path, settings: { env: Object.fromEntries(options.names.map((n) => [n, 'x'])) } };
  return winnersOver({ ...config, settings: [...(config.settings ?? []).filter((l) => l.path !== path), mine] }, path, options.names);
}

/** {@link envOverrides}, as the error {@link editEnv} throws: `SWITCH_OVERRIDDEN` with `envVar` and `file`. */
export function checkEnvEdit(options: EnvTargetOptions): void {
  const [over] = envOverrides(options);
  if (over) throw overriddenError(over, options.scope, 'the edit');
}

/**
 * The values of `set`, written in the layer at `path` of `config`, that Claude Code would not
 * use (its effective value is another), with the layer that wins.
 */
function overriddenValues(config: ConfigInput, path: string, set: Record<string, string>): EnvOverride[] {
  const effective = coreEffectiveEnv(config);
  const lost = Object.keys(set).filter((n) => effective[n] !== set[n]);
  return lost.length ? winnersOver(config, path, lost) : [];
}

/**
 * Of `names`, those that a layer of `config` other than the one at `path` supplies, with that
 * layer. The winner is the core's: the variable's source in its resolution (`vars[].source`);
 * for a variable the core does not report, its effective environment decides between the file
 * and each layer that sets it.
 */
function winnersOver(config: ConfigInput, path: string, names: readonly string[]): EnvOverride[] {
  const layers = config.settings ?? [];
  const mine = layers.find((l) => l.path === path);
  const vars = coreResolve(config).vars;
  const out: EnvOverride[] = [];
  for (const name of names) {
    const known = vars.find((v) => v.name === name);
    let winner: { scope: SettingsScope; path?: string | null } | undefined;
    if (known) {
      const src = known.source;
      if (src.kind === 'settings' && src.path !== path) winner = src;
    } else if (mine) {
      // Every layer that sets it (and the file), in their order in `config`, each with its
      // index as the value: the index the core's effective environment keeps is the winner.
      const setters = layers.filter((l) => l === mine || typeof envOf(l)[name] === 'string');
      const marked = setters.map((l, i): SettingsLayer => ({ scope: l.scope, path: l.path ?? null, settings: { env: { [name]: String(i) } } }));
      const won = setters[Number(coreEffectiveEnv({ processEnv: {}, settings: marked })[name])];
      if (won !== mine) winner = won;
    }
    if (winner) out.push({ envVar: name, file: winner.path ?? `the ${winner.scope} settings`, scope: winner.scope });
  }
  return out;
}

function envOf(l: SettingsLayer): Record<string, unknown> {
  const env = l.settings && typeof l.settings === 'object' && !Array.isArray(l.settings) ? l.settings.env : undefined;
  return env && typeof env === 'object' && !Array.isArray(env) ? (env as Record<string, unknown>) : {};
}

/** `SWITCH_OVERRIDDEN` for a value `what` would write in `scope`'s file. Names, never values. */
function overriddenError(o: EnvOverride, scope: SwitchScope, what: string): ClaudeProviderError {
  const where = o.scope === 'cli' ? 'a --settings file' : o.scope === 'managed' ? 'the managed settings' : `the ${o.scope} settings`;
  const help =
    o.scope === 'cli'
      ? `Change ${o.envVar} in ${o.file}, or stop passing that file to Claude Code with --settings.`
      : o.scope === 'managed'
        ? `Change ${o.envVar} in ${o.file}, or ask whoever manages this machine's Claude Code settings.`
        : `Write it in the ${o.scope} scope, or remove ${o.envVar} from ${o.file}.`;
  return new ClaudeProviderError({
    code: 'SWITCH_OVERRIDDEN',
    message: `${o.envVar} is set in ${where}, ${o.file}, which Claude Code reads over the ${scope} settings file: the value ${what} would write there would not be used; nothing was changed`,
    help,
    envVar: o.envVar,
    file: o.file,
  });
}

/** The file's text, mode and `env`, or a clear refusal when it cannot be edited. */
function readForEdit(path: string): { text: string | null; mode: number | null; fileEnv: Record<string, unknown> } {
  const { text, mode } = readExisting(path);
  if (mode !== null && (mode & 0o222) === 0) {
    refuse(`${path} is read-only (mode ${octal(mode)}); nothing was changed`, `Make it writable (chmod u+w ${path}) if you mean to change it.`, path);
  }
  const current = text === null ? {} : parseSettings(text, path);
  if (typeof current !== 'object' || current === null || Array.isArray(current)) {
    refuse(`${path} is not a JSON object; nothing was changed`, 'Fix the file (a settings file is one JSON object), or move it away.', path);
  }
  const env = (current as Record<string, unknown>).env;
  if (env !== undefined && (typeof env !== 'object' || env === null || Array.isArray(env))) {
    refuse(`${path}: \`env\` is not an object; nothing was changed`, 'Make `env` an object of strings.', path);
  }
  return { text, mode, fileEnv: (env ?? {}) as Record<string, unknown> };
}

/** How many backups of each settings file are kept (the newest); older ones of that file are deleted. */
const BACKUPS_KEPT = 5;

/**
 * Copies the file, before the write, into `dir` (kept out of git by its own `.gitignore`), mode
 * 0600 from the start (it may hold a secret), named after its path: never next to it, where
 * `git status` would list it and `git add .` commit it. Then deletes that file's backups beyond
 * the newest {@link BACKUPS_KEPT}.
 */
function backUp(path: string, dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ignore = join(dir, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '# Backups of Claude Code settings files (claude-provider switch), which may hold secrets: never commit them.\n*\n', { mode: 0o600 });
  const name = backupName(path);
  const backup = backupPath(join(dir, name));
  writeFileSync(backup, readFileSync(path), { mode: 0o600, flag: 'wx' });
  chmodSync(backup, 0o600);
  // `NAME.<stamp>[-N].bak`, oldest first (the stamp sorts as text, N as a number).
  const mine = readdirSync(dir).flatMap((f) => {
    const m = f.startsWith(`${name}.`) ? /^(\d{8}T\d{6}\.\d{3}Z)(?:-(\d+))?\.bak$/.exec(f.slice(name.length + 1)) : null;
    return m ? [{ f, stamp: m[1]!, n: Number(m[2] ?? 0) }] : [];
  });
  mine.sort((a, b) => (a.stamp === b.stamp ? a.n - b.n : a.stamp < b.stamp ? -1 : 1));
  for (const { f } of mine.slice(0, -BACKUPS_KEPT)) rmSync(join(dir, f), { force: true });
  return backup;
}

/** How much of a settings file's path its backups' name keeps readable (the end of it). */
const BACKUP_NAME_READABLE = 80;

/**
 * A settings file's backups' name: the end of its path, readable
 * (`home-me-proj-.claude-settings.json`), and a hash of the whole path, so that two paths never
 * share a name (`my project` and `my-project`, or two deep paths that end alike). Only the last
 * {@link BACKUP_NAME_READABLE} characters are kept, so that a deep project's backup name stays
 * well under the 255 bytes a file name may have.
 */
function backupName(path: string): string {
  const abs = resolve(path);
  const hash = createHash('sha256').update(abs).digest('hex').slice(0, 8);
  return `${abs.replace(/[^A-Za-z0-9._-]/g, '-').slice(-BACKUP_NAME_READABLE).replace(/^-+/, '')}.${hash}`;
}

/** Where backups go: `backups/` beside the user settings file. */
function backupDirFor(options: LoadOptions): string {
  return join(dirname(settingsFileFor('user', options)), 'backups');
}

/**
 * Do these variables hold a credential: a secret by the core's rules (a key, a token, a URL with
 * a password), or a credential typed into a plain variable (an AWS secret key as AWS_PROFILE:
 * CREDENTIAL_IN_PLAIN_VARIABLE, or as AWS_ACCESS_KEY_ID: the keys swapped), which `--force` may
 * still write and is one all the same.
 */
function holdsCredential(env: Record<string, string>): boolean {
  return coreSecretVars(env).size > 0 || Object.entries(env).some(([k, v]) => coreShareableValue(k, v) !== v);
}

function stringValues(env: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function readExisting(path: string): { text: string | null; mode: number | null } {
  try {
    const st = statSync(path);
    if (!st.isFile()) refuse(`${path} is not a regular file`, 'Move it away, or choose another scope.', path);
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

/** A settings file that holds a secret is private (0600); otherwise it keeps its mode. */
function modeAfter(env: Record<string, unknown>, oldMode: number | null): number {
  return holdsCredential(stringValues(env)) ? 0o600 : (oldMode ?? 0o644);
}

/**
 * A secret never goes into a file git tracks, or would pick up with the next `git add` (in a
 * work tree and not ignored): `SECRET_IN_TRACKED_FILE`, nothing changed.
 */
function refuseIfTracked(path: string, scope: SwitchScope, help: string): void {
  if (gitTracked(path)) refuse(`${path} is tracked by git: a secret must not go into it; nothing was changed`, help, path, 'SECRET_IN_TRACKED_FILE');
  if (gitWouldSee(path)) {
    // The project file is the one meant to be committed: ignoring it is not the fix.
    const fix =
      scope === 'project'
        ? `.claude/settings.json is the project's shared settings file, meant to be committed: put the secret in the local scope instead (\`--scope local\`: .claude/settings.local.json, which Claude Code keeps out of git) or the user scope (~/.claude/settings.json), or keep it in your shell or a credential helper.`
        : `Add ${basename(path)} to .gitignore (Claude Code does so for .claude/settings.local.json when it creates it), or use the user scope.`;
    refuse(`${path} is in a git work tree and not ignored, so the next \`git add\` would commit the secret; nothing was changed`, fix, path, 'SECRET_IN_TRACKED_FILE');
  }
}

/**
 * Makes git ignore `path` (which need not exist yet) without touching a tracked file, as Claude
 * Code does for the local settings file it creates: adds `/<path from the repository root>` to
 * the repository's own exclude file (`git rev-parse --git-path info/exclude`: right for worktrees
 * and submodules too), unless the line is there. Returns that file when git now ignores `path`;
 * null when there was nothing to do (no git, no repository, ignored already, tracked) or it did
 * not help (a `!` pattern in a .gitignore wins).
 */
function ignoreInRepository(path: string): string | null {
  if (!gitWouldSee(path) || gitTracked(path)) return null;
  const at = gitPlace(path)!;
  const ask = (...args: string[]) => {
    const r = spawnSync('git', args, { cwd: at.dir, encoding: 'utf8' });
    return r.status === 0 ? r.stdout.replace(/\r?\n$/, '') : null;
  };
  const prefix = ask('rev-parse', '--show-prefix');
  const where = ask('rev-parse', '--git-path', 'info/exclude');
  if (prefix === null || where === null) return null;
  const exclude = resolve(at.dir, where);
  // Leading `/`: this path only, from the root. Pattern characters in folder names escaped.
  const line = `/${prefix}${at.rel}`.replace(/[\\*?[]/g, '\\$&');
  const text = existsSync(exclude) ? readFileSync(exclude, 'utf8') : '';
  if (!text.split(/\r?\n/).includes(line)) {
    mkdirSync(dirname(exclude), { recursive: true });
    appendFileSync(exclude, `${text && !text.endsWith('\n') ? '\n' : ''}${line}\n`);
  }
  return gitWouldSee(path) ? null : exclude;
}

/** Is `path` inside a git work tree without being ignored? (false when git or a repository is absent) */
function gitWouldSee(path: string): boolean {
  const at = gitPlace(path);
  if (!at) return false;
  const inTree = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: at.dir, encoding: 'utf8' });
  if (inTree.status !== 0 || inTree.stdout.trim() !== 'true') return false;
  // check-ignore (patterns only, so the path need not exist): 0 ignored, 1 not ignored, 128 error.
  return spawnSync('git', ['check-ignore', '-q', '--', at.rel], { cwd: at.dir, stdio: 'ignore' }).status === 1;
}

/** Is `path` tracked by git (in the index, even if deleted from the work tree)? (false when git or a repository is absent) */
export function gitTracked(path: string): boolean {
  const at = gitPlace(path);
  if (!at) return false;
  // A folder name with `*?[` is a name, not a pattern.
  return spawnSync('git', ['--literal-pathspecs', 'ls-files', '--error-unmatch', '--', at.rel], { cwd: at.dir, stdio: 'ignore' }).status === 0;
}

/**
 * Where to ask git about `path`, which need not exist yet, nor its folders (writeAtomic creates
 * them): the nearest folder that exists, and the path relative to it with `/`.
 */
function gitPlace(path: string): { dir: string; rel: string } | null {
  const abs = resolve(path);
  let dir = dirname(abs);
  for (;;) {
    try {
      if (statSync(dir).isDirectory()) break;
    } catch {
      // not there (yet): try its parent
    }
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
  return { dir, rel: relative(dir, abs).split(sep).join('/') };
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
