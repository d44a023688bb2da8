// In an untrusted workspace the extension shows the status and problems but runs nothing:
// no sign-in, no connection test (it would run the workspace's credential commands), no write
// to the workspace's settings files. The user scope can still be switched.
// @ts-check
'use strict';
const assert = require('node:assert/strict');
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const vscode = require('vscode');

const EXT_ID = 'claude-provider.claude-provider-vscode';
const HOME = process.env.HOME ?? '';

suite('Claude Provider in an untrusted workspace', function () {
  this.timeout(60000);
  /** @type {any} */
  let api;
  /** @type {string} */
  let ws;

  suiteSetup(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the workspace is untrusted');
    const ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext);
    api = await ext.activate();
    await api.firstStatus;
    ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    assert.ok(ws);
    await vscode.workspace.getConfiguration('claudeProvider').update('managedSettingsPath', join(HOME, 'managed-settings.json'), vscode.ConfigurationTarget.Global);
    // The project asks for a credential command: running it would execute the workspace's code.
    mkdirSync(join(ws, '.claude'), { recursive: true });
    writeFileSync(join(ws, '.claude', 'settings.json'), JSON.stringify({ apiKeyHelper: `touch ${join(ws, 'HELPER_RAN')}`, env: { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'global' } }));
    api.refresh();
  });

  test('the status and problems are shown', () => {
    assert.match(api.statusText(), /Vertex/);
    assert.match(api.statusTooltip(), /VERTEX\\_PROJECT\\_MISSING|VERTEX_PROJECT_MISSING/);
  });

  test('sign-in and the connection test run nothing', async () => {
    assert.equal(await vscode.commands.executeCommand('claudeProvider.signIn'), undefined);
    assert.equal(await vscode.commands.executeCommand('claudeProvider.testConnection'), undefined);
    assert.ok(!existsSync(process.env.CP_SIGNIN_LOG ?? '/nonexistent'), 'no CLI ran');
    assert.ok(!existsSync(join(ws, 'HELPER_RAN')), 'the apiKeyHelper did not run');
  });

  test("the workspace's settings files are not written; the user's are", async () => {
    const local = join(ws, '.claude', 'settings.local.json');
    const out = await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'foundry', scope: 'local', values: { resource: 'r1' } });
    assert.equal(out, undefined);
    assert.ok(!existsSync(local));
    await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'bedrock', scope: 'user', values: { region: 'us-east-2' } });
    assert.equal(JSON.parse(readFileSync(join(HOME, '.claude', 'settings.json'), 'utf8')).env.AWS_REGION, 'us-east-2');
  });
});
