// Integration tests for a multi-root workspace, run by mocha inside a real VS Code extension host
// (code-server) that opened a .code-workspace file with two folders, alpha and beta (a copy of
// test/fixtures/multiroot). Each folder has its own .claude/settings.json, selecting a different
// provider. Claude Code reads the project and local settings of the folder it starts in; the
// extension follows the folder of the active editor's document (the first folder until an editor
// shows a file of one). The server runs with HOME set to a temporary home. See
// scripts/test-vscode.sh.
// @ts-check
'use strict';
const assert = require('node:assert/strict');
const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const vscode = require('vscode');
const { scripted } = require('../support/scripted.cjs');

const EXT_ID = 'claude-provider.claude-provider-vscode';
const HOME = process.env.HOME ?? '';
const G = vscode.ConfigurationTarget.Global;

/** @returns {import('../../src/vscode/controller').ExtensionApi} */
function api() {
  const ext = vscode.extensions.getExtension(EXT_ID);
  assert.ok(ext?.isActive, `${EXT_ID} is active`);
  return ext.exports;
}

/** The path of a workspace folder, by name. */
function folder(/** @type {'alpha' | 'beta'} */ name) {
  const f = vscode.workspace.workspaceFolders?.find((x) => x.name === name);
  assert.ok(f, `workspace folder ${name} is open: ${(vscode.workspace.workspaceFolders ?? []).map((x) => x.name).join(', ')}`);
  return f.uri.fsPath;
}

const projectFile = (/** @type {'alpha' | 'beta'} */ name) => join(folder(name), '.claude', 'settings.json');
const localFile = (/** @type {'alpha' | 'beta'} */ name) => join(folder(name), '.claude', 'settings.local.json');
const textOr = (/** @type {string} */ file, fallback = '(absent)') => (existsSync(file) ? readFileSync(file, 'utf8') : fallback);

/** @param {string} file @param {unknown} json */
function writeJson(file, json) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
}

