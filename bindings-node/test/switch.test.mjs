// The library's switch (planSwitch / applySwitch), which the CLI and the VS Code extension share;
// and the presentation helpers the extension uses (renderRequest, configSnippets).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { applySwitch, buildRequest, checkEnvEdit, ClaudeProviderError, configSnippets, editEnv, envOverrides, planSwitch, renderRequest, switchProvider } from 'claude-provider';
import { gitProject, runCli, sandbox } from './helpers.mjs';

const CANARY = 'sk-ant-CANARY-switch-0123456789';


function codeOf(f) {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof ClaudeProviderError, String(e));
    return e;
  }
  assert.fail('expected an error');
}

test('planSwitch lists what is missing and writes nothing; applySwitch then refuses with SWITCH_VALUES_MISSING', (t) => {
  const s = sandbox(t);
  const plan = planSwitch({ ...s.base, provider: 'vertex', scope: 'user', values: { region: 'global' } });
  assert.deepEqual(plan.missing.map((v) => v.name), ['ANTHROPIC_VERTEX_PROJECT_ID']);
  assert.equal(plan.missing[0].option, 'project');
  assert.equal(plan.file, join(s.home, '.claude', 'settings.json'));
  assert.ok(!existsSync(plan.file));
  const e = codeOf(() => applySwitch(plan));
  assert.equal(e.code, 'SWITCH_VALUES_MISSING');
  assert.equal(e.envVar, 'ANTHROPIC_VERTEX_PROJECT_ID');
  assert.ok(!existsSync(plan.file));
});

test('switchProvider writes the env block, keeps other keys, and validates the result', (t) => {
  const s = sandbox(t);
  const file = join(s.cwd, '.claude', 'settings.local.json');
  writeFileSync(file, '{\n    "model": "opus",\n    "env": {"CLAUDE_CODE_USE_VERTEX": "1", "KEEP": "x"}\n}\n');
  const r = switchProvider({ ...s.base, provider: 'bedrock', scope: 'local', values: { region: 'eu-west-1' } });
  assert.equal(r.provider, 'bedrock');
  assert.ok(r.backup && existsSync(r.backup));
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(doc.model, 'opus');
  assert.equal(doc.env.KEEP, 'x');
  assert.equal(doc.env.CLAUDE_CODE_USE_BEDROCK, '1');
  assert.equal(doc.env.AWS_REGION, 'eu-west-1');
  assert.ok(!('CLAUDE_CODE_USE_VERTEX' in doc.env));
  assert.match(readFileSync(file, 'utf8'), /^ {4}"model"/m, 'indentation kept');
});

