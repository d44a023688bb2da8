// Test connection: a 1-token request through claude-provider's client (Claude Code's
// configuration, its auth flows, its transport: proxy, mTLS, extra CAs), with progress;
// reports latency and the model that answered, or the error and its fix.
import * as vscode from 'vscode';
import { SHORT_NAME } from '../model/labels.js';
import { runtime } from './loadRuntime.js';
import type { Secrets } from './secrets.js';
import type { Snapshot } from './snapshot.js';

export interface ConnectionResult {
  ok: boolean;
  provider: string;
  latencyMs: number;
  /** The model that answered (the response's `model`). */
  model?: string;
  /** Keys from VS Code's secret storage used for variables Claude Code's config leaves unset. */
  usedStoredKeys: string[];
  error?: { code: string; message: string; help: string };
}

export async function testConnection(s: Snapshot, secrets: Secrets, log: (m: string) => void): Promise<ConnectionResult | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage('Claude Provider: the connection test runs credential commands, so it is off in an untrusted workspace.');
    return undefined;
  }
  const rt = runtime();
  // Stored keys fill in only what the configuration leaves unset.
  const effective = s.effectiveEnv;
  const stored = await secrets.all();
  const usedStoredKeys = Object.keys(stored).filter((n) => (effective[n] ?? '').trim() === '');
  const env = { ...s.options.env, ...Object.fromEntries(usedStoredKeys.map((n) => [n, stored[n]!])) };
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
        log(`test connection: ${s.resolution.provider} answered in ${latencyMs} ms (model ${model ?? '?'})${usedStoredKeys.length ? `; used stored ${usedStoredKeys.join(', ')}` : ''}`);
        void vscode.window.showInformationMessage(`Claude Provider: ${name} answered in ${latencyMs} ms${model ? ` (${model})` : ''}.`);
        return { ok: true, provider: s.resolution.provider, latencyMs, ...(model ? { model } : {}), usedStoredKeys };
      } catch (e) {
        const latencyMs = Math.round(performance.now() - t0);
        const err = e as { code?: string; message?: string; help?: string };
        const error = { code: err.code ?? 'ERROR', message: err.message ?? String(e), help: err.help ?? 'See the log (Claude Provider: Show Log).' };
        log(`test connection failed after ${latencyMs} ms: ${error.code}: ${error.message} (fix: ${error.help})`);
        void vscode.window.showErrorMessage(`Claude Provider: ${error.code}: ${error.message} — ${error.help}`, 'Show Log').then((b) => {
          if (b) void vscode.commands.executeCommand('claudeProvider.showLog');
        });
        return { ok: false, provider: s.resolution.provider, latencyMs, usedStoredKeys, error };
      }
    },
  );
}
