// Switch provider: a QuickPick of saved profiles and providers; asks only for what is missing
// (region, project, resource, …); validates; writes the env block into the Claude Code
// settings file of the chosen scope through claude-provider's switch (the same code path as
// `claude-provider switch`). API keys go to SecretStorage, and into the file only when the
// user confirms.
import * as vscode from 'vscode';
import type { ProviderId, SetupValues, SetupVar, SwitchPlan, SwitchResult, SwitchScope } from 'claude-provider';
import { type MirrorLevel, mirrorDecision, mirrorLevel, updatedEnvironmentVariables, parseEnvironmentVariables } from '../model/environment.js';
import { PROVIDER_DETAIL, PROVIDERS, SHORT_NAME, switchedLine, tildify } from '../model/labels.js';
import { type ListedProfile, profileItem, profileNamed, profilesFrom } from '../model/profiles.js';
import { regionChoices } from '../model/regions.js';
import { editorHelp, valueProblem } from '../model/values.js';
import type { Prompter } from './prompter.js';
import { runtime } from './loadRuntime.js';
import type { Secrets } from './secrets.js';
import { loadOptions, maskUrl } from './snapshot.js';

/** A switch given directly (tests, walkthrough links): skips the pickers it answers. */
export interface SwitchRequest {
  provider?: ProviderId;
  profile?: string;
  scope?: SwitchScope;
  values?: SetupValues;
}

export interface SwitchOutcome {
  result: SwitchResult;
  provider: ProviderId;
  scope: SwitchScope;
  values: SetupValues;
  /** Secret variables kept in SecretStorage only. */
  keptInVsCode: string[];
  /** Missing variables the person chose to leave unset, and whether errors were written anyway: a later {@link Switcher.removeLeftovers} decides as this switch did. */
  leaveUnset: string[];
  forced: boolean;
  /** What the opt-in mirror into `claudeCode.environmentVariables` did (absent: it is off). */
  mirror?: MirrorOutcome;
}

export type MirrorOutcome =
  | { level: MirrorLevel; set: string[]; removed: string[]; note?: string }
  | { skipped: string };

type Choice = { kind: 'profile'; profile: ListedProfile } | { kind: 'provider'; provider: ProviderId } | { kind: 'manage' };

const OPTION_KEYS = ['region', 'profile', 'project', 'resource', 'workspaceId', 'baseUrl', 'apiKey'] as const;
type OptionKey = (typeof OPTION_KEYS)[number];

export class Switcher {
  constructor(
    private readonly prompter: () => Prompter,
    private readonly secrets: Secrets,
    private readonly log: (m: string) => void,
  ) {}

  async run(req: SwitchRequest = {}): Promise<SwitchOutcome | undefined> {
    const inspected = vscode.workspace.getConfiguration('claudeProvider').inspect('profiles');
    const profiles = profilesFrom({ user: inspected?.globalValue, workspace: inspected?.workspaceValue }, vscode.workspace.isTrusted);
    for (const e of profiles.errors) this.log(`settings: ${e}`);
    for (const n of profiles.shadowed) this.log(`settings: the workspace's profile "${n}" is not offered: your user-level profile of that name is used`);
    let provider = req.provider;
    let values: SetupValues = { ...req.values };
    let scope = req.scope;
    if (req.profile) {
      const p = profileNamed(profiles.profiles, req.profile);
      if (!p) throw new Error(`no saved profile named "${req.profile}" (claudeProvider.profiles)`);
      ({ provider } = p);
      values = { ...p.values, ...values };
      scope ??= p.scope;
    }
    if (!provider) {
      const choice = await this.choose(profiles.profiles);
      if (!choice) return undefined;
      if (choice.kind === 'manage') {
        await vscode.commands.executeCommand('workbench.action.openSettings', 'claudeProvider.profiles');
        return undefined;
      }
      if (choice.kind === 'profile') {
        provider = choice.profile.provider;
        values = { ...choice.profile.values };
        scope ??= choice.profile.scope;
      } else provider = choice.provider;
    }
    scope ??= await this.scope();
    if (!scope) return undefined;
    if (scope !== 'user' && !vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage('Claude Provider: this workspace is not trusted, so its settings files are not written. Trust the workspace, or switch in the user scope.');
      return undefined;
    }
    return this.complete(provider, scope, values);
  }