test('switching back lists the other providers\' variables the file keeps and the provider does not read; prune removes them, never a credential, never one the provider reads', (t) => {
  const s = sandbox(t);
  const file = join(s.home, '.claude', 'settings.json');
  writeFileSync(file, JSON.stringify({ env: { ANTHROPIC_API_KEY: CANARY } }));
  const to = (provider, values = {}, prune = false) => switchProvider({ ...s.base, provider, scope: 'user', values, ...(prune ? { prune } : {}) });
  const bedrock = to('bedrock', { region: 'us-west-2' });
  assert.deepEqual(bedrock.leftover, ['ANTHROPIC_API_KEY'], 'the key Bedrock ignores');
  assert.deepEqual(to('vertex', { region: 'us-east5', project: 'my-proj' }).leftover, ['ANTHROPIC_API_KEY', 'AWS_REGION']);
  const back = to('anthropic');
  assert.deepEqual(back.removed, ['CLAUDE_CODE_USE_VERTEX']);
  assert.deepEqual(back.leftover, ['AWS_REGION', 'CLOUD_ML_REGION', 'ANTHROPIC_VERTEX_PROJECT_ID']);
  assert.deepEqual(back.pruned, []);
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(file, 'utf8')).env), ['ANTHROPIC_API_KEY', 'AWS_REGION', 'CLOUD_ML_REGION', 'ANTHROPIC_VERTEX_PROJECT_ID'], 'left, not removed');
  // A switch back to Bedrock needs no --region: the file still has it.
  assert.deepEqual(planSwitch({ ...s.base, provider: 'bedrock', scope: 'user' }).missing, []);
  const pruned = to('anthropic', {}, true);
  assert.deepEqual(pruned.pruned, ['AWS_REGION', 'CLOUD_ML_REGION', 'ANTHROPIC_VERTEX_PROJECT_ID']);
  assert.deepEqual(pruned.leftover, []);
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).env, { ANTHROPIC_API_KEY: CANARY }, 'the key the provider reads stays');
  // A credential of another provider is listed, never pruned.
  const onBedrock = to('bedrock', { region: 'us-west-2' }, true);
  assert.deepEqual([onBedrock.leftover, onBedrock.pruned], [['ANTHROPIC_API_KEY'], []]);
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).env.ANTHROPIC_API_KEY, CANARY);
  // Mantle reads Bedrock's API key (its bearer auth), though it is not in Mantle's setup: not a
  // leftover (the core's resolution decides, not the setup lists); AWS_REGION is Mantle's own.
  writeFileSync(file, JSON.stringify({ env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1', AWS_BEARER_TOKEN_BEDROCK: 'CANARY-bedrock-api-key', CLOUD_ML_REGION: 'global' } }));
  const mantle = to('mantle', {}, true);
  assert.deepEqual(mantle.pruned, ['CLOUD_ML_REGION']);
  assert.deepEqual(mantle.leftover, []);
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).env, { AWS_REGION: 'eu-west-1', AWS_BEARER_TOKEN_BEDROCK: 'CANARY-bedrock-api-key', CLAUDE_CODE_USE_MANTLE: '1' });
  assert.ok(!JSON.stringify(planSwitch({ ...s.base, provider: 'anthropic', scope: 'user' })).includes('CANARY'), 'names only, never values');
});

test('a secret: 0600, never in the plan JSON, and leaveUnset lets the caller keep it out of the file', (t) => {
  const s = sandbox(t);
  const plan = planSwitch({ ...s.base, provider: 'anthropic', scope: 'user', values: { apiKey: CANARY } });
  assert.ok(plan.writesSecret);
  assert.equal(plan.mode, 0o600);
  assert.ok(!JSON.stringify(plan).includes('CANARY'), 'the plan never serializes the secret');
  const r = applySwitch(plan);
  assert.equal(statSync(r.file).mode & 0o777, 0o600);

  // No key asked for (Claude Code also signs in with /login or a gateway's token), but with
  // no credential at all the switch leaves ANTHROPIC_NO_CREDENTIALS, unless the caller keeps
  // the key out of the file on purpose.
  const s2 = sandbox(t);
  const noKey = planSwitch({ ...s2.base, provider: 'anthropic', scope: 'user' });
  assert.deepEqual(noKey.missing, []);
  assert.deepEqual(noKey.errors.map((p) => p.code), ['ANTHROPIC_NO_CREDENTIALS']);
  assert.equal(codeOf(() => applySwitch(noKey)).code, 'SWITCH_LEAVES_ERRORS');
  const written = applySwitch(noKey, { leaveUnset: ['ANTHROPIC_API_KEY'] });
  assert.equal(statSync(written.file).mode & 0o777, 0o644);
  assert.ok(!readFileSync(written.file, 'utf8').includes('ANTHROPIC_API_KEY'));
});

