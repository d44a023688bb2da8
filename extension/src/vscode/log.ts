// The output channel ("Claude Provider", a LogOutputChannel): every line goes through the
// Redactor first, so no secret reaches it.
import * as vscode from 'vscode';
import { Redactor } from '../model/redact.js';

const KEEP = 500;

export class Log {
  readonly channel: vscode.LogOutputChannel;
  readonly redactor = new Redactor();
  /** The last lines written, as written (redacted): for the tests' canary checks. */
  readonly recent: string[] = [];

  constructor() {
    this.channel = vscode.window.createOutputChannel('Claude Provider', { log: true });
  }

  info(message: string): void {
    this.channel.info(this.keep(message));
  }

  warn(message: string): void {
    this.channel.warn(this.keep(message));
  }

  error(message: string): void {
    this.channel.error(this.keep(message));
  }

  private keep(message: string): string {
    const line = this.redactor.redact(message);
    this.recent.push(line);
    if (this.recent.length > KEEP) this.recent.splice(0, this.recent.length - KEEP);
    return line;
  }

  dispose(): void {
    this.channel.dispose();
  }
}
