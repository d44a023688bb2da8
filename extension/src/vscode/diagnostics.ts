// Problems as diagnostics in the settings file at fault (at the variable's line), with code
// actions for their fixes; and "Show Problems and Fixes" for every problem, including those
// that come from the process environment (no file to point at).
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Problem, Resolution } from 'claude-provider';
import { fileOf, type Fix, fixesFor, uniqueFixes } from '../model/fixes.js';
import { locateVariable, type Span, syntaxSpan } from '../model/locate.js';
import { runtime } from './loadRuntime.js';
import type { Prompter } from './prompter.js';
import type { Snapshot } from './snapshot.js';

export const SOURCE = 'claude-provider';

const SEVERITY: Record<Problem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class Diagnostics implements vscode.CodeActionProvider {
  readonly collection = vscode.languages.createDiagnosticCollection(SOURCE);
  /** A diagnostic's key ({@link keyOf}) → its problem, for the code actions. By content, not
   * by object: the diagnostics a code-action request carries may be copies, made from a
   * collection that an update replaced meanwhile with equal diagnostics. */
  #problems = new Map<string, Problem>();
  #resolution: Resolution | undefined;

  update(s: Snapshot): void {
    this.#resolution = s.resolution;
    this.collection.clear();
    this.#problems.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const p of s.problems) {
      const file = p.file ?? (p.envVar ? fileOf(s.resolution, p.envVar) : undefined);
      if (!file) continue;
      let text = '';
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        // The file is gone or unreadable: point at its start.
      }
      const span = (p.code === 'SETTINGS_INVALID' && mistakeIn(text, file)) || locateVariable(text, p.envVar ?? undefined);
      const range = new vscode.Range(span.line, span.character, span.line, span.character + Math.max(span.length, 1));
      const d = new vscode.Diagnostic(range, `${p.message}\nfix: ${p.help}`, SEVERITY[p.severity]);
      d.source = SOURCE;
      d.code = p.code;
      this.#problems.set(keyOf(vscode.Uri.file(file).fsPath, d), p);
      const list = byFile.get(file) ?? [];
      list.push(d);
      byFile.set(file, list);
    }
    for (const [file, list] of byFile) this.collection.set(vscode.Uri.file(file), list);
  }

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const found: { fix: Fix; diagnostic: vscode.Diagnostic }[] = [];
    for (const d of context.diagnostics) {
      const p = this.#problems.get(keyOf(doc.uri.fsPath, d));
      if (!p || !this.#resolution) continue;
      for (const fix of fixesFor(p, this.#resolution)) if (fix.kind !== 'open') found.push({ fix, diagnostic: d }); // 'open': already there
    }
    // Two problems about one variable (a wrong model ID is also an unsafe one) offer one fix.
    return uniqueFixes(found.map((f) => f.fix)).map((fix) => {
      const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      a.diagnostics = found.filter((f) => f.fix.title === fix.title).map((f) => f.diagnostic);
      a.command = commandFor(fix);
      return a;
    });
  }

  dispose(): void {
    this.collection.dispose();
  }
}

/** What identifies a diagnostic of ours: its file, code, place and text. */
function keyOf(file: string, d: vscode.Diagnostic): string {
  const { start, end } = d.range;
  return [file, d.source, String(d.code), start.line, start.character, end.line, end.character, d.message].join('\n');
}

/** Where the JSON mistake of an invalid settings file is (the core's `settingsSyntax`), if it is not JSON. */
function mistakeIn(text: string, file: string): Span | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const found = runtime().core.settingsSyntax(body, file);
  return found ? syntaxSpan(body, found.line, found.column) : undefined;
}

export function commandFor(fix: Fix): vscode.Command {
  switch (fix.kind) {
    case 'open':
      return { title: fix.title, command: 'claudeProvider.openSettingsAt', arguments: [{ file: fix.file, name: fix.name }] };
    case 'setVariable':
      return { title: fix.title, command: 'claudeProvider.setVariable', arguments: [{ name: fix.name, ...(fix.suggested ? { suggested: fix.suggested } : {}) }] };
    case 'moveSecret':
      return { title: fix.title, command: 'claudeProvider.moveSecret', arguments: [{ name: fix.name }] };
    case 'removeVariable':
      return { title: fix.title, command: 'claudeProvider.removeVariable', arguments: [{ name: fix.name, scope: fix.scope }] };
    case 'signIn':
      return { title: fix.title, command: 'claudeProvider.signIn' };
    case 'switch':
      return { title: fix.title, command: 'claudeProvider.switchProvider' };
  }
}

/** Opens a settings file with the cursor on the variable. */
export async function openSettingsAt(file: string, name?: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const span = locateVariable(doc.getText(), name);
  const editor = await vscode.window.showTextDocument(doc);
  const pos = new vscode.Position(span.line, span.character);
  editor.selection = new vscode.Selection(pos, pos.translate(0, span.length));
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
  return editor;
}

const MARK = { error: '$(error)', warning: '$(warning)', info: '$(info)' } as const;

/** Lists every problem; picking one lists its fixes; picking a fix runs it. */
export async function showProblems(s: Snapshot, prompter: Prompter): Promise<void> {
  if (s.problems.length === 0) {
    void vscode.window.showInformationMessage(`Claude Provider: no problems (${s.view.label}).`);
    return;
  }
  const picked = await prompter.pick(
    s.problems.map((p) => ({ label: `${MARK[p.severity]} ${p.code}`, description: p.message, detail: `fix: ${p.help}`, value: p })),
    { title: `Claude Provider: ${s.problems.length} problem${s.problems.length === 1 ? '' : 's'}`, placeholder: 'Pick a problem to see what fixes it' },
  );
  const problem = picked?.value;
  if (!problem) return;
  const fixes = fixesFor(problem, s.resolution);
  if (fixes.length === 0) {
    void vscode.window.showInformationMessage(`${problem.code}: ${problem.help}`);
    return;
  }
  const fix = await prompter.pick(
    fixes.map((f) => ({ label: f.title, value: f })),
    { title: problem.code, placeholder: problem.help },
  );
  if (!fix?.value) return;
  const cmd = commandFor(fix.value);
  await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments ?? []));
}