test('switching to Anthropic after /login, or with a gateway token, needs no API key', (t) => {
  const s = sandbox(t);
  writeFileSync(join(s.home, '.claude', '.credentials.json'), '{"claudeAiOauth": {"accessToken": "sk-ant-oat01-CANARY"}}');
  writeFileSync(join(s.home, '.claude', 'settings.json'), '{"env": {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-east-1"}}');
  const r = switchProvider({ ...s.base, provider: 'anthropic', scope: 'user' });
  assert.equal(r.provider, 'anthropic');
  assert.deepEqual(r.problems.map((p) => p.code), ['CLAUDE_LOGIN_NOT_MODELLED']);
  const env = JSON.parse(readFileSync(r.file, 'utf8')).env;
  assert.equal(env.ANTHROPIC_API_KEY, undefined);
  assert.equal(env.CLAUDE_CODE_USE_BEDROCK, undefined);

  const g = sandbox(t);
  const gateway = { ...g.base, env: { ...g.base.env, ANTHROPIC_BASE_URL: 'https://llm.corp.example', ANTHROPIC_AUTH_TOKEN: 'gw-CANARY-token' } };
  const plan = planSwitch({ ...gateway, provider: 'anthropic', scope: 'user' });
  assert.deepEqual([plan.missing, plan.errors], [[], []]);
  assert.ok(!JSON.stringify(plan).includes('CANARY'));
});

test('a higher scope that wins is SWITCH_OVERRIDDEN; errors after the edit are SWITCH_LEAVES_ERRORS unless forced', (t) => {
  const s = sandbox(t);
  writeFileSync(join(s.cwd, '.claude', 'settings.local.json'), '{"env": {"CLAUDE_CODE_USE_BEDROCK": "1"}}');
  const over = codeOf(() => switchProvider({ ...s.base, provider: 'foundry', scope: 'user', values: { resource: 'r1' } }));
  assert.equal(over.code, 'SWITCH_OVERRIDDEN');
  assert.match(over.message, /still use bedrock/);
  const plan = planSwitch({ ...s.base, provider: 'bedrock', scope: 'project', values: { region: 'us-east-1', baseUrl: 'not a url' } });
  assert.ok(plan.errors.length > 0, JSON.stringify(plan.problems));
  assert.equal(codeOf(() => applySwitch(plan)).code, 'SWITCH_LEAVES_ERRORS');
  assert.ok(!existsSync(plan.file));
  applySwitch(plan, { force: true });
  assert.equal(JSON.parse(readFileSync(plan.file, 'utf8')).env.ANTHROPIC_BEDROCK_BASE_URL, 'not a url');
});

test('a selector a higher scope turns on is reported as still on, not "cancelled" by a "" this scope cannot override', (t) => {
  const s = sandbox(t);
  const managed = join(s.dir, 'managed-settings.json');
  writeFileSync(managed, '{"env": {"CLAUDE_CODE_USE_VERTEX": "1", "ANTHROPIC_VERTEX_PROJECT_ID": "p"}}');
  const base = { ...s.base, managedSettingsPath: managed, env: { ...s.base.env, CLAUDE_CODE_USE_FOUNDRY: '1' } };
  const res = switchProvider({ ...base, provider: 'bedrock', scope: 'user', values: { region: 'eu-west-1' } });
  // The shell's Foundry selector is cancelled by "" in user settings; managed's Vertex one cannot be.
  assert.deepEqual(res.cleared, ['CLAUDE_CODE_USE_FOUNDRY']);
  assert.deepEqual(res.stillOn, [{ name: 'CLAUDE_CODE_USE_VERTEX', file: managed }]);
  const env = JSON.parse(readFileSync(res.file, 'utf8')).env;
  assert.equal(env.CLAUDE_CODE_USE_FOUNDRY, '');
  assert.ok(!('CLAUDE_CODE_USE_VERTEX' in env), 'no useless "" for a value set above');
  const conflict = res.problems.find((p) => p.code === 'PROVIDER_CONFLICT');
  assert.equal(conflict.file, managed, 'the conflict names the file that sets the other selector');
  assert.ok(conflict.message.includes(`CLAUDE_CODE_USE_VERTEX (in ${managed})`), conflict.message);

  // Off above ("0"): not "still on". On in the shell and in this file while a higher layer
  // cancels it: "" here still (that layer may go), never the file's old "1" kept.
  writeFileSync(managed, '{"env": {"CLAUDE_CODE_USE_VERTEX": "0", "CLAUDE_CODE_USE_FOUNDRY": ""}}');
  writeFileSync(res.file, '{"env": {"CLAUDE_CODE_USE_FOUNDRY": "1"}}');
  const again = switchProvider({ ...base, provider: 'bedrock', scope: 'user', values: { region: 'eu-west-1' } });
  assert.deepEqual(again.stillOn, []);
  assert.deepEqual(again.cleared, ['CLAUDE_CODE_USE_FOUNDRY']);
  assert.equal(JSON.parse(readFileSync(res.file, 'utf8')).env.CLAUDE_CODE_USE_FOUNDRY, '');
});

