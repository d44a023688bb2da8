// Every question the extension asks goes through a Prompter, so the integration tests can
// answer the switcher's questions inside the real extension host (the UI tests click the real
// QuickPick).
import * as vscode from 'vscode';

export interface PickItem<T> extends vscode.QuickPickItem {
  value?: T;
}

export interface Prompter {
  pick<T>(items: PickItem<T>[], options: { title: string; placeholder?: string }): Promise<PickItem<T> | undefined>;
  input(options: { title: string; prompt: string; placeholder?: string; password?: boolean; value?: string; validate?: (v: string) => string | undefined }): Promise<string | undefined>;
  /** A modal question; resolves to the chosen button or undefined (cancel). */
  confirm(message: string, detail: string, buttons: string[]): Promise<string | undefined>;
}

export const windowPrompter: Prompter = {
  async pick(items, options) {
    return vscode.window.showQuickPick(items, { title: options.title, placeHolder: options.placeholder, matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true });
  },
  async input(o) {
    return vscode.window.showInputBox({
      title: o.title,
      prompt: o.prompt,
      placeHolder: o.placeholder,
      password: o.password ?? false,
      value: o.value,
      ignoreFocusOut: true,
      validateInput: o.validate,
    });
  },
  async confirm(message, detail, buttons) {
    return vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);
  },
};
