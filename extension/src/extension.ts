// Claude Provider for VS Code: the status bar item, the switcher, sign-in, connection test,
// diagnostics and views, over claude-provider (loaded lazily from dist/runtime.js).
import * as vscode from 'vscode';
import { Controller, type ExtensionApi } from './vscode/controller.js';

declare const __cpLoadStart: number | undefined;

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  // esbuild's banner sets __cpLoadStart as the bundle starts evaluating.
  const start = typeof __cpLoadStart === 'number' ? __cpLoadStart : performance.now();
  const controller = new Controller(context, start);
  context.subscriptions.push(controller);
  return controller.api();
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
