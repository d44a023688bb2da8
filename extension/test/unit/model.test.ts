// The rest of the pure logic: fixes, locating a variable, sign-in commands, profiles,
// claudeCode.environmentVariables, log redaction.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';
import { core, refusedValues, shareableJson, type SwitchResult } from 'claude-provider';
import { mirrorDecision, mirrorLevel, updatedEnvironmentVariables, parseEnvironmentVariables, processEnvFor } from '../../src/model/environment.js';
import { fixesFor, problemsAfterEdit, scopeSetting, suggestedValue, uniqueFixes } from '../../src/model/fixes.js';
import { leftoverNote, modelLabel, switchedLine } from '../../src/model/labels.js';
import { locateVariable, syntaxSpan } from '../../src/model/locate.js';
import { parseProfiles, profileFromRoute, profileItem, profileNamed, profileOf, profilesFrom, safeProfileValues, withProfile } from '../../src/model/profiles.js';
import { Redactor } from '../../src/model/redact.js';
import { editorHelp, valueProblem } from '../../src/model/values.js';
import { authUses, storedKeyCandidates } from '../../src/model/storedKeys.js';
import { signInPlan, type SignInPlan, type SignInSkip } from '../../src/model/signin.js';

const validate = (processEnv: Record<string, string>, settings: unknown[] = []) => core.validate({ processEnv, settings } as never);
// The core's URL masker, as the extension passes it (src/vscode/snapshot.ts).
const maskUrl = (url: string) => core.shareableValue('ANTHROPIC_BASE_URL', url);

