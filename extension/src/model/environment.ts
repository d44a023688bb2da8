// The environment Claude Code's process gets inside VS Code: the extension host's env plus the
// Claude Code extension's `claudeCode.environmentVariables` ([{ name, value }]). Pure.

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
 * `claudeCode.environmentVariables` after a switch: `set` replaces or adds, `unset` removes,
 * every other entry is kept in order. Secret variables are never written (VS Code settings
 * are plain files that sync).
 */
export function updatedEnvironmentVariables(current: NameValue[], set: Record<string, string>, unset: string[], isSecret: (name: string) => boolean): NameValue[] {
  const out = current.filter((e) => !unset.includes(e.name) && !(e.name in set));
  for (const [name, value] of Object.entries(set)) if (!isSecret(name)) out.push({ name, value });
  return out;
}
