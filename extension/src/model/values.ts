// What the switcher checks about a value typed in, before it goes anywhere. Pure.
import type { Problem } from 'claude-provider';

/**
 * Why the value of `name` cannot be written, from the problems a switch refuses
 * (`refusedValues(providerSetup(...))` of the Node package: an error, or a region Claude Code
 * would ignore). The input box shows it, so the person corrects the value there.
 */
export function valueProblem(refused: readonly Problem[], name: string): string | undefined {
  const p = refused.find((x) => x.envVar === name);
  return p ? `${p.message} ${p.help}` : undefined;
}

/** A refusal's fix as the editor shows it: without advice for the command line (`--force`). */
export function editorHelp(help: string): string {
  return help
    .replace(/\s*\((?:Or )?[^()]*`--force`[^()]*\)\.?/gi, '')
    .replace(/,? or force the write\s*\.?/i, '.')
    .trim();
}
