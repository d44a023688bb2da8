// JSON as it may be shown or handed to someone else: the CLI's output and the VS Code
// extension's API to other extensions use it. The rules are the core's (`shareable_json`).
import { coreShareableJson } from './native.js';

/**
 * A resolution (or any JSON) as it may be shared: every URL field (a key ending in `url`, any
 * case: `baseUrl`, `displayUrl`, a proxy's `url`…) with its `user:password@` masked, and every
 * `command` field (credential commands from settings: `apiKeyHelper`, `awsCredentialExport`…)
 * with the secrets a command line may carry masked, the core's prose (`message`, `help`,
 * `summary`) kept, and any other string shaped like a credential (a key pasted as the model)
 * `<redacted>`, by the core's maskers. Other fields of the core's output are already safe to
 * show (secret values are `<redacted>`, variable values hinted). Returns a copy, members in
 * their order; the input is not changed. A value nested deeper than 128 levels (a cyclic
 * object) is an `ArgumentError`.
 */
export function shareableJson<T>(value: T): T {
  return coreShareableJson(value) as T;
}
