// Watches every file the resolution read (settings layers, ~/.aws files) and calls back,
// debounced, when one changes, appears or disappears. The set of files is re-read after every
// refresh (CLAUDE_CONFIG_DIR or AWS_CONFIG_FILE may have moved them).
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, relative, sep } from 'node:path';
import * as vscode from 'vscode';

export class FileWatch implements vscode.Disposable {
  #watched = new Map<string, { d: vscode.Disposable; dirExisted: boolean }>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onChange: (file: string) => void,
    private readonly debounceMs = 150,
  ) {}

  /** Watch exactly these files (their directories, which may not exist yet, are watched too). */
  set(files: string[]): void {
    const want = new Set(files);
    for (const [f, w] of this.#watched) {
      // Re-watch when the directory appeared or vanished: a watch on a missing folder is dead.
      if (!want.has(f) || w.dirExisted !== existsSync(dirname(f))) {
        w.d.dispose();
        this.#watched.delete(f);
      }
    }
    for (const f of want) if (!this.#watched.has(f)) this.#watched.set(f, { d: this.watchOne(f), dirExisted: existsSync(dirname(f)) });
  }

  files(): string[] {
    return [...this.#watched.keys()];
  }

  private fire(file: string): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.onChange(file), this.debounceMs);
  }

  private watchOne(file: string): vscode.Disposable {
    const dir = dirname(file);
    if (!existsSync(dir)) return this.watchCreation(file);
    // VS Code's watcher (works for files outside the workspace through a RelativePattern
    // with a folder base), plus Node's fs.watch on the directory as a second source: VS Code
    // drops events for folders it was asked to exclude (files.watcherExclude) and for
    // directories created after the watch began.
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dir), basename(file)));
    const fire = () => this.fire(file);
    const subs = [w.onDidChange(fire), w.onDidCreate(fire), w.onDidDelete(fire)];
    let fsw: FSWatcher | undefined;
    try {
      fsw = watch(dir, { persistent: false }, (_event, name) => {
        if (name === null || name === basename(file)) fire();
      });
      fsw.on('error', () => fsw?.close());
    } catch {
      // The directory does not exist yet: VS Code's watcher covers its creation.
    }
    return {
      dispose: () => {
        for (const d of [w, ...subs]) d.dispose();
        fsw?.close();
      },
    };
  }

  /**
   * The file's folder does not exist yet (a project without `.claude/`, a home without
   * `~/.claude/`): watch the nearest existing ancestor for it to appear. The refresh that
   * follows sees the folder and watches the file itself.
   */
  private watchCreation(file: string): vscode.Disposable {
    let base = dirname(file);
    while (!existsSync(base) && dirname(base) !== base) base = dirname(base);
    const rest = relative(base, file);
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(base), rest));
    const fire = () => this.fire(file);
    const subs = [w.onDidCreate(fire), w.onDidChange(fire)];
    let fsw: FSWatcher | undefined;
    const first = rest.split(sep)[0];
    try {
      fsw = watch(base, { persistent: false }, (_event, name) => {
        if (name === null || name === first) fire();
      });
      fsw.on('error', () => fsw?.close());
    } catch {
      // Unwatchable ancestor: the window-focus refresh remains.
    }
    return {
      dispose: () => {
        for (const d of [w, ...subs]) d.dispose();
        fsw?.close();
      },
    };
  }

  dispose(): void {
    clearTimeout(this.#timer);
    for (const w of this.#watched.values()) w.d.dispose();
    this.#watched.clear();
  }
}
