// Integration tests, run by mocha inside a real VS Code extension host (code-server), with the
// extension under test loaded from extensionDevelopmentPath. The server runs with HOME set to a
// temporary home, the workspace folder is a temporary project, and PATH starts with
// test/fixtures/bin (recording stand-ins for aws, gcloud and az). See scripts/test-vscode.sh.
// @ts-check
'use strict';
const assert = require('node:assert/strict');
const { createServer } = require('node:http');
const { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const vscode = require('vscode');
const { recordMetric } = require('../../harness/mocha-index.cjs');
const { scripted } = require('../support/scripted.cjs');

const EXT_ID = 'claude-provider.claude-provider-vscode';
const HOME = process.env.HOME ?? '';
const USER_SETTINGS = join(HOME, '.claude', 'settings.json');
const CANARY = 'sk-ant-CANARY-vscode-0123456789abcdef';

/** @returns {import('../../src/vscode/controller').ExtensionApi} */
function api() {
  const ext = vscode.extensions.getExtension(EXT_ID);
  assert.ok(ext, `${EXT_ID} is loaded`);
  assert.ok(ext.isActive, 'the extension is active');
  return ext.exports;
}

function workspaceDir() {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'a workspace folder is open');
  return f.uri.fsPath;
}

/** @param {string} file @param {unknown} json */
function writeJson(file, json) {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
}

function clearSettings() {
  rmSync(join(HOME, '.claude'), { recursive: true, force: true });
  rmSync(join(workspaceDir(), '.claude'), { recursive: true, force: true });
  mkdirSync(join(HOME, '.claude'), { recursive: true });
}