  private async choose(profiles: ListedProfile[]): Promise<Choice | undefined> {
    const items: { label: string; description?: string; detail?: string; kind?: vscode.QuickPickItemKind; value?: Choice }[] = [];
    if (profiles.length) {
      items.push({ label: 'Profiles', kind: vscode.QuickPickItemKind.Separator });
      for (const p of profiles) items.push({ ...profileItem(p, maskUrl), value: { kind: 'profile', profile: p } });
    }
    items.push({ label: 'Providers', kind: vscode.QuickPickItemKind.Separator });
    for (const id of PROVIDERS) items.push({ label: SHORT_NAME[id], description: id, detail: PROVIDER_DETAIL[id], value: { kind: 'provider', provider: id } });
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
    items.push({ label: '$(gear) Manage profiles…', value: { kind: 'manage' } });
    const picked = await this.prompter().pick(items, { title: 'Claude Provider: switch provider', placeholder: 'Pick a saved profile or a provider' });
    return picked?.value;
  }

  private async scope(): Promise<SwitchScope | undefined> {
    const setting = vscode.workspace.getConfiguration('claudeProvider').get<string>('switchScope', 'user');
    if (setting === 'user' || setting === 'project' || setting === 'local') return setting;
    const rt = runtime();
    const opts = loadOptions();
    const items = (['user', 'local', 'project'] as const).map((s) => ({
      label: s,
      description: tildify(rt.settingsFileFor(s, opts), opts.home),
      detail: s === 'user' ? 'Only you, every project' : s === 'local' ? 'Only you, this project (git-ignored)' : 'Everyone on this project (committed: never a secret)',
      value: s,
    }));
    return (await this.prompter().pick(items, { title: 'Write to which Claude Code settings file?' }))?.value;
  }

