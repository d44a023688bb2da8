// Saved routes (`claudeProvider.profiles`): checked, so a typo in settings.json is reported,
// not silently ignored. Pure.
import type { ProviderId, Resolution } from 'claude-provider';
import type { SetupValues, SwitchScope } from 'claude-provider';
import { holdsPastedCredential, type MaskUrl, PROVIDERS, SHORT_NAME } from './labels.js';

export interface Profile {
  name: string;
  provider: ProviderId;
  scope?: SwitchScope;
  values: SetupValues;
}

const VALUE_KEYS = ['region', 'profile', 'project', 'resource', 'workspaceId', 'baseUrl'] as const;
const SCOPES = ['user', 'project', 'local'];

export function parseProfiles(raw: unknown): { profiles: Profile[]; errors: string[] } {
  const profiles: Profile[] = [];
  const errors: string[] = [];
  if (raw === undefined || raw === null) return { profiles, errors };
  if (!Array.isArray(raw)) return { profiles, errors: ['claudeProvider.profiles must be an array'] };
  raw.forEach((p: unknown, i) => {
    const at = `claudeProvider.profiles[${i}]`;
    if (typeof p !== 'object' || p === null) return void errors.push(`${at} is not an object`);
    const o = p as Record<string, unknown>;
    if (typeof o.name !== 'string' || o.name.trim() === '') return void errors.push(`${at}: "name" is missing`);
    if (typeof o.provider !== 'string' || !(PROVIDERS as readonly string[]).includes(o.provider)) {
      return void errors.push(`${at} (${o.name}): "provider" must be one of ${PROVIDERS.join(', ')}`);
    }
    if (o.scope !== undefined && (typeof o.scope !== 'string' || !SCOPES.includes(o.scope))) {
      return void errors.push(`${at} (${o.name}): "scope" must be one of ${SCOPES.join(', ')}`);
    }
    const values: SetupValues = {};
    const v = (o.values ?? {}) as Record<string, unknown>;
    for (const [k, val] of Object.entries(v)) {
      if (!(VALUE_KEYS as readonly string[]).includes(k)) {
        errors.push(`${at} (${o.name}): unknown value "${k}"${k === 'apiKey' ? ' (keys belong in the secret storage: run "Claude Provider: Store an API Key")' : ''}`);
      } else if (typeof val === 'string' && val.trim() !== '') values[k as (typeof VALUE_KEYS)[number]] = val.trim();
    }
    profiles.push({ name: o.name.trim(), provider: o.provider as ProviderId, ...(o.scope ? { scope: o.scope as SwitchScope } : {}), values });
  });
  return { profiles, errors };
}

/** A profile and the VS Code settings level it comes from. */
export interface ListedProfile extends Profile {
  origin: 'user' | 'workspace';
}

/**
 * The profiles to offer: the user's (`inspect().globalValue`), then, in a trusted workspace only,
 * the workspace's (a team's list in `.vscode/settings.json`). Both are read from their own level:
 * a workspace list does not hide the user's, and an untrusted repository cannot offer a route
 * (a base URL of its choosing). A name is one profile: a workspace profile named like one of the
 * user's is shadowed by it (left out, its name in `shadowed`), and a second profile of one name
 * in one list is left out and reported, so the picker and a switch by name (`profileNamed`)
 * always mean the same profile.
 */
export function profilesFrom(levels: { user?: unknown; workspace?: unknown }, trusted: boolean): { profiles: ListedProfile[]; errors: string[]; shadowed: string[] } {
  const user = parseProfiles(levels.user);
  const workspace = trusted ? parseProfiles(levels.workspace) : { profiles: [], errors: [] };
  const errors = [...user.errors.map((e) => `user settings: ${e}`), ...workspace.errors.map((e) => `workspace settings: ${e}`)];
  const once = (list: Profile[], where: string) =>
    list.filter((p, i) => {
      const first = list.findIndex((q) => q.name === p.name) === i;
      if (!first) errors.push(`${where} settings: claudeProvider.profiles has "${p.name}" more than once; only the first is offered`);
      return first;
    });
  const mine = once(user.profiles, 'user');
  const theirs = once(workspace.profiles, 'workspace');
  const shadowed = theirs.filter((p) => mine.some((q) => q.name === p.name)).map((p) => p.name);
  return {
    profiles: [...mine.map((p) => ({ ...p, origin: 'user' as const })), ...theirs.filter((p) => !shadowed.includes(p.name)).map((p) => ({ ...p, origin: 'workspace' as const }))],
    errors,
    shadowed,
  };
}

