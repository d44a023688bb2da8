// The output channel ("Claude Provider", a LogOutputChannel): every line goes through the
// Redactor first, so no secret reaches it.
import * as vscode from 'vscode';
import { Redactor } from '../model/redact.js';

export class Log {
  readonly channel: vscode.LogOutputChannel;
  readonly redactor = new Redactor();

  constructor() {
    this.channel = vscode.window.createOutputChannel('Claude Provider', { log: true });
  }

  info(message: string): void {
    this.channel.info(this.redactor.redact(message));
  }

  warn(message: string): void {
    this.channel.warn(this.redactor.redact(message));
  }

  error(message: string): void {
    this.channel.error(this.redactor.redact(message));
  }

  dispose(): void {
    this.channel.dispose();
  }
}