  private async complete(provider: ProviderId, scope: SwitchScope, values: SetupValues): Promise<SwitchOutcome | undefined> {
    const rt = runtime();
    const leaveUnset: string[] = [];
    const keptInVsCode: string[] = [];
    // Refused before any question when a higher-precedence file keeps another provider on, or
    // overrides a value given (a profile's region…): the answers would not be used.
    const first = rt.planSwitch({ ...loadOptions(), provider, scope, values });
    if (first.providerAfter !== first.provider) return this.stillOverridden(first, values);
    if (first.overridden.length) rt.checkEnvEdit({ ...loadOptions(), scope, names: first.overridden.map((o) => o.envVar) });
    let plan: SwitchPlan;
    for (;;) {
      plan = rt.planSwitch({ ...loadOptions(), provider, scope, values });
      const next = plan.missing.find((v) => !leaveUnset.includes(v.name));
      if (!next) break;
      const key = next.option as OptionKey | null | undefined;
      if (!key || !(OPTION_KEYS as readonly string[]).includes(key)) {
        leaveUnset.push(next.name);
        continue;
      }
      if (next.secret) {
        const answer = await this.secret(next, plan);
        if (answer === undefined) return undefined;
        if (answer.writeToFile) values[key] = answer.value;
        else {
          leaveUnset.push(next.name);
          keptInVsCode.push(next.name);
        }
        continue;
      }
      const v = await this.ask(provider, next);
      if (v === undefined) return undefined;
      values[key] = v;
    }
    // Anthropic needs no key when Claude Code has a /login sign-in, a gateway token or a
    // helper; with none of them (ANTHROPIC_NO_CREDENTIALS) the person says how they will sign in.
    const noCredentials = plan.errors.find((p) => p.code === 'ANTHROPIC_NO_CREDENTIALS');
    if (noCredentials && plan.providerAfter === plan.provider && values.apiKey === undefined) {
      const keyVar = rt.core.providerSetup({ provider, apiKey: 'x' }).vars.find((v) => v.option === 'apiKey');
      const stored = keyVar ? await this.secrets.get(keyVar.name) : undefined;
      const items = [
        ...(keyVar ? [{ label: stored === undefined ? 'Enter an API key…' : 'Use the stored API key…', detail: `${keyVar.name}, kept in VS Code's secret storage; into the settings file only if you say so`, value: 'key' as const }] : []),
        { label: "I'll sign in with /login in Claude Code", detail: 'Write the switch without a key: Claude Code asks you to sign in (Claude.ai or Console account)', value: 'login' as const },
      ];
      const how = await this.prompter().pick(items, { title: `${plan.setup.displayName}: no credentials`, placeholder: noCredentials.message });
      if (!how?.value) return undefined;
      const name = keyVar?.name ?? noCredentials.envVar ?? 'ANTHROPIC_API_KEY';
      if (how.value === 'key' && keyVar) {
        const answer = await this.secret(keyVar, plan);
        if (answer === undefined) return undefined;
        if (answer.writeToFile) {
          values.apiKey = answer.value;
          plan = rt.planSwitch({ ...loadOptions(), provider, scope, values });
        } else keptInVsCode.push(name);
      }
      // Without a key in the file, no credentials is the expected state, not an error to force.
      if (values.apiKey === undefined) leaveUnset.push(name);
      if (how.value === 'login') this.log(`switch to ${provider}: no key written; Claude Code's /login signs in`);
    }

    let force = false;
    const errors = plan.errors.filter((p) => !(p.envVar && leaveUnset.includes(p.envVar)));
    if (plan.providerAfter === plan.provider && errors.length) {
      const detail = errors.map((p) => `${p.code}: ${p.message}\nfix: ${p.help}`).join('\n\n');
      const b = await this.prompter().confirm(`Switching to ${plan.setup.displayName} leaves ${errors.length} error${errors.length === 1 ? '' : 's'}.`, detail, ['Write Anyway']);
      if (b !== 'Write Anyway') return undefined;
      force = true;
    }
    let result: SwitchResult;
    try {
      result = rt.applySwitch(plan, { force, leaveUnset });
    } catch (e) {
      return this.refused(`switch to ${provider} (${scope})`, e);
    }
    this.log(switchedLine(result));
    const mirror = await this.mirrorToClaudeCodeSetting(scope, result);
    return { result, provider, scope, values: withoutSecrets(values), keptInVsCode, leaveUnset, forced: force, ...(mirror ? { mirror } : {}) };
  }

  /**
   * Removes the other providers' variables a switch left in its file (`out.result.leftover`),
   * credentials excepted: the same switch again with `prune` (the CLI's `switch --prune`),
   * deciding as the switch did. The package refuses to prune when the variables removed together
   * would change what the provider reads; that is said, and nothing is written.
   */
  removeLeftovers(out: SwitchOutcome): SwitchResult | undefined {
    const rt = runtime();
    const plan = rt.planSwitch({ ...loadOptions(), provider: out.provider, scope: out.scope, values: out.values, prune: true });
    if (!plan.pruned.length) {
      // What the package would prune: the leftovers that are not credentials.
      const prunable = plan.leftover.filter((n) => !rt.core.isSecretVar(n));
      const why = prunable.length ? `removed together, ${prunable.join(', ')} would change what ${plan.setup.displayName} reads: remove them yourself one at a time` : 'none are left but credentials, which are never removed';
      this.log(`remove leftovers (${out.scope}): nothing removed: ${why}`);
      void vscode.window.showWarningMessage(`Claude Provider: nothing was removed from ${tildify(plan.file, loadOptions().home)}: ${why}.`);
      return undefined;
    }
    try {
      const result = rt.applySwitch(plan, { force: out.forced, leaveUnset: out.leaveUnset });
      this.log(switchedLine(result));
      return result;
    } catch (e) {
      return this.refused(`remove leftovers (${out.scope})`, e);
    }
  }

