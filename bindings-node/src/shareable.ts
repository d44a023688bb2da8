// JSON as it may be shown or handed to someone else: the CLI's output and the VS Code
// extension's API to other extensions use it.
import { coreShareablePlain, coreShareableUrl, coreShareableValue } from './native.js';

/**
 * A resolution (or any JSON) as it may be shared: every URL field (a key ending in `url`, any
 * case: `baseUrl`, `displayUrl`, a proxy's `url`…) with its `user:password@` masked, and every
 * `command` field (credential commands from settings: `apiKeyHelper`, `awsCredentialExport`…)
 * with the secrets a command line may carry masked, and any other string shaped like a
 * credential (a key pasted as the model) `<redacted>`, by the core's maskers. Other fields of
 * the core's output are already safe to show (secret values are `<redacted>`, variable values
 * hinted). Returns a copy; the input is not changed.
 */
/** The core's own text (problem messages and fixes, summaries): already free of secrets, and
 * never a value to mask as a whole. */
const PROSE = new Set(['message', 'help', 'summary']);

export function shareableJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => shareableJson(v)) as T;
  if (value !== null && typeof value === 'object') {
    const shown = (k: string, v: unknown) =>
      typeof v !== 'string' ? shareableJson(v) : /url$/i.test(k) ? coreShareableUrl(v) : k === 'command' ? coreShareableValue('apiKeyHelper', v) : PROSE.has(k) ? v : coreShareablePlain(v);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shown(k, v)])) as T;
  }
  return value;
}
