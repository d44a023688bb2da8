// One look at the configuration: what Claude Code would resolve from the extension host's
// environment (plus `claudeCode.environmentVariables`) and the settings files, validated.
import { homedir } from 'node:os';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import * as vscode from 'vscode';
import type { LoadedFile, LoadOptions, Problem, Resolution } from 'claude-provider';
import { parseEnvironmentVariables, processEnvFor } from '../model/environment.js';
import { statusView, type StatusView } from '../model/status.js';
import { runtime } from './loadRuntime.js';

export interface Snapshot {
  resolution: Resolution;
  /** Settings files that exist but could not be used, then the resolution's problems. */
  problems: Problem[];
  loadProblems: Problem[];
  files: LoadedFile[];
  options: LoadOptions;
  home: string;
  /** Variables that came from `claudeCode.environmentVariables`. */
  fromVsCode: Set<string>;
  /**
   * The environment Claude Code's process would have (settings `env` applied). Holds secrets:
   * internal only (sign-in, connection test, log redaction), never part of the extension's API.
   */
  effectiveEnv: Record<string, string>;
  /** Values of its secret variables, for log redaction. */
  secretValues: string[];
  view: StatusView;
}

/**
 * What other extensions (and the tests) may see of a snapshot: nothing secret. The core's
 * output already hides secret values; URL passwords (`endpoint.baseUrl`, proxy URLs…) and the
 * credential commands of settings (`credentialSteps[].command`, `auth.method.command`) are
 * masked here, as the CLI masks what it prints. `view` (the status text and tooltip) shows URLs
 * only through the core's masker ({@link maskUrl}).
 */
export interface PublicSnapshot {
  resolution: Resolution;
  problems: Problem[];
  files: LoadedFile[];
  view: StatusView;
}

/**
 * The core's URL masker: `user:password@` → `***@`, secret query values → `***`. Every URL the
 * extension shows or saves goes through it (the status tooltip, profiles).
 */
export function maskUrl(url: string): string {
  return runtime().core.shareableValue('ANTHROPIC_BASE_URL', url);
}

export function maskValue(name: string, value: string): string {
  return runtime().core.shareableValue(name, value);
}

export function publicSnapshot(s: Snapshot): PublicSnapshot {
  const { shareableJson } = runtime();
  return { resolution: shareableJson(s.resolution), problems: shareableJson(s.problems), files: s.files, view: s.view };
}

/** The folder of the last editor whose document is in a workspace folder. */
let editorFolder: vscode.Uri | undefined;

/**
 * Notes the active editor's workspace folder; true when that changes which folder is read. An
 * editor outside every folder (the status document, an untitled file, the log) changes nothing.
 */
export function followEditor(editor: vscode.TextEditor | undefined): boolean {
  const folder = editor ? vscode.workspace.getWorkspaceFolder(editor.document.uri) : undefined;
  if (!folder || folder.uri.scheme !== 'file') return false;
  const before = activeFolder();
  editorFolder = folder.uri;
  return activeFolder()?.uri.toString() !== before?.uri.toString();
}

/**
 * The workspace folder Claude Code would be started in, whose `.claude/` files are read and
 * written: in a multi-root workspace, that of the active editor's document (the last one in a
 * folder), else the first folder.
 */
export function activeFolder(): vscode.WorkspaceFolder | undefined {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  return folders.find((f) => f.uri.toString() === editorFolder?.toString()) ?? folders[0];
}

/** Where to read from: the extension host's env, the active workspace folder, the settings. */
export function loadOptions(): LoadOptions & { home: string; cwd: string } {
  const cfg = vscode.workspace.getConfiguration();
  const extra = parseEnvironmentVariables(cfg.get('claudeCode.environmentVariables'));
  const env = processEnvFor(process.env, extra);
  const home = env.HOME && env.HOME.trim() !== '' ? env.HOME : homedir();
  const cwd = activeFolder()?.uri.fsPath ?? home;
  const files = (cfg.get<unknown>('claudeProvider.extraSettingsFiles') ?? []) as unknown[];
  const settingsFiles = files.filter((f): f is string => typeof f === 'string' && f.trim() !== '').map((f) => (isAbsolute(f) ? f : resolvePath(cwd, f)));
  const managed = cfg.get<string>('claudeProvider.managedSettingsPath')?.trim();
  return { env, home, cwd, settingsFiles, ...(managed ? { managedSettingsPath: managed } : {}) };
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

export function takeSnapshot(): Snapshot {
  const rt = runtime();
  const options = loadOptions();
  const loaded = rt.loadConfig(options);
  const resolution = rt.core.validate(loaded.config);
  const problems = [...loaded.problems, ...resolution.problems].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  const fromVsCode = new Set(parseEnvironmentVariables(vscode.workspace.getConfiguration().get('claudeCode.environmentVariables')).map((e) => e.name));
  const effectiveEnv = rt.core.effectiveEnv(loaded.config);
  const secretValues = Object.entries(effectiveEnv)
    .filter(([k]) => rt.core.isSecretVar(k))
    .map(([, v]) => v);
  const showModel = vscode.workspace.getConfiguration('claudeProvider').get<boolean>('statusBar.showModel', true);
  const folders = vscode.workspace.workspaceFolders?.length ?? 0;
  const active = activeFolder();
  const folder = folders > 1 && active ? { name: active.name, path: active.uri.fsPath, of: folders } : undefined;
  const view = statusView(resolution, { home: options.home, showModel, fromVsCode, loadProblems: loaded.problems, maskUrl, maskValue, ...(folder ? { folder } : {}) });
  return {
    resolution,
    problems,
    loadProblems: loaded.problems,
    files: loaded.files,
    options,
    home: options.home,
    fromVsCode,
    effectiveEnv,
    secretValues,
    view,
  };
}
