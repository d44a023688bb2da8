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
 * Where a switch in Claude Code's `scope` mirrors its variables, given how many folders the
 * workspace has: a user switch into the user settings, a project switch into the workspace's
 * (`.vscode/settings.json`, shared like `.claude/settings.json`). A local switch is not
 * mirrored: `.claude/settings.local.json` is private to you (git-ignored), and VS Code has no
 * private per-project level, so copying it into `.vscode/settings.json`, often committed, would
 * share what was meant to stay yours. Nor is a project switch in a multi-root workspace: its
 * workspace settings are the `.code-workspace` file's, which apply to every folder, while the
 * switch is one folder's `.claude/settings.json`; mirrored there, Claude Code would get that
 * folder's route in the others too.
 */
export function mirrorLevel(scope: SwitchScope, workspaceFolders: number): { level: MirrorLevel } | { skip: string } {
  if (scope === 'user') return { level: 'user' };
  if (scope === 'local') {
    return {
      skip: "a local switch stays private to you (.claude/settings.local.json is git-ignored), and VS Code's per-project settings file (.vscode/settings.json) is often shared; Claude Code reads .claude/settings.local.json itself",
    };
  }
  if (workspaceFolders > 1) {
    return {
      skip: "in a multi-root workspace the workspace's settings (the .code-workspace file) apply to every folder, and this project switch is for one folder's .claude/settings.json: mirrored there, Claude Code would get this route in every folder of the workspace. Claude Code reads the project settings file the switch wrote",
    };
  }
  return workspaceFolders === 1 ? { level: 'workspace' } : { skip: 'no workspace folder is open' };
}

/** Whether to write a level's new list, and what the user should know. */
export type MirrorDecision = { write: true; note?: string } | { skip: string };

/**
 * Whether writing `next` at `level` is safe, given each level's list `before` (`undefined`: the
 * level has none) and the variables the switch takes away (`unset`). VS Code does not merge
 * lists: a workspace list replaces the user-level one in that workspace. So when a project
 * switch would create the workspace's list and that would hide user-level entries Claude Code
 * gets now (a proxy, a CA bundle, a key), it is skipped, saying which (names only, never values):
 * those entries are neither copied (they may be secret, and the workspace file is often
 * committed) nor silently hidden. Entries the switch takes away anyway (`unset`) do not count.
 * A workspace that has its own list already hides the user's: writing it hides nothing more.
 */
export function mirrorDecision(
  level: MirrorLevel,
  before: { user?: NameValue[] | undefined; workspace?: NameValue[] | undefined },
  next: NameValue[],
  unset: readonly string[] = [],
): MirrorDecision {
  if (level === 'workspace') {
    if (before.workspace !== undefined) return { write: true };
    const hidden = [...new Set((before.user ?? []).map((e) => e.name))].filter((n) => !next.some((e) => e.name === n) && !unset.includes(n));
    if (hidden.length === 0) return { write: true };
    return {
      skip: `this workspace has no claudeCode.environmentVariables of its own, and a new one would replace your user-level list here (VS Code does not merge lists), so Claude Code would lose ${hidden.join(', ')} in this workspace. Nothing was copied or hidden; Claude Code still reads the project settings file the switch wrote. To mirror project switches here, give the workspace its own list first (with what it needs)`,
    };
  }
  if (before.workspace === undefined) return { write: true };
  return { write: true, note: "this workspace's own claudeCode.environmentVariables (.vscode/settings.json) replaces the user-level list here: the change applies in other workspaces" };
}
