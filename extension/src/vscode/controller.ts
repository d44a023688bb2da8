// Wires the extension together: one snapshot of the configuration, refreshed when a file it
// read or a setting changes, shown in the status bar and as diagnostics; and the commands.
import { copyFileSync, rmSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ProviderId, SwitchScope } from 'claude-provider';
import { fileOf, problemsAfterEdit, scopeSetting } from '../model/fixes.js';
import { leftoverNote, SHORT_NAME, tildify } from '../model/labels.js';
import { profileFromRoute, profileOf, safeProfileValues, withProfile } from '../model/profiles.js';
import { Diagnostics, openSettingsAt, showProblems } from './diagnostics.js';
import { Log } from './log.js';
import { type Prompter, windowPrompter } from './prompter.js';
import { runtime, runtimeLoaded } from './loadRuntime.js';
import { Secrets } from './secrets.js';
import { signIn } from './signIn.js';
import { followEditor, loadOptions, maskUrl, publicSnapshot, type PublicSnapshot, type Snapshot, takeSnapshot } from './snapshot.js';
import { StatusBar } from './statusBar.js';
import { type SwitchOutcome, type SwitchRequest, Switcher } from './switcher.js';
import { testConnection } from './testConnection.js';
import { compareProviders, exportDevcontainer, showRequest } from './views.js';
import { FileWatch } from './watch.js';

/** What `activate` returns: used by the integration tests, and by other extensions. */
export interface ExtensionApi {
  /** Activation time as VS Code counts it: evaluating dist/extension.js plus the `activate` call, in ms. */
  readonly activationMs: number;
  /** Its two parts. */
  readonly codeLoadMs: number;
  readonly activateCallMs: number;
  /** Resolves when the first status is shown: milliseconds since `activate` was called, and the label. */
  readonly firstStatus: Promise<{ ms: number; label: string }>;
  /** Whether dist/runtime.js (claude-provider, the native addon) has been loaded. */
  runtimeLoaded(): boolean;
  /** Whether it was loaded by the time `activate` returned (it should not be). */
  readonly runtimeLoadedByActivation: boolean;
  snapshot(): PublicSnapshot | undefined;
  refresh(): PublicSnapshot | undefined;
  readonly onDidRefresh: vscode.Event<PublicSnapshot>;
  statusText(): string;
  statusTooltip(): string;
  watchedFiles(): string[];
  /** The last lines of the output channel (redacted, as written). */
  recentLog(): string[];
  /** Replaces the prompter (tests answer the switcher's questions); undefined restores the windows. */
  setPrompter(p: Prompter | undefined): void;
}

/** The "Show Status" document. */
const STATUS_URI = vscode.Uri.from({ scheme: 'claude-provider-status', path: '/Claude Provider Status' });

export class Controller implements vscode.Disposable {
  readonly #log = new Log();
  readonly #status = new StatusBar();
  readonly #diagnostics = new Diagnostics();
  readonly #secrets: Secrets;
  readonly #watch = new FileWatch(() => this.refresh());
  readonly #refreshed = new vscode.EventEmitter<PublicSnapshot>();
  readonly #statusDocChanged = new vscode.EventEmitter<vscode.Uri>();
  readonly #disposables: vscode.Disposable[] = [];
  #snapshot: Snapshot | undefined;
  #lastStatusLine = '';
  /** Values in SecretStorage, kept for log redaction. */
  #storedSecrets: string[] = [];
  #prompter: Prompter = windowPrompter;
  readonly #switcher: Switcher;
  readonly #activationMs: number;
  readonly #loadedByActivation: boolean;
  readonly #firstStatus: Promise<{ ms: number; label: string }>;