test('renderRequest (http, curl) redacts secrets unless revealed; configSnippets leaves secrets out', () => {
  const config = { processEnv: { ANTHROPIC_API_KEY: CANARY, ANTHROPIC_MODEL: 'sonnet' } };
  const { request } = buildRequest({ config, body: { max_tokens: 1, messages: [] }, now: 0 });
  const http = renderRequest(request, 'http', false);
  assert.match(http, /^POST \/v1\/messages\?beta=true HTTP\/1\.1\nHost: api\.anthropic\.com\n/);
  assert.ok(!http.includes('CANARY'));
  assert.ok(renderRequest(request, 'curl', true).includes(CANARY));
  const sn = configSnippets({ config });
  assert.ok(!sn.settingsJson.includes('CANARY') && !sn.devcontainerJson.includes('CANARY'));
  assert.deepEqual(sn.secretVars, ['ANTHROPIC_API_KEY']);
  assert.match(sn.devcontainerJson, /localEnv:ANTHROPIC_API_KEY/);
});

test('editEnv sets and removes variables with the same guarantees (0600 with a secret, other keys kept)', (t) => {
  const s = sandbox(t);
  const file = join(s.home, '.claude', 'settings.json');
  writeFileSync(file, '{"theme": "dark", "env": {"OLD": "1"}}\n');
  const r = editEnv({ ...s.base, scope: 'user', set: { ANTHROPIC_API_KEY: CANARY, OLD: null } });
  assert.deepEqual([r.set, r.removed, r.mode], [['ANTHROPIC_API_KEY'], ['OLD'], '0600']);
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  assert.deepEqual(doc, { theme: 'dark', env: { ANTHROPIC_API_KEY: CANARY } });
  assert.ok(!JSON.stringify(r).includes('CANARY'));
  assert.ok(r.backup && readFileSync(r.backup, 'utf8').includes('"OLD"'));
});

test('a settings file that starts with a byte order mark is edited (Claude Code skips the BOM; so do the loader and the editor), and keeps it', (t) => {
  const s = sandbox(t);
  const file = join(s.home, '.claude', 'settings.json');
  writeFileSync(file, '\ufeff{"env": {"AWS_REGION": "eu-west-1"}}\n');
  const r = editEnv({ ...s.base, scope: 'user', set: { ANTHROPIC_MODEL: 'opus' } });
  assert.deepEqual(r.set, ['ANTHROPIC_MODEL']);
  const text = readFileSync(file, 'utf8');
  assert.equal(text.charCodeAt(0), 0xfeff, 'the BOM stays');
  assert.deepEqual(JSON.parse(text.slice(1)).env, { AWS_REGION: 'eu-west-1', ANTHROPIC_MODEL: 'opus' });
  const sw = switchProvider({ ...s.base, provider: 'bedrock', scope: 'user', values: { region: 'eu-west-2' } });
  assert.equal(sw.provider, 'bedrock');
  assert.equal(JSON.parse(readFileSync(file, 'utf8').slice(1)).env.AWS_REGION, 'eu-west-2');
});

