// The status bar item: the active route (`Bedrock · us-east-1 · opus`), warning/error state,
// and a tooltip that says where each value came from. Clicking it opens the switcher.
import * as vscode from 'vscode';
import type { StatusView } from '../model/status.js';

const COMMANDS = ['claudeProvider.switchProvider', 'claudeProvider.showProblems', 'claudeProvider.testConnection'];

export class StatusBar {
  readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('claudeProvider.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Claude Provider';
    this.item.command = 'claudeProvider.switchProvider';
    this.item.text = '$(loading~spin) Claude';
    this.item.accessibilityInformation = { label: 'Claude provider: loading' };
    this.item.show();
  }

  show(view: StatusView): void {
    this.item.text = `$(${view.icon}) ${view.label}`;
    const md = new vscode.MarkdownString(view.tooltip, true);
    md.isTrusted = { enabledCommands: COMMANDS };
    this.item.tooltip = md;
    this.item.backgroundColor =
      view.level === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : view.level === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const counts = [view.errors ? `${view.errors} error${view.errors === 1 ? '' : 's'}` : '', view.warnings ? `${view.warnings} warning${view.warnings === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
    this.item.accessibilityInformation = { label: `Claude provider: ${view.label.replace(/ · /g, ', ')}${counts ? `; ${counts}` : ''}. Click to switch provider.` };
  }

  showFailure(message: string): void {
    this.item.text = '$(error) Claude: unavailable';
    this.item.tooltip = message;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    this.item.accessibilityInformation = { label: `Claude provider unavailable: ${message}` };
  }

  dispose(): void {
    this.item.dispose();
  }
}
