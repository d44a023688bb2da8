// Words for what the core returns: provider names, where a value came from, model names.
// Pure (no `vscode`), so the unit tests run it in plain Node.
import type { ModelChoice, ProviderId, Resolution, Source, SwitchResult } from 'claude-provider';
import { sourceLabel as baseSourceLabel, tildify } from 'claude-provider/format';

/** Every provider, in the order the switcher lists them. */
export const PROVIDERS: readonly ProviderId[] = ['anthropic', 'bedrock', 'vertex', 'foundry', 'mantle', 'anthropic-aws', 'anthropic-google-cloud'];

/** Short names for the status bar. */
export const SHORT_NAME: Record<ProviderId, string> = {
  anthropic: 'Anthropic',
  bedrock: 'Bedrock',
  vertex: 'Vertex',
  foundry: 'Foundry',
  mantle: 'Mantle',
  'anthropic-aws': 'Claude on AWS',
  'anthropic-google-cloud': 'Claude on Google Cloud',
};

/** What each provider is, for the switcher. */
export const PROVIDER_DETAIL: Record<ProviderId, string> = {
  anthropic: "Anthropic's API with an API key, or an LLM gateway (LiteLLM…) with ANTHROPIC_BASE_URL",
  bedrock: 'Amazon Bedrock: AWS credentials (profile, SSO, keys) or a Bedrock API key; a region',
  vertex: 'Google Vertex AI: gcloud application-default credentials; a project and a location',
  foundry: 'Microsoft Foundry: Entra ID (az login) or an API key; an Azure resource',
  mantle: "Bedrock Mantle: Bedrock's Anthropic-compatible endpoint, AWS credentials; a region",
  'anthropic-aws': 'Claude Platform on AWS: AWS credentials or an API key; a workspace',
  'anthropic-google-cloud': 'Claude Platform on Google Cloud',
};

export { tildify };

/** Where a value came from, in words (the CLI's words, plus VS Code's own setting). */
export function sourceLabel(s: Source, home: string, fromVsCode?: ReadonlySet<string>, name?: string): string {
  if (s.kind === 'process' && name && fromVsCode?.has(name)) return 'VS Code setting claudeCode.environmentVariables';
  return baseSourceLabel(s, home);
}

const ALIASES = /^(opus|sonnet|haiku|opusplan|default|best|fable)(\[1m\])?$/;

/** A short model name: the alias when one was asked for, else the catalog name or the ID. */
export function modelLabel(m: ModelChoice, maskValue: MaskValue): string {
  // The core sends no ID for an unusable one (another provider's form, unsafe characters).
  if (m.unusable || !m.id) return 'model unusable';
  if (ALIASES.test(m.requested)) return m.requested;
  const name = m.catalogId ?? maskValue(m.envVar ?? 'model', m.id);
  return name.length > 28 ? name.slice(0, 27) + '…' : name;
}

/** The log line of a switch: what it wrote, where, and what else it did (backup, git-ignore). Names, never values. */
export function switchedLine(r: SwitchResult): string {
  const list = (names: string[]) => names.join(', ') || 'nothing';
  return (
    `switched to ${r.provider} in ${r.scope} settings ${r.file}: set ${list(r.set)}; removed ${list(r.removed)}; mode ${r.mode}` +
    (r.pruned?.length ? `; pruned ${r.pruned.join(', ')}` : '') +
    (r.leftover?.length ? `; left ${r.leftover.join(', ')} (not read by ${r.provider})` : '') +
    (r.backup ? `; backup ${r.backup}` : '') +
    (r.ignoredBy ? `; git-ignored: the new file is listed in ${r.ignoredBy}` : '')
  );
}

/**
 * What the notification after a switch says about the other providers' variables it left in
 * the file (`r.leftover`), and which of them "Remove Leftovers" would take: credentials are never
 * removed (a switch back needs them), as with `claude-provider switch --prune`.
 */
export function leftoverNote(r: SwitchResult, isSecret: (name: string) => boolean): { note: string; removable: string[] } {
  const left = r.leftover ?? [];
  if (!left.length) return { note: '', removable: [] };
  const removable = left.filter((n) => !isSecret(n));
  const kept = left.filter((n) => isSecret(n));
  const credentials = kept.length ? ` ${kept.join(', ')} ${kept.length === 1 ? 'is a credential' : 'are credentials'}: delete ${kept.length === 1 ? 'it' : 'them'} yourself when no longer needed.` : '';
  return { note: ` Left in the file, not read by ${SHORT_NAME[r.provider]}: ${left.join(', ')}.${credentials}`, removable };
}

/**
 * The core's URL masker (`core.shareableValue` of a URL variable): a `user:password@` becomes
 * `***@`, secret query values (`?api-key=`, `sig=`…) `***`. Passed in, so that this pure code
 * runs without the native addon.
 */
export type MaskUrl = (url: string) => string;

/** The core's value masker (`core.shareableValue`): `value` of variable `name` as it may be
 * shown; passed in like {@link MaskUrl}. */
export type MaskValue = (name: string, value: string) => string;

/** Did the core find a credential pasted into variable `name` (CREDENTIAL_IN_PLAIN_VARIABLE)?
 * Its row in `r.vars` then shows only a hint, which is no value to act on. */
export function holdsPastedCredential(r: Pick<Resolution, 'problems'>, name: string): boolean {
  return r.problems.some((p) => p.code === 'CREDENTIAL_IN_PLAIN_VARIABLE' && p.envVar === name);
}