test('applySwitch and editEnv refuse a secret into a file git would pick up, even before its folder exists', (t) => {
  const s = sandbox(t);
  rmSync(join(s.cwd, '.claude'), { recursive: true });
  const git = gitProject(t, s);
  if (!git) return;
  const plan = planSwitch({ ...s.base, provider: 'anthropic', scope: 'project', values: { apiKey: CANARY } });
  const refused = codeOf(() => applySwitch(plan));
  assert.equal(refused.code, 'SECRET_IN_TRACKED_FILE');
  // The project file is meant to be committed: the fix is the local or user scope, not .gitignore.
  assert.match(refused.help, /local scope .*--scope local.*settings\.local\.json.* or the user scope/);
  assert.doesNotMatch(refused.help, /gitignore/);
  const edit = codeOf(() => editEnv({ ...s.base, scope: 'project', set: { ANTHROPIC_API_KEY: CANARY } }));
  assert.equal(edit.code, 'SECRET_IN_TRACKED_FILE');
  assert.doesNotMatch(edit.help, /gitignore/);
  assert.ok(!existsSync(join(s.cwd, '.claude')));
  assert.equal(git('status', '--porcelain', '--untracked-files=all').stdout, '', 'no exclude line for the project scope');
  writeFileSync(join(s.cwd, '.gitignore'), '.claude/settings.local.json\n');
  const r = applySwitch(planSwitch({ ...s.base, provider: 'anthropic', scope: 'local', values: { apiKey: CANARY } }));
  assert.equal(r.file, join(s.cwd, '.claude', 'settings.local.json'));
  assert.equal(statSync(r.file).mode & 0o777, 0o600);
  assert.equal(r.ignoredBy, null, 'ignored already');
});

test('editEnv creating the local file makes git ignore it first, as a switch does, so a secret moved there is not refused', (t) => {
  const s = sandbox(t);
  const git = gitProject(t, s);
  if (!git) return;
  const r = editEnv({ ...s.base, scope: 'local', set: { ANTHROPIC_API_KEY: CANARY } });
  assert.equal(r.file, join(s.cwd, '.claude', 'settings.local.json'));
  assert.match(r.ignoredBy ?? '', /info[\\/]exclude$/);
  assert.equal(statSync(r.file).mode & 0o777, 0o600);
  assert.equal(git('status', '--porcelain', '--untracked-files=all').stdout, '');
  // The file exists now: a second edit leaves the exclude file alone.
  assert.equal(editEnv({ ...s.base, scope: 'local', set: { AWS_REGION: 'us-east-1' } }).ignoredBy, null);
});

test('a local switch that creates .claude/settings.local.json makes git ignore it in the repository\'s exclude file, so a secret may go in', (t) => {
  const s = sandbox(t);
  const git = gitProject(t, s);
  if (!git) return;
  // The project is a subdirectory of the repository, whose exclude file ends without a newline.
  const project = join(s.cwd, 'sub dir[1]');
  mkdirSync(project);
  const exclude = join(s.cwd, '.git', 'info', 'exclude');
  writeFileSync(exclude, '# mine\n*.log');
  const base = { ...s.base, cwd: project };
  const r = switchProvider({ ...base, provider: 'anthropic', scope: 'local', values: { apiKey: CANARY } });
  const file = join(project, '.claude', 'settings.local.json');
  assert.deepEqual([r.file, r.ignoredBy], [file, exclude]);
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).env.ANTHROPIC_API_KEY, CANARY);
  assert.equal(readFileSync(exclude, 'utf8'), '# mine\n*.log\n/sub dir\\[1]/.claude/settings.local.json\n');
  assert.equal(git('status', '--porcelain', '--untracked-files=all').stdout, '', 'git sees nothing new');
  // Created again: ignored already, the line is not added twice.
  rmSync(file);
  assert.equal(switchProvider({ ...base, provider: 'bedrock', scope: 'local', values: { region: 'eu-west-1' } }).ignoredBy, null);
  assert.equal(readFileSync(exclude, 'utf8').match(/settings\.local\.json/g).length, 1);
  // The project scope is meant to be committed: never ignored.
  assert.equal(switchProvider({ ...base, provider: 'bedrock', scope: 'project', values: { region: 'eu-west-1' } }).ignoredBy, null);
  assert.equal(git('status', '--porcelain', '-z', '--untracked-files=all').stdout, '?? sub dir[1]/.claude/settings.json\0');

  // A git worktree: its exclude file is the repository's (`git rev-parse --git-path info/exclude`).
  const c = (...a) => git('-c', 'user.name=t', '-c', 'user.email=t@example.com', ...a);
  c('commit', '-q', '--allow-empty', '-m', 'init');
  const wt = join(s.dir, 'wt');
  assert.equal(git('worktree', 'add', '-q', wt).status, 0);
  const inWt = switchProvider({ ...s.base, cwd: wt, provider: 'anthropic', scope: 'local', values: { apiKey: CANARY } });
  assert.equal(inWt.ignoredBy, exclude);
  assert.match(readFileSync(exclude, 'utf8'), /^\/\.claude\/settings\.local\.json$/m);

  // Not a repository: nothing to do.
  assert.equal(switchProvider({ ...s.base, cwd: join(s.dir, 'home'), provider: 'bedrock', scope: 'local', values: { region: 'eu-west-1' } }).ignoredBy, null);
});

