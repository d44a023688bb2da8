// Status bar text, level and tooltip, computed from real resolutions of the core.
import assert from 'node:assert/strict';
import test from 'node:test';
import { core } from 'claude-provider';
import { statusView, keyFacts } from '../../src/model/status.js';

// The core's URL masker, as the extension passes it (src/vscode/snapshot.ts).
const maskUrl = (url: string) => core.shareableValue('ANTHROPIC_BASE_URL', url);
const maskValue = (name: string, value: string) => core.shareableValue(name, value);
const ctx = { home: '/home/me', showModel: true, maskUrl, maskValue };
const resolve = (processEnv: Record<string, string>, settings: unknown[] = []) => core.validate({ processEnv, settings } as never);

test('each provider shows its key facts', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ ANTHROPIC_API_KEY: 'k' }, /^Anthropic · /],
    [{ ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: 'https://user:pw@llm.corp.example' }, /^Anthropic · gateway llm\.corp\.example · /],
    [{ CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1', AWS_PROFILE: 'dev', ANTHROPIC_MODEL: 'opus' }, /^Bedrock · eu-west-1 · opus$/],
    [{ CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'global', ANTHROPIC_VERTEX_PROJECT_ID: 'my-proj' }, /^Vertex · my-proj · global · /],
    [{ CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_RESOURCE: 'my-res', ANTHROPIC_FOUNDRY_API_KEY: 'k' }, /^Foundry · my-res · /],
    [{ CLAUDE_CODE_USE_MANTLE: '1', AWS_REGION: 'us-west-2' }, /^Mantle · us-west-2 · /],
  ];
  for (const [env, re] of cases) {
    const r = resolve(env);
    assert.match(statusView(r, ctx).label, re, JSON.stringify(env));
  }
});

