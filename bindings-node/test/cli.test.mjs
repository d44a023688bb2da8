// The claude-provider CLI, spawned as a user would run it (stdout piped: no colour).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { CLI, gitProject, PKG, sandbox as baseSandbox } from './helpers.mjs';

const CANARY = 'sk-ant-CANARY-0123456789abcdef';
const AWS_CANARY = 'CANARYSECRETKEY0123456789';

/**
 * An isolated home and project. The CLI runs with --no-process-env: the configuration it sees
 * is `env`, passed through a --dotenv file (the real process env only carries PATH, for git).
 */
function sandbox(t) {
  const { dir, home, cwd } = baseSandbox(t);
  const run = (args, { env, input, processEnv = {} } = {}) => {
    const extra = [];
    if (env) {
      const file = join(dir, 'test.env');
      writeFileSync(file, Object.entries(env).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join('\n'));
      extra.push('--dotenv', file);
    }
    const r = spawnSync(
      process.execPath,
      [CLI, ...args, ...extra, '--no-process-env', '--home', home, '--cwd', cwd, '--no-managed-settings'],
      { encoding: 'utf8', input, env: { PATH: process.env.PATH, ...processEnv } },
    );
    return { ...r, json: () => JSON.parse(r.stdout) };
  };
  return { dir, home, cwd, run };
}

function runWithEnv(s, args, env, opts = {}) {
  return s.run(args, { ...opts, env });
}

