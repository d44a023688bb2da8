// What can be done about a problem: open the file at the line, set the variable, sign in,
// switch provider. Pure: the editor turns these into buttons and code actions.
import type { Problem, ProviderId, Resolution, SwitchScope } from 'claude-provider';

export type Fix =
  | { kind: 'open'; title: string; file: string; name?: string }
  | { kind: 'setVariable'; title: string; name: string; suggested?: string }
  | { kind: 'moveSecret'; title: string; name: string }
  | { kind: 'removeVariable'; title: string; name: string; scope: SwitchScope }
  | { kind: 'signIn'; title: string }
  | { kind: 'switch'; title: string };

/** Problems that a cloud sign-in fixes, by provider family. */
const SIGN_IN_CODES = new Set(['AWS_NO_CREDENTIALS', 'AWS_SSO_REFRESH_MISSING', 'AWS_PROFILE_NOT_FOUND', 'VERTEX_NO_CREDENTIALS', 'GOOGLE_CLOUD_NO_CREDENTIALS', 'FOUNDRY_NO_CREDENTIALS', 'CREDENTIALS_MISSING']);
/** Problems about which provider is on. */
const SWITCH_CODES = new Set(['PROVIDER_CONFLICT', 'PROVIDER_FLAG_UNRECOGNIZED', 'ANTHROPIC_NO_CREDENTIALS']);
/** Problems whose fix is to take the variable out, never to give it another value. */
const NO_SET_CODES = new Set(['SECRET_IN_PROJECT_SETTINGS', 'FIRST_PARTY_VARS_IGNORED']);
const CLOUD: Partial<Record<ProviderId, string>> = {
  bedrock: 'AWS',
  mantle: 'AWS',
  'anthropic-aws': 'AWS',
  vertex: 'Google Cloud',
  'anthropic-google-cloud': 'Google Cloud',
  foundry: 'Azure',
};

/** The file that sets `name` in the resolution, if a settings file does. */
export function fileOf(r: Resolution, name: string): string | undefined {
  const v = r.vars.find((x) => x.name === name);
  return v && v.source.kind === 'settings' && v.source.path ? v.source.path : undefined;
}

export function fixesFor(p: Problem, r: Resolution): Fix[] {
  const fixes: Fix[] = [];
  const file = p.file ?? (p.envVar ? fileOf(r, p.envVar) : undefined);
  if (file) fixes.push({ kind: 'open', title: `Open ${file.split('/').pop()}`, file, ...(p.envVar ? { name: p.envVar } : {}) });
  const cloud = CLOUD[r.provider];
  if (SIGN_IN_CODES.has(p.code) && cloud) fixes.push({ kind: 'signIn', title: `Sign in to ${cloud}` });
  // A secret in the shared project file moves out of it (or goes), whatever else is wrong with
  // it: a value written in place would still be shared.
  const secretInProject = !!p.envVar && r.problems.some((x) => x.code === 'SECRET_IN_PROJECT_SETTINGS' && x.envVar === p.envVar);
  if (secretInProject) fixes.push({ kind: 'moveSecret', title: `Move ${p.envVar} out of .claude/settings.json…`, name: p.envVar! });
  const scope = p.envVar ? scopeSetting(r, p.envVar) : undefined;
  if (p.code === 'FIRST_PARTY_VARS_IGNORED' && p.envVar && scope && file) {
    fixes.push({ kind: 'removeVariable', title: `Remove ${p.envVar} from ${file.split('/').pop()}`, name: p.envVar, scope });
  }
  if (p.envVar && p.severity !== 'info' && !secretInProject && !NO_SET_CODES.has(p.code) && !p.envVar.startsWith('CLAUDE_CODE_USE_')) {
    const suggested = suggestedValue(p.help);
    fixes.push({ kind: 'setVariable', title: `Set ${p.envVar}…`, name: p.envVar, ...(suggested ? { suggested } : {}) });
  }
  if (SWITCH_CODES.has(p.code) || p.envVar?.startsWith('CLAUDE_CODE_USE_')) fixes.push({ kind: 'switch', title: 'Switch provider…' });
  return fixes;
}

/**
 * The value a problem's help names, to prefill "Set VAR…": the core words it `Use "ID"`
 * (a model ID in the provider's form, say). Only a quoted value right after "Use".
 */
export function suggestedValue(help: string): string | undefined {
  return /\bUse "([^"\s]+)"/.exec(help)?.[1];
}

/**
 * The fixes of several problems (the diagnostics under the cursor), each once: two problems
 * about one variable offer one "Set VAR…", with the value one of them suggests.
 */
export function uniqueFixes(fixes: readonly Fix[]): Fix[] {
  const out = new Map<string, Fix>();
  for (const f of fixes) {
    const had = out.get(f.title);
    if (!had) out.set(f.title, f);
    else if (had.kind === 'setVariable' && f.kind === 'setVariable' && !had.suggested && f.suggested) out.set(f.title, f);
  }
  return [...out.values()];
}

/**
 * The scope "Set VAR…" writes when none is asked for: that of the settings file that sets `name`
 * now, when it is one a switch may write (user, project, local); else none (a `--settings` or
 * managed file, the shell, or nothing sets it). Whether a value written there would be used is
 * the Node package's rule (`checkEnvEdit`, `envOverrides`, which `editEnv` enforces), not this one.
 */
export function scopeSetting(r: Resolution, name: string): SwitchScope | undefined {
  const v = r.vars.find((x) => x.name === name);
  const scope = v?.source.kind === 'settings' ? v.source.scope : undefined;
  return scope === 'user' || scope === 'project' || scope === 'local' ? scope : undefined;
}

/**
 * The problems worth showing after an edit of `name`: those about `name`, and errors or warnings
 * the edit brought (not there before). The status bar and diagnostics show the rest.
 */
export function problemsAfterEdit(name: string, before: readonly Problem[], after: readonly Problem[]): Problem[] {
  const key = (p: Problem) => `${p.code} ${p.envVar ?? ''}`;
  const old = new Set(before.map(key));
  return after.filter((p) => p.envVar === name || (p.severity !== 'info' && !old.has(key(p))));
}