/** The profile a switch by name uses (`claudeProvider.switchProvider` with `{ profile }`): the user's when both levels have one. */
export function profileNamed(profiles: readonly ListedProfile[], name: string): ListedProfile | undefined {
  const named = profiles.filter((p) => p.name === name);
  return named.find((p) => p.origin === 'user') ?? named[0];
}

/** A profile as the switcher lists it: its facts (a base URL as the core masks it) and where it comes from. */
export function profileItem(p: ListedProfile, maskUrl: MaskUrl): { label: string; description: string; detail?: string } {
  const facts = Object.entries(p.values)
    .filter(([, v]) => v)
    .map(([k, v]) => (k === 'baseUrl' ? maskUrl(v as string) : (v as string)))
    .join(' · ');
  return {
    label: `$(bookmark) ${p.name}`,
    description: `${SHORT_NAME[p.provider]}${facts ? ` · ${facts}` : ''}${p.scope ? ` (${p.scope})` : ''}`,
    ...(p.origin === 'workspace' ? { detail: "From this workspace's settings" } : {}),
  };
}

/**
 * The user's `claudeProvider.profiles` (its raw value, `inspect().globalValue`) with `profile`
 * saved: an entry of the same name is replaced, every other entry is kept as it is (even one
 * that `parseProfiles` reports), nothing comes from another level.
 */
export function withProfile(rawUser: unknown, profile: Profile): unknown[] {
  const list = Array.isArray(rawUser) ? rawUser : [];
  const named = (e: unknown) => typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string' && (e as { name: string }).name.trim() === profile.name;
  return [...list.filter((e) => !named(e)), profile];
}

/**
 * A profile for a route (no secret values; a base URL without the secret parts the core masks,
 * which `safeProfileValues` drops first). Without a scope, switching to it uses `claudeProvider.switchScope`.
 */
export function profileOf(name: string, provider: ProviderId, scope: SwitchScope | undefined, values: SetupValues): Profile {
  const kept: SetupValues = {};
  for (const k of VALUE_KEYS) if (values[k]) kept[k] = values[k];
  return { name, provider, ...(scope ? { scope } : {}), values: kept };
}

/**
 * Values as a profile may keep them (profiles are plain VS Code settings, which may sync). The
 * base URL is judged by the core's masker (`maskUrl`): when it masks something, the masked parts
 * are left out (a `user:password@`, each secret query parameter), and `notes` says what; when
 * what is left would still be masked, the base URL is not saved at all.
 */
export function safeProfileValues(values: SetupValues, maskUrl: MaskUrl): { values: SetupValues; notes: string[] } {
  const notes: string[] = [];
  const out: SetupValues = { ...values };
  delete out.apiKey;
  if (out.baseUrl) {
    const raw = out.baseUrl;
    const masked = maskUrl(raw);
    if (masked !== raw) {
      const { url, dropped } = withoutMasked(masked);
      const creds = 'keep the credentials in the settings file, a header (ANTHROPIC_CUSTOM_HEADERS) or a token variable';
      if (url !== masked && !url.includes('***') && maskUrl(url) === url) {
        out.baseUrl = url;
        notes.push(`the base URL was saved without ${dropped.join(' and ')} (a profile is a plain VS Code setting): switching to this profile writes ${url}, so ${creds}`);
      } else {
        delete out.baseUrl;
        notes.push(`the base URL was not saved: it carries credentials that could not be left out of it (a profile is a plain VS Code setting), so ${creds}`);
      }
    }
  }
  return { values: out, notes };
}

