// API keys and bearer tokens in VS Code's SecretStorage (the OS keychain), keyed by the
// variable they are for. Never in VS Code settings; never logged.
import type * as vscode from 'vscode';

const INDEX = 'claudeProvider.storedSecretNames';

export class Secrets {
  constructor(
    private readonly storage: vscode.SecretStorage,
    private readonly state: vscode.Memento,
    /** Told each value stored, before anything else can log it (the log redacts it). */
    private readonly onStore: (value: string) => void = () => {},
  ) {}

  private key(name: string): string {
    return `claudeProvider.secret.${name}`;
  }

  names(): string[] {
    return this.state.get<string[]>(INDEX, []);
  }

  async get(name: string): Promise<string | undefined> {
    return this.storage.get(this.key(name));
  }

  async store(name: string, value: string): Promise<void> {
    this.onStore(value);
    await this.storage.store(this.key(name), value);
    const names = new Set(this.names());
    names.add(name);
    await this.state.update(INDEX, [...names].sort());
  }

  async forget(name: string): Promise<void> {
    await this.storage.delete(this.key(name));
    await this.state.update(INDEX, this.names().filter((n) => n !== name));
  }

  /** Every stored secret, by variable name. */
  async all(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const n of this.names()) {
      const v = await this.get(n);
      if (v !== undefined) out[n] = v;
    }
    return out;
  }
}
