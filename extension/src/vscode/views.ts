// Read-only views: the exact request (redacted) in an editor, the devcontainer snippet for the
// active provider, and the provider comparison.
import * as vscode from 'vscode';
import { COMPARISON, SUPPORT } from '../../../bindings-wasm/playground/compare.js';
import { runtime } from './loadRuntime.js';
import type { Snapshot } from './snapshot.js';

const SAMPLE_BODY = { max_tokens: 1024, stream: true, messages: [{ role: 'user', content: 'Hello, Claude' }] };

/** The request Claude Code would send for a sample prompt, secrets redacted, as HTTP text. */
export async function showRequest(s: Snapshot, log: (m: string) => void): Promise<vscode.TextDocument | undefined> {
  const rt = runtime();
  let credentials;
  try {
    credentials = (await rt.obtainCredentials(s.resolution, { env: s.effectiveEnv, home: s.home, cwd: s.options.cwd })).credentials;
  } catch (e) {
    log(`show request: no credentials (${(e as Error).message}); building without them`);
  }
  try {
    const { request } = rt.buildRequest({ ...s.options, body: SAMPLE_BODY, stream: true, ...(credentials ? { credentials } : {}) });
    const text = `# The request Claude Code would send for a sample prompt (${s.view.label}).\n# Secret header values are redacted.\n\n${rt.renderRequest(request, 'http', false)}`;
    const doc = await vscode.workspace.openTextDocument({ language: 'http', content: text });
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  } catch (e) {
    const err = e as { code?: string; message: string; help?: string };
    void vscode.window.showErrorMessage(`Claude Provider: ${err.code ?? 'ERROR'}: ${err.message}${err.help ? ` — ${err.help}` : ''}`);
    return undefined;
  }
}

/** `containerEnv` and read-only credential mounts for `.devcontainer/devcontainer.json`. */
export async function exportDevcontainer(s: Snapshot): Promise<vscode.TextDocument> {
  const sn = runtime().configSnippets(s.options);
  const notes = [
    `Devcontainer snippet for ${s.view.label}: merge into .devcontainer/devcontainer.json.`,
    ...(sn.secretVars.length ? [`Secrets are passed from the host with \${localEnv:NAME}, never copied: ${sn.secretVars.join(', ')}.`] : []),
    ...sn.notes,
  ];
  const content = `${notes.map((n) => `// ${n}`).join('\n')}\n${sn.devcontainerJson}\n`;
  const doc = await vscode.workspace.openTextDocument({ language: 'jsonc', content });
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function table(caption: string, head: string[], rows: { label: string; values: string[] }[]): string {
  return `<table><caption>${esc(caption)}</caption><thead><tr><th scope="col"></th>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr><th scope="row">${esc(r.label)}</th>${r.values.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

export function comparisonHtml(cspSource: string): string {
  const a = table(COMPARISON.source, COMPARISON.providers, COMPARISON.rows.map((r) => ({ label: r.fact, values: r.values })));
  const b = table(SUPPORT.source, SUPPORT.providers, SUPPORT.rows.map((r) => ({ label: r.feature, values: r.values })));
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline';"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Compare providers</title>
<style>body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);padding:0 1rem}table{border-collapse:collapse;margin:1rem 0;width:100%}caption{text-align:left;font-weight:bold;padding:.5rem 0}th,td{border:1px solid var(--vscode-panel-border);padding:.35rem .5rem;text-align:left;vertical-align:top}thead th{background:var(--vscode-editorWidget-background)}</style></head>
<body><h1>Claude providers compared</h1>${a}${b}</body></html>`;
}

export function compareProviders(): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel('claudeProvider.compare', 'Claude: Compare Providers', vscode.ViewColumn.Active, { enableScripts: false });
  panel.webview.html = comparisonHtml(panel.webview.cspSource);
  return panel;
}
