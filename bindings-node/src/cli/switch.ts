// `claude-provider switch PROVIDER --scope user|project|local`: writes the provider's `env`
// block into that Claude Code settings file, through the library's switch (src/switch.ts):
// validated, atomic, backed up, other keys kept, 0600 with secrets, a new local file
// git-ignored, no secret into git.
import { applySwitch, planSwitch, SWITCH_SCOPES, type SwitchResult, type SwitchScope } from '../switch.js';
import { coreIsSecretVar, coreProviderSetup } from '../native.js';
import { type CommonFlags, formatProblem, loadOptions, Style, tildify, UsageError } from './common.js';
import { flagName, SETUP_OPTIONS, type SetupFlags, setupFor } from './env.js';

export interface SwitchFlags extends SetupFlags {
  scope: string;
  force: boolean;
  /** Also remove the other providers' variables the provider does not read. */
  prune?: boolean;
}

export function planAndWrite(common: CommonFlags, provider: string | undefined, flags: SwitchFlags): SwitchResult {
  if (!(SWITCH_SCOPES as readonly string[]).includes(flags.scope)) throw new UsageError(`--scope ${flags.scope}: not a scope switch can write`, { help: `Use --scope ${SWITCH_SCOPES.join(', --scope ')}.` });
  const setup = setupFor(provider, flags);
  const values = Object.fromEntries(SETUP_OPTIONS.filter((k) => flags[k] !== undefined).map((k) => [k, flags[k]!]));
  const plan = planSwitch({ ...loadOptions(common), provider: setup.provider, scope: flags.scope as SwitchScope, values, ...(flags.prune ? { prune: true } : {}) });
  if (plan.missing.length) {
    const list = plan.missing.map((v) => `${v.name} (${v.description}${v.option ? `: ${flagName(v.option)}` : ''})`);
    throw new UsageError(`switching to ${setup.displayName} needs ${list.join(', ')}; nothing was changed`, {
      code: 'SWITCH_VALUES_MISSING',
      help: `Give ${plan.missing.length === 1 ? 'it' : 'them'} with the flag${plan.missing.length === 1 ? '' : 's'} shown.`,
      envVar: plan.missing[0]!.name,
    });
  }
  if (plan.providerAfter === plan.provider && plan.errors.length && !flags.force) {
    const st = Style.for(process.stderr);
    process.stderr.write(plan.errors.map((p) => formatProblem(p, st)).join('\n') + '\n');
  }
  return applySwitch(plan, { force: flags.force });
}

export function switchProvider(common: CommonFlags, provider: string | undefined, flags: SwitchFlags): number {
  const res = planAndWrite(common, provider, flags);
  if (common.json) {
    process.stdout.write(JSON.stringify(res, null, 2) + '\n');
    return 0;
  }
  const st = Style.for(process.stdout);
  const lines = [`${st.green('✔')} ${res.scope} settings ${tildify(res.file)} now select ${st.bold(res.provider)} (mode ${res.mode})`];
  if (res.set.length) lines.push(`  set: ${res.set.join(', ')}`);
  if (res.removed.length) lines.push(`  removed: ${res.removed.join(', ')}`);
  if (res.cleared.length) lines.push(`  set to "" (cancels the value from the shell or a lower-precedence file): ${res.cleared.join(', ')}`);
  const name = coreProviderSetup({ provider: res.provider }).displayName;
  if (res.pruned?.length) lines.push(`  pruned: ${res.pruned.join(', ')} (other providers' variables ${name} does not read)`);
  if (res.leftover?.length) {
    const scope = res.scope === 'user' ? '' : ` --scope ${res.scope}`;
    const them = res.leftover.length === 1 ? 'it' : 'them';
    const credentials = res.leftover.filter((n) => coreIsSecretVar(n));
    const prunable = res.leftover.filter((n) => !credentials.includes(n));
    const how = [
      // Asked for and refused (removed together they would change what the provider reads).
      ...(prunable.length && flags.prune ? [`--prune kept ${prunable.join(', ')}: removed together, they would change what ${name} reads; remove them yourself one at a time with care`] : []),
      ...(prunable.length && !flags.prune ? [`\`claude-provider switch ${res.provider}${scope} --prune\` removes ${credentials.length ? prunable.join(', ') : them}`] : []),
      ...(credentials.length ? [`${credentials.join(', ')} ${credentials.length === 1 ? 'is a credential' : 'are credentials'}, which --prune keeps: delete ${credentials.length === 1 ? 'it' : 'them'} from the file yourself when no longer needed`] : []),
    ];
    lines.push(`  left: ${res.leftover.join(', ')}: ${res.leftover.length === 1 ? "another provider's variable" : "other providers' variables"} ${name} does not read, kept in the file (Claude Code still passes ${them} to the commands it runs, and a switch back uses ${them}); ${how.join('; ')}`);
  }
  for (const { name, file } of res.stillOn) lines.push(`  still on: ${name}, set in ${tildify(file)}, which this scope cannot override (${res.provider} wins the selector order anyway)`);
  if (res.ignoredBy) lines.push(`  git-ignored: the new file is listed in ${tildify(res.ignoredBy)} (this repository's own exclude file; nothing tracked changed)`);
  if (res.backup) lines.push(`  backup: ${tildify(res.backup)} (mode 0600, in a directory git ignores)`);
  for (const p of res.problems.filter((p) => p.severity !== 'info')) lines.push(formatProblem(p, st));
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
