// Test connection: a 1-token request through claude-provider's client (Claude Code's
// configuration, its auth flows, its transport: proxy, mTLS, extra CAs), with progress;
// reports latency and the model that answered, or the error and its fix.
//
// It sends what Claude Code would send, so it uses the credentials of Claude Code's
// configuration only. Keys in VS Code's secret storage never reach Claude Code (they are
// written to a settings file only when the user confirms), so they are not added to the test.
// When Claude Code has no credentials at all and a key for the route is stored, the result
// says so and offers to try that key (`useStoredKey`), saying it was used.
import * as vscode from 'vscode';
import { SHORT_NAME } from '../model/labels.js';
import { authUses, storedKeyCandidates } from '../model/storedKeys.js';
import { runtime } from './loadRuntime.js';
import type { Secrets } from './secrets.js';
import type { Snapshot } from './snapshot.js';

export interface ConnectionResult {
  ok: boolean;
  provider: string;
  latencyMs: number;
  /** The model that answered (the response's `model`). */
  model?: string;
  /** Keys from VS Code's secret storage the test sent (only when asked to: Claude Code does not read them). */
  usedStoredKeys: string[];
  /** What the user was shown (no secret). */
  message: string;
  error?: { code: string; message: string; help: string };
}

export interface TestOptions {
  /** Try the stored key for the route when Claude Code's configuration has no credentials. */
  useStoredKey?: boolean;
}

/** The stored key that, added, the route would send: only when Claude Code has no credentials. */
function storedKeyFor(s: Snapshot, stored: Record<string, string>): string | undefined {
  const rt = runtime();
  const keyVar = rt.core.providerSetup({ provider: s.resolution.provider, apiKey: 'x' }).vars.find((v) => v.option === 'apiKey')?.name;
  for (const name of storedKeyCandidates(s.resolution.auth.method, Object.keys(stored), keyVar ?? undefined)) {
    const { config } = rt.loadConfig({ ...s.options, env: { ...s.options.env, [name]: stored[name]! } });
    if (authUses(rt.core.resolve(config).auth.method, name)) return name;
  }
  return undefined;
}

export async function testConnection(s: Snapshot, secrets: Secrets, log: (m: string) => void, opts: TestOptions = {}): Promise<ConnectionResult | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage('Claude Provider: the connection test runs credential commands, so it is off in an untrusted workspace.');
    return undefined;
  }
  const rt = runtime();
  const stored = await secrets.all();
  const available = storedKeyFor(s, stored);
  const usedStoredKeys = opts.useStoredKey && available ? [available] : [];
  const env = usedStoredKeys.length ? { ...s.options.env, [available!]: stored[available!]! } : s.options.env;
  const where = 'a Claude Code settings file (Claude Provider: Set a Variable…) or your shell';
  let note = '';
  if (usedStoredKeys.length) note = ` This used ${available} from VS Code's secret storage, which Claude Code does not read: for Claude Code to use it, put it in ${where}.`;
  else if (opts.useStoredKey) note = ` No stored key was used: ${s.resolution.auth.method.kind === 'none' ? `none is stored for ${SHORT_NAME[s.resolution.provider]}` : `Claude Code authenticates with ${s.resolution.auth.summary}`}.`;
  else if (available) note = ` ${available} is in VS Code's secret storage only, and Claude Code does not read it: put it in ${where}, or test the stored key itself.`;
  const timeoutMs = vscode.workspace.getConfiguration('claudeProvider').get<number>('testConnection.timeoutMs', 30000);
  const name = SHORT_NAME[s.resolution.provider];
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Claude Provider: testing ${name}…`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const t0 = performance.now();
      try {
        progress.report({ message: 'getting credentials' });
        const client = rt.createClient({ ...s.options, env, timeoutMs, maxRetries: 0, onRefreshOutput: (_k, text) => log(`awsAuthRefresh: ${text}`) });
        progress.report({ message: `asking ${client.resolution.models.main.id} for 1 token` });
        const res = await client.messages.create({ max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] }, { signal: abort.signal });
        const latencyMs = Math.round(performance.now() - t0);
        const model = typeof res.model === 'string' ? res.model : undefined;
        log(`test connection: ${s.resolution.provider} answered in ${latencyMs} ms (model ${model ?? '?'})${usedStoredKeys.length ? `; used stored ${usedStoredKeys.join(', ')} (not Claude Code's configuration)` : ''}`);
        const message = `Claude Provider: ${name} answered in ${latencyMs} ms${model ? ` (${model})` : ''}.${note}`;
        void (usedStoredKeys.length ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message));
        return { ok: true, provider: s.resolution.provider, latencyMs, ...(model ? { model } : {}), usedStoredKeys, message };
      } catch (e) {
        const latencyMs = Math.round(performance.now() - t0);
        const err = e as { code?: string; message?: string; help?: string };
        const error = { code: err.code ?? 'ERROR', message: err.message ?? String(e), help: err.help ?? 'See the log (Claude Provider: Show Log).' };
        log(`test connection failed after ${latencyMs} ms: ${error.code}: ${error.message} (fix: ${error.help})${usedStoredKeys.length ? `; used stored ${usedStoredKeys.join(', ')}` : available ? `; ${available} is stored in VS Code only` : ''}`);
        const message = `Claude Provider: ${error.code}: ${error.message} — ${error.help}${note}`;
        const offer = available && !usedStoredKeys.length ? ['Test with the Stored Key'] : [];
        void vscode.window.showErrorMessage(message, ...offer, 'Show Log').then((b) => {
          if (b === 'Show Log') void vscode.commands.executeCommand('claudeProvider.showLog');
          if (b === 'Test with the Stored Key') void vscode.commands.executeCommand('claudeProvider.testConnection', { useStoredKey: true });
        });
        return { ok: false, provider: s.resolution.provider, latencyMs, usedStoredKeys, message, error };
      }
    },
  );
}