test('every backup goes to backups/ beside the user settings file (0600, never in the project); the newest 5 of each file are kept', (t) => {
  const s = sandbox(t);
  const git = gitProject(t, s);
  if (!git) return;
  const backups = join(s.home, '.claude', 'backups');
  const region = (i) => ({ region: `eu-west-${i}` });
  const made = [];
  for (let i = 1; i <= 8; i++) made.push(switchProvider({ ...s.base, provider: 'bedrock', scope: 'project', values: region(i) }).backup);
  assert.equal(made[0], null, 'no file before the first switch');
  assert.equal(git('status', '--porcelain', '--untracked-files=all').stdout, '?? .claude/settings.json\n', 'no backup in the project');
  for (const b of made.slice(1)) {
    assert.equal(join(b, '..'), backups);
    assert.match(b, /proj-\.claude-settings\.json\.[0-9a-f]{8}\.\d{8}T\d{6}\.\d{3}Z(-\d+)?\.bak$/);
  }
  assert.equal(statSync(made[7]).mode & 0o777, 0o600);
  assert.equal(JSON.parse(readFileSync(made[7], 'utf8')).env.AWS_REGION, 'eu-west-7', 'the file before the last switch');
  assert.deepEqual(made.slice(1).map((b) => existsSync(b)), [false, false, true, true, true, true, true], 'the newest 5 kept');
  // Another file's backups (the user settings, edited by editEnv) are not counted with them, nor deleted.
  writeFileSync(join(s.home, '.claude', 'settings.json'), '{}\n');
  const user = editEnv({ ...s.base, scope: 'user', set: { MY_VAR: 'x' } }).backup;
  assert.equal(join(user, '..'), backups);
  const last = switchProvider({ ...s.base, provider: 'bedrock', scope: 'project', values: region(9) }).backup;
  const names = (paths) => paths.map((p) => p.slice(backups.length + 1)).sort();
  assert.deepEqual(readdirSync(backups).sort(), ['.gitignore', ...names([...made.slice(4), last, user])]);
});

test('a deep project path gives backup names short enough for the file system (the end of the path and a hash), and its backups are still pruned to the newest 5', (t) => {
  const s = sandbox(t);
  const cwd = join(s.cwd, ...Array.from({ length: 8 }, (_, i) => `a-rather-long-directory-name-${i}`));
  assert.ok(cwd.length > 220, cwd);
  mkdirSync(join(cwd, '.claude'), { recursive: true });
  const backups = join(s.home, '.claude', 'backups');
  const made = [];
  for (let i = 1; i <= 8; i++) made.push(switchProvider({ ...s.base, cwd, provider: 'bedrock', scope: 'project', values: { region: `eu-west-${i}` } }).backup);
  const edited = editEnv({ ...s.base, cwd, scope: 'project', set: { MY_VAR: 'x' } }).backup;
  for (const b of [...made.slice(1), edited]) {
    const name = b.slice(backups.length + 1);
    assert.ok(Buffer.byteLength(name) <= 128, `${name.length}: ${name}`);
    assert.match(name, /^[^-].*name-7-\.claude-settings\.json\.[0-9a-f]{8}\.\d{8}T\d{6}\.\d{3}Z(-\d+)?\.bak$/);
  }
  assert.deepEqual(readdirSync(backups).filter((f) => f !== '.gitignore').length, 5, 'the newest 5 kept');
  assert.ok(existsSync(edited));
});

