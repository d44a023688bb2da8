// Watches every file the resolution read (settings layers, ~/.aws files) and calls back,
// debounced, when one changes, appears or disappears. The set of files is re-read after every
// refresh (CLAUDE_CONFIG_DIR or AWS_CONFIG_FILE may have moved them).
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
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

  /**
   * Watches `file` from its folder, or, while that folder does not exist yet (a project
   * without `.claude/`, a home without `~/.claude/`), from the nearest existing ancestor: the
   * refresh that follows the folder's creation watches the file itself.
   */
  private watchOne(file: string): vscode.Disposable {
    let base = dirname(file);
    while (!existsSync(base) && dirname(base) !== base) base = dirname(base);
    const rest = relative(base, file);
    const entry = rest.split(sep)[0]!;
    // VS Code's watcher (files outside the workspace too, through a RelativePattern with a
    // folder base), plus Node's fs.watch on the folder as a second source: VS Code drops events
    // under files.watcherExclude and for folders created after the watch began.
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(base), rest));
    const fire = () => this.fire(file);
    const subs = [w.onDidChange(fire), w.onDidCreate(fire), w.onDidDelete(fire)];
    let fsw: FSWatcher | undefined;
    try {
      fsw = watch(base, { persistent: false }, (_event, name) => {
        if (name === null || name === entry) fire();
      });
      fsw.on('error', () => fsw?.close());
    } catch {
      // An unwatchable folder: VS Code's watcher and the window-focus refresh remain.
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