test('--help, --version and usage errors', () => {
  const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage: claude-provider/);
  assert.match(spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' }).stdout, /^claude-provider \d+\.\d+\.\d+/);
  const bad = spawnSync(process.execPath, [CLI, 'frobnicate'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown command 'frobnicate'/);
  const badOpt = spawnSync(process.execPath, [CLI, 'status', '--stream'], { encoding: 'utf8' });
  assert.equal(badOpt.status, 2);
});

test('<command> --help and help <command> print that command\'s usage: its synopsis and every flag it takes', () => {
  const run = (...args) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  const global = run('--help').stdout;
  const common = ['--dotenv', '--settings', '--no-process-env', '--cwd', '--home', '--managed-settings', '--no-managed-settings', '--json'];
  const setup = ['--region', '--profile', '--project', '--resource', '--workspace-id', '--base-url', '--api-key'];
  const flags = {
    status: [],
    request: ['--body', '--no-stream', '--stream', '--count-tokens', '--now', '--format', '--show-secrets', '--placeholder-credentials'],
    env: [...setup, '--format', '--show-secrets', '--container-home', '--force'],
    switch: [...setup, '--scope', '--force', '--prune'],
    send: ['--model', '--max-tokens', '--no-stream'],
    doctor: [],
    playground: ['--port'],
  };
  for (const [command, own] of Object.entries(flags)) {
    const r = run(command, '--help');
    assert.equal(r.status, 0, command);
    assert.match(r.stdout, new RegExp(`^Usage: claude-provider ${command}\\b`), command);
    assert.notEqual(r.stdout, global, command);
    for (const f of own) assert.match(r.stdout, new RegExp(`^ +${f}\\b`, 'm'), `${command} --help explains ${f}`);
    if (command === 'playground') assert.match(r.stdout, /none of the common options/);
    else for (const f of common) assert.ok(r.stdout.includes(f), `${command} --help points to ${f}`);
    assert.equal(run('help', command).stdout, r.stdout, `help ${command}`);
    assert.equal(run(command, '-h').stdout, r.stdout, `${command} -h`);
  }
  // The global usage is unchanged: --help, -h and help alone.
  assert.match(global, /^Usage: claude-provider <command> \[options\]/);
  assert.equal(run('help').stdout, global);
  assert.equal(run('help', 'help').stdout, global);
  // Names an object has without defining them are unknown commands too, not a crash.
  for (const name of ['frobnicate', 'toString', 'constructor', '__proto__']) {
    const unknown = run('help', name);
    assert.equal(unknown.status, 2, name);
    assert.match(unknown.stderr, new RegExp(`^error USAGE_INVALID: unknown command '${name}'`), name);
  }
});

test('the README\'s CLI usage block is what claude-provider --help prints', () => {
  const readme = readFileSync(join(PKG, 'README.md'), 'utf8');
  const block = /\n## CLI\n[^]*?\n```\n([^]*?)```\n/.exec(readme);
  assert.ok(block, 'README.md has a ``` block under ## CLI');
  assert.equal(block[1], spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout);
});

test('an unexpected error still carries a code (the system error code when it has one) and the same shapes', async () => {
  const { reportError } = await import('../lib/cli/common.js');
  const capture = (fn) => {
    const out = { stdout: '', stderr: '' };
    const [o, e] = [process.stdout.write, process.stderr.write];
    process.stdout.write = (c) => ((out.stdout += c), true);
    process.stderr.write = (c) => ((out.stderr += c), true);
    try {
      out.status = fn();
    } finally {
      [process.stdout.write, process.stderr.write] = [o, e];
    }
    return out;
  };
  const denied = Object.assign(new Error("EACCES: permission denied, open '/x'"), { code: 'EACCES' });
  const j = capture(() => reportError(denied, true));
  assert.equal(j.status, 1);
  assert.equal(JSON.parse(j.stdout).error.code, 'EACCES');
  const plain = capture(() => reportError(new TypeError('boom'), false));
  assert.match(plain.stderr, /^error UNEXPECTED_ERROR: boom\n {2}fix: \S/);
});

test('usage errors carry a code and a fix, and print the JSON error shape with --json', (t) => {
  const s = sandbox(t);
  const cases = [
    [['frobnicate'], 'USAGE_INVALID', /unknown command 'frobnicate'/],
    [['request', '--format', 'xml'], 'USAGE_INVALID', /--format xml/],
    [['request', '--body', join(s.dir, 'nope.json')], 'USAGE_INVALID', /--body .*nope\.json: no such file/],
    [['request', '--body', s.dir], 'USAGE_INVALID', /--body .*: a directory/],
    [['request', '--stream', '--count-tokens'], 'USAGE_INVALID', /--stream and --count-tokens cannot be combined/],
    [['request', '--stream', '--no-stream'], 'USAGE_INVALID', /--stream and --no-stream: give one/],
    [['send', 'hi', '--max-tokens', '0'], 'USAGE_INVALID', /--max-tokens 0/],
    [['env', 'openai'], 'USAGE_INVALID', /unknown provider 'openai'/],
    [['switch', 'vertex', '--region', 'global'], 'SWITCH_VALUES_MISSING', /ANTHROPIC_VERTEX_PROJECT_ID/],
  ];
  for (const [args, code, message] of cases) {
    const text = s.run(args, { env: { ANTHROPIC_API_KEY: CANARY } });
    assert.equal(text.status, 2, args.join(' '));
    assert.match(text.stderr, new RegExp(`^error ${code}: `), args.join(' '));
    assert.match(text.stderr, message);
    assert.match(text.stderr, /\n {2}fix: \S/);
    assert.equal(text.stdout, '');
    const json = s.run([...args, '--json'], { env: { ANTHROPIC_API_KEY: CANARY } });
    assert.equal(json.status, 2, args.join(' '));
    const { error } = json.json();
    assert.equal(error.code, code);
    assert.match(error.message, message);
    assert.ok(error.help.length > 5);
    assert.ok(!json.stdout.includes('CANARY'));
  }
});

test('an unknown or malformed option: USAGE_INVALID naming it as given and the closest valid one, never node\'s "-- \\"--x\\"" text', (t) => {
  const s = sandbox(t);
  for (const [args, message, help] of [
    [['status', '--jsn'], "unknown option '--jsn' for status", /^Did you mean --json\? \(claude-provider status --help lists its options\)$/],
    [['--jsn'], "unknown option '--jsn'", /^Did you mean --json\?/],
    [['env', 'bedrock', '--regin', 'us-east-1'], "unknown option '--regin' for env", /^Did you mean --region\?/],
    [['send', 'hi', '--nostream'], "unknown option '--nostream' for send", /^Did you mean --no-stream\?/],
    [['status', '--body', 'x.json'], "unknown option '--body' for status: it is an option of request", /^status does not take --body/],
    [['status', '--show-secret'], "unknown option '--show-secret' for status", /^--show-secrets is the closest, an option of request, env, not of status/],
    [['doctor', '--verbose'], "unknown option '--verbose' for doctor", /^Check the spelling/],
    [['status', '-x'], "unknown option '-x' for status", /^The only short option is -h/],
    [['status', '--json=1'], '--json takes no value', /without =VALUE/],
    [['request', '--body', '--show-secrets'], "--body needs a value, and '--show-secrets' after it is an option", /--body=VALUE for a value that starts with '-'/],
  ]) {
    const r = s.run(args);
    assert.equal(r.status, 2, args.join(' '));
    const [first, fix] = r.stderr.split('\n');
    assert.equal(first, `error USAGE_INVALID: ${message}`, args.join(' '));
    assert.match(fix.replace(/^ {2}fix: /, ''), help, args.join(' '));
    assert.doesNotMatch(r.stderr, /positional argument|'-- "/, args.join(' '));
    assert.equal(s.run([...args, '--json']).json().error.message, message, args.join(' '));
  }
});

test('--dotenv: relative to the current directory, repeatable (later wins), --env-file an alias; a missing file is an error', (t) => {
  const s = sandbox(t);
  writeFileSync(join(s.dir, 'a.env'), 'CLAUDE_CODE_USE_BEDROCK=1\nAWS_REGION=eu-west-1\n');
  writeFileSync(join(s.dir, 'b.env'), 'AWS_REGION=ap-south-1\n');
  // Run from s.dir with --cwd elsewhere: the relative path is the shell's, not --cwd's.
  const cli = (...args) => {
    const r = spawnSync(process.execPath, [CLI, ...args, '--no-process-env', '--home', s.home, '--cwd', s.cwd, '--no-managed-settings'], { cwd: s.dir, encoding: 'utf8', env: { PATH: process.env.PATH } });
    return { ...r, json: () => JSON.parse(r.stdout) };
  };
  const one = cli('status', '--json', '--dotenv', 'a.env');
  assert.equal(one.json().resolution.provider, 'bedrock', one.stderr);
  assert.equal(one.json().resolution.region.value, 'eu-west-1');
  // Node 20 intercepts a relative --env-file itself, so the alias is checked with an absolute path.
  const both = cli('status', '--json', '--dotenv', 'a.env', '--env-file', join(s.dir, 'b.env'));
  assert.equal(both.json().resolution.region.value, 'ap-south-1');
  const reversed = cli('status', '--json', '--env-file', join(s.dir, 'b.env'), '--dotenv', 'a.env');
  assert.equal(reversed.json().resolution.region.value, 'eu-west-1');

  const missing = cli('status', '--dotenv', 'missing.env');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^error USAGE_INVALID: --dotenv missing\.env: no such file\n {2}fix: .*current directory/);
  const missingJson = cli('status', '--json', '--dotenv', 'missing.env');
  assert.equal(missingJson.status, 2);
  assert.deepEqual({ ...missingJson.json().error, help: undefined }, { code: 'USAGE_INVALID', message: '--dotenv missing.env: no such file', help: undefined, file: join(s.dir, 'missing.env') });
  assert.match(cli('status', '--dotenv', s.home).stderr, /--dotenv .*: a directory, not a file/);
});

test('a dotenv line that is not KEY=VALUE is an error naming the file and line, never a lost variable', (t) => {
  const s = sandbox(t);
  const file = join(s.dir, 'bad.env');
  // util.parseEnv read this as one key "GARBAGE\nexport X" and lost X.
  writeFileSync(file, `# settings\n\nGARBAGE ${CANARY}\nexport X=1\nCLAUDE_CODE_USE_BEDROCK=1\n`);
  const r = s.run(['status', '--dotenv', file]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`^error DOTENV_INVALID: --dotenv ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: not a KEY=VALUE line\n {2}fix: Fix line 3 of `));
  assert.ok(!r.stderr.includes('CANARY') && !r.stderr.includes('GARBAGE'), 'the line itself is never shown');
  const j = s.run(['status', '--json', '--dotenv', file]);
  assert.equal(j.status, 2);
  const { error } = j.json();
  assert.deepEqual([error.code, error.file, error.line], ['DOTENV_INVALID', file, 3]);
  writeFileSync(file, 'A="never closed\nB=2\n');
  assert.match(s.run(['status', '--dotenv', file]).stderr, /:1: the double-quoted value of A is never closed/);
  writeFileSync(file, 'A="x" y\n');
  assert.match(s.run(['status', '--dotenv', file]).stderr, /:1: text after the closing quote of A's value/);
});

test('dotenv grammar: export, quotes, multi-line values, comments (indented too), CRLF', async () => {
  const { parseDotenv } = await import('../lib/cli/dotenv.js');
  const text = [
    '\ufeff# comment',
    '  # indented comment (util.parseEnv merged it into the next key)',
    'A=1',
    'export B = two words  # comment',
    'export  C=3',
    'D="line1\\nline2"',
    "E='single # not a comment'",
    'F=`back`',
    'G="multi',
    'line" # trailing comment',
    'H=pass#word',
    'I=',
    '\tJ=tab\r',
    '',
  ].join('\n');
  assert.deepEqual(parseDotenv(text, 'x.env'), {
    A: '1',
    B: 'two words',
    C: '3',
    D: 'line1\nline2',
    E: 'single # not a comment',
    F: 'back',
    G: 'multi\nline',
    H: 'pass#word',
    I: '',
    J: 'tab',
  });
});

test('--settings FILE, --cwd DIR, --home DIR and --managed-settings FILE that do not exist are errors naming the flag, not silently ignored', (t) => {
  const s = sandbox(t);
  const cli = (...args) => spawnSync(process.execPath, [CLI, ...args, '--no-process-env', '--home', s.home, '--no-managed-settings'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
  const settings = cli('status', '--cwd', s.cwd, '--settings', 'typo.json');
  assert.equal(settings.status, 2);
  assert.match(settings.stderr, /^error USAGE_INVALID: --settings typo\.json: no such file\n/);
  const dirAsSettings = cli('status', '--cwd', s.cwd, '--settings', s.dir, '--json');
  assert.equal(dirAsSettings.status, 2);
  assert.deepEqual([JSON.parse(dirAsSettings.stdout).error.code, JSON.parse(dirAsSettings.stdout).error.file], ['USAGE_INVALID', s.dir]);
  const cwd = cli('status', '--cwd', join(s.dir, 'no-such-project'));
  assert.equal(cwd.status, 2);
  assert.match(cwd.stderr, /^error USAGE_INVALID: --cwd .*no-such-project: no such directory\n/);
  const existing = cli('status', '--cwd', join(s.home, '.claude'), '--json');
  assert.equal(JSON.parse(existing.stdout).resolution.provider, 'anthropic', 'an existing directory is fine');
  writeFileSync(join(s.dir, 'plain'), '');
  assert.match(cli('status', '--cwd', join(s.dir, 'plain')).stderr, /--cwd .*plain: not a directory/);

  // --home and --managed-settings (the sandbox's --home comes last and wins, so call spawnSync here)
  const bare = (...args) => spawnSync(process.execPath, [CLI, 'status', '--no-process-env', '--cwd', s.cwd, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH } });
  assert.match(bare('--home', join(s.dir, 'no-such-home'), '--no-managed-settings').stderr, /^error USAGE_INVALID: --home .*no-such-home: no such directory\n/);
  const managed = bare('--home', s.home, '--managed-settings', 'managed.json');
  assert.equal(managed.status, 2);
  assert.match(managed.stderr, /^error USAGE_INVALID: --managed-settings managed\.json: no such file\n.*--no-managed-settings/s);
  assert.match(bare('--home', s.home, '--managed-settings', 'm.json', '--no-managed-settings').stderr, /^error USAGE_INVALID: --managed-settings and --no-managed-settings: give one/);
  // An existing managed file is read (and wins over user settings).
  const file = join(s.dir, 'managed.json');
  writeFileSync(file, JSON.stringify({ env: { CLAUDE_CODE_USE_VERTEX: '1', ANTHROPIC_VERTEX_PROJECT_ID: 'p', CLOUD_ML_REGION: 'global' } }));
  const read = bare('--home', s.home, '--managed-settings', file, '--json');
  assert.equal(JSON.parse(read.stdout).resolution.provider, 'vertex', read.stderr);
});

test('status on an empty machine says nothing is configured and how to configure each provider', (t) => {
  const s = sandbox(t);
  const r = s.run(['status']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /Nothing is configured/);
  for (const p of ['Amazon Bedrock', 'Google Vertex AI', 'Microsoft Foundry', 'CLAUDE_CODE_USE_BEDROCK=1']) assert.ok(r.stdout.includes(p), p);
  // Every provider's row says what to set, the Anthropic API's too (it needs no selector).
  assert.match(r.stdout, /\n {2}Anthropic API +ANTHROPIC_API_KEY=… {2}\(or sign in with \/login in Claude Code\)\n/);
  for (const line of r.stdout.split('\n').filter((l) => /^ {2}(Anthropic|Amazon|Google|Microsoft|Claude Platform)/.test(l))) assert.match(line, /^ {2}\S.{31} \S/, line);
  assert.match(r.stdout, /\nFiles +none read \(no settings, ~\/\.aws or --dotenv file exists\)\n/);
  assert.ok(!r.stdout.includes('\x1b['), 'no colour when piped');
  const colored = s.run(['status'], { processEnv: { FORCE_COLOR: '1' } });
  assert.ok(colored.stdout.includes('\x1b['), 'colour when forced (as on a TTY)');
  const j = s.run(['status', '--json']).json();
  assert.equal(j.resolution.provider, 'anthropic');
  assert.equal(j.resolution.problems[0].code, 'ANTHROPIC_NO_CREDENTIALS');
});

test('status after /login: a note that Claude Code signs in with it, not an error or "Nothing is configured" (the token never shown)', (t) => {
  const s = sandbox(t);
  const login = { claudeAiOauth: { accessToken: 'sk-ant-oat01-CANARY-login', refreshToken: 'sk-ant-ort01-CANARY-login' } };
  writeFileSync(join(s.home, '.claude', '.credentials.json'), JSON.stringify(login));
  const r = s.run(['status']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Auth +your \/login sign-in/);
  assert.match(r.stdout, /info CLAUDE_LOGIN_NOT_MODELLED/);
  assert.doesNotMatch(r.stdout, /Nothing is configured|ANTHROPIC_NO_CREDENTIALS/);
  assert.ok(!r.stdout.includes('CANARY'));
  // $CLAUDE_CONFIG_DIR is where Claude Code keeps it then.
  const dir = join(s.dir, 'claude-config');
  mkdirSync(dir);
  const moved = runWithEnv(s, ['status', '--json'], { CLAUDE_CONFIG_DIR: dir }).json();
  assert.equal(moved.resolution.problems[0].code, 'ANTHROPIC_NO_CREDENTIALS');
  writeFileSync(join(dir, '.credentials.json'), JSON.stringify(login));
  const found = runWithEnv(s, ['status', '--json'], { CLAUDE_CONFIG_DIR: dir });
  assert.deepEqual(found.json().resolution.problems.map((p) => p.code), ['CLAUDE_LOGIN_NOT_MODELLED']);
  assert.ok(!found.stdout.includes('CANARY'));
});

test('a credential pasted into a plain variable is an error and never shown by status, check or request', (t) => {
  const s = sandbox(t);
  const pasted = 'sk-ant-api03-CANARYpasted0123456789';
  const env = { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: AWS_CANARY, ANTHROPIC_MODEL: pasted, AWS_PROFILE: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY1' };
  for (const args of [['status'], ['status', '--json'], ['request'], ['request', '--format', 'curl']]) {
    const r = runWithEnv(s, args, env);
    assert.ok(!(r.stdout + r.stderr).includes('CANARY'), `${args.join(' ')}:\n${r.stdout}${r.stderr}`);
  }
  const { resolution } = runWithEnv(s, ['status', '--json'], env).json();
  const found = resolution.problems.filter((p) => p.code === 'CREDENTIAL_IN_PLAIN_VARIABLE');
  assert.deepEqual(found.map((p) => [p.severity, p.envVar]), [['error', 'ANTHROPIC_MODEL'], ['error', 'AWS_PROFILE']]);
  assert.match(found[0].help, /ANTHROPIC_API_KEY/);
  // Left out of the resolution as if unset: the main model is the default one.
  assert.equal(resolution.models.main.source.kind, 'default');
  const text = runWithEnv(s, ['status'], env).stdout;
  assert.match(text, /ANTHROPIC_MODEL=sk-ant-api03-… \(35 chars\)/, 'its row shows a hint: the fixed prefix of the form and the length');
});

test('status --json: provider, values and where each came from', (t) => {
  const s = sandbox(t);
  writeFileSync(join(s.home, '.claude', 'settings.json'), JSON.stringify({ env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1' } }));
  writeFileSync(join(s.cwd, '.claude', 'settings.local.json'), JSON.stringify({ env: { ANTHROPIC_MODEL: 'sonnet' } }));
  const r = runWithEnv(s, ['status', '--json'], { AWS_REGION: 'us-west-2', AWS_SECRET_ACCESS_KEY: AWS_CANARY, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.ok(!r.stdout.includes('CANARY'));
  const { resolution: res, files } = r.json();
  assert.equal(res.provider, 'bedrock');
  assert.equal(res.region.value, 'eu-west-1');
  assert.deepEqual(res.region.source, { kind: 'settings', scope: 'user', path: join(s.home, '.claude', 'settings.json') });
  const region = res.vars.find((v) => v.name === 'AWS_REGION');
  assert.deepEqual(region.overrides, [{ value: 'us-west-2', source: { kind: 'process' } }]);
  assert.equal(res.models.main.envVar, 'ANTHROPIC_MODEL');
  assert.equal(res.models.main.source.scope, 'local');
  // The sandbox passes its environment as a --dotenv file, listed first.
  assert.deepEqual(files.filter((f) => f.state === 'loaded').map((f) => f.kind), ['dotenv', 'user', 'local']);
  assert.ok(res.problems.some((p) => p.code === 'SETTINGS_SHADOWS_SHELL'));
  const human = runWithEnv(s, ['status'], { AWS_REGION: 'us-west-2' });
  assert.match(human.stdout, /Amazon Bedrock/);
  assert.match(human.stdout, /eu-west-1 +← AWS_REGION, user settings \(.*settings\.json\)/);
});

test('status: a settings file Claude Code cannot use gets no "set its variables" advice, and a Windows path gets the backslash fix', (t) => {
  const s = sandbox(t);
  // As typed on Windows: `\c` is not a JSON escape.
  writeFileSync(join(s.home, '.claude', 'settings.json'), '{"env": {"CLAUDE_CODE_USE_BEDROCK": "1", "NODE_EXTRA_CA_CERTS": "C:\\certs\\ca.pem"}}\n');
  const r = s.run(['status']);
  assert.equal(r.status, 1);
  assert.doesNotMatch(r.stdout, /Nothing is configured|To use a provider, set its variables/);
  assert.match(r.stdout, /Nothing Claude Code reads is configured: what is set is ignored or unreadable/);
  const p = s.run(['status', '--json']).json().resolution.problems.find((x) => x.code === 'SETTINGS_INVALID');
  assert.match(p.message, /invalid escape/);
  assert.ok(p.help.includes('double the backslashes (C:\\\\certs\\\\ca.pem) or use forward slashes'), p.help);
  // Other syntax errors keep the plain advice.
  writeFileSync(join(s.home, '.claude', 'settings.json'), '{"env": {},}\n');
  const other = s.run(['status', '--json']).json().resolution.problems.find((x) => x.code === 'SETTINGS_INVALID');
  assert.ok(!other.help.includes('backslash'), other.help);
});

// Needs the core's SETTINGS_VAR_OUTSIDE_ENV / SETTINGS_ENV_KEY_INVALID (the addon built from this tree).
test('status: variables outside "env" or written as shell lines are reported, without the "set its variables" advice', (t) => {
  const s = sandbox(t);
  writeFileSync(join(s.home, '.claude', 'settings.json'), JSON.stringify({ CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', model: 'opus' }));
  writeFileSync(join(s.cwd, '.claude', 'settings.local.json'), JSON.stringify({ env: { 'export AWS_PROFILE': 'dev' } }));
  const r = s.run(['status']);
  assert.doesNotMatch(r.stdout, /Nothing is configured|To use a provider, set its variables/);
  assert.match(r.stdout, /Nothing Claude Code reads is configured/);
  const { problems } = s.run(['status', '--json']).json().resolution;
  const codes = problems.map((p) => [p.code, p.envVar, p.severity]);
  assert.deepEqual(codes.filter(([c]) => c === 'SETTINGS_VAR_OUTSIDE_ENV').sort(), [['SETTINGS_VAR_OUTSIDE_ENV', 'AWS_REGION', 'warning'], ['SETTINGS_VAR_OUTSIDE_ENV', 'CLAUDE_CODE_USE_BEDROCK', 'error']]);
  const key = problems.find((p) => p.code === 'SETTINGS_ENV_KEY_INVALID');
  assert.equal(key.file, join(s.cwd, '.claude', 'settings.local.json'));
  assert.match(key.help, /Rename "export AWS_PROFILE" to "AWS_PROFILE"/);
});

test('status says in words when each credential command runs', (t) => {
  const s = sandbox(t);
  mkdirSync(join(s.home, '.claude'), { recursive: true });
  writeFileSync(userSettings(s), JSON.stringify({ apiKeyHelper: 'print-key', awsAuthRefresh: 'aws sso login', awsCredentialExport: 'export-creds', env: { CLAUDE_CODE_API_KEY_HELPER_TTL_MS: '60000' } }));
  const r = s.run(['status']);
  assert.match(r.stdout, /apiKeyHelper: print-key \(runs at start-up and again each time its TTL \(1 minute\) expires\)/);
  assert.match(r.stdout, /awsAuthRefresh: aws sso login \(runs when credentials expire or are rejected\)/);
  assert.match(r.stdout, /awsCredentialExport: export-creds \(runs at start-up\)/);
  assert.doesNotMatch(r.stdout, /\(runs (ttl|start|expired)/);
});

test('status shows the subagents\' model only when CLAUDE_CODE_SUBAGENT_MODEL names one', (t) => {
  const s = sandbox(t);
  const env = { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: AWS_CANARY };
  const inherit = runWithEnv(s, ['status'], { ...env, CLAUDE_CODE_SUBAGENT_MODEL: 'inherit' });
  assert.doesNotMatch(inherit.stdout, /subagents/);
  const r = runWithEnv(s, ['status'], { ...env, CLAUDE_CODE_SUBAGENT_MODEL: 'haiku' });
  assert.match(r.stdout, /subagents +eu\.anthropic\.claude-haiku-4-5-20251001-v1:0 \(haiku\) +← CLAUDE_CODE_SUBAGENT_MODEL, dotenv /);
});

test('status: a proxy variable the core cannot use is not shown as a direct connection', (t) => {
  const s = sandbox(t);
  const r = runWithEnv(s, ['status'], { ANTHROPIC_API_KEY: 'k', HTTPS_PROXY: '127.0.0.1:3128' });
  assert.match(r.stdout, /Network +proxy in HTTPS_PROXY unusable \(see PROXY_URL_INVALID below\)/);
  assert.doesNotMatch(r.stdout, /Network +direct/);
  assert.match(r.stdout, /PROXY_URL_INVALID/);
  const fine = runWithEnv(s, ['status'], { ANTHROPIC_API_KEY: 'k' });
  assert.match(fine.stdout, /Network +direct, system and bundled CAs/);
});

test('status: Vertex with no Google credentials file says so (a note without ADC, an error for a named file that is not there), nothing once gcloud wrote it', (t) => {
  const s = sandbox(t);
  const vertex = { CLAUDE_CODE_USE_VERTEX: '1', ANTHROPIC_VERTEX_PROJECT_ID: 'proj-1', CLOUD_ML_REGION: 'global' };
  const problems = (env) => runWithEnv(s, ['status', '--json'], env).json().resolution.problems.filter((p) => p.code === 'VERTEX_NO_CREDENTIALS');
  const [note] = problems(vertex);
  assert.equal(note?.severity, 'info', JSON.stringify(note));
  assert.match(note.help, /gcloud auth application-default login/);
  const [missing] = problems({ ...vertex, GOOGLE_APPLICATION_CREDENTIALS: 'keys/sa.json' });
  assert.equal(missing?.severity, 'error');
  assert.match(missing.message, /^GOOGLE_APPLICATION_CREDENTIALS="keys\/sa\.json" names a file that does not exist/);
  // Relative to the project directory, as Claude Code resolves it there.
  mkdirSync(join(s.cwd, 'keys'), { recursive: true });
  writeFileSync(join(s.cwd, 'keys', 'sa.json'), '{}');
  assert.deepEqual(problems({ ...vertex, GOOGLE_APPLICATION_CREDENTIALS: 'keys/sa.json' }), []);
  mkdirSync(join(s.home, '.config', 'gcloud'), { recursive: true });
  writeFileSync(join(s.home, '.config', 'gcloud', 'application_default_credentials.json'), '{"type":"authorized_user"}');
  assert.deepEqual(problems(vertex), []);
});

test('status reports an invalid settings file with its line and keeps going', (t) => {
  const s = sandbox(t);
  writeFileSync(join(s.cwd, '.claude', 'settings.json'), '{\n  "env": {"CLAUDE_CODE_USE_VERTEX": "1"},\n}\n');
  writeFileSync(join(s.home, '.claude', 'settings.json'), '{"env": {"CLAUDE_CODE_USE_FOUNDRY": "1", "ANTHROPIC_FOUNDRY_RESOURCE": "res"}}');
  const r = s.run(['status', '--json']);
  const { resolution } = r.json();
  assert.equal(resolution.provider, 'foundry');
  const p = resolution.problems.find((x) => x.code === 'SETTINGS_INVALID');
  assert.equal(p.file, join(s.cwd, '.claude', 'settings.json'));
  assert.match(p.message, /settings\.json:2:41: invalid JSON \(a trailing comma\); Claude Code ignores the whole file\./);
  const text = s.run(['status']).stdout;
  assert.match(text, /SETTINGS_INVALID.*settings\.json:2:41/);
  // Counted in words that agree with the numbers.
  const counts = /Problems \((\d+) errors?, (\d+) warnings?, (\d+) notes?\)/.exec(text);
  assert.ok(counts, text);
  for (const [n, word] of [[counts[1], 'error'], [counts[2], 'warning'], [counts[3], 'note']]) assert.match(text, new RegExp(`\\b${n} ${word}${n === '1' ? '[,)]' : 's'}`));
});

test('request --format json: method, url, [name, value] headers, the body as sent, the resolution', (t) => {
  const s = sandbox(t);
  const body = join(s.dir, 'body.json');
  writeFileSync(body, JSON.stringify({ max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }));
  const env = { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: AWS_CANARY, AWS_SESSION_TOKEN: `TOKEN-${AWS_CANARY}` };
  const r = runWithEnv(s, ['request', '--body', body, '--now', '2026-01-15T12:00:00Z', '--format', 'json'], env);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!r.stdout.includes('CANARY'), 'secrets redacted');
  const j = r.json();
  assert.deepEqual(Object.keys(j), ['method', 'url', 'headers', 'body', 'resolution']);
  assert.equal(j.method, 'POST');
  // Streaming by default, as Claude Code's main request (capture bedrock_sigv4 and the rest).
  assert.match(j.url, /^https:\/\/bedrock-runtime\.us-east-1\.amazonaws\.com\/model\/.+\/invoke-with-response-stream$/);
  const h = Object.fromEntries(j.headers);
  assert.equal(h['x-amz-date'], '20260115T120000Z');
  assert.match(h.authorization, /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260115\/us-east-1\/bedrock\/aws4_request, SignedHeaders=.*, Signature=<redacted>$/);
  assert.equal(h['x-amz-security-token'], '<redacted>');
  assert.equal(JSON.parse(j.body).anthropic_version, 'bedrock-2023-05-31');
  assert.equal(j.resolution.provider, 'bedrock');
  // --show-secrets prints them; the same signature twice for the same --now.
  const shown = runWithEnv(s, ['request', '--body', body, '--now', '2026-01-15T12:00:00Z', '--show-secrets'], env).json();
  assert.equal(Object.fromEntries(shown.headers)['x-amz-security-token'], `TOKEN-${AWS_CANARY}`);
  const again = runWithEnv(s, ['request', '--body', body, '--now', '2026-01-15T12:00:00Z', '--show-secrets'], env).json();
  assert.equal(Object.fromEntries(again.headers).authorization, Object.fromEntries(shown.headers).authorization);
  // --no-stream (the startup checks' form), --stream, --count-tokens, stdin body.
  const single = runWithEnv(s, ['request', '--body', '-', '--no-stream', '--now', '2026-01-15T12:00:00Z'], env, { input: readFileSync(body) }).json();
  assert.match(single.url, /\/invoke$/);
  const stream = runWithEnv(s, ['request', '--body', '-', '--stream', '--now', '2026-01-15T12:00:00Z'], env, { input: readFileSync(body) }).json();
  assert.match(stream.url, /invoke-with-response-stream$/);
  const count = runWithEnv(s, ['request', '--count-tokens', '--now', '2026-01-15T12:00:00Z'], env).json();
  assert.match(count.url, /count-tokens$/);
});

test('request --format curl and http; errors carry their code', (t) => {
  const s = sandbox(t);
  const env = { ANTHROPIC_API_KEY: CANARY, ANTHROPIC_BASE_URL: 'http://127.0.0.1:4000' };
  const curl = runWithEnv(s, ['request', '--format', 'curl'], env);
  assert.equal(curl.status, 0, curl.stderr);
  assert.match(curl.stdout, /^curl -X POST 'http:\/\/127\.0\.0\.1:4000\/v1\/messages\?beta=true' \\\n/);
  assert.match(curl.stdout, /-H 'x-api-key: <redacted>'/);
  assert.ok(!curl.stdout.includes('CANARY'));
  const http = runWithEnv(s, ['request', '--format', 'http', '--show-secrets'], env);
  const [head, bodyText] = http.stdout.split('\r\n\r\n');
  const lines = head.split('\r\n');
  assert.equal(lines[0], 'POST /v1/messages?beta=true HTTP/1.1');
  assert.ok(lines.includes('host: 127.0.0.1:4000'));
  assert.ok(lines.includes(`x-api-key: ${CANARY}`));
  assert.ok(lines.includes(`content-length: ${Buffer.byteLength(bodyText)}`));
  const bad = runWithEnv(s, ['request', '--body', '-', '--json'], env, { input: '[1,2]' });
  assert.equal(bad.status, 1);
  assert.equal(bad.json().error.code, 'BODY_INVALID');
  assert.equal(runWithEnv(s, ['request', '--now', 'yesterday'], env).status, 2);
});

test('request reports configuration errors before obtaining credentials, and never runs awsAuthRefresh or gcpAuthRefresh; the help says so and names --placeholder-credentials', (t) => {
  const s = sandbox(t);
  const ran = (name) => join(s.dir, `${name}-ran`);
  // Every credential command leaves a mark; awsCredentialExport then fails.
  writeFileSync(
    join(s.home, '.claude', 'settings.json'),
    JSON.stringify({ awsCredentialExport: `touch ${ran('export')}; exit 3`, awsAuthRefresh: `touch ${ran('awsAuthRefresh')}`, gcpAuthRefresh: `touch ${ran('gcpAuthRefresh')}` }),
  );
  const bedrock = { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' };
  // A base URL without a scheme: that, not the credentials, is the error; nothing runs.
  const config = runWithEnv(s, ['request', '--json'], { ...bedrock, ANTHROPIC_BEDROCK_BASE_URL: 'bedrock.example.com' });
  assert.equal(config.status, 1, config.stdout + config.stderr);
  assert.equal(config.json().error.code, 'BASE_URL_INVALID');
  assert.equal(config.json().error.envVar, 'ANTHROPIC_BEDROCK_BASE_URL');
  assert.ok(!existsSync(ran('export')), 'awsCredentialExport did not run for a configuration error');
  // A credential command that fails: its error, and awsAuthRefresh not run (it is for send).
  const failed = runWithEnv(s, ['request', '--json'], bedrock);
  assert.equal(failed.status, 1, failed.stdout + failed.stderr);
  const { error } = failed.json();
  assert.equal(error.code, 'CREDENTIALS_MISSING');
  assert.ok(existsSync(ran('export')), 'awsCredentialExport is a credential source: request runs it');
  assert.ok(!existsSync(ran('awsAuthRefresh')), 'request never runs awsAuthRefresh');
  assert.match(error.help, /awsAuthRefresh \(~\/\.claude\/settings\.json\) was not run: `request` never runs it/);
  assert.match(error.help, /add --placeholder-credentials/);
  // Vertex with a credentials file that is not there: gcpAuthRefresh not run either.
  const vertex = runWithEnv(s, ['request', '--json'], { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'global', ANTHROPIC_VERTEX_PROJECT_ID: 'p', GOOGLE_APPLICATION_CREDENTIALS: join(s.dir, 'missing-sa.json') });
  assert.equal(vertex.status, 1, vertex.stdout + vertex.stderr);
  assert.equal(vertex.json().error.code, 'VERTEX_NO_CREDENTIALS');
  assert.match(vertex.json().error.help, /gcpAuthRefresh .* was not run/);
  assert.ok(!existsSync(ran('gcpAuthRefresh')), 'request never runs gcpAuthRefresh');
  // request --help says which credential sources run.
  const help = s.run(['request', '--help']).stdout;
  assert.match(help, /awsAuthRefresh and gcpAuthRefresh never run here/);
  assert.match(help, /apiKeyHelper and\s+awsCredentialExport run/);
});

test('request --placeholder-credentials: offline, built and signed with obviously fake credentials, labelled so; nothing runs', (t) => {
  const s = sandbox(t);
  const ran = join(s.dir, 'export-ran');
  writeFileSync(join(s.home, '.claude', 'settings.json'), JSON.stringify({ awsCredentialExport: `touch ${ran}; exit 3`, awsAuthRefresh: `touch ${ran}` }));
  const now = ['--now', '2026-01-15T12:00:00Z'];
  const aws = runWithEnv(s, ['request', '--placeholder-credentials', ...now], { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-west-2' });
  assert.equal(aws.status, 0, aws.stderr);
  assert.ok(!existsSync(ran), 'no credential command ran');
  const j = aws.json();
  assert.equal(j.placeholderCredentials, true);
  const h = Object.fromEntries(j.headers);
  assert.match(h.authorization, /^AWS4-HMAC-SHA256 Credential=AKIAPLACEHOLDER00000\/20260115\/us-west-2\/bedrock\/aws4_request, /);
  assert.equal(h['x-amz-security-token'], '<redacted>');
  assert.match(aws.stderr, /^note: placeholder credentials \(--placeholder-credentials\) stand in for the AWS credentials of awsCredentialExport \(key ID AKIAPLACEHOLDER00000/);
  const curl = runWithEnv(s, ['request', '--placeholder-credentials', '--format', 'curl', ...now], { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-west-2' });
  assert.match(curl.stdout, /^# built with placeholder credentials \(--placeholder-credentials\): the endpoint would refuse it\ncurl -X POST /);
  // Vertex offline, no Google credentials and no project: a placeholder token and project.
  const vertex = runWithEnv(s, ['request', '--placeholder-credentials', '--show-secrets'], { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'global' });
  assert.equal(vertex.status, 0, vertex.stderr);
  assert.match(vertex.json().url, /\/projects\/placeholder-project\/locations\/global\//);
  assert.equal(Object.fromEntries(vertex.json().headers).authorization, 'Bearer placeholder-google-access-token');
  // Foundry with Entra ID: no FOUNDRY_NO_CREDENTIALS.
  const foundry = runWithEnv(s, ['request', '--placeholder-credentials'], { CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_RESOURCE: 'my-resource' });
  assert.equal(foundry.status, 0, foundry.stderr);
  assert.match(foundry.stderr, /stand in for the Microsoft Entra ID token/);
  // Configuration errors still come first.
  const bad = runWithEnv(s, ['request', '--placeholder-credentials', '--json'], { CLAUDE_CODE_USE_BEDROCK: '1', ANTHROPIC_BEDROCK_BASE_URL: 'bedrock.example.com' });
  assert.equal(bad.json().error.code, 'BASE_URL_INVALID');
  // Keys read from the environment are not replaced: the real request, said so, never printed.
  const key = runWithEnv(s, ['request', '--placeholder-credentials'], { ANTHROPIC_API_KEY: CANARY });
  assert.equal(key.status, 0, key.stderr);
  assert.equal(key.json().placeholderCredentials, undefined);
  assert.match(key.stderr, /nothing to replace/);
  assert.ok(!(key.stdout + key.stderr).includes('CANARY'));
});

test('a reader that closes the pipe early (| head) ends the CLI quietly, without a stack trace', async (t) => {
  const s = sandbox(t);
  const env = join(s.dir, 'key.env');
  writeFileSync(env, `ANTHROPIC_API_KEY=${CANARY}\n`);
  const body = join(s.dir, 'big.json');
  writeFileSync(body, JSON.stringify({ max_tokens: 5, messages: [{ role: 'user', content: 'x'.repeat(4 << 20) }] }));
  const child = spawn(process.execPath, [CLI, 'request', '--body', body, '--dotenv', env, '--no-process-env', '--home', s.home, '--cwd', s.cwd], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += b));
  child.stdout.once('data', () => child.stdout.destroy());
  const status = await new Promise((resolve) => child.on('close', (code, signal) => resolve(signal ?? code)));
  assert.equal(status, 0, stderr);
  assert.equal(stderr, '');
});

test('request --now: a real RFC 3339 time between 1970 and 9999, else USAGE_INVALID', (t) => {
  const s = sandbox(t);
  const env = { ANTHROPIC_API_KEY: CANARY };
  for (const bad of ['1969-12-31T23:59:59Z', '2026-02-30T12:00:00Z', '2025-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-15T24:00:00Z', '2026-01-15T12:60:00Z', '1970-01-01T00:30:00+01:00', '9999-12-31T23:59:59-01:00', '2026-01-15T12:00:00+24:00', '0000-01-01T00:00:00Z', 'yesterday', '2026-01-15T12:00Z']) {
    const r = runWithEnv(s, ['request', '--now', bad, '--json'], env);
    assert.equal(r.status, 2, `${bad}: ${r.stdout}${r.stderr}`);
    const { error } = r.json();
    assert.equal(error.code, 'USAGE_INVALID', bad);
    assert.ok(error.message.startsWith(`--now ${bad}: `), error.message);
    assert.ok(!/u64|integer|invalid value/.test(error.message), error.message);
  }
  for (const [good, date] of [
    ['2024-02-29T12:00:00Z', '20240229T120000Z'],
    ['1970-01-01T00:00:00Z', '19700101T000000Z'],
    ['2026-01-15T13:00:00.123456789+01:00', '20260115T120000Z'],
    ['9999-12-31T23:59:59Z', '99991231T235959Z'],
  ]) {
    const r = runWithEnv(s, ['request', '--now', good], { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' });
    assert.equal(r.status, 0, `${good}: ${r.stderr}`);
    assert.equal(Object.fromEntries(r.json().headers)['x-amz-date'], date, good);
  }
});

test('request with AWS_PROFILE naming a profile that does not exist fails with AWS_PROFILE_NOT_FOUND, never signs with [default]', (t) => {
  const s = sandbox(t);
  mkdirSync(join(s.home, '.aws'));
  writeFileSync(join(s.home, '.aws', 'credentials'), `[default]\naws_access_key_id = AKIACANARYDEFAULT\naws_secret_access_key = ${AWS_CANARY}\n`);
  const env = { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_PROFILE: 'typo-prof', AWS_EC2_METADATA_DISABLED: 'true' };
  const r = runWithEnv(s, ['request', '--json', '--now', '2026-01-15T12:00:00Z'], env);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.ok(!r.stdout.includes('AKIACANARYDEFAULT') && !r.stdout.includes('CANARY'), 'the default profile is not used');
  const { error } = r.json();
  assert.equal(error.code, 'AWS_PROFILE_NOT_FOUND');
  assert.equal(error.envVar, 'AWS_PROFILE');
  assert.match(error.message, /typo-prof/);
  // Without AWS_PROFILE the default chain takes [default], as the SDK does.
  const { AWS_PROFILE, ...noProfile } = env;
  const ok = runWithEnv(s, ['request', '--json', '--now', '2026-01-15T12:00:00Z'], noProfile);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(Object.fromEntries(ok.json().headers).authorization, /Credential=AKIACANARYDEFAULT\//);
});

test('with no ~/.aws files at all, AWS_PROFILE_NOT_FOUND: a warning in status, the error when no credentials come; an unreadable file is not taken for a missing one', (t) => {
  const s = sandbox(t);
  const env = { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_PROFILE: 'ghost', AWS_EC2_METADATA_DISABLED: 'true' };
  const status = runWithEnv(s, ['status', '--json'], env);
  // Offline a warning (container or instance credentials could still sign)...
  assert.equal(status.status, 0, status.stderr);
  const problem = status.json().resolution.problems.find((p) => p.code === 'AWS_PROFILE_NOT_FOUND');
  assert.ok(problem, status.stdout);
  assert.equal(problem.severity, 'warning');
  assert.match(problem.message, /^AWS_PROFILE="ghost" names a profile, but there is no AWS config or credentials file/);
  // ...and the reason given when no credentials come at all.
  const request = runWithEnv(s, ['request', '--json', '--now', '2026-01-15T12:00:00Z'], env);
  assert.equal(request.status, 1, request.stderr);
  assert.equal(request.json().error.code, 'AWS_PROFILE_NOT_FOUND');
  // ~/.aws/config is a directory: it could not be read, so the profile may well be in it.
  mkdirSync(join(s.home, '.aws', 'config'), { recursive: true });
  const unreadable = runWithEnv(s, ['status', '--json'], env).json();
  assert.deepEqual(unreadable.resolution.problems.filter((p) => p.code === 'AWS_PROFILE_NOT_FOUND'), []);
  assert.ok(unreadable.resolution.problems.some((p) => p.code === 'SETTINGS_INVALID'), JSON.stringify(unreadable.resolution.problems));
});

test('status names the --dotenv file a value came from, and whether it replaced the shell\'s', (t) => {
  const s = sandbox(t);
  const file = join(s.dir, 'region.env');
  writeFileSync(file, 'AWS_REGION=eu-north-1\nCLAUDE_CODE_USE_BEDROCK=1\n');
  const args = ['status', '--dotenv', file, '--home', s.home, '--cwd', s.cwd, '--no-managed-settings'];
  const env = { PATH: process.env.PATH, AWS_REGION: 'us-east-2' };
  const text = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env });
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^Region {5}eu-north-1 {2}← AWS_REGION, dotenv .*region\.env \(over the shell's value\)$/m);
  assert.match(text.stdout, /^Provider .*← CLAUDE_CODE_USE_BEDROCK=1, dotenv .*region\.env$/m);
  assert.match(text.stdout, /^Files {6}dotenv {9}.*region\.env read$/m);
  assert.doesNotMatch(text.stdout, /us-east-2/, 'the shell value it replaced is not shown');
  const json = JSON.parse(spawnSync(process.execPath, [CLI, ...args, '--json'], { encoding: 'utf8', env }).stdout);
  assert.deepEqual(json.dotenv, { AWS_REGION: file, CLAUDE_CODE_USE_BEDROCK: file });
  assert.deepEqual(json.files[0], { kind: 'dotenv', path: file, state: 'loaded' });
  // Without a shell value to replace, just the file.
  const alone = spawnSync(process.execPath, [CLI, ...args, '--no-process-env'], { encoding: 'utf8', env });
  assert.match(alone.stdout, /^Region {5}eu-north-1 {2}← AWS_REGION, dotenv .*region\.env$/m);
});

test('status: the Auth, Endpoint and Project rows name the --dotenv file their variable came from, as Variables does', (t) => {
  const s = sandbox(t);
  const api = s.run(['status'], { env: { ANTHROPIC_API_KEY: CANARY } });
  assert.equal(api.status, 0, api.stderr);
  assert.match(api.stdout, /^Auth {7}.*← dotenv .*test\.env$/m);
  assert.match(api.stdout, /^ {2}ANTHROPIC_API_KEY=.* {2}← dotenv .*test\.env$/m);
  const vertex = s.run(['status'], { env: { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'us-east5', ANTHROPIC_VERTEX_PROJECT_ID: 'p1', GOOGLE_APPLICATION_CREDENTIALS: join(s.dir, 'missing.json') } });
  assert.match(vertex.stdout, /^Auth {7}Google OAuth .*← dotenv .*test\.env$/m);
  assert.match(vertex.stdout, /^Endpoint {3}https:\/\/us-east5-aiplatform\.googleapis\.com\/v1 \(own\) {2}← CLOUD_ML_REGION, dotenv .*test\.env$/m);
  assert.match(vertex.stdout, /^Project {4}p1 {2}← ANTHROPIC_VERTEX_PROJECT_ID, dotenv .*test\.env$/m);
  assert.doesNotMatch(vertex.stdout, /process env/);
  const bedrock = s.run(['status'], { env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-west-2', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: AWS_CANARY } });
  assert.match(bedrock.stdout, /^Auth {7}SigV4 .*← dotenv .*test\.env$/m);
  assert.doesNotMatch(bedrock.stdout, /process env/);
});

test('status (and doctor\'s offline part): Vertex takes the project from the Google credentials file, as obtaining the credentials does', (t) => {
  const s = sandbox(t);
  const key = join(s.dir, 'sa.json');
  writeFileSync(key, JSON.stringify({ type: 'service_account', project_id: 'sa-proj', client_email: 'x@sa-proj.iam.gserviceaccount.com', private_key: 'not a key' }));
  const vertex = { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'us-east5' };
  const text = s.run(['status'], { env: { ...vertex, GOOGLE_APPLICATION_CREDENTIALS: key } });
  assert.equal(text.status, 0, text.stdout);
  assert.doesNotMatch(text.stdout, /VERTEX_PROJECT_MISSING/);
  assert.match(text.stdout, /^Project {4}sa-proj {2}← credentials file .*sa\.json$/m);
  // Files names the credentials file it read (not "no files found").
  assert.match(text.stdout, new RegExp(`^ {11}google creds {3}${key.replace(/[.]/g, '\\.')} read \\(project\\)$`, 'm'));
  const json = s.run(['status', '--json'], { env: { ...vertex, GOOGLE_APPLICATION_CREDENTIALS: key } }).json();
  assert.deepEqual(json.resolution.details.project, { value: 'sa-proj', source: { kind: 'credentials' } });
  assert.deepEqual(json.files.find((f) => f.kind === 'googleCredentials'), { kind: 'googleCredentials', path: key, state: 'loaded' });
  // A variable that names a project wins over the file (SPEC §4.3); the file is then only found.
  const named = s.run(['status', '--json'], { env: { ...vertex, GOOGLE_APPLICATION_CREDENTIALS: key, ANTHROPIC_VERTEX_PROJECT_ID: 'env-proj' } }).json();
  assert.equal(named.resolution.details.project.value, 'env-proj');
  assert.deepEqual(named.files.find((f) => f.kind === 'googleCredentials'), { kind: 'googleCredentials', path: key, state: 'found' });
  // Skip-auth loads no credentials: the project is still required.
  const skip = s.run(['status', '--json'], { env: { ...vertex, GOOGLE_APPLICATION_CREDENTIALS: key, CLAUDE_CODE_SKIP_VERTEX_AUTH: '1' } }).json();
  assert.ok(skip.resolution.problems.some((p) => p.code === 'VERTEX_PROJECT_MISSING'));
  // gcloud's ADC file under the configuration's home, found as auth.ts finds it.
  const gcloud = join(s.home, '.config', 'gcloud');
  mkdirSync(gcloud, { recursive: true });
  const adc = join(gcloud, 'application_default_credentials.json');
  writeFileSync(adc, JSON.stringify({ type: 'service_account', project_id: 'adc-proj', client_email: 'x@adc-proj.iam.gserviceaccount.com', private_key: 'not a key' }));
  const fromAdc = s.run(['status'], { env: vertex });
  assert.equal(fromAdc.status, 0, fromAdc.stdout);
  assert.match(fromAdc.stdout, /^Project {4}adc-proj {2}← credentials file ~\/\.config\/gcloud\/application_default_credentials\.json$/m);
  assert.match(fromAdc.stdout, /^ {11}google creds {3}~\/\.config\/gcloud\/application_default_credentials\.json read \(project\)$/m);
  // An authorized_user file: google-auth-library takes no project from it (quota_project_id is billing).
  writeFileSync(adc, JSON.stringify({ type: 'authorized_user', client_id: 'c', client_secret: 's', refresh_token: 'r', quota_project_id: 'quota-proj' }));
  const user = s.run(['status', '--json'], { env: vertex }).json();
  assert.ok(user.resolution.problems.some((p) => p.code === 'VERTEX_PROJECT_MISSING'));
  // A file that is not JSON, or not there: no crash, the project is missing as before.
  const bad = join(s.dir, 'bad.json');
  writeFileSync(bad, 'not json');
  for (const f of [bad, join(s.dir, 'nope.json'), s.dir]) {
    const r = s.run(['status', '--json'], { env: { ...vertex, GOOGLE_APPLICATION_CREDENTIALS: f } });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    assert.ok(r.json().resolution.problems.some((p) => p.code === 'VERTEX_PROJECT_MISSING'));
  }
});

test('env PROVIDER checks the values given: what switch refuses (a region Claude Code would ignore, an error) env refuses too, exit 1 and nothing printed, unless --force; other problems on stderr (in the JSON with --format json)', (t) => {
  const s = sandbox(t);
  // The same values, the same problem and exit status as switch.
  for (const [provider, args, code] of [
    ['bedrock', ['--region', 'us-east1'], 'BEDROCK_REGION_INVALID'],
    ['vertex', ['--project', 'p', '--region', 'us-east-1'], 'VERTEX_REGION_INVALID'],
    ['foundry', ['--resource', 'bad name!'], 'FOUNDRY_RESOURCE_INVALID'],
  ]) {
    const env = s.run(['env', provider, ...args]);
    const sw = s.run(['switch', provider, ...args]);
    assert.equal(env.status, 1, `env ${provider} ${args.join(' ')}: ${env.stdout}`);
    assert.equal(sw.status, 1, `switch ${provider} ${args.join(' ')}`);
    assert.equal(env.stdout, '', 'nothing printed to export');
    assert.match(env.stderr, new RegExp(`^error ${code}: .* Nothing was printed\\.\n  fix: .*\\(Or print it anyway: \`--force\`\\.\\)\n$`));
    assert.match(sw.stderr, new RegExp(`error ${code}: `));
    const json = s.run(['env', provider, ...args, '--json']);
    assert.equal(json.json().error.code, code);
  }
  const region = s.run(['env', 'bedrock', '--region', 'notaregion', '--force']);
  assert.equal(region.status, 0, 'forced, an ignored region is a warning');
  assert.match(region.stdout, /^export AWS_REGION=notaregion$/m);
  assert.match(region.stderr, /warning BEDROCK_REGION_INVALID: AWS_REGION="notaregion" is not shaped like an AWS region/);
  const resource = s.run(['env', 'foundry', '--resource', 'bad name!', '--format', 'json', '--force']);
  assert.equal(resource.status, 1, 'forced past an error: printed, and still exit 1');
  assert.deepEqual(resource.json().problems.map((p) => [p.code, p.envVar]), [['FOUNDRY_RESOURCE_INVALID', 'ANTHROPIC_FOUNDRY_RESOURCE']]);
  const good = s.run(['env', 'vertex', '--project', 'my-proj', '--region', 'global']);
  assert.equal(good.status, 0);
  assert.doesNotMatch(good.stderr, /warning|error/);
});

test('env PROVIDER in every format', (t) => {
  const s = sandbox(t);
  const shell = runWithEnv(s, ['env', 'vertex', '--project', 'my-proj'], { CLAUDE_CODE_USE_BEDROCK: '1' });
  assert.equal(shell.status, 0);
  assert.match(shell.stdout, /^export CLAUDE_CODE_USE_VERTEX=1$/m);
  assert.match(shell.stdout, /^export ANTHROPIC_VERTEX_PROJECT_ID=my-proj$/m);
  assert.match(shell.stdout, /^export CLOUD_ML_REGION=global {2}# example/m);
  assert.match(shell.stdout, /^unset CLAUDE_CODE_USE_BEDROCK$/m);
  const json = s.run(['env', 'bedrock', '--region', 'eu-west-1', '--profile', 'dev', '--json']).json();
  assert.deepEqual(json.env, { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1', AWS_PROFILE: 'dev' });
  assert.deepEqual(json.mounts.map((m) => m.path), ['.aws']);
  const settings = runWithEnv(s, ['env', 'foundry', '--resource', 'r1', '--api-key', CANARY, '--format', 'settings'], { CLAUDE_CODE_USE_VERTEX: '1' });
  assert.ok(!settings.stdout.includes('CANARY'));
  assert.deepEqual(JSON.parse(settings.stdout), {
    env: { CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_RESOURCE: 'r1', ANTHROPIC_FOUNDRY_API_KEY: '<redacted>', CLAUDE_CODE_USE_VERTEX: '' },
  });
  const shown = s.run(['env', 'foundry', '--resource', 'r1', '--api-key', CANARY, '--format', 'settings', '--show-secrets']);
  assert.equal(JSON.parse(shown.stdout).env.ANTHROPIC_FOUNDRY_API_KEY, CANARY);
  const dc = JSON.parse(s.run(['env', 'vertex', '--project', 'p', '--region', 'us-east5', '--format', 'devcontainer', '--container-home', '/home/node']).stdout);
  assert.deepEqual(dc, {
    containerEnv: { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'us-east5', ANTHROPIC_VERTEX_PROJECT_ID: 'p' },
    mounts: ['source=${localEnv:HOME}/.config/gcloud,target=/home/node/.config/gcloud,type=bind,readonly'],
  });
  assert.equal(s.run(['env', 'openai']).status, 2);
});

test('env and switch refuse values the provider has no variable for, instead of dropping them', (t) => {
  const s = sandbox(t);
  const vertex = s.run(['env', 'vertex', '--project', 'p', '--api-key', CANARY, '--workspace-id', 'w', '--json']);
  assert.equal(vertex.status, 2);
  const err = JSON.parse(vertex.stdout).error;
  assert.equal(err.code, 'USAGE_INVALID');
  assert.match(err.message, /--workspace-id, --api-key are not used by Google Vertex AI/);
  assert.match(err.help, /--project/);
  assert.ok(!vertex.stdout.includes('CANARY') && !vertex.stderr.includes('CANARY'));
  const foundry = s.run(['switch', 'foundry', '--resource', 'r1', '--base-url', 'https://gw.example.com/anthropic']);
  assert.equal(foundry.status, 2);
  assert.match(foundry.stderr, /--resource is not used by Microsoft Foundry/);
  assert.ok(!existsSync(join(s.home, '.claude', 'settings.json')), 'nothing written');
});

test('a password in a URL is masked in status, doctor, env and request --json resolution, unless --show-secrets', (t) => {
  const s = sandbox(t);
  const env = { ANTHROPIC_BASE_URL: 'http://gwuser:CANARY-URLPASS@127.0.0.1:9/gw', ANTHROPIC_API_KEY: CANARY };
  const text = runWithEnv(s, ['status'], env);
  assert.match(text.stdout, /^Endpoint +http:\/\/\*\*\*@127\.0\.0\.1:9\/gw /m);
  assert.ok(!(text.stdout + text.stderr).includes('CANARY'), text.stdout);
  const json = runWithEnv(s, ['status', '--json'], env);
  assert.ok(!json.stdout.includes('CANARY'));
  assert.equal(json.json().resolution.endpoint.baseUrl, 'http://***@127.0.0.1:9/gw');

  const doctor = runWithEnv(s, ['doctor'], env);
  assert.match(doctor.stdout, /is plain http/);
  assert.ok(!(doctor.stdout + doctor.stderr).includes('CANARY'), doctor.stdout);
  const doctorJson = runWithEnv(s, ['doctor', '--json'], env);
  assert.ok(!doctorJson.stdout.includes('CANARY'));

  const req = runWithEnv(s, ['request', '--json'], env);
  assert.equal(req.status, 0, req.stderr);
  assert.ok(!JSON.stringify(req.json().resolution).includes('CANARY'), 'the resolution printed with the request');
  const shownReq = runWithEnv(s, ['request', '--json', '--show-secrets'], env);
  assert.equal(shownReq.json().resolution.endpoint.baseUrl, 'http://gwuser:CANARY-URLPASS@127.0.0.1:9/gw');

  const url = 'https://u:CANARY-URLPASS@gw.example.com';
  for (const format of ['shell', 'json', 'settings']) {
    const r = s.run(['env', 'anthropic', '--base-url', url, '--format', format]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!(r.stdout + r.stderr).includes('CANARY'), `${format}: ${r.stdout}`);
    assert.ok(r.stdout.includes('https://***@gw.example.com'), format);
    const shown = s.run(['env', 'anthropic', '--base-url', url, '--format', format, '--show-secrets']);
    assert.ok(shown.stdout.includes(url), format);
  }
  // devcontainer.json is usually committed: a URL with a password and a key are passed through
  // from the host's environment, even with --show-secrets; the notes say how the key gets in.
  for (const show of [[], ['--show-secrets']]) {
    const dc = s.run(['env', 'anthropic', '--base-url', url, '--api-key', CANARY, '--format', 'devcontainer', ...show]);
    assert.equal(dc.status, 0, dc.stderr);
    assert.ok(!(dc.stdout + dc.stderr).includes('CANARY'), dc.stdout + dc.stderr);
    assert.deepEqual(JSON.parse(dc.stdout).containerEnv, { ANTHROPIC_BASE_URL: '${localEnv:ANTHROPIC_BASE_URL}', ANTHROPIC_API_KEY: '${localEnv:ANTHROPIC_API_KEY}' });
    assert.match(dc.stderr, /note: In containerEnv, reference ANTHROPIC_BASE_URL, ANTHROPIC_API_KEY from the host's environment/);
  }
  // A gateway on this machine: the core's note that localhost is the container there.
  const local = s.run(['env', 'anthropic', '--base-url', 'http://localhost:4000', '--format', 'devcontainer']);
  assert.equal(JSON.parse(local.stdout).containerEnv.ANTHROPIC_BASE_URL, 'http://localhost:4000');
  assert.match(local.stderr, /note: ANTHROPIC_BASE_URL=http:\/\/localhost:4000 is a loopback address: inside the container that is the container itself.*host\.docker\.internal:4000/);
});

test('secrets in credential commands, /v1 warnings and failed credential_process never print', (t) => {
  const s = sandbox(t);
  // A base URL with a password that also ends in /v1: the warning quotes the URL.
  const v1 = runWithEnv(s, ['status', '--json'], { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: 'https://u:CANARY-V1PASS@gw.example.com/v1' });
  assert.ok(json1(v1).problems.some((p) => p.code === 'BASE_URL_ENDS_WITH_V1'));
  assert.ok(!v1.stdout.includes('CANARY'), v1.stdout);
  // A helper command with a token and a URL password: shown masked, in text and JSON.
  const cmd = "curl -s -H 'Authorization: Bearer CANARY-HELPER' https://u:CANARY-HELPERPW@vault.example.com/key";
  writeFileSync(join(s.home, '.claude', 'settings.json'), JSON.stringify({ apiKeyHelper: cmd }));
  for (const args of [['status'], ['status', '--json']]) {
    const r = s.run(args);
    assert.ok(!(r.stdout + r.stderr).includes('CANARY'), `${args}: ${r.stdout}`);
    assert.ok(r.stdout.includes("Bearer ***"), `${args}: ${r.stdout}`);
  }
  writeFileSync(join(s.home, '.claude', 'settings.json'), '{}');
  // A credential_process that fails: the AWS SDK quotes its command line.
  mkdirSync(join(s.home, '.aws'), { recursive: true });
  writeFileSync(join(s.home, '.aws', 'config'), '[profile cp]\nregion = us-east-1\ncredential_process = /bin/false --token CANARY-CPTOKEN\n');
  const req = runWithEnv(s, ['request', '--json'], { CLAUDE_CODE_USE_BEDROCK: '1', AWS_PROFILE: 'cp' });
  assert.notEqual(req.status, 0);
  assert.ok(!(req.stdout + req.stderr).includes('CANARY'), req.stdout + req.stderr);
  assert.match(req.stdout, /--token \*\*\*/);
});

test('credential commands that print a bare key or AWS keys are shown without them; the runtime runs them as written', (t) => {
  const s = sandbox(t);
  const helper = 'echo sk-ant-api03-CANARY-helper';
  const exportCmd = 'echo \'{"Version":1,"AccessKeyId":"ASIAIOSFODNN7EXAMPLE","SecretAccessKey":"CANARY-secret-123","SessionToken":"CANARY-token"}\'';
  writeFileSync(join(s.home, '.claude', 'settings.json'), JSON.stringify({ apiKeyHelper: helper }));
  for (const args of [['status'], ['status', '--json']]) {
    const r = s.run(args);
    assert.ok(!(r.stdout + r.stderr).includes('CANARY'), `${args}: ${r.stdout}`);
    assert.ok(r.stdout.includes('echo sk-ant-api03-***'), `${args}: ${r.stdout}`);
  }
  writeFileSync(join(s.home, '.claude', 'settings.json'), JSON.stringify({ awsCredentialExport: exportCmd }));
  for (const args of [['status'], ['status', '--json']]) {
    const r = runWithEnv(s, args, { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1' });
    assert.ok(!(r.stdout + r.stderr).includes('CANARY'), `${args}: ${r.stdout}`);
    assert.ok(r.stdout.includes('SecretAccessKey'), `${args}: ${r.stdout}`);
  }
  // `request` runs the real command: the keys it prints sign the request.
  const req = runWithEnv(s, ['request', '--json'], { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1' });
  assert.equal(req.status, 0, req.stdout + req.stderr);
  assert.ok(!(req.stdout + req.stderr).includes('CANARY'), req.stdout + req.stderr);
  assert.match(req.stdout, /Credential=ASIAIOSFODNN7EXAMPLE\//);
});

test('swapped AWS keys: the secret in AWS_ACCESS_KEY_ID is never shown, and status says they look swapped', (t) => {
  const s = sandbox(t);
  const env = { AWS_ACCESS_KEY_ID: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY', AWS_SECRET_ACCESS_KEY: 'AKIAIOSFODNN7EXAMPLE', CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1' };
  for (const args of [['status'], ['status', '--json'], ['request'], ['request', '--format', 'curl']]) {
    const r = runWithEnv(s, args, env);
    assert.notEqual(r.status, 0, `${args}`);
    assert.ok(!(r.stdout + r.stderr).includes('CANARY') && !(r.stdout + r.stderr).includes('wJal'), `${args.join(' ')}:\n${r.stdout}${r.stderr}`);
  }
  const text = runWithEnv(s, ['status'], env).stdout;
  assert.match(text, /AWS_ACCESS_KEY_ID=\*\*\* \(39 chars\)/);
  const { resolution } = runWithEnv(s, ['status', '--json'], env).json();
  const p = resolution.problems.find((x) => x.code === 'CREDENTIAL_WRONG_VARIABLE');
  assert.deepEqual([p?.severity, p?.envVar], ['error', 'AWS_ACCESS_KEY_ID']);
  assert.match(p.message, /look swapped/);
});

function json1(r) {
  return r.json().resolution;
}

function userSettings(s) {
  return join(s.home, '.claude', 'settings.json');
}

/** The project in a git repository, its `.claude/settings.json` tracked; `undefined` (test skipped) without git. */
function trackedProjectSettings(t, s) {
  const git = gitProject(t, s);
  if (!git) return undefined;
  const project = join(s.cwd, '.claude', 'settings.json');
  writeFileSync(project, '{"model": "sonnet"}\n');
  git('add', '.claude/settings.json');
  return project;
}

test('switch keeps unknown keys and formatting, backs up, and clears the old selector', (t) => {
  const s = sandbox(t);
  const file = userSettings(s);
  const original = '{\n    "model": "opus",\n    "permissions": {"allow": ["Bash(ls)"]},\n    "env": {\n        "CLAUDE_CODE_USE_BEDROCK": "1",\n        "AWS_REGION": "eu-west-1",\n        "MY_TOOL_SETTING": "x"\n    },\n    "unknownKey": [1, 2, {"a": null}]\n}\n';
  writeFileSync(file, original);
  const r = runWithEnv(s, ['switch', 'vertex', '--project', 'my-proj', '--region', 'us-east5', '--json'], { CLAUDE_CODE_USE_FOUNDRY: '1' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const res = r.json();
  assert.deepEqual(res.removed, ['CLAUDE_CODE_USE_BEDROCK']);
  assert.deepEqual(res.cleared, ['CLAUDE_CODE_USE_FOUNDRY']);
  assert.equal(readFileSync(res.backup, 'utf8'), original);
  const text = readFileSync(file, 'utf8');
  const now = JSON.parse(text);
  assert.equal(now.model, 'opus');
  assert.deepEqual(now.permissions, { allow: ['Bash(ls)'] });
  assert.deepEqual(now.unknownKey, [1, 2, { a: null }]);
  assert.deepEqual(now.env, {
    AWS_REGION: 'eu-west-1',
    MY_TOOL_SETTING: 'x',
    CLAUDE_CODE_USE_FOUNDRY: '',
    CLAUDE_CODE_USE_VERTEX: '1',
    CLOUD_ML_REGION: 'us-east5',
    ANTHROPIC_VERTEX_PROJECT_ID: 'my-proj',
  });
  assert.match(text, /^ {4}"model": "opus",$/m, '4-space indentation kept');
  assert.ok(text.includes('"permissions": {"allow": ["Bash(ls)"]}'), 'untouched lines kept as written');
  assert.equal(statSync(file).mode & 0o777, 0o644);
  // The result validates: status now says vertex.
  assert.equal(runWithEnv(s, ['status', '--json'], { CLAUDE_CODE_USE_FOUNDRY: '1' }).json().resolution.provider, 'vertex');
});

test('switch writes a secret with mode 0600, and refuses a secret into a git-tracked file', (t) => {
  const s = sandbox(t);
  const r = s.run(['switch', 'anthropic', '--api-key', CANARY, '--json']);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!r.stdout.includes('CANARY') && !r.stderr.includes('CANARY'));
  const file = userSettings(s);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).env.ANTHROPIC_API_KEY, CANARY);

  const project = trackedProjectSettings(t, s);
  if (!project) return;
  const refused = s.run(['switch', 'anthropic', '--scope', 'project', '--api-key', CANARY]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /tracked by git: a secret must not go into it/);
  assert.ok(!refused.stderr.includes('CANARY'));
  assert.equal(readFileSync(project, 'utf8'), '{"model": "sonnet"}\n');
  // No secret: fine in a tracked file.
  assert.equal(s.run(['switch', 'bedrock', '--scope', 'project', '--region', 'us-east-1']).status, 0);
  // The local file the switch creates is git-ignored first (as Claude Code does), without
  // touching a tracked file: then it takes the secret.
  const local = s.run(['switch', 'anthropic', '--scope', 'local', '--api-key', CANARY]);
  assert.equal(local.status, 0, local.stderr);
  assert.match(local.stdout, /^ {2}git-ignored: the new file is listed in .*\.git\/info\/exclude \(this repository's own exclude file; nothing tracked changed\)$/m);
  assert.ok(!local.stdout.includes('CANARY'));
  assert.equal(statSync(join(s.cwd, '.claude', 'settings.local.json')).mode & 0o777, 0o600);
  assert.equal(s.run(['switch', 'anthropic', '--scope', 'local', '--api-key', CANARY, '--json']).json().ignoredBy, null, 'the file exists: nothing to do');
});

test('switch refuses a secret into a project file git would pick up even when .claude/ does not exist yet', (t) => {
  const s = sandbox(t);
  rmSync(join(s.cwd, '.claude'), { recursive: true });
  const git = gitProject(t, s);
  if (!git) return;
  const r = s.run(['switch', 'anthropic', '--scope', 'project', '--api-key', CANARY]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /SECRET_IN_TRACKED_FILE: .*not ignored, so the next `git add` would commit the secret/);
  assert.ok(!r.stdout.includes('CANARY') && !r.stderr.includes('CANARY'));
  assert.ok(!existsSync(join(s.cwd, '.claude')), 'nothing written');
  assert.equal(git('status', '--porcelain', '--untracked-files=all').stdout, '');
  // A tracked file deleted from the work tree with its folder is still tracked: refused too.
  mkdirSync(join(s.cwd, '.claude'));
  writeFileSync(join(s.cwd, '.claude', 'settings.json'), '{}\n');
  git('add', '.claude/settings.json');
  rmSync(join(s.cwd, '.claude'), { recursive: true });
  const tracked = s.run(['switch', 'anthropic', '--scope', 'project', '--api-key', CANARY]);
  assert.equal(tracked.status, 1, tracked.stdout + tracked.stderr);
  assert.match(tracked.stderr, /tracked by git: a secret must not go into it/);
  assert.ok(!existsSync(join(s.cwd, '.claude')));
  // Ignored, though neither the file nor its folder exists yet: the local file takes the secret.
  writeFileSync(join(s.cwd, '.gitignore'), '.claude/settings.local.json\n');
  const local = s.run(['switch', 'anthropic', '--scope', 'local', '--api-key', CANARY, '--json']);
  assert.equal(local.status, 0, local.stdout + local.stderr);
  const file = join(s.cwd, '.claude', 'settings.local.json');
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).env.ANTHROPIC_API_KEY, CANARY);
  assert.equal(statSync(file).mode & 0o777, 0o600);
});

test('switch treats a URL with a password as a secret: mode 0600, and never into a git-tracked file', (t) => {
  const s = sandbox(t);
  const url = 'https://gwuser:CANARY-URLPASS@gateway.example.com/gw';
  const r = s.run(['switch', 'bedrock', '--region', 'us-east-1', '--base-url', url, '--json']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.ok(!r.stdout.includes('CANARY') && !r.stderr.includes('CANARY'));
  assert.equal(r.json().mode, '0600');
  assert.equal(statSync(userSettings(s)).mode & 0o777, 0o600);
  assert.equal(JSON.parse(readFileSync(userSettings(s), 'utf8')).env.ANTHROPIC_BEDROCK_BASE_URL, url);

  const project = trackedProjectSettings(t, s);
  if (!project) return;
  const refused = s.run(['switch', 'bedrock', '--scope', 'project', '--region', 'us-east-1', '--base-url', url]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /SECRET_IN_TRACKED_FILE/);
  assert.ok(!refused.stderr.includes('CANARY'));
  assert.equal(readFileSync(project, 'utf8'), '{"model": "sonnet"}\n');
  // Without a password the URL is not a secret: a tracked file takes it, mode kept.
  assert.equal(s.run(['switch', 'bedrock', '--scope', 'project', '--region', 'us-east-1', '--base-url', 'https://gateway.example.com/gw']).status, 0);
  assert.equal(statSync(project).mode & 0o777, 0o644);
});

test('backups are private (0600) and git never sees them, with a secret or without', (t) => {
  const s = sandbox(t);
  const git = gitProject(t, s);
  if (!git) return;
  writeFileSync(join(s.cwd, '.gitignore'), '.claude/settings.local.json\n');
  git('add', '.gitignore');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'init');
  const local = join(s.cwd, '.claude', 'settings.local.json');
  assert.equal(s.run(['switch', 'anthropic', '--scope', 'local', '--api-key', CANARY]).status, 0);
  assert.equal(git('status', '--porcelain', '--untracked-files=all').stdout, '', 'the local file is ignored');
  const second = s.run(['switch', 'anthropic', '--scope', 'local', '--api-key', `${CANARY}-2`, '--json']);
  assert.equal(second.status, 0, second.stderr);
  const { backup } = second.json();
  assert.ok(backup && existsSync(backup));
  assert.equal(statSync(backup).mode & 0o777, 0o600);
  assert.equal(JSON.parse(readFileSync(backup, 'utf8')).env.ANTHROPIC_API_KEY, CANARY);
  assert.ok(!backup.startsWith(s.cwd), `outside the project: ${backup}`);
  assert.equal(git('status', '--porcelain', '--untracked-files=all').stdout, '', 'git sees no backup');
  // The text output says where it went.
  const third = s.run(['switch', 'anthropic', '--scope', 'local', '--api-key', `${CANARY}-3`]);
  assert.match(third.stdout, /backup: .*backups.* \(mode 0600, in a directory git ignores\)/);
  assert.ok(!third.stdout.includes('CANARY'));
  assert.equal(JSON.parse(readFileSync(local, 'utf8')).env.ANTHROPIC_API_KEY, `${CANARY}-3`);
  // The project file, which holds no secret, is backed up there too, not beside it.
  writeFileSync(join(s.cwd, '.claude', 'settings.json'), '{}\n');
  git('add', '.claude/settings.json');
  const project = s.run(['switch', 'bedrock', '--scope', 'project', '--region', 'us-east-1', '--json']);
  assert.equal(project.status, 0, project.stderr);
  assert.ok(!project.json().backup.startsWith(s.cwd), project.json().backup);
  assert.equal(git('status', '--porcelain', '--untracked-files=all').stdout, 'AM .claude/settings.json\n', 'git sees no backup');
});

test('switch refuses what would not work: missing values, a higher scope that wins, errors', (t) => {
  const s = sandbox(t);
  const missing = s.run(['switch', 'vertex', '--region', 'global']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /ANTHROPIC_VERTEX_PROJECT_ID .*--project/);
  writeFileSync(join(s.cwd, '.claude', 'settings.local.json'), '{"env": {"CLAUDE_CODE_USE_BEDROCK": "1"}}');
  const shadowed = s.run(['switch', 'foundry', '--resource', 'r1', '--json']);
  assert.equal(shadowed.status, 1);
  assert.match(shadowed.json().error.message, /would still use bedrock \(selected by CLAUDE_CODE_USE_BEDROCK from local settings\)/);
  assert.ok(!existsSync(userSettings(s)), 'nothing written');
  const invalid = s.run(['switch', 'foundry', '--scope', 'local', '--resource', 'bad/name']);
  assert.equal(invalid.status, 1);
  assert.match(invalid.stderr, /FOUNDRY_RESOURCE_INVALID|VALUE_UNSAFE/);
  assert.equal(readFileSync(join(s.cwd, '.claude', 'settings.local.json'), 'utf8'), '{"env": {"CLAUDE_CODE_USE_BEDROCK": "1"}}');
});

test('switch refuses a region Claude Code would ignore (the core\'s region check, with its fix); --force writes it', (t) => {
  const s = sandbox(t);
  const bad = s.run(['switch', 'bedrock', '--region', 'us-east1']);
  assert.equal(bad.status, 1, bad.stdout);
  assert.match(bad.stderr, /BEDROCK_REGION_INVALID: AWS_REGION="us-east1" is not shaped like an AWS region, so Claude Code ignores it\. No other region is set, so us-east-1 is used\. Nothing was changed\./);
  assert.match(bad.stderr, /fix: Set AWS_REGION=us-east-1 \(AWS region codes have a hyphen before the number\)/);
  assert.ok(!existsSync(userSettings(s)), 'nothing written');
  const vertex = s.run(['switch', 'vertex', '--project', 'p', '--region', 'us east5', '--json']);
  assert.equal(vertex.status, 1);
  assert.equal(vertex.json().error.code, 'VERTEX_REGION_INVALID');
  assert.ok(!existsSync(userSettings(s)), 'nothing written');
  const forced = s.run(['switch', 'bedrock', '--region', 'us-east1', '--force']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.equal(JSON.parse(readFileSync(userSettings(s), 'utf8')).env.AWS_REGION, 'us-east1');
  const good = s.run(['switch', 'bedrock', '--region', 'eu-west-1']);
  assert.equal(good.status, 0, good.stderr);
});

test('switch back says which other providers\' variables it leaves in the file and how to remove them; --prune removes them (never a credential)', (t) => {
  const s = sandbox(t);
  writeFileSync(userSettings(s), JSON.stringify({ env: { ANTHROPIC_API_KEY: CANARY } }));
  assert.equal(s.run(['switch', 'bedrock', '--region', 'us-west-2']).status, 0);
  assert.equal(s.run(['switch', 'vertex', '--region', 'us-east5', '--project', 'my-proj']).status, 0);
  const back = s.run(['switch', 'anthropic']);
  assert.equal(back.status, 0, back.stderr);
  assert.match(back.stdout, /\n {2}removed: CLAUDE_CODE_USE_VERTEX\n/);
  assert.match(back.stdout, /\n {2}left: AWS_REGION, CLOUD_ML_REGION, ANTHROPIC_VERTEX_PROJECT_ID: other providers' variables Anthropic API does not read, kept in the file \(.*\); `claude-provider switch anthropic --prune` removes them\n/);
  assert.ok(!back.stdout.includes('CANARY'));
  const json = s.run(['switch', 'anthropic', '--json']).json();
  assert.deepEqual([json.leftover, json.pruned], [['AWS_REGION', 'CLOUD_ML_REGION', 'ANTHROPIC_VERTEX_PROJECT_ID'], []]);
  const pruned = s.run(['switch', 'anthropic', '--prune']);
  assert.equal(pruned.status, 0, pruned.stderr);
  assert.match(pruned.stdout, /\n {2}pruned: AWS_REGION, CLOUD_ML_REGION, ANTHROPIC_VERTEX_PROJECT_ID \(other providers' variables Anthropic API does not read\)\n/);
  assert.doesNotMatch(pruned.stdout, /left:/);
  assert.deepEqual(JSON.parse(readFileSync(userSettings(s), 'utf8')).env, { ANTHROPIC_API_KEY: CANARY });
  // To Bedrock: the API key is left, named as a credential --prune keeps. Another scope is named.
  const bedrock = s.run(['switch', 'bedrock', '--region', 'us-west-2', '--prune']);
  assert.match(bedrock.stdout, /\n {2}left: ANTHROPIC_API_KEY: .*; ANTHROPIC_API_KEY is a credential, which --prune keeps: delete it from the file yourself when no longer needed\n/);
  assert.equal(JSON.parse(readFileSync(userSettings(s), 'utf8')).env.ANTHROPIC_API_KEY, CANARY);
  writeFileSync(join(s.cwd, '.claude', 'settings.local.json'), JSON.stringify({ env: { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'global', ANTHROPIC_VERTEX_PROJECT_ID: 'p' } }));
  assert.match(s.run(['switch', 'bedrock', '--scope', 'local']).stdout, /`claude-provider switch bedrock --scope local --prune` removes them/);
});

test('switch on a read-only file: a clear error and nothing lost', (t) => {
  const s = sandbox(t);
  const file = userSettings(s);
  writeFileSync(file, '{"env": {"CLAUDE_CODE_USE_BEDROCK": "1"}}\n');
  chmodSync(file, 0o444);
  const r = s.run(['switch', 'vertex', '--project', 'p', '--region', 'global']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /is read-only \(mode 0444\); nothing was changed/);
  assert.equal(readFileSync(file, 'utf8'), '{"env": {"CLAUDE_CODE_USE_BEDROCK": "1"}}\n');
  assert.deepEqual(readdirSync(join(s.home, '.claude')), ['settings.json']);
});

test('switch killed half-way never leaves a partial file', async (t) => {
  const s = sandbox(t);
  const file = userSettings(s);
  const original = JSON.stringify({ env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1' }, model: 'x'.repeat(20000) }, null, 2) + '\n';
  writeFileSync(file, original);
  // The test hook pauses between writing the temp file and the rename; kill it there.
  const child = spawn(process.execPath, [CLI, 'switch', 'vertex', '--project', 'p', '--region', 'global', '--no-process-env', '--home', s.home, '--cwd', s.cwd, '--no-managed-settings'], {
    env: { PATH: process.env.PATH, CLAUDE_PROVIDER_TEST_PAUSE_BEFORE_RENAME_MS: '10000' },
    stdio: 'ignore',
  });
  const dir = join(s.home, '.claude');
  const deadline = Date.now() + 10000;
  while (!readdirSync(dir).some((f) => f.endsWith('.tmp')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(readdirSync(dir).some((f) => f.endsWith('.tmp')), 'reached the pause');
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  assert.equal(readFileSync(file, 'utf8'), original, 'the settings file is untouched');
  // A later switch succeeds; leftover temp files are never read as settings.
  assert.equal(s.run(['switch', 'vertex', '--project', 'p', '--region', 'global']).status, 0);
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).env.CLAUDE_CODE_USE_VERTEX, '1');
});

test("the AWS SDK's Node version support warning stays off stderr: doctor --json with an SSO profile prints JSON alone", (t) => {
  const s = sandbox(t);
  // An SSO profile with a cached token: the SDK makes its SSO client (which warns, on Node < 22)
  // and calls a portal that refuses the connection, so nothing leaves this machine.
  mkdirSync(join(s.home, '.aws', 'sso', 'cache'), { recursive: true });
  writeFileSync(join(s.home, '.aws', 'config'), '[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ClaudeDev\nregion = us-east-1\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n');
  writeFileSync(join(s.home, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`), JSON.stringify({ startUrl: 'https://corp.awsapps.com/start', region: 'us-east-1', accessToken: 'CANARY-sso-token', expiresAt: '2099-01-01T00:00:00Z' }));
  const env = { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_PROFILE: 'sso', ANTHROPIC_BEDROCK_BASE_URL: 'http://127.0.0.1:9' };
  // The SSO token cache is under the process's HOME, the portal override in its environment.
  const r = runWithEnv(s, ['doctor', '--json'], env, { processEnv: { HOME: s.home, AWS_ENDPOINT_URL_SSO: 'https://127.0.0.1:9' } });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.doesNotMatch(r.stderr, /NodeVersionSupportWarning|AWS SDK for JavaScript/);
  assert.equal(r.stderr, '');
  const credentials = r.json().checks.find((c) => c.name === 'credentials');
  assert.equal(credentials.code, 'NETWORK_UNREACHABLE', credentials.detail);
  assert.match(credentials.detail, /AWS SSO portal 127\.0\.0\.1:9/);
});

/** An AWS secret access key (AWS's documentation example), typed where a profile name goes. */
const PASTED_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

test('env PROVIDER redacts a credential given to a non-secret option (CREDENTIAL_IN_PLAIN_VARIABLE) in every format, unless --show-secrets', (t) => {
  const s = sandbox(t);
  const refused = s.run(['env', 'bedrock', '--region', 'us-east-1', '--profile', PASTED_KEY]);
  assert.equal(refused.status, 1, 'the problem is an error: refused, as switch refuses it');
  assert.equal(refused.stdout, '');
  assert.match(refused.stderr, /^error CREDENTIAL_IN_PLAIN_VARIABLE: /);
  assert.ok(!refused.stderr.includes(PASTED_KEY));
  const env = (...args) => s.run(['env', 'bedrock', '--region', 'us-east-1', '--profile', PASTED_KEY, '--force', ...args]);
  const shell = env();
  assert.equal(shell.status, 1, 'the problem is an error');
  assert.match(shell.stdout, /^export AWS_PROFILE=<redacted>$/m);
  assert.match(shell.stderr, /CREDENTIAL_IN_PLAIN_VARIABLE/);
  assert.match(shell.stderr, /shown as <redacted>; pass --show-secrets/);
  for (const r of [shell, env('--format', 'json'), env('--format', 'settings'), env('--format', 'devcontainer')]) {
    assert.ok(!(r.stdout + r.stderr).includes(PASTED_KEY), r.stdout + r.stderr);
  }
  assert.equal(env('--format', 'json').json().env.AWS_PROFILE, '<redacted>');
  assert.equal(JSON.parse(env('--format', 'settings').stdout).env.AWS_PROFILE, '<redacted>');
  assert.equal(JSON.parse(env('--format', 'devcontainer').stdout).containerEnv.AWS_PROFILE, '${localEnv:AWS_PROFILE}');
  // A profile name is shown as it is; --show-secrets prints what was given.
  assert.match(s.run(['env', 'bedrock', '--profile', 'dev-admin']).stdout, /^export AWS_PROFILE=dev-admin$/m);
  assert.match(env('--show-secrets').stdout, new RegExp(`^export AWS_PROFILE='?${PASTED_KEY.replace(/\//g, '\\/')}'?$`, 'm'));
});

test('switch --force treats a credential given to a non-secret option as a secret: never into a file git tracks, 0600 elsewhere, never printed', (t) => {
  const s = sandbox(t);
  const args = ['switch', 'bedrock', '--region', 'us-east-1', '--profile', PASTED_KEY, '--force'];
  const user = s.run([...args, '--json']);
  assert.equal(user.status, 0, user.stdout + user.stderr);
  assert.ok(!(user.stdout + user.stderr).includes(PASTED_KEY));
  assert.equal(statSync(userSettings(s)).mode & 0o777, 0o600, 'private, as a file holding a secret');
  const project = trackedProjectSettings(t, s);
  if (!project) return;
  const refused = s.run([...args, '--scope', 'project']);
  assert.equal(refused.status, 1, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /SECRET_IN_TRACKED_FILE: .*tracked by git: a secret must not go into it/);
  assert.ok(!(refused.stdout + refused.stderr).includes(PASTED_KEY));
  assert.equal(readFileSync(project, 'utf8'), '{"model": "sonnet"}\n', 'nothing written');
});