test('editEnv refuses a value a higher-precedence layer overrides (SWITCH_OVERRIDDEN, naming the variable and the file), as the core resolves it', (t) => {
  const s = sandbox(t);
  const user = join(s.home, '.claude', 'settings.json');
  const project = join(s.cwd, '.claude', 'settings.json');
  const local = join(s.cwd, '.claude', 'settings.local.json');
  const extra = join(s.dir, 'team.json');
  const managed = s.base.managedSettingsPath;
  writeFileSync(user, '{"env": {"CLAUDE_CODE_USE_BEDROCK": "1"}}\n');
  const userText = readFileSync(user, 'utf8');
  const refused = (opts, envVar, file) => {
    const e = codeOf(() => editEnv(opts));
    assert.equal(e.code, 'SWITCH_OVERRIDDEN', e.message);
    assert.equal(e.envVar, envVar);
    assert.equal(e.file, file);
    assert.ok(e.message.includes(file) && e.message.includes(envVar), e.message);
    return e;
  };

  // A higher scope (local over project over user), a --settings file, the managed settings.
  writeFileSync(local, '{"env": {"AWS_REGION": "mars-1"}}');
  refused({ ...s.base, scope: 'user', set: { AWS_REGION: 'us-west-2' } }, 'AWS_REGION', local);
  refused({ ...s.base, scope: 'project', set: { AWS_REGION: 'us-west-2' } }, 'AWS_REGION', local);
  assert.equal(readFileSync(user, 'utf8'), userText, 'nothing written');
  assert.ok(!existsSync(project));
  // A blank value above still wins (it cancels the value below: Claude Code sees it unset).
  writeFileSync(local, '{"env": {"AWS_REGION": ""}}');
  refused({ ...s.base, scope: 'user', set: { AWS_REGION: 'us-west-2' } }, 'AWS_REGION', local);
  rmSync(local);
  writeFileSync(extra, '{"env": {"AWS_REGION": "mars-1"}}');
  const cli = refused({ ...s.base, settingsFiles: [extra], scope: 'local', set: { AWS_REGION: 'us-west-2' } }, 'AWS_REGION', extra);
  assert.match(cli.message, /--settings/);
  writeFileSync(managed, '{"env": {"AWS_REGION": "mars-1"}}');
  const m = refused({ ...s.base, scope: 'local', set: { AWS_REGION: 'us-west-2' } }, 'AWS_REGION', managed);
  assert.match(m.message, /managed/);
  // A secret is named, never shown.
  writeFileSync(managed, `{"env": {"ANTHROPIC_API_KEY": "${CANARY}"}}`);
  const key = refused({ ...s.base, scope: 'user', set: { ANTHROPIC_API_KEY: 'sk-ant-other-0123456789' } }, 'ANTHROPIC_API_KEY', managed);
  assert.ok(!JSON.stringify(key).includes('CANARY') && !key.message.includes('sk-ant-other'), key.message);
  // A variable the core does not know: the same rule, from the core's effective environment.
  writeFileSync(managed, '{"env": {"MY_TEAM_VAR": "a"}}');
  refused({ ...s.base, scope: 'local', set: { MY_TEAM_VAR: 'b' } }, 'MY_TEAM_VAR', managed);
  rmSync(managed);
  assert.ok(!existsSync(local) && readFileSync(user, 'utf8') === userText, 'no refusal wrote anything');

  // Where the value wins: written. The same value above changes nothing: written too. Removing is never refused.
  writeFileSync(project, '{"env": {"AWS_REGION": "eu-west-1"}}');
  assert.equal(editEnv({ ...s.base, scope: 'local', set: { AWS_REGION: 'us-west-2' } }).file, local);
  assert.equal(editEnv({ ...s.base, scope: 'user', set: { AWS_REGION: 'us-west-2' } }).file, user);
  assert.deepEqual(editEnv({ ...s.base, scope: 'project', set: { AWS_REGION: null } }).removed, ['AWS_REGION']);
});