const ALPHA_ENV = { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1' };
const BETA_ENV = { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'global', ANTHROPIC_VERTEX_PROJECT_ID: 'beta-proj' };
const ALPHA = /^\$\([a-z-]+\) Bedrock · eu-west-1\b/;
const BETA = /^\$\([a-z-]+\) Vertex · beta-proj · global\b/;

/** Each folder's project settings select its own provider; no local files; an empty user file. */
function resetSettings() {
  for (const name of /** @type {const} */ (['alpha', 'beta'])) rmSync(join(folder(name), '.claude'), { recursive: true, force: true });
  rmSync(join(HOME, '.claude'), { recursive: true, force: true });
  writeJson(join(HOME, '.claude', 'settings.json'), {});
  writeJson(projectFile('alpha'), { env: ALPHA_ENV });
  writeJson(projectFile('beta'), { env: BETA_ENV });
}

/** Waits until `probe()` is truthy; fails with `what()` after the timeout. */
async function until(/** @type {() => unknown} */ probe, /** @type {() => string} */ what, timeoutMs = 15000) {
  const t0 = Date.now();
  while (!probe()) {
    if (Date.now() - t0 > timeoutMs) assert.fail(`${what()} (after ${timeoutMs} ms)`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the status bar text matches (no refresh() call: only the extension's own events). */
async function statusBecomes(/** @type {RegExp} */ re) {
  await until(() => re.test(api().statusText()), () => `status is "${api().statusText()}", expected ${re}`);
}

/** Shows a file of a folder in an editor (the active one), as a click in the explorer would. */
async function openIn(/** @type {'alpha' | 'beta'} */ name, file = 'README.md') {
  await vscode.window.showTextDocument(vscode.Uri.file(join(folder(name), file)));
}

/** The markdown tooltip as plain text (it escapes `_`, `.`, `(`…). */
const tooltip = () => api().statusTooltip().replace(/\\(.)/g, '$1');

/** The extension's diagnostics in a file, as "CODE@line". */
const diagnosticsIn = (/** @type {string} */ file) =>
  vscode.languages
    .getDiagnostics(vscode.Uri.file(file))
    .filter((d) => d.source === 'claude-provider')
    .map((d) => `${d.code}@${d.range.start.line}`);


suite('Claude Provider in a multi-root workspace', function () {
  this.timeout(60000);

  suiteSetup(async () => {
    assert.equal(vscode.workspace.workspaceFile?.path.endsWith('.code-workspace'), true, `a .code-workspace file is open: ${vscode.workspace.workspaceFile}`);
    assert.deepEqual((vscode.workspace.workspaceFolders ?? []).map((f) => f.name), ['alpha', 'beta']);
    const ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext);
    await ext.activate();
    await ext.exports.firstStatus;
    // Never read the machine's managed settings.
    await vscode.workspace.getConfiguration('claudeProvider').update('managedSettingsPath', join(HOME, 'managed-settings.json'), G);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    resetSettings();
  });

  setup(async () => {
    resetSettings();
    api().setPrompter(undefined);
  });

  test('before any editor shows a file of a folder, the first folder is read, and the tooltip names it', () => {
    assert.equal(vscode.window.activeTextEditor, undefined, 'no editor yet');
    api().refresh();
    assert.match(api().statusText(), ALPHA);
    assert.match(tooltip(), /\| Folder \| alpha \(.*\/alpha\) — the active editor's, of 2 workspace folders/, tooltip());
    const files = api().snapshot()?.files.map((f) => f.path) ?? [];
    assert.ok(files.includes(projectFile('alpha')), files.join(', '));
    assert.ok(!files.includes(projectFile('beta')), `beta's file is not read: ${files.join(', ')}`);
  });

  test("the status follows the active editor's folder, from the editor change alone; an editor outside the folders changes nothing", async () => {
    await openIn('beta');
    await statusBecomes(BETA);
    assert.match(tooltip(), /\| Folder \| beta \(.*\/beta\) — the active editor's, of 2 workspace folders/, tooltip());
    const files = api().snapshot()?.files.map((f) => f.path) ?? [];
    assert.ok(files.includes(projectFile('beta')) && !files.includes(projectFile('alpha')), files.join(', '));
    // The watcher watches the active folder's files, not the other folder's.
    const watched = api().watchedFiles();
    assert.ok(watched.includes(projectFile('beta')) && watched.includes(localFile('beta')), watched.join(', '));
    assert.ok(!watched.some((f) => f.startsWith(folder('alpha'))), `nothing of alpha is watched: ${watched.join(', ')}`);

    await openIn('alpha');
    await statusBecomes(ALPHA);
    assert.match(tooltip(), /\| Folder \| alpha /);

    // The editor of a file of beta's own .claude/ folder counts too.
    await vscode.window.showTextDocument(vscode.Uri.file(projectFile('beta')));
    await statusBecomes(BETA);

    // An untitled document and the "Show Status" document are in no folder: beta stays.
    const untitled = await vscode.workspace.openTextDocument({ content: 'scratch' });
    await vscode.window.showTextDocument(untitled);
    await vscode.commands.executeCommand('claudeProvider.showStatus');
    assert.equal(vscode.window.activeTextEditor?.document.uri.scheme, 'claude-provider-status');
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /^Claude Provider: Vertex · beta-proj · global/);
    assert.match(api().statusText(), BETA);
    // A refresh (a settings change, a window focus) keeps the folder of the last editor in a folder.
    assert.match(api().refresh()?.view.label ?? '', /^Vertex · beta-proj/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test("a change in a folder's settings shows at once while it is active, and when it becomes active otherwise", async () => {
    await openIn('beta');
    await statusBecomes(BETA);
    // beta's local file, written while beta is active: its watcher refreshes the status.
    writeJson(localFile('beta'), { env: { CLOUD_ML_REGION: 'us-east5' } });
    await statusBecomes(/Vertex · beta-proj · us-east5/);
    // alpha's, written while beta is active: not beta's concern, and read when alpha is active.
    writeJson(localFile('alpha'), { env: { AWS_REGION: 'ap-northeast-1' } });
    await openIn('alpha');
    await statusBecomes(/Bedrock · ap-northeast-1/);
    await openIn('beta');
    await statusBecomes(/Vertex · beta-proj · us-east5/);
  });

  test("the switcher offers the active folder's files, and writes the active folder's local file, never the other folder's", async () => {
    await vscode.workspace.getConfiguration('claudeProvider').update('switchScope', 'ask', G);
    try {
      await openIn('beta');
      await statusBecomes(BETA);
      const alphaProject = textOr(projectFile('alpha'));
      const betaProject = textOr(projectFile('beta'));
      // The whole dialog, as from the status bar item: provider, scope (asked), region.
      const s = scripted(['Bedrock', 'local', 'us-west-2']);
      api().setPrompter(s.prompter);
      const out = await vscode.commands.executeCommand('claudeProvider.switchProvider');
      assert.ok(out, `switched: ${s.asked.join('; ')}`);
      assert.deepEqual(s.asked, ['pick: Claude Provider: switch provider', 'pick: Write to which Claude Code settings file?', 'pick: Bedrock: AWS region']);
      const scopes = s.details[1] ?? [];
      assert.ok(scopes.includes(`local: ${localFile('beta')}`), `the local scope is beta's file: ${scopes.join(' | ')}`);
      assert.ok(scopes.includes(`project: ${projectFile('beta')}`), `the project scope is beta's file: ${scopes.join(' | ')}`);
      assert.equal(out.result.file, localFile('beta'));
      assert.deepEqual(JSON.parse(readFileSync(localFile('beta'), 'utf8')).env, { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-west-2', CLAUDE_CODE_USE_VERTEX: '' });
      assert.ok(!existsSync(localFile('alpha')), "alpha's local file is not created");
      assert.equal(textOr(projectFile('alpha')), alphaProject, "alpha's project file is unchanged");
      assert.equal(textOr(projectFile('beta')), betaProject, "beta's project file is unchanged (a local switch)");
      assert.match(api().statusText(), /Bedrock · us-west-2/);

      // alpha is not switched by it.
      await openIn('alpha');
      await statusBecomes(ALPHA);

      // Now with alpha active, a switch given directly (the command's arguments) writes alpha's.
      const betaLocal = textOr(localFile('beta'));
      api().setPrompter(scripted([]).prompter);
      const again = await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'vertex', scope: 'local', values: { region: 'global', project: 'alpha-proj' } });
      assert.equal(again?.result.file, localFile('alpha'));
      assert.equal(JSON.parse(readFileSync(localFile('alpha'), 'utf8')).env.ANTHROPIC_VERTEX_PROJECT_ID, 'alpha-proj');
      assert.equal(textOr(localFile('beta')), betaLocal, "beta's local file is unchanged");
      assert.match(api().statusText(), /Vertex · alpha-proj · global/);
      await openIn('beta');
      await statusBecomes(/Bedrock · us-west-2/);
    } finally {
      await vscode.workspace.getConfiguration('claudeProvider').update('switchScope', undefined, G);
    }
  });

  test("a project switch writes the active folder's .claude/settings.json only", async () => {
    await openIn('alpha');
    await statusBecomes(ALPHA);
    const betaProject = textOr(projectFile('beta'));
    api().setPrompter(scripted([]).prompter);
    const out = await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'foundry', scope: 'project', values: { resource: 'res-alpha' } });
    assert.equal(out?.result.file, projectFile('alpha'));
    const env = JSON.parse(readFileSync(projectFile('alpha'), 'utf8')).env;
    assert.equal(env.CLAUDE_CODE_USE_FOUNDRY, '1');
    assert.equal(env.ANTHROPIC_FOUNDRY_RESOURCE, 'res-alpha');
    assert.equal(textOr(projectFile('beta')), betaProject, "beta's project file is unchanged");
    assert.match(api().statusText(), /Foundry · res-alpha/);
    await openIn('beta');
    await statusBecomes(BETA);
  });

  test("diagnostics are the active folder's: a bad value in beta's file shows when beta is active, its quick fix writes beta's file", async () => {
    writeJson(projectFile('alpha'), { env: { ...ALPHA_ENV, AWS_REGION: 'mars-1' } });
    // A Bedrock model ID on Vertex, on line 5 (0-based) of the file as written: "{", "env", 3 variables, the model.
    writeJson(projectFile('beta'), { env: { ...BETA_ENV, ANTHROPIC_MODEL: 'us.anthropic.claude-opus-4-1-20250805-v1:0' } });
    await openIn('alpha');
    await until(() => diagnosticsIn(projectFile('alpha')).includes('BEDROCK_REGION_INVALID@3'), () => `alpha's diagnostics: ${diagnosticsIn(projectFile('alpha'))}`);
    assert.deepEqual(diagnosticsIn(projectFile('beta')), [], "beta's file has no diagnostics while alpha is active");

    await openIn('beta');
    await until(() => diagnosticsIn(projectFile('beta')).includes('MODEL_ID_WRONG_PROVIDER@5'), () => `beta's diagnostics: ${diagnosticsIn(projectFile('beta'))}`);
    assert.deepEqual(diagnosticsIn(projectFile('alpha')), [], "alpha's are gone while beta is active");
    assert.match(api().statusText(), /^\$\(error\) Vertex · beta-proj/);

    // The quick fix, from beta's settings file: "Set ANTHROPIC_MODEL…", prefilled with Vertex's ID.
    const uri = vscode.Uri.file(projectFile('beta'));
    await vscode.window.showTextDocument(uri);
    const d = vscode.languages.getDiagnostics(uri).find((x) => x.code === 'MODEL_ID_WRONG_PROVIDER');
    assert.ok(d);
    /** @type {vscode.CodeAction[]} */
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, d.range);
    const set = actions.find((a) => a.title === 'Set ANTHROPIC_MODEL…');
    assert.ok(set?.command, `actions: ${actions.map((a) => a.title).join(', ')}`);
    const args = set.command.arguments?.[0];
    assert.equal(args.suggested, 'claude-opus-4-1@20250805');
    const alphaProject = textOr(projectFile('alpha'));
    const written = await vscode.commands.executeCommand(set.command.command, { ...args, value: args.suggested });
    assert.equal(written, projectFile('beta'), 'the file that sets the variable: beta\'s');
    assert.equal(JSON.parse(readFileSync(projectFile('beta'), 'utf8')).env.ANTHROPIC_MODEL, 'claude-opus-4-1@20250805');
    assert.equal(textOr(projectFile('alpha')), alphaProject, "alpha's file is unchanged");
    assert.deepEqual(diagnosticsIn(projectFile('beta')), [], 'the diagnostic is gone');
    assert.match(api().statusText(), /^\$\(cloud\) Vertex · beta-proj · global/);

    // And back to alpha: its diagnostic again.
    await openIn('alpha');
    await until(() => diagnosticsIn(projectFile('alpha')).includes('BEDROCK_REGION_INVALID@3'), () => `alpha's diagnostics: ${diagnosticsIn(projectFile('alpha'))}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test("a project switch is not mirrored into claudeCode.environmentVariables: the workspace's settings would give it to every folder", async () => {
    const W = vscode.ConfigurationTarget.Workspace;
    const cc = () => vscode.workspace.getConfiguration('claudeCode');
    const workspaceFile = vscode.workspace.workspaceFile?.fsPath ?? '';
    assert.ok(workspaceFile && existsSync(workspaceFile));
    const before = readFileSync(workspaceFile, 'utf8');
    try {
      await vscode.workspace.getConfiguration('claudeProvider').update('alsoSetClaudeCodeEnvironmentVariables', true, G);
      await openIn('beta');
      await statusBecomes(BETA);
      api().setPrompter(scripted([]).prompter);
      const out = await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'foundry', scope: 'project', values: { resource: 'res-beta' } });
      assert.equal(out?.result.file, projectFile('beta'), 'the project switch ran');
      // alpha's route is still its own: Bedrock, and nothing of beta's switch reaches it.
      await openIn('alpha');
      await statusBecomes(ALPHA);
      const problems = api().snapshot()?.problems ?? [];
      assert.deepEqual(problems.filter((p) => p.code === 'PROVIDER_CONFLICT').map((p) => p.message), [], "beta's switch selects no second provider in alpha");
      assert.doesNotMatch(tooltip(), /claudeCode\.environmentVariables/, 'no variable of alpha comes from claudeCode.environmentVariables');
      assert.equal(cc().inspect('environmentVariables')?.workspaceValue, undefined, 'no workspace-level list');
      assert.equal(readFileSync(workspaceFile, 'utf8'), before, 'the .code-workspace file is unchanged');
      assert.match(out?.mirror?.skipped ?? '', /every folder/, JSON.stringify(out?.mirror));
      assert.ok(api().recentLog().some((l) => /claudeCode\.environmentVariables not updated: .*every folder/.test(l)), 'logged');
      // A user switch is mirrored into the user settings, as in a single-folder window.
      rmSync(join(folder('alpha'), '.claude'), { recursive: true, force: true });
      const user = await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'bedrock', scope: 'user', values: { region: 'us-east-2' } });
      assert.equal(user?.mirror?.level, 'user', JSON.stringify(user?.mirror));
      assert.deepEqual(cc().get('environmentVariables'), [{ name: 'CLAUDE_CODE_USE_BEDROCK', value: '1' }, { name: 'AWS_REGION', value: 'us-east-2' }]);
    } finally {
      await vscode.workspace.getConfiguration('claudeProvider').update('alsoSetClaudeCodeEnvironmentVariables', undefined, G);
      await cc().update('environmentVariables', undefined, G);
      await cc().update('environmentVariables', undefined, W);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
