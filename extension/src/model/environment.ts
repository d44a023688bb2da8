// The environment Claude Code's process gets inside VS Code: the extension host's env plus the
// Claude Code extension's `claudeCode.environmentVariables` ([{ name, value }]). Pure.
import type { SwitchScope } from 'claude-provider';

export interface NameValue {
  name: string;
  value: string;
}

/** The valid entries of `claudeCode.environmentVariables`. */
export function parseEnvironmentVariables(raw: unknown): NameValue[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((e): e is NameValue => typeof e === 'object' && e !== null && typeof e.name === 'string' && typeof e.value === 'string');
}

export function processEnvFor(base: Record<string, string | undefined>, extra: NameValue[]): Record<string, string | undefined> {
  const env = { ...base };
  for (const { name, value } of extra) env[name] = value;
  return env;
}

/**
 * One level's `claudeCode.environmentVariables` after a switch: `set` replaces or adds, `unset`
 * removes, every other entry of that level is kept in order, where it is. Secret variables are
 * never added (VS Code settings are plain files that sync). Give it the list of the level it is
 * written back to (`inspect().globalValue` or `.workspaceValue`), never the effective value: that
 * would copy entries, secrets included, from one level into another.
 */
export function updatedEnvironmentVariables(current: NameValue[], set: Record<string, string>, unset: string[], isSecret: (name: string) => boolean): NameValue[] {
  const out = current.filter((e) => !unset.includes(e.name) && !(e.name in set));
  for (const [name, value] of Object.entries(set)) if (!isSecret(name)) out.push({ name, value });
  return out;
}

/** The VS Code settings level a switch mirrors into. */
export type MirrorLevel = 'user' | 'workspace';

/**
 * Where a switch in Claude Code's `scope` mirrors its variables: a user switch into the user
 * settings, a project switch into the workspace's (`.vscode/settings.json`, shared like
 * `.claude/settings.json`). A local switch is not mirrored: `.claude/settings.local.json` is
 * private to you (git-ignored), and VS Code has no private per-project level, so copying it
 * into `.vscode/settings.json`, often committed, would share what was meant to stay yours.
 */
export function mirrorLevel(scope: SwitchScope, hasWorkspaceFolder: boolean): { level: MirrorLevel } | { skip: string } {
  if (scope === 'user') return { level: 'user' };
  if (scope === 'local') {
    return {
      skip: "a local switch stays private to you (.claude/settings.local.json is git-ignored), and VS Code's per-project settings file (.vscode/settings.json) is often shared; Claude Code reads .claude/settings.local.json itself",
    };
  }
  return hasWorkspaceFolder ? { level: 'workspace' } : { skip: 'no workspace folder is open' };
}

/**
 * What the user should know after writing `next` at `level`: VS Code does not merge lists, so a
 * workspace list replaces the user-level one in that workspace. Names only, never values.
 */
export function mirrorNote(level: MirrorLevel, before: { user?: NameValue[] | undefined; workspace?: NameValue[] | undefined }, next: NameValue[]): string | undefined {
  if (level === 'workspace') {
    if (before.workspace !== undefined) return undefined;
    const hidden = (before.user ?? []).map((e) => e.name).filter((n) => !next.some((e) => e.name === n));
    if (hidden.length === 0) return undefined;
    return `this workspace now has its own claudeCode.environmentVariables, which replaces your user-level list here (VS Code does not merge lists): Claude Code no longer gets ${hidden.join(', ')} from it in this workspace`;
  }
  if (before.workspace === undefined) return undefined;
  return "this workspace's own claudeCode.environmentVariables (.vscode/settings.json) replaces the user-level list here: the change applies in other workspaces";
}