  readonly #codeLoadMs: number;
  readonly #activateCallMs: number;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly activateStart: number,
    codeLoadMs: number,
  ) {
    this.#secrets = new Secrets(context.secrets, context.globalState, (value) => {
      this.#storedSecrets.push(value);
      this.#log.redactor.setSecrets([...(this.#snapshot?.secretValues ?? []), ...this.#storedSecrets]);
    });
    this.#switcher = new Switcher(() => this.#prompter, this.#secrets, (m) => this.#log.info(m));
    this.#disposables.push(this.#log, this.#status, this.#diagnostics, this.#watch, this.#refreshed, this.#statusDocChanged);
    this.#disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(STATUS_URI.scheme, {
        onDidChange: this.#statusDocChanged.event,
        provideTextDocumentContent: () => this.#snapshot?.view.text ?? 'Claude Provider could not read the configuration: see the log (Claude Provider: Show Log).\n',
      }),
      vscode.languages.registerCodeActionsProvider(
        [
          { language: 'json', pattern: '**/{settings,settings.local,managed-settings}.json' },
          { language: 'jsonc', pattern: '**/{settings,settings.local,managed-settings}.json' },
        ],
        this.#diagnostics,
        { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
      ),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('claudeProvider') || e.affectsConfiguration('claudeCode.environmentVariables')) this.refresh();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
      // Multi-root: the active editor's folder is the project read and written.
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (followEditor(e)) this.refresh();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
      // A cheap safety net for changes no watcher reports (network file systems).
      vscode.window.onDidChangeWindowState((w) => {
        if (w.focused) this.refresh();
      }),
    );
    followEditor(vscode.window.activeTextEditor);
    this.registerCommands();
    this.#codeLoadMs = codeLoadMs;
    this.#activateCallMs = performance.now() - activateStart;
    this.#activationMs = codeLoadMs + this.#activateCallMs;
    this.#loadedByActivation = runtimeLoaded();
    // The first status comes right after activation: loading the runtime (native addon) is
    // not part of VS Code's startup path.
    this.#firstStatus = new Promise((resolve) => {
      setImmediate(() => {
        const s = this.refresh();
        resolve({ ms: performance.now() - activateStart, label: s?.view.label ?? '' });
      });
    });
  }

  api(): ExtensionApi {
    return {
      activationMs: this.#activationMs,
      codeLoadMs: this.#codeLoadMs,
      activateCallMs: this.#activateCallMs,
      firstStatus: this.#firstStatus,
      runtimeLoaded,
      runtimeLoadedByActivation: this.#loadedByActivation,
      snapshot: () => (this.#snapshot ? publicSnapshot(this.#snapshot) : undefined),
      refresh: () => {
        const s = this.refresh();
        return s ? publicSnapshot(s) : undefined;
      },
      onDidRefresh: this.#refreshed.event,
      statusText: () => this.#status.item.text,
      statusTooltip: () => {
        const t = this.#status.item.tooltip;
        return typeof t === 'string' ? t : (t?.value ?? '');
      },
      watchedFiles: () => this.#watch.files(),
      recentLog: () => [...this.#log.recent],
      setPrompter: (p) => {
        this.#prompter = p ?? windowPrompter;
      },
    };
  }

  refresh(): Snapshot | undefined {
    try {
      const s = takeSnapshot();
      this.#snapshot = s;
      this.#log.redactor.setSecrets([...s.secretValues, ...this.#storedSecrets]);
      void this.#secrets.all().then((stored) => {
        this.#storedSecrets = Object.values(stored);
        this.#log.redactor.setSecrets([...s.secretValues, ...this.#storedSecrets]);
      });
      this.#status.show(s.view);
      this.#diagnostics.update(s);
      this.#watch.set(s.files.map((f) => f.path));
      // Refreshes run on every window focus: log the status only when it changes.
      const line = `status: ${s.view.label} (${s.view.errors} errors, ${s.view.warnings} warnings)`;
      if (line !== this.#lastStatusLine) this.#log.info(line);
      this.#lastStatusLine = line;
      this.#refreshed.fire(publicSnapshot(s));
      this.#statusDocChanged.fire(STATUS_URI);
      return s;
    } catch (e) {
      const err = e as { code?: string; message: string; help?: string };
      this.#log.error(`status failed: ${err.code ?? ''} ${err.message}`);
      this.#status.showFailure(`${err.message}${err.help ? `\n\nfix: ${err.help}` : ''}`);
      return undefined;
    }
  }

  private current(): Snapshot {
    const s = this.#snapshot ?? this.refresh();
    if (!s) throw new Error('Claude Provider could not read the configuration: see the log (Claude Provider: Show Log).');
    return s;
  }

  private registerCommands(): void {
    const reg = (id: string, f: (...args: never[]) => unknown) =>
      this.#disposables.push(
        vscode.commands.registerCommand(id, async (...args: never[]) => {
          try {
            return await f(...args);
          } catch (e) {
            const err = e as { code?: string; message: string; help?: string };
            this.#log.error(`${id}: ${err.code ?? ''} ${err.message}`);
            void vscode.window.showErrorMessage(`Claude Provider: ${err.message}${err.help ? ` — ${err.help}` : ''}`);
            return undefined;
          }
        }),
      );
    reg('claudeProvider.refresh', () => this.refresh()?.view.label);
    reg('claudeProvider.showLog', () => this.#log.channel.show(true));
    reg('claudeProvider.switchProvider', async (req?: SwitchRequest) => {
      const out = await this.#switcher.run(req ?? {});
      const s = this.refresh();
      if (out && !req) {
        const kept = out.keptInVsCode.length ? ` ${out.keptInVsCode.join(', ')} stays in VS Code's secret storage only, where Claude Code does not read it.` : '';
        const m = out.mirror;
        const mirrored = !m ? '' : 'skipped' in m ? ` claudeCode.environmentVariables not updated: ${m.skipped}.` : m.note ? ` Note: ${m.note}.` : '';
        const left = leftoverNote(out.result, (n) => runtime().core.isSecretVar(n));
        const note = kept + mirrored + left.note;
        const buttons = ['Test Connection', 'Save as Profile', ...(left.removable.length ? ['Remove Leftovers'] : [])];
        void vscode.window.showInformationMessage(`Claude Code now uses ${s?.view.label ?? out.provider} (${out.scope} settings).${note}`, ...buttons).then((b) => {
          if (b === 'Test Connection') void vscode.commands.executeCommand('claudeProvider.testConnection');
          if (b === 'Save as Profile') void vscode.commands.executeCommand('claudeProvider.saveProfile', { provider: out.provider, scope: out.scope, values: out.values });
          if (b === 'Remove Leftovers') void vscode.commands.executeCommand('claudeProvider.removeLeftovers', out);
        });
      }
      return out;
    });
    // From the notification after a switch (its outcome as the argument).
    reg('claudeProvider.removeLeftovers', (out: SwitchOutcome) => {
      const result = this.#switcher.removeLeftovers(out);
      this.refresh();
      if (result) void vscode.window.showInformationMessage(`Claude Provider: removed ${result.pruned?.join(', ')} from ${tildify(result.file, loadOptions().home)}.`);
      return result;
    });
    reg('claudeProvider.showStatus', async () => {
      this.current();
      // A read-only document of its own scheme (plain text, kept up to date): nothing to save or discard.
      const doc = await vscode.workspace.openTextDocument(STATUS_URI);
      return vscode.window.showTextDocument(doc, { preview: true });
    });
    reg('claudeProvider.showProblems', () => showProblems(this.current(), this.#prompter));
    reg('claudeProvider.openSettingsAt', (a: { file: string; name?: string }) => openSettingsAt(a.file, a.name));
    reg('claudeProvider.signIn', async () => {
      const out = await signIn(this.current(), (m) => this.#log.info(m));
      this.refresh();
      return out;
    });
    reg('claudeProvider.testConnection', (a?: { useStoredKey?: boolean }) => testConnection(this.current(), this.#secrets, (m) => this.#log.info(m), { useStoredKey: a?.useStoredKey === true }));
    reg('claudeProvider.showRequest', () => showRequest(this.current(), (m) => this.#log.info(m)));
    reg('claudeProvider.exportDevcontainer', () => exportDevcontainer(this.current()));
    reg('claudeProvider.compareProviders', () => compareProviders());
    reg('claudeProvider.setVariable', (a?: { name?: string; value?: string; suggested?: string; scope?: SwitchScope }) => this.setVariable(a ?? {}));
    reg('claudeProvider.moveSecret', (a?: { name?: string; to?: 'local' | 'user' | 'remove' }) => this.moveSecret(a ?? {}));
    reg('claudeProvider.removeVariable', (a?: { name?: string; scope?: SwitchScope }) => this.removeVariable(a ?? {}));
    reg('claudeProvider.storeSecret', (a?: { name?: string; value?: string }) => this.storeSecret(a ?? {}));
    reg('claudeProvider.forgetSecrets', async () => {
      const names = this.#secrets.names();
      for (const n of names) await this.#secrets.forget(n);
      void vscode.window.showInformationMessage(names.length ? `Claude Provider: forgot ${names.join(', ')}.` : 'Claude Provider: no stored keys.');
      return names;
    });
    reg('claudeProvider.saveProfile', (a?: { name?: string; provider?: ProviderId; scope?: SwitchScope; values?: Record<string, string> }) => this.saveProfile(a ?? {}));
  }

  /**
   * Sets one variable in the settings file that already sets it, else in the chosen scope. A
   * value that would not be used (a higher scope's file, a --settings or the managed file sets
   * the variable) is refused before the value is asked for, by the Node package's rule
   * (`checkEnvEdit`; `editEnv` enforces it too): `SWITCH_OVERRIDDEN`, naming the variable and the file.
   */
  private async setVariable(a: { name?: string; value?: string; suggested?: string; scope?: SwitchScope }): Promise<string | undefined> {
    const s = this.current();
    const rt = runtime();
    const name = a.name ?? (await this.#prompter.input({ title: 'Set a variable', prompt: 'Variable name (e.g. AWS_REGION)', validate: (v) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? undefined : 'A variable name: letters, digits, _') }));
    if (!name) return undefined;
    const opts = loadOptions();
    const scope = await this.setScope(name, a.scope ?? scopeSetting(s.resolution, name));
    if (!scope) return undefined;
    const secret = rt.core.isSecretVar(name);
    const value = a.value ?? (await this.#prompter.input({ title: `Set ${name}`, prompt: `${name}${secret ? ' (a secret: kept in VS Code secret storage too)' : ''}`, password: secret, ...(a.suggested && !secret ? { value: a.suggested } : {}) }));
    if (value === undefined) return undefined;
    if (secret) {
      await this.#secrets.store(name, value);
      const b = await this.#prompter.confirm(`Write ${name} into the ${scope} settings file?`, 'The key is in VS Code secret storage now. Writing it puts it in plain text in the settings file (mode 0600, never a git-tracked file).', ['Write to File']);
      if (b !== 'Write to File') return undefined;
    }
    if (scope !== 'user' && !vscode.workspace.isTrusted) throw new Error('this workspace is not trusted, so its settings files are not written');
    const r = rt.editEnv({ ...opts, scope, set: { [name]: value } });
    const left = problemsAfterEdit(name, s.problems, r.problems);
    this.#log.info(`set ${name} in ${r.file} (mode ${r.mode})${left.length ? `; problems: ${left.map((p) => p.code).join(', ')}` : ''}`);
    for (const p of left) this.#log.info(`  ${p.severity} ${p.code}: ${p.message} (fix: ${p.help})`);
    this.refresh();
    if (left.length) {
      const first = left[0]!;
      const more = left.length > 1 ? ` (and ${left.length - 1} more)` : '';
      const show = left.some((p) => p.severity === 'error') ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
      void show(`Claude Provider: ${name} set in ${tildify(r.file, opts.home)}, but ${first.code}: ${first.message} — ${first.help}${more}`, 'Show Problems').then((b) => {
        if (b) void vscode.commands.executeCommand('claudeProvider.showProblems');
      });
    }
    return r.file;
  }

  /**
   * SECRET_IN_PROJECT_SETTINGS: takes the secret out of the shared `.claude/settings.json`, into
   * the local file (`editEnv` makes a new one git-ignored, and refuses a secret in a file git
   * tracks or would pick up) or the user file, or just removes it. The new file is written first, so a
   * refusal of it leaves everything as it was; when the project file's edit then fails (a
   * read-only file, a failed write), the new file gets its old text back (from the backup
   * `editEnv` made, or it is removed if it is new), so the secret is never left in both.
   */
  private async moveSecret(a: { name?: string; to?: 'local' | 'user' | 'remove' }): Promise<string | undefined> {
    const name = a.name;
    if (!name) return undefined;
    if (!vscode.workspace.isTrusted) throw new Error('this workspace is not trusted, so its settings files are not written');
    const rt = runtime();
    const opts = loadOptions();
    const project = rt.settingsFileFor('project', opts);
    const layer = rt.loadConfig(opts).config.settings?.find((l) => l.path === project);
    const value = (layer?.settings as { env?: Record<string, unknown> } | undefined)?.env?.[name];
    if (typeof value !== 'string') throw new Error(`${name} is not set in ${tildify(project, opts.home)}`);
    // Moved, the value keeps working only if it is the one used now; else it only goes.
    const winner = fileOf(this.current().resolution, name);
    const used = winner === project;
    type To = 'local' | 'user' | 'remove';
    const items: { label: string; description: string; value: To }[] = [
      ...(used
        ? [
            { label: 'Move to .claude/settings.local.json', description: 'only you, this project (git-ignored)', value: 'local' as const },
            { label: `Move to ${tildify(rt.settingsFileFor('user', opts), opts.home)}`, description: 'only you, every project', value: 'user' as const },
          ]
        : []),
      { label: 'Remove it from .claude/settings.json', description: used ? 'then set it in your shell or a credential helper' : `not used: ${winner ? tildify(winner, opts.home) : 'another source'} sets it`, value: 'remove' },
    ];
    const to = a.to ?? (await this.#prompter.pick(items, { title: `Move ${name} out of the shared project settings`, placeholder: 'Where should the secret go?' }))?.value;
    if (!to) return undefined;
    const first = to === 'remove' ? undefined : rt.editEnv({ ...opts, scope: to, set: { [name]: value } });
    const target = first?.file;
    let r: ReturnType<typeof rt.editEnv>;
    try {
      r = rt.editEnv({ ...opts, scope: 'project', set: { [name]: null } });
    } catch (e) {
      if (first) {
        if (first.backup) copyFileSync(first.backup, first.file);
        else rmSync(first.file, { force: true });
        this.#log.info(`${name} taken back out of ${first.file}: the project file's edit failed`);
      }
      throw e;
    }
    this.#log.info(`${name} removed from ${r.file}${target ? ` and written to ${target}` : ''}`);
    this.refresh();
    void vscode.window.showInformationMessage(
      `Claude Provider: ${name} ${target ? `moved to ${tildify(target, opts.home)}` : 'removed from .claude/settings.json'}. If .claude/settings.json was ever committed, rotate the secret: it is in the repository's history.`,
    );
    return target ?? r.file;
  }

  /** Removes a variable from the settings file of `scope` (FIRST_PARTY_VARS_IGNORED). */
  private async removeVariable(a: { name?: string; scope?: SwitchScope }): Promise<string | undefined> {
    if (!a.name || !a.scope) return undefined;
    if (a.scope !== 'user' && !vscode.workspace.isTrusted) throw new Error('this workspace is not trusted, so its settings files are not written');
    const r = runtime().editEnv({ ...loadOptions(), scope: a.scope, set: { [a.name]: null } });
    this.#log.info(`${a.name} removed from ${r.file}`);
    this.refresh();
    return r.file;
  }

  /**
   * The scope "Set VAR…" writes: `known` (asked for, or the file that sets the variable now),
   * else claudeProvider.switchScope, else one the user picks among those where the value would
   * be used. Throws `SWITCH_OVERRIDDEN` (the Node package's `checkEnvEdit`) when a value written
   * there would not be.
   */
  private async setScope(name: string, known: SwitchScope | undefined): Promise<SwitchScope | undefined> {
    const rt = runtime();
    const opts = loadOptions();
    const setting = vscode.workspace.getConfiguration('claudeProvider').get<string>('switchScope', 'user');
    const fixed = known ?? (setting === 'user' || setting === 'project' || setting === 'local' ? setting : undefined);
    if (fixed) {
      rt.checkEnvEdit({ ...opts, scope: fixed, names: [name] });
      return fixed;
    }
    const usable = (['user', 'local', 'project'] as const).filter((scope) => rt.envOverrides({ ...opts, scope, names: [name] }).length === 0);
    // Overridden in every scope (a --settings or managed file sets it): refuse, naming that file.
    if (!usable.length) rt.checkEnvEdit({ ...opts, scope: 'local', names: [name] });
    return (await this.#prompter.pick(usable.map((v) => ({ label: v, value: v })), { title: 'Which settings file?' }))?.value;
  }

  /** Stores an API key for the active provider (or a named variable) in SecretStorage. */
  private async storeSecret(a: { name?: string; value?: string }): Promise<string | undefined> {
    const s = this.current();
    const rt = runtime();
    const keyVar = rt.core.providerSetup({ provider: s.resolution.provider, apiKey: 'x' }).vars.find((v) => v.option === 'apiKey')?.name;
    const name = a.name ?? keyVar;
    if (!name) throw new Error(`${SHORT_NAME[s.resolution.provider]} takes no API key`);
    const value = a.value ?? (await this.#prompter.input({ title: `Store ${name}`, prompt: `${name} (kept in VS Code's secret storage, never in settings)`, password: true, validate: (v) => (v.trim() ? undefined : 'Cannot be empty') }));
    if (!value) return undefined;
    await this.#secrets.store(name, value.trim());
    this.refresh();
    void vscode.window.showInformationMessage(`Claude Provider: ${name} stored in VS Code's secret storage. Claude Code does not read it there: for Claude Code to use it, set it in a settings file (Claude Provider: Set a Variable…) or your shell. Test Connection tests what Claude Code would send, and offers to try the stored key when Claude Code has no credentials.`);
    return name;
  }

  /**
   * Saves a route as a profile (user settings): the one given (after a switch), else the active
   * one, with its base URL (never a password or a secret query value in it) and its file's scope
   * when that is known.
   */
  private async saveProfile(a: { name?: string; provider?: ProviderId; scope?: SwitchScope; values?: Record<string, string> }): Promise<string | undefined> {
    const s = this.current();
    const r = s.resolution;
    const provider = a.provider ?? r.provider;
    let scope = a.scope;
    let values = a.values;
    if (!values) {
      const setup = runtime().core.providerSetup({ provider, baseUrl: 'x', apiKey: 'x' }).vars;
      const route = profileFromRoute(r, s.effectiveEnv, { setup });
      values = route.values;
      scope ??= route.scope;
    }
    const safe = safeProfileValues(values, maskUrl);
    const facts = [SHORT_NAME[provider], ...Object.values(safe.values)].join(' · ');
    const name = a.name ?? (await this.#prompter.input({ title: 'Save as profile', prompt: 'Profile name', value: facts }));
    if (!name) return undefined;
    // The user's own list, read and written at the user level (never the effective value: a
    // workspace list would be copied into the user settings).
    const cfg = vscode.workspace.getConfiguration('claudeProvider');
    const next = withProfile(cfg.inspect('profiles')?.globalValue, profileOf(name, provider, scope, safe.values));
    await cfg.update('profiles', next, vscode.ConfigurationTarget.Global);
    const how = scope ? `${scope} scope` : 'scope from claudeProvider.switchScope';
    this.#log.info(`profile "${name}" saved (${facts}; ${how})${safe.notes.map((n) => `; ${n}`).join('')}`);
    if (safe.notes.length) void vscode.window.showWarningMessage(`Claude Provider: profile "${name}" saved, but ${safe.notes.join('; ')}.`);
    return name;
  }

  dispose(): void {
    for (const d of this.#disposables) d.dispose();
  }
}