  /** A write the package refused: logged, and shown with its fix in the editor's words. */
  private refused(what: string, e: unknown): undefined {
    const err = e as { code?: string; message: string; help?: string };
    this.log(`${what} refused: ${err.code ?? ''} ${err.message}`);
    void vscode.window.showErrorMessage(`Claude Provider: ${err.message}${err.help ? ` — ${editorHelp(err.help)}` : ''}`);
    return undefined;
  }

  /**
   * Another provider stays selected by a higher-precedence file (`stillOn`): says which, and
   * offers the switch in that file's scope when it is the project or local one.
   */
  private async stillOverridden(plan: SwitchPlan, values: SetupValues): Promise<SwitchOutcome | undefined> {
    const rt = runtime();
    const opts = loadOptions();
    const by = plan.stillOn[0];
    const what = by ? `${by.name} in ${tildify(by.file, opts.home)}` : plan.selectedByAfter;
    const message = `Claude Code would still use ${SHORT_NAME[plan.providerAfter]} after this switch: ${what} selects it, and Claude Code reads that file over the ${plan.scope} settings.`;
    this.log(`switch to ${plan.provider} (${plan.scope}) refused before asking: SWITCH_OVERRIDDEN ${message}`);
    const higher = (['local', 'project'] as const).find((s) => by && s !== plan.scope && rt.settingsFileFor(s, opts) === by.file);
    if (!higher || !vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(`Claude Provider: ${message} Nothing was changed. Change it there, or switch in a higher-precedence scope (managed > local > project > user).`);
      return undefined;
    }
    const button = `Switch in the ${higher} settings`;
    const b = await this.prompter().confirm(message, `Nothing was changed. Switching in the ${higher} settings (${tildify(by!.file, opts.home)}) changes that file instead.`, [button]);
    return b === button ? this.complete(plan.provider, higher, values) : undefined;
  }

  /** A value the provider needs: a region picker where there is a known list, else a text box. */
  private async ask(provider: ProviderId, v: SetupVar): Promise<string | undefined> {
    const title = `${SHORT_NAME[provider]}: ${v.description}`;
    const regions = v.option === 'region' ? regionChoices(provider) : [];
    if (regions.length) {
      const items = [...regions.map((r) => ({ label: r, value: r })), { label: '$(edit) Other…', value: '' }];
      const picked = await this.prompter().pick(items, { title, placeholder: `${v.name}` });
      if (!picked) return undefined;
      if (picked.value) return picked.value;
    }
    // Checked as typed, by the core's setup rules for the value (BEDROCK_REGION_INVALID…), so a
    // mistake is corrected here rather than refused after every question.
    const rt = runtime();
    const typed = await this.prompter().input({
      title,
      prompt: `${v.name}: ${v.description}`,
      placeholder: v.value,
      validate: (s) => (s.trim() === '' ? `${v.name} cannot be empty` : valueProblem(rt.refusedValues(rt.core.providerSetup({ provider, [v.option!]: s.trim() })), v.name)),
    });
    return typed?.trim();
  }

  /** An API key: from SecretStorage or typed; into the file only with the user's consent. */
  private async secret(v: SetupVar, plan: SwitchPlan): Promise<{ value: string; writeToFile: boolean } | undefined> {
    let value = await this.secrets.get(v.name);
    if (value === undefined) {
      value = await this.prompter().input({ title: `${plan.setup.displayName}: ${v.description}`, prompt: `${v.name} (kept in VS Code's secret storage)`, password: true, validate: (s) => (s.trim() === '' ? 'The key cannot be empty' : undefined) });
      if (value === undefined) return undefined;
      value = value.trim();
      await this.secrets.store(v.name, value);
    }
    const file = tildify(plan.file, loadOptions().home);
    const b = await this.prompter().confirm(
      `Write ${v.name} into ${file}?`,
      `Claude Code reads its key from its settings or its environment. Writing it puts the key in plain text in ${file} (mode 0600, refused in a file git tracks): anyone who can read that file can use the key. Otherwise the key stays in VS Code's secret storage, and Claude Code needs it from your shell, an apiKeyHelper, or /login.`,
      ['Write to File', 'Keep in VS Code Only'],
    );
    if (b === undefined) return undefined;
    return { value, writeToFile: b === 'Write to File' };
  }

