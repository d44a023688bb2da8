// `claude-provider env PROVIDER`: what to set to use a provider, as shell exports, JSON, a
// Claude Code settings `env` block, or a devcontainer `containerEnv` with read-only mounts.
import type { ProviderId, ProviderSetup, SetupInput, SetupVar } from '../../types/index.js';
import { coreEffectiveEnv, coreProviderSetup, coreShareableValue } from '../native.js';
import { ClaudeProviderError } from '../errors.js';
import { loadConfig } from '../settings.js';
import { refusedValues } from '../switch.js';
import { type CommonFlags, formatProblem, loadOptions, shellQuote, Style, UsageError } from './common.js';
import { PROVIDERS } from './status.js';

/** The `SetupInput` fields, as flags (`workspaceId` → `--workspace-id`). */
/** The `SetupInput` fields (also listed in main.ts, which must not import this module eagerly). */
export const SETUP_OPTIONS = ['region', 'profile', 'project', 'resource', 'workspaceId', 'baseUrl', 'apiKey'] as const;
export type SetupFlags = Partial<Record<(typeof SETUP_OPTIONS)[number], string>>;

export function flagName(option: string): string {
  return '--' + option.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

export function setupFor(provider: string | undefined, flags: SetupFlags): ProviderSetup {
  if (provider === undefined) throw new UsageError('no provider named', { help: `Name one: ${PROVIDERS.join(', ')}.` });
  if (!(PROVIDERS as string[]).includes(provider)) {
    throw new UsageError(`unknown provider '${provider}'`, { help: `Use one of ${PROVIDERS.join(', ')}.` });
  }
  const input: SetupInput = { provider: provider as ProviderId };
  for (const k of SETUP_OPTIONS) if (flags[k] !== undefined) input[k] = flags[k];
  const setup = coreProviderSetup(input);
  // A value the provider has no variable for would be dropped: say so instead.
  if (setup.unused?.length) {
    const flagsGiven = setup.unused.map(flagName).join(', ');
    const used = [...new Set(setup.vars.flatMap((v) => (v.option ? [flagName(v.option)] : [])))];
    throw new UsageError(`${flagsGiven} ${setup.unused.length === 1 ? 'is' : 'are'} not used by ${setup.displayName}`, {
      help: used.length ? `Leave ${setup.unused.length === 1 ? 'it' : 'them'} out; ${setup.displayName} takes ${used.join(', ')}.` : `Leave ${setup.unused.length === 1 ? 'it' : 'them'} out.`,
    });
  }
  return setup;
}

const FORMATS = ['shell', 'json', 'settings', 'devcontainer'];
export const REDACTED = '<redacted>';

export interface EnvFlags extends SetupFlags {
  format: string;
  showSecrets: boolean;
  containerHome: string;
  /** Print despite a value `switch` would refuse. */
  force?: boolean;
}

export function env(common: CommonFlags, provider: string | undefined, flags: EnvFlags): number {
  if (!FORMATS.includes(flags.format)) throw new UsageError(`--format ${flags.format}: not an env format`, { help: `Use --format ${FORMATS.join(', --format ')}.` });
  const setup = setupFor(provider, flags);
  // A value switch would refuse (an error, or one Claude Code would ignore, such as a region not
  // shaped like one) is refused here too: printed, it would be exported, or pasted, as chosen.
  const [refused] = refusedValues(setup);
  if (refused && !flags.force) {
    throw new ClaudeProviderError({
      code: refused.code,
      message: `${refused.message} Nothing was printed.`,
      help: `${refused.help} (Or print it anyway: \`--force\`.)`,
      ...(refused.envVar ? { envVar: refused.envVar } : {}),
    });
  }
  // The other providers' selectors that are on now (shell or settings) and must be cleared.
  const effective = coreEffectiveEnv(loadConfig(loadOptions(common)).config);
  const clear = setup.clear.filter((name) => (effective[name] ?? '').trim() !== '');
  // The core marks `secret` each value that carries a credential: a key or token, a URL with a
  // password, a credential given to a plain option (an AWS secret key as --profile). Unless
  // --show-secrets, each is shown as the core shares it: <redacted>, or the URL with its
  // password masked. Printed whole, it would end up in the terminal's scrollback, a pasted
  // snippet or a log.
  const shown = (v: SetupVar) => (flags.showSecrets || !v.secret ? v.value : coreShareableValue(v.name, v.value));
  const redacted = setup.vars.some((v) => v.secret && coreShareableValue(v.name, v.value) === REDACTED);
  const masked = setup.vars.some((v) => v.secret && coreShareableValue(v.name, v.value) !== REDACTED);
  const envBlock = Object.fromEntries(setup.vars.map((v) => [v.name, shown(v)]));
  const examples = setup.vars.filter((v) => !v.given);
  // What is wrong with the values given (the resolution's checks): printed, and exit 1 on an error.
  const problems = setup.problems ?? [];
  let text: string;
  switch (flags.format) {
    case 'json':
      text = JSON.stringify({ provider: setup.provider, env: envBlock, unset: clear, examples: examples.map((v) => v.name), mounts: setup.mounts, authHint: setup.authHint, ...(problems.length ? { problems } : {}) }, null, 2);
      break;
    case 'settings':
      text = JSON.stringify({ env: { ...envBlock, ...Object.fromEntries(clear.map((n) => [n, ''])) } }, null, 2);
      break;
    case 'devcontainer': {
      const home = flags.containerHome.replace(/\/+$/, '');
      const mounts = setup.mounts.map((m) => `source=\${localEnv:HOME}/${m.path},target=${home}/${m.path},type=bind,readonly`);
      // devcontainer.json is usually committed: a value holding a credential (a key, a URL with
      // a password, a credential pasted into a plain variable) is passed through from the host's
      // environment, never written, --show-secrets or not (the core's containerNotes say so).
      const containerEnv = Object.fromEntries(setup.vars.map((v) => [v.name, v.secret ? `\${localEnv:${v.name}}` : shown(v)]));
      text = JSON.stringify({ containerEnv, mounts }, null, 2);
      break;
    }
    default: {
      const lines = [`# ${setup.displayName}: ${setup.authHint}`];
      for (const v of setup.vars) {
        const note = v.given ? '' : `  # example: replace with your ${v.description}`;
        const value = shown(v);
        lines.push(`export ${v.name}=${value === REDACTED ? REDACTED : shellQuote(value)}${note}`);
      }
      if (clear.length) lines.push(`unset ${clear.join(' ')}`);
      text = lines.join('\n');
    }
  }
  process.stdout.write(text + '\n');
  if (examples.length && flags.format !== 'json') {
    process.stderr.write(`note: ${examples.map((v) => `${v.name} (${v.option ? flagName(v.option) : ''})`).join(', ')} ${examples.length === 1 ? 'is an example' : 'are examples'}: pass your values.\n`);
  }
  // What a container needs to know (a loopback URL is the container itself, how a key gets in).
  if (flags.format === 'devcontainer') for (const n of setup.containerNotes ?? []) process.stderr.write(`note: ${n}\n`);
  if (redacted && !flags.showSecrets && flags.format !== 'devcontainer') {
    process.stderr.write('note: secret values are shown as <redacted>; pass --show-secrets to print them.\n');
  }
  if (masked && !flags.showSecrets && flags.format !== 'devcontainer') process.stderr.write('note: URL passwords are shown as ***; pass --show-secrets to print them.\n');
  if (problems.length && flags.format !== 'json') {
    const st = Style.for(process.stderr);
    for (const p of problems) process.stderr.write(formatProblem(p, st) + '\n');
  }
  // Forced past an error: printed as asked, and the status still says it is wrong.
  return problems.some((p) => p.severity === 'error') ? 1 : 0;
}
