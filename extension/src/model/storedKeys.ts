// Keys kept in VS Code's secret storage, and what Test Connection may do with them. Claude Code
// does not read VS Code's secret storage (nothing passes those keys to it: they are written to
// a settings file only when the user confirms), so a test "as Claude Code would" uses none of
// them. Pure.
import type { AuthMethod } from 'claude-provider';

/** Whether a request with this auth method sends the value of variable `name`. */
export function authUses(m: AuthMethod, name: string): boolean {
  switch (m.kind) {
    case 'apiKey':
    case 'bearer':
      return m.envVar === name;
    case 'apiKeyAndBearer':
      return m.keyVar === name || m.tokenVar === name;
    case 'apiKeyHelper':
      return m.apiKeyVar === name;
    case 'skip':
      return m.bearerVar === name;
    default:
      return false;
  }
}

/**
 * The stored keys Test Connection may try when asked to, in the order to try them: only when
 * Claude Code's configuration has no credentials at all (auth `none`), so a stored key never
 * replaces the method Claude Code would use (a Bedrock API key over SigV4, say). The
 * provider's own key variable first. The caller keeps the first that the resolution, with it
 * added, actually sends (`authUses`).
 */
export function storedKeyCandidates(current: AuthMethod, stored: readonly string[], providerKeyVar?: string): string[] {
  if (current.kind !== 'none') return [];
  return [...stored].sort((a, b) => Number(b === providerKeyVar) - Number(a === providerKeyVar));
}