test('the level follows the worst problem; the tooltip names where values came from', () => {
  const ok = statusView(resolve({ CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secretsecret' }), ctx);
  assert.equal(ok.icon, ok.level === 'ok' ? 'cloud' : ok.level);
  const bad = statusView(resolve({ CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'global' }), ctx);
  assert.equal(bad.level, 'error');
  assert.ok(bad.errors >= 1);
  assert.match(bad.tooltip, /VERTEX_PROJECT_MISSING/);
  const layered = resolve({ CLAUDE_CODE_USE_BEDROCK: '1' }, [{ scope: 'user', path: '/home/me/.claude/settings.json', settings: { env: { AWS_REGION: 'ap-south-1' } } }]);
  const plain = (md: string) => md.replace(/\\(.)/g, '$1');
  const v = statusView(layered, ctx);
  assert.match(plain(v.tooltip), /\| Region \| ap-south-1 — AWS_REGION, user settings \(~\/\.claude\/settings\.json\) \|/);
  assert.match(plain(v.tooltip), /CLAUDE_CODE_USE_BEDROCK=1 from process env/);
  const fromVsCode = statusView(layered, { ...ctx, fromVsCode: new Set(['CLAUDE_CODE_USE_BEDROCK']) });
  assert.match(plain(fromVsCode.tooltip), /from VS Code setting claudeCode\.environmentVariables/);
});

test('secrets never reach the label or the tooltip', () => {
  const canary = 'sk-ant-CANARY-status-0123456789';
  const r = resolve({ ANTHROPIC_API_KEY: canary, ANTHROPIC_BASE_URL: `https://u:${canary}@gw.example` });
  const v = statusView(r, ctx);
  assert.ok(!v.label.includes('CANARY') && !v.tooltip.includes('CANARY'));
  assert.deepEqual(keyFacts(r, maskUrl, maskValue), ['gateway gw.example']);
});

test('a credential pasted as the model or the project is not shown (CREDENTIAL_IN_PLAIN_VARIABLE)', () => {
  const canary = 'sk-ant-api03-CANARY-status-0123456789';
  const envs: Record<string, string>[] = [
    { ANTHROPIC_API_KEY: 'k', ANTHROPIC_MODEL: canary },
    { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', ANTHROPIC_DEFAULT_HAIKU_MODEL: canary },
    { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'global', ANTHROPIC_VERTEX_PROJECT_ID: canary },
  ];
  for (const env of envs) {
    const r = resolve(env);
    assert.ok(r.problems.some((p) => p.code === 'CREDENTIAL_IN_PLAIN_VARIABLE'), JSON.stringify(r.problems));
    const v = statusView(r, ctx);
    assert.ok(!v.label.includes('CANARY') && !v.tooltip.includes('CANARY'), `${v.label}\n${v.tooltip}`);
  }
});

test("base URLs are shown as the core masks them: an '@' in the path is not a password, the host stays", () => {
  const plain = (md: string) => md.replace(/\\(.)/g, '$1');
  const canary = 'CANARY-status-url-0123';
  const at = statusView(resolve({ ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: 'https://gw.corp.example/team/me@corp.example/llm' }), ctx);
  assert.match(at.label, /^Anthropic · gateway gw\.corp\.example · /, at.label);
  assert.match(plain(at.tooltip), /\| Endpoint \| https:\/\/gw\.corp\.example\/team\/me@corp\.example\/llm — /);
  const pw = statusView(resolve({ ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: `https://u:${canary}@gw.corp.example/llm?api-key=${canary}` }), ctx);
  assert.ok(!pw.tooltip.includes(canary) && !pw.label.includes(canary), pw.tooltip);
  assert.match(plain(pw.tooltip), /\| Endpoint \| https:\/\/\*\*\*@gw\.corp\.example\/llm — /, 'the credentials are shown masked, as everywhere else');
  assert.match(pw.label, /gateway gw\.corp\.example/);
});

test('showModel off drops the model', () => {
  const r = resolve({ CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1' });
  assert.equal(statusView(r, { ...ctx, showModel: false }).label, 'Bedrock · us-east-1');
});

test('an unusable model: the status says so (no trailing "·"), the tooltip shows what was asked for', () => {
  const r = resolve({ CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1', ANTHROPIC_MODEL: 'claude-opus-4-1@20250805' });
  assert.equal(r.models.main.unusable, true);
  const v = statusView(r, ctx);
  assert.equal(v.label, 'Bedrock · eu-west-1 · model unusable');
  const plain = v.tooltip.replace(/\\(.)/g, '$1');
  assert.match(plain, /\| Model \| `claude-opus-4-1@20250805` unusable, not sent \(see the problems\) — ANTHROPIC_MODEL, process env \|/);
});

test('the tooltip makes no autolink of a URL (it would show the escapes as backslashes)', () => {
  const r = resolve({ ANTHROPIC_BASE_URL: 'https://www.corp.example/v1', ANTHROPIC_AUTH_TOKEN: 't' });
  assert.ok(r.problems.some((p) => p.message.includes('https://www.corp.example/v1')), 'a problem quotes the URL');
  const { tooltip } = statusView(r, ctx);
  // Markdown autolinks both "scheme://" and a bare "www.": the tooltip has the URL, each escaped.
  assert.match(tooltip.replace(/\\(.)/g, '$1'), /https:\/\/www\.corp\.example\/v1/);
  assert.doesNotMatch(tooltip, /(?<!\\):\/\//, 'every "://" is escaped');
  assert.doesNotMatch(tooltip, /www\./, 'every "www." is escaped');
  assert.match(tooltip, /https\\:\/\/www\\\.corp/, 'as "https\\://www\\.corp"');
});

test('"Show Status" text: the same facts and every problem, without codicons, command links or escapes', () => {
  const r = resolve({ CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1', ANTHROPIC_MODEL: 'claude-opus-4-1@20250805', ANTHROPIC_BASE_URL: 'https://llm.corp.example/v1', ANTHROPIC_API_KEY: 'k', ANTHROPIC_SMALL_FAST_MODEL: 'x@y', ANTHROPIC_DEFAULT_OPUS_MODEL: 'a@b' });
  const v = statusView(r, ctx);
  assert.ok(r.problems.length > 5, 'more problems than the tooltip lists');
  assert.match(v.text, /^Claude Provider: Bedrock · eu-west-1 · model unusable\n/);
  assert.match(v.text, /^Region {6}eu-west-1 — AWS_REGION, process env$/m);
  for (const p of r.problems) assert.ok(v.text.includes(`${p.code}: ${p.message}`), p.code);
  assert.doesNotMatch(v.text, /\$\(|command:|\\/);
});

test('multi-root: the tooltip and the status text say which folder\'s project settings are read', () => {
  const r = resolve({ CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1' });
  const v = statusView(r, { ...ctx, folder: { name: 'svc-b', path: '/home/me/src/svc-b', of: 2 } });
  assert.match(v.tooltip.replace(/\\(.)/g, '$1'), /\| Folder \| svc-b \(~\/src\/svc-b\) — the active editor's, of 2 workspace folders: its \.claude\/ settings are read and written \|/);
  assert.match(v.text, /^Folder {6}svc-b \(~\/src\/svc-b\)/m);
  assert.doesNotMatch(statusView(r, ctx).tooltip, /Folder/, 'one folder: no row');
});
