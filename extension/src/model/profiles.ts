// Saved routes (`claudeProvider.profiles`): checked, so a typo in settings.json is reported,
// not silently ignored. Pure.
import type { ProviderId } from 'claude-provider';
import type { SetupValues, SwitchScope } from 'claude-provider';
import { PROVIDERS } from './labels.js';

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

/** A profile for the route just written (no secret values). */
export function profileOf(name: string, provider: ProviderId, scope: SwitchScope, values: SetupValues): Profile {
  const kept: SetupValues = {};
  for (const k of VALUE_KEYS) if (values[k]) kept[k] = values[k];
  return { name, provider, scope, values: kept };
}
