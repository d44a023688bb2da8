// Claude Provider for VS Code: the status bar item, the switcher, sign-in, connection test,
// diagnostics and views, over claude-provider (loaded lazily from dist/runtime.js).
import * as vscode from 'vscode';
import { Controller, type ExtensionApi } from './vscode/controller.js';

declare const __cpLoadStart: number | undefined;
declare const __cpLoadEnd: number | undefined;

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const activateStart = performance.now();
  // esbuild's banner and footer time the evaluation of this bundle (VS Code counts it too).
  const loadMs = typeof __cpLoadStart === 'number' && typeof __cpLoadEnd === 'number' ? __cpLoadEnd - __cpLoadStart : 0;
  const controller = new Controller(context, activateStart, loadMs);
  context.subscriptions.push(controller);
  return controller.api();
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
