// What the switcher checks about a value typed in, before it goes anywhere. Pure.
import type { Problem } from 'claude-provider';

/** Values Claude Code would ignore: the Node package's applySwitch refuses them too. */
const IGNORED_VALUE = new Set(['BEDROCK_REGION_INVALID', 'VERTEX_REGION_INVALID']);

/**
 * Why the value of `name` cannot be written, from the core's setup problems for it
 * (`providerSetup(...).problems`): an error, or a region Claude Code would ignore. The input
 * box shows it, so the person corrects the value there.
 */
export function valueProblem(problems: readonly Problem[] | null | undefined, name: string): string | undefined {
  const p = (problems ?? []).find((x) => x.envVar === name && (x.severity === 'error' || IGNORED_VALUE.has(x.code)));
  return p ? `${p.message} ${p.help}` : undefined;
}

/** A refusal's fix as the editor shows it: without advice for the command line (`--force`). */
export function editorHelp(help: string): string {
  return help
    .replace(/\s*\((?:Or )?[^()]*`--force`[^()]*\)\.?/gi, '')
    .replace(/,? or force the write\s*\.?/i, '.')
    .trim();
}