  /**
   * Opt-in: mirror the switch's non-secret variables into `claudeCode.environmentVariables`, at
   * the VS Code level that matches the scope (see `mirrorLevel`). The level's own list is read
   * and written back (never the effective value, which mixes levels), with the values the switch
   * wrote into its file (not the effective ones, which a higher file may supply). A new
   * workspace list that would hide user-level entries is not created (see `mirrorDecision`).
   */
  private async mirrorToClaudeCodeSetting(scope: SwitchScope, result: SwitchResult): Promise<MirrorOutcome | undefined> {
    if (!vscode.workspace.getConfiguration('claudeProvider').get<boolean>('alsoSetClaudeCodeEnvironmentVariables', false)) return undefined;
    const where = mirrorLevel(scope, vscode.workspace.workspaceFolders?.length ?? 0);
    if ('skip' in where) {
      this.log(`claudeCode.environmentVariables not updated: ${where.skip}`);
      return { skipped: where.skip };
    }
    const rt = runtime();
    const layer = rt.loadConfig(loadOptions()).config.settings?.find((l) => l.path === result.file);
    const fileEnv = (layer?.settings as { env?: Record<string, unknown> } | undefined)?.env ?? {};
    const set = Object.fromEntries(
      result.set.filter((n) => typeof fileEnv[n] === 'string' && !rt.core.isSecretVar(n)).map((n) => [n, fileEnv[n] as string]),
    );
    const unset = [...result.removed, ...result.cleared];
    const cfg = vscode.workspace.getConfiguration('claudeCode');
    const inspected = cfg.inspect<unknown>('environmentVariables');
    const raw = { user: inspected?.globalValue, workspace: inspected?.workspaceValue };
    const before = {
      user: raw.user === undefined ? undefined : parseEnvironmentVariables(raw.user),
      workspace: raw.workspace === undefined ? undefined : parseEnvironmentVariables(raw.workspace),
    };
    const current = before[where.level] ?? [];
    const next = updatedEnvironmentVariables(current, set, unset, (n) => rt.core.isSecretVar(n));
    const removed = current.filter((e) => !next.some((x) => x.name === e.name)).map((e) => e.name);
    const label = where.level === 'user' ? 'user' : 'workspace';
    if (JSON.stringify(next) === JSON.stringify(current)) {
      this.log(`claudeCode.environmentVariables (${label}): nothing to change`);
      return { level: where.level, set: [], removed: [] };
    }
    const decision = mirrorDecision(where.level, before, next, unset);
    if ('skip' in decision) {
      this.log(`claudeCode.environmentVariables (${label}) not updated: ${decision.skip}`);
      return { skipped: decision.skip };
    }
    const note = decision.note;
    const target = where.level === 'user' ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace;
    try {
      await cfg.update('environmentVariables', next, target);
    } catch (e) {
      // Not a registered setting until the Claude Code extension is installed.
      this.log(`claudeCode.environmentVariables not updated: ${(e as Error).message}`);
      void vscode.window.showWarningMessage('Claude Provider: claudeCode.environmentVariables could not be set (is the Claude Code extension installed?). The settings file was written.');
      return { skipped: 'the setting could not be written (is the Claude Code extension installed?)' };
    }
    this.log(`claudeCode.environmentVariables updated (${label}): set ${Object.keys(set).join(', ') || 'nothing'}; removed ${removed.join(', ') || 'nothing'}${note ? `; ${note}` : ''}`);
    return { level: where.level, set: Object.keys(set), removed, ...(note ? { note } : {}) };
  }
}

function withoutSecrets(values: SetupValues): SetupValues {
  const { apiKey: _drop, ...rest } = values;
  return rest;
}
