// What can be done about a problem: open the file at the line, set the variable, sign in,
// switch provider. Pure: the editor turns these into buttons and code actions.
import type { Problem, ProviderId, Resolution, SettingsScope, SwitchScope } from 'claude-provider';

export type Fix =
  | { kind: 'open'; title: string; file: string; name?: string }
  | { kind: 'setVariable'; title: string; name: string }
  | { kind: 'signIn'; title: string }
  | { kind: 'switch'; title: string };

/** Problems that a cloud sign-in fixes, by provider family. */
const SIGN_IN_CODES = new Set(['AWS_NO_CREDENTIALS', 'AWS_SSO_REFRESH_MISSING', 'AWS_PROFILE_NOT_FOUND', 'VERTEX_NO_CREDENTIALS', 'GOOGLE_CLOUD_NO_CREDENTIALS', 'FOUNDRY_NO_CREDENTIALS', 'CREDENTIALS_MISSING']);
/** Problems about which provider is on. */
const SWITCH_CODES = new Set(['PROVIDER_CONFLICT', 'PROVIDER_FLAG_UNRECOGNIZED', 'ANTHROPIC_NO_CREDENTIALS']);
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
  if (p.envVar && p.severity !== 'info' && !p.envVar.startsWith('CLAUDE_CODE_USE_')) {
    fixes.push({ kind: 'setVariable', title: `Set ${p.envVar}…`, name: p.envVar });
  }
  if (SWITCH_CODES.has(p.code) || p.envVar?.startsWith('CLAUDE_CODE_USE_')) fixes.push({ kind: 'switch', title: 'Switch provider…' });
  return fixes;
}

/** Claude Code's precedence of settings files, lowest first (`managed > cli > local > project > user`). */
const RANK: Record<SettingsScope, number> = { user: 0, project: 1, local: 2, cli: 3, managed: 4 };
const PRECEDENCE = 'managed > cli > local > project > user';

/** Where "Set VAR…" writes. */
export type SetTarget =
  /** A writable settings file: the one that sets the variable now, or the scope asked for. */
  | { kind: 'scope'; scope: SwitchScope }
  /** No settings file sets it (the shell or nothing does): any scope wins; ask which. */
  | { kind: 'choose' }
  /** A value written where it can be would not be used. */
  | { kind: 'refuse'; file: string; message: string; help: string };

/**
 * Where setting `name` takes effect: the settings file that sets it now when we may write it
 * (user, project, local), else a refusal naming the file that would still override the value:
 * a `--settings` file (claudeProvider.extraSettingsFiles), the managed settings, or a
 * higher-precedence file than the `asked` scope.
 */
export function setTargetFor(r: Resolution, name: string, asked?: SwitchScope): SetTarget {
  const v = r.vars.find((x) => x.name === name);
  const src = v?.source.kind === 'settings' ? v.source : undefined;
  if (!src) return asked ? { kind: 'scope', scope: asked } : { kind: 'choose' };
  const file = src.path ?? `the ${src.scope} settings file`;
  if (src.scope === 'cli' || src.scope === 'managed') {
    const what = src.scope === 'cli' ? 'a --settings file (claudeProvider.extraSettingsFiles)' : 'the managed settings';
    return {
      kind: 'refuse',
      file,
      message: `${name} is set in ${what}, ${file}, which Claude Code reads over the user, project and local files (${PRECEDENCE}): a value written there would not be used`,
      help:
        src.scope === 'cli'
          ? `Change ${name} in ${file}, or take that file out of claudeProvider.extraSettingsFiles (and Claude Code's --settings).`
          : `Change ${name} in ${file}, or ask whoever manages this machine's Claude Code settings.`,
    };
  }
  const scope = asked ?? src.scope;
  if (RANK[scope] < RANK[src.scope]) {
    return {
      kind: 'refuse',
      file,
      message: `${name} is set in the ${src.scope} settings, ${file}, which Claude Code reads over the ${scope} file (${PRECEDENCE}): a value written in the ${scope} file would not be used`,
      help: `Set it in the ${src.scope} file (leave the scope out), or remove it from ${file}.`,
    };
  }
  return { kind: 'scope', scope };
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