test('envOverrides / checkEnvEdit: which layer would override a value written in a scope, before asking for the value', (t) => {
  const s = sandbox(t);
  const local = join(s.cwd, '.claude', 'settings.local.json');
  const extra = join(s.dir, 'team.json');
  writeFileSync(local, '{"env": {"AWS_REGION": "mars-1", "MY_TEAM_VAR": "x"}}');
  writeFileSync(extra, '{"env": {"ANTHROPIC_MODEL": "opus"}}');
  const base = { ...s.base, settingsFiles: [extra] };
  const names = ['AWS_REGION', 'MY_TEAM_VAR', 'ANTHROPIC_MODEL', 'AWS_PROFILE'];
  assert.deepEqual(envOverrides({ ...base, scope: 'user', names }), [
    { envVar: 'AWS_REGION', file: local, scope: 'local' },
    { envVar: 'MY_TEAM_VAR', file: local, scope: 'local' },
    { envVar: 'ANTHROPIC_MODEL', file: extra, scope: 'cli' },
  ]);
  assert.deepEqual(envOverrides({ ...base, scope: 'local', names }), [{ envVar: 'ANTHROPIC_MODEL', file: extra, scope: 'cli' }]);
  const e = codeOf(() => checkEnvEdit({ ...base, scope: 'project', names: ['AWS_PROFILE', 'AWS_REGION'] }));
  assert.deepEqual([e.code, e.envVar, e.file], ['SWITCH_OVERRIDDEN', 'AWS_REGION', local]);
  checkEnvEdit({ ...base, scope: 'local', names: ['AWS_REGION'] });
});

test('switch refuses to write a value a higher-precedence file overrides (library and CLI), naming the variable and the file', async (t) => {
  const s = sandbox(t);
  const user = join(s.home, '.claude', 'settings.json');
  const project = join(s.cwd, '.claude', 'settings.json');
  writeFileSync(project, '{"env": {"AWS_REGION": "us-east-1"}}\n');
  const plan = planSwitch({ ...s.base, provider: 'bedrock', scope: 'user', values: { region: 'eu-west-1' } });
  assert.deepEqual(plan.overridden, [{ envVar: 'AWS_REGION', file: project, scope: 'project' }]);
  const e = codeOf(() => applySwitch(plan, { force: true }));
  assert.deepEqual([e.code, e.envVar, e.file], ['SWITCH_OVERRIDDEN', 'AWS_REGION', project]);
  assert.ok(!existsSync(user), 'nothing written');
  // The same value: nothing is overridden. The selector another layer sets to "1" too is not either.
  assert.deepEqual(planSwitch({ ...s.base, provider: 'bedrock', scope: 'user', values: { region: 'us-east-1' } }).overridden, []);

  const cli = await runCli(['switch', 'bedrock', '--region', 'eu-west-1', '--json'], { home: s.home, cwd: s.cwd });
  assert.equal(cli.status, 1, cli.stderr);
  const { error } = JSON.parse(cli.stdout);
  assert.deepEqual([error.code, error.envVar, error.file], ['SWITCH_OVERRIDDEN', 'AWS_REGION', project]);
  assert.ok(!existsSync(user), 'the CLI wrote nothing');
  const text = await runCli(['switch', 'bedrock', '--region', 'eu-west-1'], { home: s.home, cwd: s.cwd });
  assert.match(text.stderr, /SWITCH_OVERRIDDEN: AWS_REGION is set in the project settings/);
  // In the scope that wins, the switch goes through.
  const ok = await runCli(['switch', 'bedrock', '--region', 'eu-west-1', '--scope', 'local'], { home: s.home, cwd: s.cwd });
  assert.equal(ok.status, 0, ok.stderr);
});