test('a missing value offers to set the variable; a selector conflict offers to switch', () => {
  const r = validate({ CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'global' });
  const p = r.problems.find((x) => x.code === 'VERTEX_PROJECT_MISSING')!;
  assert.deepEqual(fixesFor(p, r), [{ kind: 'setVariable', title: 'Set ANTHROPIC_VERTEX_PROJECT_ID…', name: 'ANTHROPIC_VERTEX_PROJECT_ID' }]);
  const both = validate({ CLAUDE_CODE_USE_VERTEX: '1', CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', CLOUD_ML_REGION: 'global', ANTHROPIC_VERTEX_PROJECT_ID: 'p' });
  const conflict = both.problems.find((x) => x.code === 'PROVIDER_CONFLICT')!;
  assert.ok(fixesFor(conflict, both).some((f) => f.kind === 'switch'));
});

test('a secret in the project file is moved out, never set in place; an ignored first-party variable is removed', () => {
  const file = '/w/.claude/settings.json';
  const env = { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', ANTHROPIC_API_KEY: 'sk-ant-api03-' + 'x'.repeat(40), AWS_BEARER_TOKEN_BEDROCK: 'sk-ant-api03-' + 'y'.repeat(40) };
  const r = validate({}, [{ scope: 'project', path: file, settings: { env } }]);
  for (const name of ['ANTHROPIC_API_KEY', 'AWS_BEARER_TOKEN_BEDROCK']) {
    const p = r.problems.find((x) => x.code === 'SECRET_IN_PROJECT_SETTINGS' && x.envVar === name)!;
    const fixes = fixesFor(p, r);
    assert.ok(!fixes.some((f) => f.kind === 'setVariable'), `no "Set ${name}…": ${fixes.map((f) => f.title).join(', ')}`);
    assert.deepEqual(fixes.find((f) => f.kind === 'moveSecret'), { kind: 'moveSecret', title: `Move ${name} out of .claude/settings.json…`, name });
  }
  // Another problem with that secret (an Anthropic key as a Bedrock token) does not set it in place either.
  const wrong = r.problems.find((x) => x.code === 'CREDENTIAL_WRONG_VARIABLE' && x.envVar === 'AWS_BEARER_TOKEN_BEDROCK');
  assert.ok(wrong, r.problems.map((x) => x.code).join(', '));
  assert.deepEqual(fixesFor(wrong, r).map((f) => f.kind), ['open', 'moveSecret']);
  const ignored = r.problems.find((x) => x.code === 'FIRST_PARTY_VARS_IGNORED')!;
  const fixes = fixesFor(ignored, r);
  assert.ok(!fixes.some((f) => f.kind === 'setVariable'));
  assert.deepEqual(fixes.find((f) => f.kind === 'removeVariable'), { kind: 'removeVariable', title: 'Remove ANTHROPIC_API_KEY from settings.json', name: 'ANTHROPIC_API_KEY', scope: 'project' });
});

test('two problems about one variable offer one "Set VAR…", prefilled with the value the help names', () => {
  const r = validate({}, [{ scope: 'project', path: '/w/.claude/settings.json', settings: { env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', ANTHROPIC_MODEL: 'claude-opus-4-1@20250805' } } }]);
  const about = r.problems.filter((p) => p.envVar === 'ANTHROPIC_MODEL' && p.severity === 'error');
  assert.ok(about.length >= 2, about.map((p) => p.code).join(', '));
  const sets = uniqueFixes(about.flatMap((p) => fixesFor(p, r))).filter((f) => f.kind === 'setVariable');
  assert.deepEqual(sets, [{ kind: 'setVariable', title: 'Set ANTHROPIC_MODEL…', name: 'ANTHROPIC_MODEL', suggested: 'us.anthropic.claude-opus-4-1-20250805-v1:0' }]);
  assert.equal(suggestedValue('Set ANTHROPIC_MODEL to a bare model ID.'), undefined);
});

test('a problem in a settings file opens that file; missing AWS credentials offer a sign-in', () => {
  const file = '/home/me/.claude/settings.json';
  const r = validate({}, [{ scope: 'user', path: file, settings: { env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'mars-1' } } }]);
  const p = r.problems.find((x) => x.code === 'BEDROCK_REGION_INVALID')!;
  const fixes = fixesFor(p, r);
  assert.deepEqual(fixes[0], { kind: 'open', title: 'Open settings.json', file, name: 'AWS_REGION' });
  // Missing credentials are a runtime finding (the JS credential chain found none).
  const rc = core.validate({ processEnv: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1' }, credentialsCheck: 'notFound' } as never);
  const noCreds = rc.problems.find((x) => x.code === 'AWS_NO_CREDENTIALS')!;
  assert.deepEqual(fixesFor(noCreds, rc).find((f) => f.kind === 'signIn'), { kind: 'signIn', title: 'Sign in to AWS' });
  // Claude Platform on Google Cloud has its own code, with the same sign-in.
  const gc = core.validate({ processEnv: { CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD: '1', ANTHROPIC_GOOGLE_CLOUD_PROJECT: 'p', ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID: 'w' }, credentialsCheck: 'notFound' } as never);
  const noGoogle = gc.problems.find((x) => x.code === 'GOOGLE_CLOUD_NO_CREDENTIALS')!;
  assert.deepEqual(fixesFor(noGoogle, gc).find((f) => f.kind === 'signIn'), { kind: 'signIn', title: 'Sign in to Google Cloud' });
});

test('locateVariable finds env.NAME, survives broken JSON, and falls back to line 0', () => {
  const text = '{\n  "model": "opus",\n  "env": {\n    "AWS_REGION": "x"\n  }\n}\n';
  assert.deepEqual(locateVariable(text, 'AWS_REGION'), { line: 3, character: 4, length: 12 });
  assert.deepEqual(locateVariable(text), { line: 2, character: 2, length: 5 });
  assert.deepEqual(locateVariable('{"env": {"A": 1,,, "AWS_REGION"', 'AWS_REGION').line, 0);
  assert.deepEqual(locateVariable('not json', 'NOPE'), { line: 0, character: 0, length: 0 });
});

test('syntaxSpan puts the core\'s JSON mistake at its line and column, in UTF-16 units', () => {
  const text = '{\n  "model": "opus",\n  "env": {\n    "A": "1",\n  }\n}\n';
  const found = core.settingsSyntax(text, '/h/.claude/settings.json')!;
  assert.match(found.problem.message, new RegExp(`settings\\.json:${found.line}:${found.column}: invalid JSON`));
  assert.deepEqual(syntaxSpan(text, found.line, found.column), { line: found.line - 1, character: found.column - 1, length: 1 });
  assert.equal(text.split('\n')[found.line - 1]![found.column - 1], ',', 'at the trailing comma');
  // A character outside the BMP before the mistake is two UTF-16 units.
  assert.deepEqual(syntaxSpan('{"a": "😀", x}', 1, 12), { line: 0, character: 12, length: 1 });
});

test('sign-in commands are argument arrays for the active provider and the AWS flow the core found', () => {
  const home = { awsConfig: { path: '/h/.aws/config', text: '[profile sso-dev]\nsso_session = corp\n[sso-session corp]\nsso_start_url = https://x\n[profile keys]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = s\n[profile web]\nlogin_session = arn:aws:iam::1:user/x\n' } };
  const aws = (extra: Record<string, string>) => core.validate({ processEnv: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', ...extra }, home } as never);
  assert.deepEqual(signInPlan(aws({ AWS_PROFILE: 'sso-dev' })), { command: 'aws', args: ['sso', 'login', '--profile', 'sso-dev'], title: 'aws sso login --profile sso-dev' });
  assert.deepEqual((signInPlan(aws({ AWS_PROFILE: 'web' })) as SignInPlan).args, ['login', '--profile', 'web']);
  assert.deepEqual((signInPlan(aws({ AWS_PROFILE: 'nope' })) as SignInPlan).args, ['configure', 'sso', '--profile', 'nope']);
  assert.deepEqual((signInPlan(aws({})) as SignInPlan).args, ['configure', 'sso']);
  assert.deepEqual(signInPlan(aws({ AWS_PROFILE: 'keys' })), { reason: 'the AWS profile keys uses static credentials, which need no sign-in', error: false });
  assert.equal((signInPlan(aws({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 's' })) as SignInSkip).error, false);
  const evil = signInPlan(aws({ AWS_PROFILE: 'x; rm -rf ~' })) as SignInSkip;
  assert.ok(evil.error && /not a profile name/.test(evil.reason), 'a profile name that is not a name is never passed on');
  const pasted = signInPlan(aws({ AWS_PROFILE: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY1' })) as SignInSkip;
  assert.ok(pasted.error && /holds a credential/.test(pasted.reason) && !pasted.reason.includes('CANARY'), pasted.reason);
  const route = { setup: core.providerSetup({ provider: 'bedrock' } as never).vars };
  const pastedRoute = aws({ AWS_PROFILE: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY1' });
  assert.equal(profileFromRoute(pastedRoute, {}, route).values.profile, undefined, 'a credential is no profile to save');
  assert.deepEqual((signInPlan(validate({ CLAUDE_CODE_USE_VERTEX: '1' })) as SignInPlan).args, ['auth', 'application-default', 'login']);
  assert.deepEqual(signInPlan(validate({ CLAUDE_CODE_USE_FOUNDRY: '1' })), { command: 'az', args: ['login'], title: 'az login' });
  assert.equal(signInPlan(validate({ ANTHROPIC_API_KEY: 'k' })), null);
});

test('profiles: valid ones kept, each mistake reported, apiKey refused with the reason', () => {
  const { profiles, errors } = parseProfiles([
    { name: 'Prod', provider: 'bedrock', scope: 'user', values: { region: 'us-east-1', profile: 'prod' } },
    { name: 'x', provider: 'bedrok' },
    { provider: 'vertex' },
    { name: 'Key', provider: 'anthropic', values: { apiKey: 'sk-ant-x' } },
    'nope',
  ]);
  assert.deepEqual(profiles.map((p) => p.name), ['Prod', 'Key']);
  assert.deepEqual(profiles[1]!.values, {});
  assert.equal(errors.length, 4);
  assert.match(errors.join('\n'), /"provider" must be one of/);
  assert.match(errors.join('\n'), /secret storage/);
  assert.deepEqual(parseProfiles({}).errors, ['claudeProvider.profiles must be an array']);
  assert.deepEqual(profileOf('n', 'vertex', 'local', { project: 'p', apiKey: 'k' }), { name: 'n', provider: 'vertex', scope: 'local', values: { project: 'p' } });
});

test('claudeCode.environmentVariables: read, merged over the process env, updated without secrets', () => {
  const cur = parseEnvironmentVariables([{ name: 'A', value: '1' }, { name: 'CLAUDE_CODE_USE_VERTEX', value: '1' }, { bad: true }, 'x']);
  assert.deepEqual(cur.map((e) => e.name), ['A', 'CLAUDE_CODE_USE_VERTEX']);
  assert.deepEqual(processEnvFor({ A: '0', B: '2' }, cur), { A: '1', B: '2', CLAUDE_CODE_USE_VERTEX: '1' });
  const next = updatedEnvironmentVariables(cur, { CLAUDE_CODE_USE_BEDROCK: '1', ANTHROPIC_API_KEY: 'sk' }, ['CLAUDE_CODE_USE_VERTEX'], (n) => n === 'ANTHROPIC_API_KEY');
  assert.deepEqual(next, [{ name: 'A', value: '1' }, { name: 'CLAUDE_CODE_USE_BEDROCK', value: '1' }]);
});

test('the log redactor hides known secrets, URL passwords and auth headers', () => {
  const r = new Redactor();
  const canary = 'sk-ant-CANARY-log-0123456789';
  r.setSecrets([canary, 'ab']);
  const out = r.redact(`key ${canary} url https://bob:hunter2@proxy.corp:8080 x-api-key: abc123 Authorization: Bearer tok.en`);
  assert.ok(!out.includes('CANARY') && !out.includes('hunter2') && !out.includes('abc123') && !out.includes('tok.en'), out);
  assert.match(out, /https:\/\/<redacted>@proxy\.corp:8080/);
  assert.equal(r.redact('ab cd'), 'ab cd', 'very short values are not treated as secrets');
});

test('labels: aliases stay short, long IDs are cut', () => {
  const r = validate({ CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', ANTHROPIC_MODEL: 'sonnet[1m]' });
  const maskValue = (name: string, value: string) => core.shareableValue(name, value);
  assert.equal(modelLabel(r.models.main, maskValue), 'sonnet[1m]');
  assert.ok(modelLabel({ ...r.models.main, requested: 'x', catalogId: null, id: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc' }, maskValue).length <= 28);
});

test("a profile's base URL, by the core's masker: credentials and secret query values are left out (and said), an '@' that is no password stays", () => {
  const canary = 'CANARY-profile-url-0123';
  const saved = (baseUrl: string) => safeProfileValues({ baseUrl, region: 'r' }, maskUrl);
  // A secret query value (the core masks ?api-key=, ?sig=, ?token=…): the parameter is dropped.
  const q = saved(`https://gw.corp.example/anthropic?api-key=${canary}&team=ml`);
  assert.deepEqual(q.values, { baseUrl: 'https://gw.corp.example/anthropic?team=ml', region: 'r' });
  assert.equal(q.notes.length, 1);
  assert.match(q.notes[0]!, /api-key query parameter/);
  assert.ok(!JSON.stringify(q).includes(canary), JSON.stringify(q));
  assert.equal(saved(`https://gw.corp.example/anthropic?api-key=${canary}`).values.baseUrl, 'https://gw.corp.example/anthropic');
  // user:password@ (also with an unencoded '/' in the password) and a query secret together.
  const both = saved(`https://u:${canary}/1@gw.corp.example/x?sig=${canary}#top`);
  assert.equal(both.values.baseUrl, 'https://gw.corp.example/x#top');
  assert.match(both.notes[0]!, /user:password@.*sig query parameter/);
  assert.ok(!JSON.stringify(both).includes(canary));
  // An '@' in the query or the path is not a password: the URL is saved as it is.
  for (const url of ['https://gw.corp.example/x?owner=me@corp.example', 'https://gw.corp.example/team/me@corp.example/llm']) {
    assert.deepEqual(saved(url), { values: { baseUrl: url, region: 'r' }, notes: [] }, url);
  }
  // When the masked URL cannot be turned into one without the secret, the base URL is not saved.
  const odd = safeProfileValues({ baseUrl: 'https://gw.corp.example/x', region: 'r' }, () => 'https://gw.corp.example/***/x');
  assert.deepEqual(odd.values, { region: 'r' });
  assert.match(odd.notes[0]!, /not saved/);
});

test('shareableJson (what the API gives other extensions) masks URL passwords and credential commands', () => {
  const canary = 'CANARY-share-0123456789';
  const r = validate({ ANTHROPIC_BASE_URL: `https://u:${canary}@gw.corp.example`, HTTPS_PROXY: `http://p:${canary}@proxy.corp:3128` }, [
    { scope: 'user', path: '/h/.claude/settings.json', settings: { apiKeyHelper: `get-key --token ${canary}`, env: {} } },
  ]);
  assert.ok(JSON.stringify(r).includes(canary), 'the raw resolution holds it (the test means something)');
  const shown = shareableJson(r);
  assert.ok(!JSON.stringify(shown).includes(canary), JSON.stringify(shown));
  assert.match(shown.endpoint!.baseUrl, /@gw\.corp\.example$/);
  assert.match(shown.credentialSteps[0]!.command, /^get-key /);
  assert.ok(JSON.stringify(r).includes(canary), 'the input is not changed');
});

test('the mirror: user and project switches map to their VS Code level, a local one is not mirrored; a new workspace list that would hide user entries is not created', () => {
  assert.deepEqual(mirrorLevel('user', 1), { level: 'user' });
  assert.deepEqual(mirrorLevel('user', 0), { level: 'user' });
  assert.deepEqual(mirrorLevel('user', 2), { level: 'user' });
  assert.deepEqual(mirrorLevel('project', 1), { level: 'workspace' });
  assert.match((mirrorLevel('project', 0) as { skip: string }).skip, /no workspace/);
  assert.match((mirrorLevel('local', 1) as { skip: string }).skip, /private.*\.vscode\/settings\.json/);
  // Multi-root: the workspace level is the .code-workspace file, read in every folder; a project
  // switch is one folder's. Not mirrored, or the other folders would get that route too.
  const multiRoot = mirrorLevel('project', 2);
  assert.ok('skip' in multiRoot, JSON.stringify(multiRoot));
  assert.match(multiRoot.skip, /multi-root .*\.code-workspace.* every folder/);
  // An existing entry of the level stays where it is (a secret included: it is not copied anywhere).
  const canary = 'sk-ant-CANARY-mirror-0123';
  const userLevel = [{ name: 'HTTPS_PROXY', value: 'http://proxy.corp:3128' }, { name: 'NODE_EXTRA_CA_CERTS', value: '/etc/corp-ca.pem' }, { name: 'ANTHROPIC_API_KEY', value: canary }];
  assert.deepEqual(updatedEnvironmentVariables(userLevel, { AWS_REGION: 'x' }, [], (n) => n === 'ANTHROPIC_API_KEY'), [...userLevel, { name: 'AWS_REGION', value: 'x' }]);
  const next = [{ name: 'CLAUDE_CODE_USE_BEDROCK', value: '1' }, { name: 'AWS_REGION', value: 'eu-west-1' }];

  // A project switch in a workspace without its own list, while the user has entries: creating
  // the list would hide them there (VS Code does not merge lists). Skipped, and the reason names
  // them, never their values; nothing is copied.
  const hides = mirrorDecision('workspace', { user: userLevel }, next);
  assert.ok('skip' in hides, JSON.stringify(hides));
  assert.match(hides.skip, /HTTPS_PROXY, NODE_EXTRA_CA_CERTS, ANTHROPIC_API_KEY/);
  assert.match(hides.skip, /does not merge lists/);
  assert.ok(!hides.skip.includes(canary) && !hides.skip.includes('proxy.corp') && !hides.skip.includes('corp-ca'), hides.skip);
  // Nothing would be hidden: written, as before. No user list; or only entries the switch takes
  // away anyway (the old selector it clears); or the workspace has its own list already.
  assert.deepEqual(mirrorDecision('workspace', {}, next), { write: true });
  assert.deepEqual(mirrorDecision('workspace', { user: [] }, next), { write: true });
  assert.deepEqual(mirrorDecision('workspace', { user: [{ name: 'CLAUDE_CODE_USE_VERTEX', value: '1' }, { name: 'AWS_REGION', value: 'x' }] }, next, ['CLAUDE_CODE_USE_VERTEX']), { write: true });
  assert.deepEqual(mirrorDecision('workspace', { user: userLevel, workspace: [] }, next), { write: true });
  // A user switch where this workspace has its own list: written, with a note.
  const user = mirrorDecision('user', { user: userLevel, workspace: next }, next);
  assert.match((user as { note: string }).note, /other workspaces/);
  assert.deepEqual(mirrorDecision('user', { user: userLevel }, next), { write: true });
});

test('"Set VAR…" writes, unless asked otherwise, the scope of the file that sets the variable now, when a switch may write it', () => {
  // Whether a value written there is used (a higher scope, a --settings or managed file) is the
  // Node package's rule: checkEnvEdit / envOverrides, tested in bindings-node/test/switch.test.mjs.
  const layer = (scope: string, path: string, env: Record<string, string>) => ({ scope, path, settings: { env } });
  const bedrock = layer('user', '/h/.claude/settings.json', { CLAUDE_CODE_USE_BEDROCK: '1' });
  const at = (l: ReturnType<typeof layer>) => validate({}, [bedrock, l]);
  assert.equal(scopeSetting(at(layer('local', '/p/.claude/settings.local.json', { AWS_REGION: 'mars-1' })), 'AWS_REGION'), 'local');
  assert.equal(scopeSetting(at(layer('project', '/p/.claude/settings.json', { AWS_REGION: 'mars-1' })), 'AWS_REGION'), 'project');
  assert.equal(scopeSetting(at(layer('project', '/p/.claude/settings.json', { AWS_REGION: 'mars-1' })), 'CLAUDE_CODE_USE_BEDROCK'), 'user');
  assert.equal(scopeSetting(at(layer('cli', '/p/team.json', { AWS_REGION: 'mars-1' })), 'AWS_REGION'), undefined);
  assert.equal(scopeSetting(at(layer('managed', '/etc/claude-code/managed-settings.json', { AWS_REGION: 'mars-1' })), 'AWS_REGION'), undefined);
  assert.equal(scopeSetting(validate({ CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'mars-1' }), 'AWS_REGION'), undefined, 'the shell');
  assert.equal(scopeSetting(validate({}), 'AWS_REGION'), undefined);
});

test('after an edit, the problems about the variable and the new ones are shown', () => {
  const before = validate({ CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', ANTHROPIC_MODEL: 'opus' }).problems;
  const after = validate({ CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'mars-1', ANTHROPIC_MODEL: 'opus' }).problems;
  assert.ok(problemsAfterEdit('AWS_REGION', before, after).some((p) => p.code === 'BEDROCK_REGION_INVALID'));
  assert.ok(problemsAfterEdit('AWS_REGION', after, after).some((p) => p.code === 'BEDROCK_REGION_INVALID'), 'still about the variable');
  assert.deepEqual(problemsAfterEdit('ANTHROPIC_MODEL', after, after).filter((p) => p.envVar !== 'ANTHROPIC_MODEL'), [], 'old problems about other variables are left to the status bar');
  assert.deepEqual(problemsAfterEdit('AWS_REGION', before, before), [], 'nothing new, nothing about it');
});

test('a profile from the active route: its base URL variable (raw, then without user:password@), and the scope of its one settings file', () => {
  const route = (provider: string) => ({ setup: core.providerSetup({ provider, baseUrl: 'x', apiKey: 'x' } as never).vars });
  const layer = (scope: string, path: string, env: Record<string, string>) => ({ scope, path, settings: { env } });
  const at = (processEnv: Record<string, string>, layers: ReturnType<typeof layer>[]) => {
    const config = { processEnv, settings: layers } as never;
    return { r: core.validate(config), env: core.effectiveEnv(config) };
  };
  const cases: [string, Record<string, string>, string][] = [
    ['anthropic', { ANTHROPIC_BASE_URL: 'https://gw.corp.example/llm' }, 'https://gw.corp.example/llm'],
    ['bedrock', { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1', ANTHROPIC_BEDROCK_BASE_URL: 'https://bedrock.corp.example' }, 'https://bedrock.corp.example'],
    ['vertex', { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'global', ANTHROPIC_VERTEX_PROJECT_ID: 'p', ANTHROPIC_VERTEX_BASE_URL: 'https://vertex.corp.example/v1' }, 'https://vertex.corp.example/v1'],
    ['foundry', { CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_BASE_URL: 'https://foundry.corp.example/anthropic' }, 'https://foundry.corp.example/anthropic'],
  ];
  for (const [provider, env, url] of cases) {
    const { r, env: eff } = at({}, [layer('local', '/p/.claude/settings.local.json', env)]);
    assert.equal(r.provider, provider);
    const p = profileFromRoute(r, eff, route(provider));
    assert.equal(p.values.baseUrl, url, provider);
    assert.equal(p.scope, 'local', `${provider}: the file's scope`);
  }
  // From the shell only, or from two files: no scope (switchScope decides).
  const shell = at({ CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_PROFILE: 'dev' }, []);
  assert.deepEqual(profileFromRoute(shell.r, shell.env, route('bedrock')), { values: { region: 'us-east-1', profile: 'dev' } });
  const mixed = at({}, [layer('user', '/h/.claude/settings.json', { CLAUDE_CODE_USE_BEDROCK: '1' }), layer('project', '/p/.claude/settings.json', { AWS_REGION: 'us-west-2' })]);
  assert.equal(profileFromRoute(mixed.r, mixed.env, route('bedrock')).scope, undefined);
  // A managed file is not a scope a switch writes.
  const managed = at({}, [layer('managed', '/etc/claude-code/managed-settings.json', { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-west-2' })]);
  assert.equal(profileFromRoute(managed.r, managed.env, route('bedrock')).scope, undefined);
  // A key in the shell does not make the route's file unknown.
  const key = at({ ANTHROPIC_API_KEY: 'sk-ant-x' }, [layer('user', '/h/.claude/settings.json', { ANTHROPIC_BASE_URL: 'https://gw.example' })]);
  assert.equal(profileFromRoute(key.r, key.env, route('anthropic')).scope, 'user');

  // A password in the URL never reaches the profile.
  const canary = 'CANARY-profile-0123';
  const pw = at({}, [layer('user', '/h/.claude/settings.json', { ANTHROPIC_BASE_URL: `https://u:${canary}@gw.corp.example/x` })]);
  const raw = profileFromRoute(pw.r, pw.env, route('anthropic'));
  const safe = safeProfileValues({ ...raw.values, apiKey: 'sk' }, maskUrl);
  assert.deepEqual(safe.values, { baseUrl: 'https://gw.corp.example/x' });
  assert.equal(safe.notes.length, 1);
  assert.ok(!JSON.stringify(safe).includes(canary));
  assert.deepEqual(safeProfileValues({ baseUrl: 'https://gw.example', region: 'r' }, maskUrl), { values: { baseUrl: 'https://gw.example', region: 'r' }, notes: [] });
  assert.deepEqual(profileOf('n', 'bedrock', undefined, { region: 'r' }), { name: 'n', provider: 'bedrock', values: { region: 'r' } });
});

test('profiles are read per level: the user list always, a workspace list only when trusted; saving touches only the user list', () => {
  const user = [{ name: 'Mine', provider: 'vertex', values: { project: 'p' } }, { name: 'Broken', provider: 'bedrok' }];
  const workspace = [{ name: 'Team', provider: 'anthropic', values: { baseUrl: 'https://gw.team.example' } }, { name: 'Mine', provider: 'bedrock' }];
  const trusted = profilesFrom({ user, workspace }, true);
  // The workspace's "Mine" is shadowed by the user's: not offered (the picker would show two
  // "Mine", of which only one could ever be switched to by name), and said once.
  assert.deepEqual(trusted.profiles.map((p) => `${p.origin}:${p.name}`), ['user:Mine', 'workspace:Team']);
  assert.deepEqual(trusted.shadowed, ['Mine']);
  assert.equal(trusted.errors.length, 1);
  assert.match(trusted.errors[0]!, /^user settings: /);
  assert.deepEqual(profilesFrom({ user, workspace }, false).profiles.map((p) => p.name), ['Mine'], 'untrusted: the repository offers nothing');
  assert.deepEqual(profilesFrom({ user, workspace }, false).shadowed, []);
  assert.deepEqual(profilesFrom({ workspace }, true).profiles.map((p) => p.name), ['Team', 'Mine']);
  // Two of one name in one list: the first is kept, the second reported.
  const twice = profilesFrom({ user: [{ name: 'A', provider: 'vertex' }, { name: 'A', provider: 'bedrock' }] }, true);
  assert.deepEqual(twice.profiles.map((p) => p.provider), ['vertex']);
  assert.match(twice.errors.join('\n'), /user settings: .*"A".*more than once/);

  // The lookup Switcher.run does for a profile given by name (req.profile): the user's.
  const mine = profileNamed(trusted.profiles, 'Mine');
  assert.deepEqual([mine?.origin, mine?.provider], ['user', 'vertex']);
  assert.equal(profileNamed(trusted.profiles, 'Team')?.origin, 'workspace');
  assert.equal(profileNamed(trusted.profiles, 'Nope'), undefined);
  // Even given a list with both (in any order), by name the user's wins.
  const both = [{ name: 'X', provider: 'bedrock' as const, values: {}, origin: 'workspace' as const }, { name: 'X', provider: 'vertex' as const, values: {}, origin: 'user' as const }];
  assert.equal(profileNamed(both, 'X')?.provider, 'vertex');

  // The picker's item: where a profile comes from, and its base URL as the core masks it.
  const canary = 'CANARY-picker-0123';
  const item = profileItem({ name: 'GW', provider: 'anthropic', values: { baseUrl: `https://u:${canary}@gw.example/x?api-key=${canary}` }, origin: 'workspace' }, maskUrl);
  assert.ok(!JSON.stringify(item).includes(canary), JSON.stringify(item));
  assert.match(item.description, /^Anthropic · https:\/\/\*\*\*@gw\.example\/x\?api-key=\*\*\*$/);
  assert.match(item.detail ?? '', /workspace/);
  assert.equal(profileItem({ name: 'P', provider: 'bedrock', scope: 'local', values: { region: 'r' }, origin: 'user' }, maskUrl).description, 'Bedrock · r (local)');
  // Saving: the user's raw list, an entry of the same name replaced, the rest kept as written.
  const saved = withProfile(user, { name: 'Mine', provider: 'vertex', values: { project: 'q' } });
  assert.deepEqual(saved, [{ name: 'Broken', provider: 'bedrok' }, { name: 'Mine', provider: 'vertex', values: { project: 'q' } }]);
  assert.deepEqual(withProfile(undefined, { name: 'N', provider: 'foundry', values: {} }), [{ name: 'N', provider: 'foundry', values: {} }]);
});

test('settings that choose files, routes, or VS Code settings to write are restricted in untrusted workspaces', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
  assert.deepEqual([...restricted].sort(), [
    'claudeProvider.alsoSetClaudeCodeEnvironmentVariables', // makes a switch write VS Code settings
    'claudeProvider.extraSettingsFiles', // files read, whose apiKeyHelper/awsAuthRefresh commands Test Connection runs
    'claudeProvider.managedSettingsPath', // the same
    'claudeProvider.profiles', // routes offered: values (a base URL) written into Claude Code's settings
    'claudeProvider.switchScope', // which settings file a switch writes
  ]);
  for (const k of restricted) assert.ok(k in pkg.contributes.configuration.properties, k);
});

test('Test Connection tries a stored key only when Claude Code has no credentials, and only one the route would send', () => {
  const none = validate({ ANTHROPIC_BASE_URL: 'https://gw.example' }).auth.method;
  assert.equal(none.kind, 'none');
  assert.deepEqual(storedKeyCandidates(none, ['ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_API_KEY'], 'ANTHROPIC_API_KEY'), ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN'], "the provider's key first");
  assert.ok(authUses(validate({ ANTHROPIC_API_KEY: 'k' }).auth.method, 'ANTHROPIC_API_KEY'));
  assert.ok(authUses(validate({ ANTHROPIC_AUTH_TOKEN: 't' }).auth.method, 'ANTHROPIC_AUTH_TOKEN'));
  assert.ok(!authUses(validate({ ANTHROPIC_AUTH_TOKEN: 't' }).auth.method, 'ANTHROPIC_API_KEY'));
  // Bedrock signs with AWS credentials (a profile, the default chain): a stored Bedrock API key
  // would change the auth method Claude Code uses, so it is never a candidate.
  const sigv4 = validate({ CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_PROFILE: 'dev' }).auth.method;
  assert.equal(sigv4.kind, 'sigV4');
  assert.deepEqual(storedKeyCandidates(sigv4, ['AWS_BEARER_TOKEN_BEDROCK'], 'AWS_BEARER_TOKEN_BEDROCK'), []);
  assert.ok(!authUses(sigv4, 'AWS_BEARER_TOKEN_BEDROCK'));
  // A key already configured is what Claude Code sends; a stored one never replaces it.
  assert.deepEqual(storedKeyCandidates(validate({ ANTHROPIC_API_KEY: 'k' }).auth.method, ['ANTHROPIC_API_KEY']), []);
});

test('the log line of a switch says what it wrote, the backup, and the exclude file that now makes git ignore the new local file', () => {
  const created: SwitchResult = { file: '/p/.claude/settings.local.json', scope: 'local', provider: 'bedrock', set: ['CLAUDE_CODE_USE_BEDROCK', 'AWS_REGION'], removed: [], cleared: [], stillOn: [], backup: null, ignoredBy: '/p/.git/info/exclude', mode: '0644', problems: [] };
  assert.equal(
    switchedLine(created),
    'switched to bedrock in local settings /p/.claude/settings.local.json: set CLAUDE_CODE_USE_BEDROCK, AWS_REGION; removed nothing; mode 0644; git-ignored: the new file is listed in /p/.git/info/exclude',
  );
  const again: SwitchResult = { ...created, set: [], backup: '/h/.claude/backups/x.bak', ignoredBy: null };
  assert.match(switchedLine(again), /: set nothing; removed nothing; mode 0644; backup \/h\/\.claude\/backups\/x\.bak$/);
});

test('after a switch: the variables left in the file are named, and only those that are not credentials are offered for removal', () => {
  const r: SwitchResult = { file: '/h/.claude/settings.json', scope: 'user', provider: 'bedrock', set: ['CLAUDE_CODE_USE_BEDROCK'], removed: ['CLAUDE_CODE_USE_VERTEX'], cleared: [], stillOn: [], leftover: ['ANTHROPIC_API_KEY', 'CLOUD_ML_REGION'], pruned: [], backup: null, ignoredBy: null, mode: '0600', problems: [] };
  const left = leftoverNote(r, (n) => core.isSecretVar(n));
  assert.deepEqual(left.removable, ['CLOUD_ML_REGION']);
  assert.equal(left.note, ' Left in the file, not read by Bedrock: ANTHROPIC_API_KEY, CLOUD_ML_REGION. ANTHROPIC_API_KEY is a credential: delete it yourself when no longer needed.');
  assert.match(switchedLine(r), /; left ANTHROPIC_API_KEY, CLOUD_ML_REGION \(not read by bedrock\)$/);
  assert.deepEqual(leftoverNote({ ...r, leftover: [] }, () => false), { note: '', removable: [] });
  assert.match(switchedLine({ ...r, leftover: [], pruned: ['CLOUD_ML_REGION'] }), /; pruned CLOUD_ML_REGION$/);
});

test('a typed value the core would refuse or ignore is named for the input box; refusals lose their command-line advice', () => {
  assert.match(valueProblem(refusedValues(core.providerSetup({ provider: 'bedrock', region: 'mars-1' })), 'AWS_REGION') ?? '', /not shaped like an AWS region/);
  assert.equal(valueProblem(refusedValues(core.providerSetup({ provider: 'bedrock', region: 'eu-west-1' })), 'AWS_REGION'), undefined);
  assert.match(valueProblem(refusedValues(core.providerSetup({ provider: 'foundry', resource: 'https://x.example' })), 'ANTHROPIC_FOUNDRY_RESOURCE') ?? '', /resource name/);
  assert.equal(editorHelp('Set AWS_REGION to a region such as us-east-1. (Or force the write: `--force` on the command line.)'), 'Set AWS_REGION to a region such as us-east-1.');
  assert.equal(editorHelp('Fix them (give the missing or wrong values), or force the write (`--force` on the command line).'), 'Fix them (give the missing or wrong values).');
  assert.equal(editorHelp('Use the local scope.'), 'Use the local scope.');
});