/** Waits until the status bar text matches, refreshing only through the file watcher. */
async function statusBecomes(/** @type {RegExp} */ re, timeoutMs = 15000) {
  const a = api();
  const t0 = Date.now();
  while (!re.test(a.statusText())) {
    if (Date.now() - t0 > timeoutMs) assert.fail(`status is "${a.statusText()}", expected ${re} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - t0;
}

suite('Claude Provider extension', function () {
  this.timeout(60000);

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext);
    await ext.activate();
    const first = await ext.exports.firstStatus;
    // Printed by the runner with the results: activate() itself, and until the first status.
    recordMetric('activationMs', Math.round(ext.exports.activationMs * 10) / 10);
    recordMetric('activationCodeLoadMs', Math.round(ext.exports.codeLoadMs * 10) / 10);
    recordMetric('activationCallMs', Math.round(ext.exports.activateCallMs * 10) / 10);
    recordMetric('firstStatusMs', Math.round(first.ms));
    // Never read the machine's managed settings.
    await vscode.workspace.getConfiguration('claudeProvider').update('managedSettingsPath', join(HOME, 'managed-settings.json'), vscode.ConfigurationTarget.Global);
    clearSettings();
    api().refresh();
  });

  setup(() => {
    clearSettings();
    api().setPrompter(undefined);
    api().refresh();
  });

  test('activates without loading the native addon, then shows a status', () => {
    assert.ok(typeof api().activationMs === 'number' && api().activationMs > 0);
    assert.equal(api().runtimeLoadedByActivation, false, 'activate() does not load the runtime');
    assert.ok(api().runtimeLoaded(), 'the runtime is loaded for the first status');
    assert.match(api().statusText(), /^\$\((cloud|warning|error)\) Anthropic/, api().statusTooltip());
  });

  test('status for each provider, from the user settings file', () => {
    /** @type {[Record<string, string>, RegExp][]} */
    const cases = [
      [{ ANTHROPIC_API_KEY: CANARY }, /^\$\(cloud\) Anthropic · /],
      [{ ANTHROPIC_API_KEY: CANARY, ANTHROPIC_BASE_URL: 'https://llm.corp.example' }, /Anthropic · gateway llm\.corp\.example/],
      [{ CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1', ANTHROPIC_MODEL: 'opus' }, /Bedrock · eu-west-1 · opus$/],
      [{ CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'global', ANTHROPIC_VERTEX_PROJECT_ID: 'proj-1' }, /Vertex · proj-1 · global/],
      [{ CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_RESOURCE: 'res-1' }, /Foundry · res-1/],
      [{ CLAUDE_CODE_USE_MANTLE: '1', AWS_REGION: 'us-west-2' }, /Mantle · us-west-2/],
      [{ CLAUDE_CODE_USE_ANTHROPIC_AWS: '1', AWS_REGION: 'us-east-1', ANTHROPIC_AWS_WORKSPACE_ID: 'wrkspc_1' }, /Claude on AWS · us-east-1/],
      [{ CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD: '1', ANTHROPIC_GOOGLE_CLOUD_PROJECT: 'gp-1', ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID: 'w1' }, /Claude on Google Cloud · gp-1 · global/],
    ];
    for (const [env, re] of cases) {
      writeJson(USER_SETTINGS, { env });
      api().refresh();
      assert.match(api().statusText(), re, JSON.stringify(Object.keys(env)));
      const tip = api().statusTooltip();
      assert.ok(!tip.includes('CANARY') && !api().statusText().includes('CANARY'), 'no secret in the status');
      assert.ok(!JSON.stringify(api().snapshot()).includes('CANARY'), 'no secret in what the API gives other extensions');
      assert.match(tip.replace(/\\(.)/g, '$1'), /user settings \(~\/\.claude\/settings\.json\)/);
    }
  });

  test('the API other extensions get masks URL passwords and credential commands', () => {
    writeJson(USER_SETTINGS, {
      apiKeyHelper: `get-key --token ${CANARY}`,
      env: { ANTHROPIC_BASE_URL: `https://u:${CANARY}@gw.corp.example`, HTTPS_PROXY: `http://p:${CANARY}@proxy.corp.example:3128` },
    });
    api().refresh();
    const snap = api().snapshot();
    assert.ok(snap);
    assert.equal(snap.resolution.endpoint?.envVar, 'ANTHROPIC_BASE_URL');
    assert.match(snap.resolution.endpoint?.baseUrl ?? '', /gw\.corp\.example/, 'the host is still there');
    assert.ok(snap.resolution.credentialSteps.some((c) => c.key === 'apiKeyHelper' && c.command.startsWith('get-key')), JSON.stringify(snap.resolution.credentialSteps));
    assert.ok(!JSON.stringify(snap).includes('CANARY'), `no secret in snapshot(): ${JSON.stringify(snap).match(/.{40}CANARY.{10}/)?.[0]}`);
    /** @type {any} */
    let fired;
    const sub = api().onDidRefresh((s) => (fired = s));
    api().refresh();
    sub.dispose();
    assert.ok(fired && !JSON.stringify(fired).includes('CANARY'), 'nor in onDidRefresh');
    assert.ok(!JSON.stringify(api().refresh()).includes('CANARY'), 'nor in refresh()');
    // The status view (label, tooltip) shows URLs as the core masks them: the password as ***,
    // and an '@' that is no password (in the path) left alone, the host kept.
    const plain = (/** @type {string} */ md) => md.replace(/\\(.)/g, '$1');
    assert.match(plain(snap.view.tooltip), /\| Endpoint \| https:\/\/\*\*\*@gw\.corp\.example — /, snap.view.tooltip);
    writeJson(USER_SETTINGS, { env: { ANTHROPIC_API_KEY: CANARY, ANTHROPIC_BASE_URL: 'https://gw.corp.example/team/me@corp.example/llm' } });
    const at = api().refresh();
    assert.ok(at && !JSON.stringify(at).includes('CANARY'));
    assert.match(at.view.label, /gateway gw\.corp\.example/, at.view.label);
    assert.match(plain(at.view.tooltip), /\| Endpoint \| https:\/\/gw\.corp\.example\/team\/me@corp\.example\/llm — /, at.view.tooltip);
    assert.match(api().statusText(), /gateway gw\.corp\.example/);
  });

  test('the file watcher updates the status when a settings file changes', async () => {
    writeJson(USER_SETTINGS, { env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1' } });
    recordMetric('watcherUserMs', await statusBecomes(/Bedrock · us-east-1/));
    writeJson(join(workspaceDir(), '.claude', 'settings.local.json'), { env: { AWS_REGION: 'ap-northeast-1' } });
    recordMetric('watcherLocalMs', await statusBecomes(/Bedrock · ap-northeast-1/));
    rmSync(join(workspaceDir(), '.claude', 'settings.local.json'));
    await statusBecomes(/Bedrock · us-east-1/);
  });

  test('switching asks only for what is missing and writes the right file, keeping other keys', async () => {
    writeFileSync(USER_SETTINGS, '{\n    "theme": "dark",\n    "env": {\n        "CLAUDE_CODE_USE_VERTEX": "1",\n        "KEEP_ME": "yes"\n    }\n}\n');
    const s = scripted(['eu-central-1']);
    api().setPrompter(s.prompter);
    const out = await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'bedrock', scope: 'user' });
    assert.deepEqual(s.asked, ['pick: Bedrock: AWS region']);
    assert.ok(out && out.result.backup && existsSync(out.result.backup), 'a backup of the old file');
    const text = readFileSync(USER_SETTINGS, 'utf8');
    const doc = JSON.parse(text);
    assert.equal(doc.theme, 'dark');
    assert.equal(doc.env.KEEP_ME, 'yes');
    assert.equal(doc.env.CLAUDE_CODE_USE_BEDROCK, '1');
    assert.equal(doc.env.AWS_REGION, 'eu-central-1');
    assert.ok(!('CLAUDE_CODE_USE_VERTEX' in doc.env), 'the old selector is gone');
    assert.match(text, /^ {4}"theme"/m, 'the file keeps its indentation');
    assert.match(api().statusText(), /Bedrock · eu-central-1/);

    // The local scope writes the project's git-ignored file.
    const s2 = scripted(['my-project']);
    api().setPrompter(s2.prompter);
    await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'vertex', scope: 'local', values: { region: 'global' } });
    assert.deepEqual(s2.asked, ['input: Vertex: Google Cloud project ID']);
    const local = JSON.parse(readFileSync(join(workspaceDir(), '.claude', 'settings.local.json'), 'utf8'));
    assert.deepEqual(local.env, { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'global', ANTHROPIC_VERTEX_PROJECT_ID: 'my-project', CLAUDE_CODE_USE_BEDROCK: '' });
    assert.match(api().statusText(), /Vertex · my-project · global/);
  });

  test('a switch names the other providers\' variables it left in the file; "Remove Leftovers" removes them, never a credential', async () => {
    clearSettings();
    writeJson(USER_SETTINGS, { env: { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'global', ANTHROPIC_VERTEX_PROJECT_ID: 'p1', ANTHROPIC_API_KEY: CANARY, KEEP_ME: 'yes' } });
    api().refresh();
    api().setPrompter(scripted([]).prompter);
    const out = await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'bedrock', scope: 'user', values: { region: 'eu-west-1' } });
    assert.ok(out, 'switched');
    assert.deepEqual([...out.result.leftover].sort(), ['ANTHROPIC_API_KEY', 'ANTHROPIC_VERTEX_PROJECT_ID', 'CLOUD_ML_REGION']);
    const removed = await vscode.commands.executeCommand('claudeProvider.removeLeftovers', out);
    assert.ok(removed, 'the leftovers were removed');
    assert.deepEqual([...removed.pruned].sort(), ['ANTHROPIC_VERTEX_PROJECT_ID', 'CLOUD_ML_REGION']);
    const env = JSON.parse(readFileSync(USER_SETTINGS, 'utf8')).env;
    assert.deepEqual(env, { ANTHROPIC_API_KEY: CANARY, KEEP_ME: 'yes', CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1' }, 'the credential and the unrelated variable stay');
    assert.match(api().statusText(), /Bedrock · eu-west-1/);
    // Again: only the credential is left, nothing written, and the log says why.
    const before = readFileSync(USER_SETTINGS, 'utf8');
    assert.equal(await vscode.commands.executeCommand('claudeProvider.removeLeftovers', out), undefined);
    assert.equal(readFileSync(USER_SETTINGS, 'utf8'), before);
    assert.match(api().recentLog().join('\n'), /remove leftovers \(user\): nothing removed: none are left but credentials, which are never removed/);
  });

  test('a switch another settings file overrides is refused before any question, with the switch in that file\'s scope offered', async () => {
    const proj = join(workspaceDir(), '.claude', 'settings.json');
    const managed = join(HOME, 'managed-settings.json');
    writeJson(proj, { env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1' } });
    api().refresh();
    let s = scripted([undefined]);
    api().setPrompter(s.prompter);
    // Vertex needs a project and a region: neither is asked for.
    assert.equal(await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'vertex', scope: 'user' }), undefined);
    assert.equal(s.asked.length, 1, s.asked.join('; '));
    assert.match(s.asked[0], /^confirm: Claude Code would still use Bedrock after this switch: CLAUDE_CODE_USE_BEDROCK in .*\.claude\/settings\.json selects it/);
    assert.ok(!existsSync(USER_SETTINGS) || !readFileSync(USER_SETTINGS, 'utf8').includes('VERTEX'), 'nothing written');
    // Accepting switches in the project scope, and only then asks for the values.
    s = scripted(['Switch in the project settings', 'global', 'my-project']);
    api().setPrompter(s.prompter);
    assert.ok(await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'vertex', scope: 'user' }));
    assert.equal(s.asked.length, 3, s.asked.join('; '));
    assert.equal(JSON.parse(readFileSync(proj, 'utf8')).env.CLAUDE_CODE_USE_VERTEX, '1');
    // The managed settings: refused, no question at all.
    try {
      writeJson(managed, { env: { CLAUDE_CODE_USE_BEDROCK: '1' } });
      api().refresh();
      s = scripted([]);
      api().setPrompter(s.prompter);
      assert.equal(await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'foundry', scope: 'local' }), undefined);
      assert.deepEqual(s.asked, []);
      assert.match(api().recentLog().at(-1) ?? '', /refused before asking: SWITCH_OVERRIDDEN .*CLAUDE_CODE_USE_BEDROCK in .*managed-settings\.json/);
    } finally {
      rmSync(managed, { force: true });
    }
  });

  test('a region typed under "Other…" is checked in the input box, and corrected there', async () => {
    const s = scripted(['$(edit) Other…', 'mars-1', ' eu-west-3 ']);
    api().setPrompter(s.prompter);
    assert.ok(await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'bedrock', scope: 'user' }));
    assert.deepEqual(s.asked, ['pick: Bedrock: AWS region', 'input: Bedrock: AWS region', 'input again: Bedrock: AWS region']);
    assert.equal(s.invalid.length, 1);
    assert.match(s.invalid[0], /AWS_REGION="mars-1" is not shaped like an AWS region/);
    assert.doesNotMatch(s.invalid[0], /--force/);
    assert.equal(JSON.parse(readFileSync(USER_SETTINGS, 'utf8')).env.AWS_REGION, 'eu-west-3');
  });

  test('a saved profile switches in one pick', async () => {
    await vscode.workspace.getConfiguration('claudeProvider').update('profiles', [{ name: 'Prod', provider: 'bedrock', values: { region: 'us-west-2', profile: 'prod' } }], vscode.ConfigurationTarget.Global);
    // The AWS profile exists (a profile in no ~/.aws file is AWS_PROFILE_NOT_FOUND, and the switch would ask).
    const awsConfig = join(HOME, '.aws', 'config');
    mkdirSync(join(HOME, '.aws'), { recursive: true });
    writeFileSync(awsConfig, '[profile prod]\nregion = us-west-2\n');
    try {
      const s = scripted(['$(bookmark) Prod']);
      api().setPrompter(s.prompter);
      await vscode.commands.executeCommand('claudeProvider.switchProvider');
      assert.deepEqual(s.asked, ['pick: Claude Provider: switch provider']);
      const doc = JSON.parse(readFileSync(USER_SETTINGS, 'utf8'));
      assert.deepEqual(doc.env, { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-west-2', AWS_PROFILE: 'prod' });
    } finally {
      rmSync(join(HOME, '.aws'), { recursive: true, force: true });
      await vscode.workspace.getConfiguration('claudeProvider').update('profiles', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('saving the active route as a profile keeps its base URL (never its password) and its file\'s scope, or none', async () => {
    const G = vscode.ConfigurationTarget.Global;
    const saved = (/** @type {string} */ name) =>
      /** @type {any[]} */ (vscode.workspace.getConfiguration('claudeProvider').inspect('profiles')?.globalValue ?? []).find((p) => p.name === name);
    try {
      // A gateway in the project file, with credentials in its URL.
      writeJson(join(workspaceDir(), '.claude', 'settings.json'), { env: { ANTHROPIC_BASE_URL: `https://u:${CANARY}@gw.corp.example/llm` } });
      api().refresh();
      assert.equal(await vscode.commands.executeCommand('claudeProvider.saveProfile', { name: 'Gateway' }), 'Gateway');
      const gw = saved('Gateway');
      assert.deepEqual(gw, { name: 'Gateway', provider: 'anthropic', scope: 'project', values: { baseUrl: 'https://gw.corp.example/llm' } });
      assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('claudeProvider').inspect('profiles')).includes('CANARY'), 'no password in VS Code settings');
      assert.ok(api().recentLog().some((l) => /Gateway.*without its user:password/.test(l)), 'the user is told the credentials were left out');

      // A secret in the query (the core masks ?api-key=…): that parameter is left out, the others kept.
      writeJson(join(workspaceDir(), '.claude', 'settings.json'), { env: { ANTHROPIC_BASE_URL: `https://gw.corp.example/llm?api-key=${CANARY}&team=ml` } });
      api().refresh();
      assert.equal(await vscode.commands.executeCommand('claudeProvider.saveProfile', { name: 'Query' }), 'Query');
      assert.deepEqual(saved('Query').values, { baseUrl: 'https://gw.corp.example/llm?team=ml' });
      assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('claudeProvider').inspect('profiles')).includes('CANARY'), 'no query secret in VS Code settings');
      assert.ok(api().recentLog().some((l) => /Query.*without its api-key query parameter/.test(l)), 'the user is told the parameter was left out');

      // Bedrock with its own base URL, from claudeCode.environmentVariables (no settings file): no
      // scope is saved, so claudeProvider.switchScope decides when switching.
      rmSync(join(workspaceDir(), '.claude'), { recursive: true, force: true });
      await vscode.workspace.getConfiguration('claudeCode').update('environmentVariables', [
        { name: 'CLAUDE_CODE_USE_BEDROCK', value: '1' }, { name: 'AWS_REGION', value: 'eu-west-1' }, { name: 'ANTHROPIC_BEDROCK_BASE_URL', value: 'https://bedrock.corp.example' },
      ], G);
      await statusBecomes(/Bedrock · eu-west-1/);
      await vscode.commands.executeCommand('claudeProvider.saveProfile', { name: 'Shell Bedrock' });
      assert.deepEqual(saved('Shell Bedrock'), { name: 'Shell Bedrock', provider: 'bedrock', values: { region: 'eu-west-1', baseUrl: 'https://bedrock.corp.example' } });
    } finally {
      await vscode.workspace.getConfiguration('claudeCode').update('environmentVariables', undefined, G);
      await vscode.workspace.getConfiguration('claudeProvider').update('profiles', undefined, G);
    }
  });

  test('profiles: read and saved at the user level (a workspace list is offered too, never copied into user settings)', async () => {
    const G = vscode.ConfigurationTarget.Global;
    const W = vscode.ConfigurationTarget.Workspace;
    const cfg = () => vscode.workspace.getConfiguration('claudeProvider');
    const level = (/** @type {'globalValue' | 'workspaceValue'} */ l) => /** @type {any[]} */ (cfg().inspect('profiles')?.[l] ?? []);
    const broken = { name: 'Broken', provider: 'bedrok' };
    try {
      await cfg().update('profiles', [{ name: 'Mine', provider: 'vertex', values: { region: 'global', project: 'p' } }, broken], G);
      // The workspace has a "Mine" too: the user's shadows it.
      await cfg().update('profiles', [{ name: 'Team', provider: 'bedrock', values: { region: 'us-east-1' } }, { name: 'Mine', provider: 'bedrock', values: { region: 'us-east-2' } }], W);
      const s = scripted([undefined]);
      api().setPrompter(s.prompter);
      await vscode.commands.executeCommand('claudeProvider.switchProvider');
      const labels = s.lists[0] ?? [];
      assert.ok(labels.includes('$(bookmark) Mine'), `the user's profiles are offered even with a workspace list: ${labels.join(', ')}`);
      assert.ok(labels.includes('$(bookmark) Team'), 'the trusted workspace\'s too');
      assert.equal(labels.filter((l) => l === '$(bookmark) Mine').length, 1, `a workspace profile named like one of the user's is not listed: ${labels.join(', ')}`);
      assert.ok(api().recentLog().some((l) => /workspace's profile "Mine" is not offered/.test(l)), 'and the log says so');
      // A switch by name (the command's { profile }) takes the user's.
      api().setPrompter(scripted([]).prompter);
      const byName = await vscode.commands.executeCommand('claudeProvider.switchProvider', { profile: 'Mine', scope: 'user' });
      assert.equal(byName?.provider, 'vertex');
      assert.equal(JSON.parse(readFileSync(USER_SETTINGS, 'utf8')).env.ANTHROPIC_VERTEX_PROJECT_ID, 'p');

      assert.equal(await vscode.commands.executeCommand('claudeProvider.saveProfile', { name: 'New', provider: 'foundry', values: { resource: 'res-n' } }), 'New');
      assert.deepEqual(level('globalValue').map((p) => p.name), ['Mine', 'Broken', 'New'], 'saved into the user list, which keeps its own entries (even one it cannot use)');
      assert.deepEqual(level('workspaceValue').map((p) => p.name), ['Team', 'Mine'], 'the workspace list is not copied, nor changed');
      // Saving again under the same name replaces the user's profile.
      await vscode.commands.executeCommand('claudeProvider.saveProfile', { name: 'Mine', provider: 'vertex', values: { region: 'us-east5', project: 'p' } });
      assert.deepEqual(level('globalValue').map((p) => `${p.name}:${p.values?.region ?? ''}`), ['Broken:', 'New:', 'Mine:us-east5']);
    } finally {
      await cfg().update('profiles', undefined, W);
      await cfg().update('profiles', undefined, G);
    }
  });

  test('API keys go to SecretStorage; into the file only when confirmed', async () => {
    // No credentials at all (ANTHROPIC_NO_CREDENTIALS): a key, or /login in Claude Code.
    let s = scripted(['Enter an API key…', CANARY, 'Keep in VS Code Only']);
    api().setPrompter(s.prompter);
    const kept = await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'anthropic', scope: 'user' });
    assert.deepEqual(s.asked, ['pick: Anthropic API: no credentials', 'input (password): Anthropic API: Anthropic API key (or the gateway\'s key)', `confirm: Write ANTHROPIC_API_KEY into ~/.claude/settings.json?`]);
    assert.deepEqual(s.lists[0], ['Enter an API key…', "I'll sign in with /login in Claude Code"]);
    assert.deepEqual(kept.keptInVsCode, ['ANTHROPIC_API_KEY']);
    assert.ok(!readFileSync(USER_SETTINGS, 'utf8').includes('CANARY'), 'not in the settings file');
    const vsSettings = JSON.stringify(vscode.workspace.getConfiguration('claudeProvider')) + JSON.stringify(vscode.workspace.getConfiguration('claudeCode'));
    assert.ok(!vsSettings.includes('CANARY'), 'not in VS Code settings');

    // Second time: the stored key is offered (no typing), and this time written (0600).
    s = scripted(['Use the stored API key…', 'Write to File']);
    api().setPrompter(s.prompter);
    rmSync(USER_SETTINGS);
    await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'anthropic', scope: 'user' });
    assert.ok(!s.asked.some((q) => q.startsWith('input')), `the key came from SecretStorage: ${s.asked.join('; ')}`);
    assert.equal(JSON.parse(readFileSync(USER_SETTINGS, 'utf8')).env.ANTHROPIC_API_KEY, CANARY);
    assert.equal(statSync(USER_SETTINGS).mode & 0o777, 0o600);
    assert.ok(!api().statusTooltip().includes('CANARY'));
    const forgotten = await vscode.commands.executeCommand('claudeProvider.forgetSecrets');
    assert.deepEqual(forgotten, ['ANTHROPIC_API_KEY']);

    // "/login in Claude Code": written without a key, no "leaves 1 error / Write Anyway".
    rmSync(USER_SETTINGS);
    writeJson(USER_SETTINGS, { env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1' } });
    s = scripted(["I'll sign in with /login in Claude Code"]);
    api().setPrompter(s.prompter);
    const login = await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'anthropic', scope: 'user' });
    assert.deepEqual(s.asked, ['pick: Anthropic API: no credentials']);
    assert.ok(login, 'switched');
    assert.deepEqual(JSON.parse(readFileSync(USER_SETTINGS, 'utf8')).env, { AWS_REGION: 'us-east-1' });
    assert.deepEqual(login.keptInVsCode, []);

    // A gateway with its token (ANTHROPIC_AUTH_TOKEN) is not asked for a key at all.
    writeJson(USER_SETTINGS, { env: { CLAUDE_CODE_USE_BEDROCK: '1', ANTHROPIC_BASE_URL: 'https://llm.corp.example', ANTHROPIC_AUTH_TOKEN: CANARY } });
    s = scripted([]);
    api().setPrompter(s.prompter);
    assert.ok(await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'anthropic', scope: 'user' }));
    assert.deepEqual(s.asked, []);
    assert.equal(JSON.parse(readFileSync(USER_SETTINGS, 'utf8')).env.ANTHROPIC_AUTH_TOKEN, CANARY);
  });

  test('claudeCode.environmentVariables: read as the Claude Code extension passes it, and mirrored on switch when asked (never a secret)', async () => {
    const G = vscode.ConfigurationTarget.Global;
    const cc = () => vscode.workspace.getConfiguration('claudeCode');
    const names = () => /** @type {{name: string, value: string}[]} */ (cc().get('environmentVariables')).map((e) => `${e.name}=${e.value}`);
    assert.deepEqual(cc().inspect('environmentVariables')?.defaultValue, [], 'the Claude Code stand-in registers the setting');
    try {
      // Read: variables only in the setting reach the status, labelled with where they came from.
      await cc().update('environmentVariables', [{ name: 'CLAUDE_CODE_USE_BEDROCK', value: '1' }, { name: 'AWS_REGION', value: 'ap-south-1' }], G);
      await statusBecomes(/Bedrock · ap-south-1/);
      // (the tooltip is Markdown: `\_` and `\.` escapes)
      const tip = api().statusTooltip().replace(/\\(.)/g, '$1');
      assert.match(tip, /CLAUDE_CODE_USE_BEDROCK=1 from VS Code setting claudeCode\.environmentVariables/);
      assert.match(tip, /ap-south-1 — AWS_REGION, VS Code setting claudeCode\.environmentVariables/);

      // Mirror: a switch replaces the provider's variables in the setting and keeps the others.
      await cc().update('environmentVariables', [{ name: 'KEEP_ME', value: 'yes' }, { name: 'CLAUDE_CODE_USE_VERTEX', value: '1' }], G);
      await vscode.workspace.getConfiguration('claudeProvider').update('alsoSetClaudeCodeEnvironmentVariables', true, G);
      api().setPrompter(scripted([]).prompter);
      await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'bedrock', scope: 'user', values: { region: 'eu-west-1' } });
      assert.deepEqual(names(), ['KEEP_ME=yes', 'CLAUDE_CODE_USE_BEDROCK=1', 'AWS_REGION=eu-west-1']);

      // Switching on: what the switch takes out of the file leaves the setting too (the Bedrock
      // selector; AWS_REGION stays in both, as the file keeps it); the API key written to the
      // file (confirmed) is not copied into VS Code settings, which are plain files that sync.
      api().setPrompter(scripted(['Enter an API key…', CANARY, 'Write to File']).prompter);
      await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'anthropic', scope: 'user' });
      const fileEnv = JSON.parse(readFileSync(USER_SETTINGS, 'utf8')).env;
      assert.equal(fileEnv.ANTHROPIC_API_KEY, CANARY);
      assert.ok(!('CLAUDE_CODE_USE_BEDROCK' in fileEnv) || fileEnv.CLAUDE_CODE_USE_BEDROCK === '');
      assert.deepEqual(names(), ['KEEP_ME=yes', ...(fileEnv.AWS_REGION ? [`AWS_REGION=${fileEnv.AWS_REGION}`] : [])]);
      assert.ok(!JSON.stringify(cc().get('environmentVariables')).includes('CANARY'), 'no secret in VS Code settings');
    } finally {
      await vscode.workspace.getConfiguration('claudeProvider').update('alsoSetClaudeCodeEnvironmentVariables', undefined, G);
      await cc().update('environmentVariables', undefined, G);
      await vscode.commands.executeCommand('claudeProvider.forgetSecrets');
    }
  });

  test('the mirror reads and writes one level of claudeCode.environmentVariables, never copies a secret, never hides user entries behind a new workspace list, and leaves a local switch out of .vscode/settings.json', async () => {
    const G = vscode.ConfigurationTarget.Global;
    const W = vscode.ConfigurationTarget.Workspace;
    const cc = () => vscode.workspace.getConfiguration('claudeCode');
    const at = (/** @type {'globalValue' | 'workspaceValue'} */ level) =>
      /** @type {{name: string, value: string}[] | undefined} */ (cc().inspect('environmentVariables')?.[level])?.map((e) => `${e.name}=${e.value}`);
    const vsWorkspaceSettings = join(workspaceDir(), '.vscode', 'settings.json');
    const workspaceFile = () => (existsSync(vsWorkspaceSettings) ? readFileSync(vsWorkspaceSettings, 'utf8') : '');
    const projectFile = join(workspaceDir(), '.claude', 'settings.json');
    try {
      await vscode.workspace.getConfiguration('claudeProvider').update('alsoSetClaudeCodeEnvironmentVariables', true, G);
      api().setPrompter(scripted([]).prompter);

      // No user-level list: nothing to hide, so a project switch creates the workspace's list.
      const first = await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'bedrock', scope: 'project', values: { region: 'eu-west-1' } });
      assert.equal(first?.mirror?.level, 'workspace', JSON.stringify(first?.mirror));
      assert.deepEqual(at('workspaceValue'), ['CLAUDE_CODE_USE_BEDROCK=1', 'AWS_REGION=eu-west-1']);
      await cc().update('environmentVariables', undefined, W);
      rmSync(join(workspaceDir(), '.claude'), { recursive: true, force: true });

      // User-level entries Claude Code gets now (a proxy, a key: the user's choice). A new
      // workspace list would hide them here (VS Code does not merge lists): the mirror is
      // skipped, and the user is told which entries, by name; nothing is copied or hidden.
      await cc().update('environmentVariables', [{ name: 'HTTPS_PROXY', value: 'http://proxy.corp.example:3128' }, { name: 'ANTHROPIC_API_KEY', value: CANARY }, { name: 'USER_ONLY', value: 'u' }], G);
      const project = await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'bedrock', scope: 'project', values: { region: 'eu-west-1' } });
      assert.ok(project, 'the project switch ran');
      assert.equal(JSON.parse(readFileSync(projectFile, 'utf8')).env.CLAUDE_CODE_USE_BEDROCK, '1', 'the project settings file is written');
      assert.equal(at('workspaceValue'), undefined, 'no workspace list that would hide the user-level one');
      assert.match(project.mirror?.skipped ?? '', /HTTPS_PROXY, ANTHROPIC_API_KEY, USER_ONLY/, JSON.stringify(project.mirror));
      assert.ok(!/CANARY|proxy\.corp|=u\b/.test(project.mirror?.skipped ?? ''), `names only, never values: ${project.mirror?.skipped}`);
      assert.ok(!workspaceFile().includes('CANARY') && !workspaceFile().includes('USER_ONLY'), `nothing copied into .vscode/settings.json:\n${workspaceFile()}`);
      assert.deepEqual(at('globalValue'), ['HTTPS_PROXY=http://proxy.corp.example:3128', `ANTHROPIC_API_KEY=${CANARY}`, 'USER_ONLY=u'], 'the user level is untouched');
      assert.ok(api().recentLog().some((l) => /claudeCode\.environmentVariables \(workspace\) not updated: .*HTTPS_PROXY/.test(l)), 'logged');

      // A workspace with its own list already (it hides the user's anyway): the switch updates it.
      await cc().update('environmentVariables', [{ name: 'TEAM_ONLY', value: 't' }], W);
      rmSync(join(workspaceDir(), '.claude'), { recursive: true, force: true });
      const again = await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'bedrock', scope: 'project', values: { region: 'eu-west-1' } });
      assert.equal(again?.mirror?.level, 'workspace', JSON.stringify(again?.mirror));
      assert.deepEqual(at('workspaceValue'), ['TEAM_ONLY=t', 'CLAUDE_CODE_USE_BEDROCK=1', 'AWS_REGION=eu-west-1']);
      assert.ok(!workspaceFile().includes('CANARY'));

      // A local switch is private: .vscode/settings.json (shared) is left alone, and the outcome says why.
      rmSync(join(workspaceDir(), '.claude'), { recursive: true, force: true });
      const before = workspaceFile();
      const local = await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'vertex', scope: 'local', values: { region: 'global', project: 'p-local' } });
      assert.ok(local, 'the local switch ran');
      assert.equal(JSON.parse(readFileSync(join(workspaceDir(), '.claude', 'settings.local.json'), 'utf8')).env.CLAUDE_CODE_USE_VERTEX, '1');
      assert.equal(workspaceFile(), before, '.vscode/settings.json is not written');
      assert.ok(!workspaceFile().includes('p-local'));
      assert.match(local.mirror?.skipped ?? '', /local/);
      assert.ok(api().recentLog().some((l) => /claudeCode\.environmentVariables not updated: .*local/.test(l)), 'logged');

      // A user switch writes the user level from the user level: no workspace entry lands there,
      // and the user's own entries (the key included) stay where they were.
      rmSync(join(workspaceDir(), '.claude'), { recursive: true, force: true });
      const user = await vscode.commands.executeCommand('claudeProvider.switchProvider', { provider: 'foundry', scope: 'user', values: { resource: 'res-u' } });
      assert.ok(user, 'the user switch ran');
      const g = at('globalValue') ?? [];
      assert.ok(g.includes('CLAUDE_CODE_USE_FOUNDRY=1') && g.includes('ANTHROPIC_FOUNDRY_RESOURCE=res-u'), g.join(', '));
      assert.ok(g.includes(`ANTHROPIC_API_KEY=${CANARY}`) && g.includes('USER_ONLY=u'), `the user's entries stay: ${g.join(', ')}`);
      assert.ok(!g.some((e) => e.startsWith('AWS_REGION=') || e.startsWith('CLAUDE_CODE_USE_BEDROCK=') || e.startsWith('TEAM_ONLY=')), `no workspace entry copied into user settings: ${g.join(', ')}`);
      assert.deepEqual(at('workspaceValue'), ['TEAM_ONLY=t', 'CLAUDE_CODE_USE_BEDROCK=1', 'AWS_REGION=eu-west-1'], 'the workspace level is untouched');
      assert.match(user.mirror?.note ?? '', /workspace/, 'told that this workspace overrides the user-level list');
    } finally {
      await vscode.workspace.getConfiguration('claudeProvider').update('alsoSetClaudeCodeEnvironmentVariables', undefined, G);
      await cc().update('environmentVariables', undefined, G);
      await cc().update('environmentVariables', undefined, W);
    }
  });

  test('problems appear in the settings file with their fixes, and a fix applies', async () => {
    writeJson(USER_SETTINGS, { env: { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'global' } });
    api().refresh();
    assert.match(api().statusText(), /^\$\(error\) Vertex/);
    writeJson(USER_SETTINGS, { model: 'opus', env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'mars-1' } });
    api().refresh();
    const uri = vscode.Uri.file(USER_SETTINGS);
    const diags = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'claude-provider');
    const region = diags.find((d) => d.code === 'BEDROCK_REGION_INVALID');
    assert.ok(region, `diagnostics: ${diags.map((d) => d.code).join(', ')}`);
    assert.equal(region.range.start.line, 4, 'on the AWS_REGION line');
    assert.match(region.message, /fix: /);
    await vscode.window.showTextDocument(uri);
    /** @type {vscode.CodeAction[]} */
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, region.range);
    const set = actions.find((a) => a.title === 'Set AWS_REGION…');
    assert.ok(set && set.command, `actions: ${actions.map((a) => a.title).join(', ')}`);
    await vscode.commands.executeCommand(set.command.command, { ...set.command.arguments?.[0], value: 'us-west-2' });
    assert.equal(JSON.parse(readFileSync(USER_SETTINGS, 'utf8')).env.AWS_REGION, 'us-west-2');
    assert.ok(!vscode.languages.getDiagnostics(uri).some((d) => d.code === 'BEDROCK_REGION_INVALID'), 'the diagnostic is gone');
    assert.match(api().statusText(), /Bedrock · us-west-2/);
  });

  test('"Show Status" opens a read-only plain-text document (no codicons, links or escapes), and no untitled one', async () => {
    writeJson(USER_SETTINGS, { env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1', ANTHROPIC_MODEL: 'claude-opus-4-1@20250805', ANTHROPIC_BASE_URL: 'https://llm.corp.example/v1' } });
    api().refresh();
    const untitled = () => vscode.workspace.textDocuments.filter((d) => d.isUntitled).length;
    const before = untitled();
    await vscode.commands.executeCommand('claudeProvider.showStatus');
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc, 'a document is shown');
    assert.equal(doc.uri.scheme, 'claude-provider-status');
    assert.equal(untitled(), before, 'no untitled document');
    const text = doc.getText();
    assert.ok(text.startsWith(`Claude Provider: ${api().statusText().replace(/^\$\([a-z-]+\) /, '')}\n`), text);
    assert.match(text, /Bedrock · eu-west-1 · model unusable/);
    assert.match(text, /MODEL_ID_WRONG_PROVIDER: /);
    assert.doesNotMatch(text, /\$\(|command:|\\/);
    // Kept up to date: a change of the configuration shows in the open document.
    writeJson(USER_SETTINGS, { env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-west-2' } });
    api().refresh();
    const t0 = Date.now();
    while (!doc.getText().includes('us-west-2') && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 50));
    assert.match(doc.getText(), /Bedrock · us-west-2/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('an invalid settings file: the diagnostic is at the line and column of the mistake', () => {
    writeFileSync(USER_SETTINGS, '{\n  "env": {\n    "CLAUDE_CODE_USE_BEDROCK": "1",\n    "AWS_REGION": "us-east-1",\n  }\n}\n');
    api().refresh();
    const d = vscode.languages.getDiagnostics(vscode.Uri.file(USER_SETTINGS)).find((x) => x.code === 'SETTINGS_INVALID');
    assert.ok(d, 'a SETTINGS_INVALID diagnostic');
    const m = /settings\.json:(\d+):(\d+): invalid JSON/.exec(d.message);
    assert.ok(m, d.message);
    assert.deepEqual([d.range.start.line + 1, d.range.start.character + 1], [Number(m[1]), Number(m[2])], 'where the message says');
    assert.deepEqual([d.range.start.line, d.range.start.character], [3, 29], 'at the trailing comma');
  });

  test('a secret in the project file: the quick fix moves it out (never "Set" in place); one "Set VAR…" per variable, prefilled', async () => {
    const proj = join(workspaceDir(), '.claude', 'settings.json');
    const localFile = join(workspaceDir(), '.claude', 'settings.local.json');
    writeJson(proj, { env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', ANTHROPIC_MODEL: 'claude-opus-4-1@20250805', AWS_BEARER_TOKEN_BEDROCK: CANARY } });
    api().refresh();
    const uri = vscode.Uri.file(proj);
    await vscode.window.showTextDocument(uri);
    const diags = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'claude-provider');
    const at = async (/** @type {string} */ code) => {
      const d = diags.find((x) => x.code === code);
      assert.ok(d, `diagnostics: ${diags.map((x) => x.code).join(', ')}`);
      /** @type {vscode.CodeAction[]} */
      const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, d.range);
      return actions;
    };
    const model = (await at('MODEL_ID_WRONG_PROVIDER')).filter((a) => a.title === 'Set ANTHROPIC_MODEL…');
    assert.equal(model.length, 1, 'one "Set ANTHROPIC_MODEL…"');
    assert.equal(model[0].command?.arguments?.[0].suggested, 'us.anthropic.claude-opus-4-1-20250805-v1:0');
    const secret = await at('SECRET_IN_PROJECT_SETTINGS');
    assert.ok(!secret.some((a) => a.title.startsWith('Set AWS_BEARER_TOKEN_BEDROCK')), secret.map((a) => a.title).join(', '));
    const move = secret.find((a) => a.title === 'Move AWS_BEARER_TOKEN_BEDROCK out of .claude/settings.json…');
    assert.ok(move?.command, secret.map((a) => a.title).join(', '));
    const s = scripted(['local']);
    api().setPrompter(s.prompter);
    await vscode.commands.executeCommand(move.command.command, ...(move.command.arguments ?? []));
    assert.deepEqual(s.asked, ['pick: Move AWS_BEARER_TOKEN_BEDROCK out of the shared project settings']);
    assert.ok(!readFileSync(proj, 'utf8').includes('CANARY'), 'gone from the project file');
    assert.equal(JSON.parse(readFileSync(localFile, 'utf8')).env.AWS_BEARER_TOKEN_BEDROCK, CANARY);
    assert.equal(statSync(localFile).mode & 0o777, 0o600);
    assert.ok(!api().snapshot()?.problems.some((p) => p.code === 'SECRET_IN_PROJECT_SETTINGS'));
  });

  test('moving a secret out of a project file that cannot be edited (read-only) leaves every file as it was: the secret is not left in both', async () => {
    const proj = join(workspaceDir(), '.claude', 'settings.json');
    const localFile = join(workspaceDir(), '.claude', 'settings.local.json');
    writeJson(proj, { env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_BEARER_TOKEN_BEDROCK: CANARY } });
    const projText = readFileSync(proj, 'utf8');
    chmodSync(proj, 0o444);
    // The user file had an older value: it gets it back, formatting and all.
    writeFileSync(USER_SETTINGS, '{"model": "opus",\n "env": {"AWS_BEARER_TOKEN_BEDROCK": "old"}}\n');
    const userText = readFileSync(USER_SETTINGS, 'utf8');
    api().refresh();
    const refused = () => api().recentLog().filter((l) => l.startsWith('claudeProvider.moveSecret:'));
    for (const to of ['user', 'local']) {
      const n = refused().length;
      assert.equal(await vscode.commands.executeCommand('claudeProvider.moveSecret', { name: 'AWS_BEARER_TOKEN_BEDROCK', to }), undefined, to);
      assert.match(refused().slice(n).join('\n'), /read-only/, to);
      assert.equal(readFileSync(proj, 'utf8'), projText, `${to}: the project file is unchanged`);
      assert.equal(readFileSync(USER_SETTINGS, 'utf8'), userText, `${to}: the user file has its old text back`);
      assert.ok(!existsSync(localFile), `${to}: the new local file is gone again`);
    }
  });

  test('"Set VAR…" writes the file that sets the variable, refuses a --settings or managed file by name, and shows the problems left', async () => {
    const G = vscode.ConfigurationTarget.Global;
    const extra = join(workspaceDir(), 'cli-settings', 'team.json');
    const managed = join(HOME, 'managed-settings.json');
    const localFile = join(workspaceDir(), '.claude', 'settings.local.json');
    const refusals = () => api().recentLog().filter((l) => l.startsWith('claudeProvider.setVariable:'));
    try {
      // A --settings file (claudeProvider.extraSettingsFiles) sets the bad region: writing the user
      // file would change nothing, so the fix names that file instead.
      writeJson(USER_SETTINGS, { env: { CLAUDE_CODE_USE_BEDROCK: '1' } });
      writeJson(extra, { env: { AWS_REGION: 'mars-1' } });
      await vscode.workspace.getConfiguration('claudeProvider').update('extraSettingsFiles', [extra], G);
      api().refresh();
      assert.ok(api().snapshot()?.problems.some((p) => p.code === 'BEDROCK_REGION_INVALID'));
      const n = refusals().length;
      const out = await vscode.commands.executeCommand('claudeProvider.setVariable', { name: 'AWS_REGION', value: 'us-west-2' });
      assert.equal(out, undefined, 'nothing written');
      assert.deepEqual(JSON.parse(readFileSync(USER_SETTINGS, 'utf8')).env, { CLAUDE_CODE_USE_BEDROCK: '1' }, 'the user file is untouched');
      assert.ok(!existsSync(localFile));
      const refusal = refusals().slice(n).join('\n');
      assert.ok(refusal.includes(extra), `the refusal names the file: ${refusal}`);
      assert.match(refusal, /SWITCH_OVERRIDDEN AWS_REGION is set in a --settings file/);

      // The same for the managed settings file.
      await vscode.workspace.getConfiguration('claudeProvider').update('extraSettingsFiles', undefined, G);
      writeJson(managed, { env: { AWS_REGION: 'mars-1' } });
      api().refresh();
      assert.equal(await vscode.commands.executeCommand('claudeProvider.setVariable', { name: 'AWS_REGION', value: 'us-west-2' }), undefined);
      assert.ok(refusals().slice(n).some((l) => l.includes(managed) && /managed/.test(l)), refusals().join('\n'));
      assert.deepEqual(JSON.parse(readFileSync(USER_SETTINGS, 'utf8')).env, { CLAUDE_CODE_USE_BEDROCK: '1' });
      // A variable the core does not know, set in the managed file: the same rule (the Node
      // package's, which editEnv and `claude-provider switch` share), no value asked for.
      writeJson(managed, { env: { MY_TEAM_VAR: 'a' } });
      api().refresh();
      const asked = scripted([]);
      api().setPrompter(asked.prompter);
      assert.equal(await vscode.commands.executeCommand('claudeProvider.setVariable', { name: 'MY_TEAM_VAR' }), undefined);
      assert.deepEqual(asked.asked, [], 'refused before a value is asked for');
      assert.match(refusals().at(-1) ?? '', /SWITCH_OVERRIDDEN MY_TEAM_VAR is set in the managed settings/);
      assert.ok(refusals().at(-1)?.includes(managed), refusals().at(-1));
      assert.deepEqual(JSON.parse(readFileSync(USER_SETTINGS, 'utf8')).env, { CLAUDE_CODE_USE_BEDROCK: '1' }, 'nothing written');
      rmSync(managed);

      // Set in the local file: the local file is written; an explicit lower scope is refused (it
      // would be overridden).
      writeJson(localFile, { env: { AWS_REGION: 'mars-1' } });
      api().refresh();
      assert.equal(await vscode.commands.executeCommand('claudeProvider.setVariable', { name: 'AWS_REGION', value: 'us-west-2', scope: 'user' }), undefined);
      assert.ok(refusals().at(-1)?.includes(localFile), refusals().at(-1));
      const file = await vscode.commands.executeCommand('claudeProvider.setVariable', { name: 'AWS_REGION', value: 'us-west-2' });
      assert.equal(file, localFile);
      assert.equal(JSON.parse(readFileSync(localFile, 'utf8')).env.AWS_REGION, 'us-west-2');
      assert.ok(!('AWS_REGION' in JSON.parse(readFileSync(USER_SETTINGS, 'utf8')).env));

      // What validation still finds after the edit is shown (and logged), not dropped.
      await vscode.commands.executeCommand('claudeProvider.setVariable', { name: 'AWS_REGION', value: 'mars-2' });
      const line = api().recentLog().filter((l) => l.startsWith('set AWS_REGION')).at(-1) ?? '';
      assert.match(line, /BEDROCK_REGION_INVALID/, line);
    } finally {
      await vscode.workspace.getConfiguration('claudeProvider').update('extraSettingsFiles', undefined, G);
      rmSync(managed, { force: true });
      rmSync(join(workspaceDir(), 'cli-settings'), { recursive: true, force: true });
    }
  });

  test('sign-in runs the cloud CLI with an argument array, then re-checks', async () => {
    const log = process.env.CP_SIGNIN_LOG ?? '';
    assert.ok(log, 'CP_SIGNIN_LOG is set by the runner');
    rmSync(log, { force: true });
    writeJson(USER_SETTINGS, { env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_PROFILE: 'dev team' } });
    api().refresh();
    // "dev team" is not a profile name: nothing runs.
    assert.equal(await vscode.commands.executeCommand('claudeProvider.signIn'), undefined);
    writeJson(join(HOME, '.aws', 'config'), {});
    writeFileSync(join(HOME, '.aws', 'config'), '[profile dev]\nsso_session = corp\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n');
    writeJson(USER_SETTINGS, { env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_PROFILE: 'dev' } });
    api().refresh();
    const out = await vscode.commands.executeCommand('claudeProvider.signIn');
    assert.deepEqual(out, { command: 'aws', args: ['sso', 'login', '--profile', 'dev'], exitCode: 0 });
    assert.equal(readFileSync(log, 'utf8'), 'aws\nsso\nlogin\n--profile\ndev\n\n');
    writeJson(USER_SETTINGS, { env: { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'global', ANTHROPIC_VERTEX_PROJECT_ID: 'p' } });
    api().refresh();
    const g = await vscode.commands.executeCommand('claudeProvider.signIn');
    assert.deepEqual(g.args, ['auth', 'application-default', 'login']);
    rmSync(join(HOME, '.aws'), { recursive: true, force: true });
  });

  test('test connection: a 1-token request as Claude Code sends it; latency and model, or the error with its fix', async () => {
    /** @type {{url: string, headers: import('node:http').IncomingHttpHeaders, body: any}[]} */
    const seen = [];
    let status = 200;
    const server = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers, body: JSON.parse(data) });
        const message = JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-test-model', content: [{ type: 'text', text: 'p' }], stop_reason: 'max_tokens', usage: { input_tokens: 1, output_tokens: 1 } });
        if (req.url?.startsWith('/model/')) {
          // Bedrock's InvokeModel: any answer will do, the test looks at how it was signed.
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(message);
          return;
        }
        // A fake Anthropic API that checks what it receives before answering.
        const ok = req.method === 'POST' && req.url?.startsWith('/v1/messages') && req.headers['x-api-key'] === CANARY && req.headers['anthropic-version'] === '2023-06-01';
        if (!ok || status !== 200) {
          res.writeHead(status === 200 ? 400 : status, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ type: 'error', error: { type: status === 401 ? 'authentication_error' : 'invalid_request_error', message: ok ? 'denied' : 'unexpected request' } }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(message);
      });
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
    try {
      const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
      // The key in Claude Code's configuration: the test sends it, as Claude Code would.
      writeJson(USER_SETTINGS, { env: { ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}`, ANTHROPIC_API_KEY: CANARY } });
      api().refresh();
      const r = await vscode.commands.executeCommand('claudeProvider.testConnection');
      assert.equal(r.ok, true, JSON.stringify(r.error));
      assert.equal(r.model, 'claude-test-model');
      assert.deepEqual(r.usedStoredKeys, []);
      assert.ok(r.latencyMs >= 0);
      recordMetric('testConnectionMs', r.latencyMs);
      assert.equal(seen.at(-1)?.body.max_tokens, 1);
      status = 401;
      const bad = await vscode.commands.executeCommand('claudeProvider.testConnection');
      assert.equal(bad.ok, false);
      assert.ok(bad.error.code && bad.error.help, JSON.stringify(bad.error));
      assert.ok(!JSON.stringify(bad).includes('CANARY'));
      status = 200;

      // The key in VS Code's secret storage only: Claude Code does not get it, so neither does
      // the test, which fails as Claude Code would and says where the key is.
      writeJson(USER_SETTINGS, { env: { ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}` } });
      await vscode.commands.executeCommand('claudeProvider.storeSecret', { name: 'ANTHROPIC_API_KEY', value: CANARY });
      api().refresh();
      assert.match(api().statusText(), /^\$\(error\)/, 'the status says there are no credentials');
      const n = seen.length;
      const asClaudeCode = await vscode.commands.executeCommand('claudeProvider.testConnection');
      assert.equal(asClaudeCode.ok, false, 'no success Claude Code would not have');
      assert.equal(asClaudeCode.error.code, 'ANTHROPIC_NO_CREDENTIALS');
      assert.deepEqual(asClaudeCode.usedStoredKeys, []);
      assert.equal(seen.length, n, 'nothing sent');
      assert.match(asClaudeCode.message, /ANTHROPIC_API_KEY is in VS Code's secret storage only/);
      // Asked for, the stored key is tried, and the result says so.
      const withKey = await vscode.commands.executeCommand('claudeProvider.testConnection', { useStoredKey: true });
      assert.equal(withKey.ok, true, JSON.stringify(withKey.error));
      assert.deepEqual(withKey.usedStoredKeys, ['ANTHROPIC_API_KEY']);
      assert.match(withKey.message, /ANTHROPIC_API_KEY from VS Code's secret storage.*Claude Code does not/);
      assert.ok(!JSON.stringify(withKey).includes('CANARY'));

      // Bedrock signing with AWS credentials (SigV4): a stored Bedrock API key would change the
      // auth method, so it is not sent, not even when asked for.
      writeJson(USER_SETTINGS, { env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', ANTHROPIC_BEDROCK_BASE_URL: `http://127.0.0.1:${port}`, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' } });
      await vscode.commands.executeCommand('claudeProvider.storeSecret', { name: 'AWS_BEARER_TOKEN_BEDROCK', value: CANARY });
      api().refresh();
      for (const arg of [undefined, { useStoredKey: true }]) {
        const b = await vscode.commands.executeCommand('claudeProvider.testConnection', arg);
        const sent = seen.at(-1);
        assert.ok(sent?.url.startsWith('/model/'), JSON.stringify(sent?.url));
        assert.match(String(sent?.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//, 'signed with SigV4, as Claude Code would');
        assert.deepEqual(b.usedStoredKeys, []);
        assert.equal(b.ok, true, JSON.stringify(b.error));
      }
    } finally {
      server.close();
      await vscode.commands.executeCommand('claudeProvider.forgetSecrets');
    }
  });

  test('the log never holds a secret (canary), and says what happened', () => {
    const lines = api().recentLog();
    assert.ok(lines.some((l) => l.startsWith('switched to anthropic')), 'the switch is logged');
    assert.ok(lines.some((l) => l.startsWith('test connection')), 'the connection test is logged');
    const leaked = lines.filter((l) => l.includes('CANARY'));
    assert.deepEqual(leaked, []);
  });

  test('show request (redacted), devcontainer snippet and comparison view', async () => {
    writeJson(USER_SETTINGS, { env: { ANTHROPIC_API_KEY: CANARY, ANTHROPIC_MODEL: 'sonnet' } });
    api().refresh();
    /** @type {vscode.TextDocument} */
    const req = await vscode.commands.executeCommand('claudeProvider.showRequest');
    assert.match(req.getText(), /^POST \/v1\/messages\?beta=true HTTP\/1\.1$/m);
    assert.match(req.getText(), /^x-api-key: /m);
    assert.ok(!req.getText().includes('CANARY'), 'the key is redacted');
    writeJson(USER_SETTINGS, { env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_PROFILE: 'dev' } });
    api().refresh();
    /** @type {vscode.TextDocument} */
    const dc = await vscode.commands.executeCommand('claudeProvider.exportDevcontainer');
    const json = JSON.parse(dc.getText().replace(/^\/\/.*$/gm, ''));
    assert.equal(json.containerEnv.CLAUDE_CODE_USE_BEDROCK, '1');
    const aws = json.mounts.find((/** @type {string} */ m) => m.includes('/.aws,target=') && m.includes('type=bind'));
    assert.ok(aws, JSON.stringify(json.mounts));
    // Read-only, unless the profile signs in through SSO (its token cache must refresh): then a note says so.
    assert.ok(aws.endsWith(',readonly') || /mounted writable/.test(dc.getText()), dc.getText());
    /** @type {vscode.WebviewPanel} */
    const panel = await vscode.commands.executeCommand('claudeProvider.compareProviders');
    assert.match(panel.webview.html, /FedRAMP/);
    panel.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