/**
 * A URL the core masked (`scheme://***@host…`, `?name=***`) without its masked parts: the
 * `***@` and each `name=***` query parameter; `dropped` says which, by name (never a value).
 */
function withoutMasked(masked: string): { url: string; dropped: string[] } {
  const dropped: string[] = [];
  let url = masked.replace(/^([a-z][a-z0-9+.-]*:\/\/)?\*\*\*@/i, (_m, scheme: string | undefined) => {
    dropped.push('its user:password@');
    return scheme ?? '';
  });
  const q = url.indexOf('?');
  if (q >= 0) {
    const hash = url.indexOf('#', q);
    const end = hash < 0 ? url.length : hash;
    const params = url.slice(q + 1, end).split('&');
    const secret = params.filter((p) => p.endsWith('=***'));
    if (secret.length) {
      const kept = params.filter((p) => !p.endsWith('=***'));
      const names = secret.map((p) => p.slice(0, -'=***'.length));
      dropped.push(`its ${names.join(', ')} query parameter${names.length === 1 ? '' : 's'}`);
      url = url.slice(0, q) + (kept.length ? `?${kept.join('&')}` : '') + url.slice(end);
    }
  }
  return { url, dropped };
}

/** The variables of a provider's route: its setup variables (by option), and `AWS_PROFILE`. */
export interface RouteVars {
  /** Setup variables of the provider, as `providerSetup` lists them (`option`: region, baseUrl…). */
  setup: { name: string; option?: string | null }[];
}

/**
 * The active route as profile values: region, AWS profile, project, resource, workspace, and the
 * base URL the route uses (the provider's own base URL variable, as set: `ANTHROPIC_BASE_URL`,
 * `ANTHROPIC_BEDROCK_BASE_URL`, `ANTHROPIC_VERTEX_BASE_URL`, `ANTHROPIC_FOUNDRY_BASE_URL`…, read
 * from `env`, the effective environment, since the resolution masks URL credentials). The scope
 * is the settings file's when the route's variables that come from settings files all come from
 * one user, project or local file; else none (switchScope decides).
 */
export function profileFromRoute(r: Resolution, env: Record<string, string | undefined>, route: RouteVars): { values: SetupValues; scope?: SwitchScope } {
  const values: SetupValues = {};
  if (r.region?.envVar) values.region = r.region.value;
  const awsProfile = r.vars.find((v) => v.name === 'AWS_PROFILE' && !v.blank);
  // A credential pasted as the profile (its row shows a hint) is no profile to save.
  if (awsProfile && !holdsPastedCredential(r, 'AWS_PROFILE')) values.profile = awsProfile.value;
  if (r.details.project) values.project = r.details.project.value;
  if (r.details.resource) values.resource = r.details.resource.value;
  if (r.details.workspaceId) values.workspaceId = r.details.workspaceId.value;
  const baseUrlVar = route.setup.find((v) => v.option === 'baseUrl')?.name;
  const baseUrl = baseUrlVar && r.endpoint?.envVar === baseUrlVar ? env[baseUrlVar]?.trim() : undefined;
  if (baseUrl) values.baseUrl = baseUrl;

  const names = new Set([...route.setup.filter((v) => v.option !== 'apiKey').map((v) => v.name), 'AWS_PROFILE']);
  if (r.selectedBy?.envVar) names.add(r.selectedBy.envVar);
  const scopes = new Set(
    r.vars.filter((v) => names.has(v.name) && v.source.kind === 'settings').map((v) => (v.source.kind === 'settings' ? v.source.scope : 'user')),
  );
  const [only] = [...scopes];
  const scope = scopes.size === 1 && (only === 'user' || only === 'project' || only === 'local') ? only : undefined;
  return { values, ...(scope ? { scope } : {}) };
}
