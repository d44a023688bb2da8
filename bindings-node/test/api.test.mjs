// The package API: the facade over the core, settings discovery and loading, errors.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import test from 'node:test';
import {
  ArgumentError,
  buildHttpRequest,
  buildRequest,
  ClaudeProviderError,
  core,
  createClient,
  createStreamDecoder,
  editEnv,
  effectiveEnv,
  loadConfig,
  obtainCredentials,
  parseSettings,
  planSwitch,
  prepare,
  resolve,
  settingsPaths,
  shareableJson,
  validate,
} from 'claude-provider';
import { sandbox } from './helpers.mjs';

const NOW = Date.UTC(2026, 0, 15, 12);
const BODY = { max_tokens: 16, messages: [{ role: 'user', content: 'héllo ✓' }] };
const CANARY = 'sk-ant-CANARY-0123456789abcdef';


test('a body as an object, JSON text or bytes builds the same request', () => {
  const config = { processEnv: { ANTHROPIC_API_KEY: 'k' } };
  const text = JSON.stringify(BODY);
  const a = buildRequest({ config, body: BODY, now: NOW }).request;
  const b = buildRequest({ config, body: text, now: NOW }).request;
  const c = buildRequest({ config, body: Buffer.from(text), now: NOW }).request;
  const d = buildRequest({ config, body: new TextEncoder().encode(text), now: new Date(NOW) }).request;
  assert.deepEqual(a, b);
  assert.deepEqual(a, c);
  assert.deepEqual(a, d);
  assert.equal(a.url, 'https://api.anthropic.com/v1/messages?beta=true');
  assert.ok(a.body.includes('héllo ✓'));
});

test('body bytes reach the core as they are (no UTF-8 round trip)', () => {
  // The SigV4 payload hash is of the bytes given, and the body returned is their text.
  const bytes = Buffer.from('{"max_tokens":1,"messages":[],"x":"héllo ✓ 更快 😀"}');
  const config = { processEnv: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' } };
  const { request } = buildRequest({ config, body: bytes, now: NOW });
  const hash = request.headers.find((h) => h.name === 'x-amz-content-sha256').value;
  assert.equal(hash, createHash('sha256').update(Buffer.from(request.body)).digest('hex'));
  assert.ok(request.body.includes('héllo ✓ 更快 😀'));
});

test('a body that is not UTF-8 is BODY_INVALID naming the offset, never signed as one thing and returned as another', () => {
  // 0xff never appears in UTF-8: the core signed the raw byte but returned U+FFFD in its place.
  const head = Buffer.from(`{"max_tokens":1,"messages":[],"x":"${CANARY}`);
  const config = { processEnv: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' } };
  const message = `The request body is not UTF-8: the byte at offset ${head.length} is not valid UTF-8, and a JSON body must be (RFC 8259).`;
  for (const bad of [[0xff], [0x80], [0xe6, 0x9b], [0xed, 0xa0, 0x80]]) {
    const bytes = Buffer.concat([head, Buffer.from(bad), Buffer.from('"}')]);
    const calls = [
      () => core.buildRequest({ ...config, request: { nowMs: NOW } }, bytes),
      () => core.buildRequest({ ...config, request: { nowMs: NOW } }, new Uint8Array(bytes)),
      () => core.prepare(config).buildHttpRequest({ nowMs: NOW }, bytes),
      () => buildRequest({ config, body: bytes, now: NOW }),
      () => buildHttpRequest({ config, body: bytes, now: NOW }),
      () => prepare({ config }).buildHttpRequest({ body: bytes, now: NOW }),
    ];
    for (const [i, f] of calls.entries()) {
      assert.throws(f, (e) => {
        assert.ok(e instanceof ClaudeProviderError, `case ${i}: ${e}`);
        assert.equal(e.code, 'BODY_INVALID', `case ${i}`);
        assert.equal(e.message, message, `case ${i}`);
        assert.ok(e.help.length > 10);
        assert.ok(!JSON.stringify(e.toJSON()).includes('CANARY') && !e.stack.includes('CANARY'), `case ${i}`);
        return true;
      }, `case ${i}`);
    }
  }
});

test('core errors are ClaudeProviderError with code, help and envVar, and never carry secrets', () => {
  const env = { ANTHROPIC_API_KEY: CANARY };
  for (const [body, code] of [
    ['[1]', 'BODY_INVALID'],
    ['{"model": 5}', 'BODY_INVALID'],
  ]) {
    assert.throws(
      () => buildRequest({ config: { processEnv: env }, body, now: NOW }),
      (e) => {
        assert.ok(e instanceof ClaudeProviderError);
        assert.ok(e instanceof Error);
        assert.equal(e.name, 'ClaudeProviderError');
        assert.equal(e.code, code);
        assert.ok(e.help.length > 10);
        assert.ok(!JSON.stringify(e.toJSON()).includes('CANARY') && !e.stack.includes('CANARY'));
        return true;
      },
    );
  }
  // A configuration error names the variable at fault.
  assert.throws(
    () => buildRequest({ config: { processEnv: { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'us-east5' } }, body: BODY, now: NOW }),
    (e) => e.code === 'VERTEX_PROJECT_MISSING' && e.envVar === 'ANTHROPIC_VERTEX_PROJECT_ID',
  );
  // The raw core API throws the same.
  assert.throws(() => core.buildRequest({ request: { nowMs: NOW, body: '[' } }), { code: 'BODY_INVALID' });
  // A value in the wrong place (a key where an object or a name belongs) is not quoted back.
  for (const f of [
    () => core.resolve(CANARY),
    () => core.providerSetup({ provider: CANARY }),
    () => core.resolve({ processEnv: {}, settings: [{ scope: CANARY, settings: {} }] }),
    () => core.prepare({ processEnv: env }).buildHttpRequest(CANARY),
  ]) {
    assert.throws(f, (e) => !`${e.message} ${e.stack} ${JSON.stringify(e)}`.includes('CANARY') && /invalid type: a string|unknown variant,/.test(e.message));
  }
});

test('prepare: requests built from a prepared configuration are the ones buildHttpRequest builds', (t) => {
  const config = { processEnv: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: CANARY } };
  const prepared = prepare({ config });
  assert.deepEqual(prepared.resolution, resolve({ config }));
  for (const o of [
    { body: BODY, now: NOW },
    { body: Buffer.from(JSON.stringify({ ...BODY, model: 'haiku' })), stream: true, now: new Date(NOW) },
    { body: JSON.stringify(BODY), kind: 'countTokens', betas: ['x-beta'], now: NOW },
  ]) {
    const got = prepared.buildHttpRequest(o);
    assert.ok(Buffer.isBuffer(got.body));
    assert.deepEqual(got, buildHttpRequest({ config, ...o }));
  }
  assert.ok(!JSON.stringify(prepared.resolution).includes('CANARY'));
  // Errors are the same ClaudeProviderError, without secrets.
  assert.throws(
    () => prepared.buildHttpRequest({ body: '[1]', now: NOW }),
    (e) => e instanceof ClaudeProviderError && e.code === 'BODY_INVALID' && !e.stack.includes('CANARY'),
  );
  // A configuration that cannot build fails at build time with the configuration's error.
  const vertex = prepare({ config: { processEnv: { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'us-east5' } } });
  assert.equal(vertex.resolution.provider, 'vertex');
  assert.throws(() => vertex.buildHttpRequest({ body: BODY, now: NOW }), { code: 'VERTEX_PROJECT_MISSING' });
  // Load problems (a broken settings file) are part of the prepared resolution, as in resolve().
  const { cwd, base } = sandbox(t);
  writeFileSync(join(cwd, '.claude', 'settings.json'), '{ "env": ');
  const loaded = { ...base, env: { ...base.env, ANTHROPIC_API_KEY: 'k' } };
  const problems = prepare(loaded).resolution.problems;
  assert.ok(problems.some((p) => p.code === 'SETTINGS_INVALID'));
  assert.deepEqual(problems, resolve(loaded).problems);
});

test('secrets never appear in a resolution; headers flag them and redactRequest hides them', () => {
  const config = { processEnv: { ANTHROPIC_API_KEY: CANARY, ANTHROPIC_CUSTOM_HEADERS: `X-Gw: ${CANARY}` } };
  assert.ok(!JSON.stringify(resolve({ config })).includes('CANARY'));
  const { request, resolution } = buildRequest({ config, body: BODY, now: NOW });
  assert.ok(!JSON.stringify(resolution).includes('CANARY'));
  const key = request.headers.find((h) => h.name === 'x-api-key');
  assert.equal(key.value, CANARY);
  assert.equal(key.secret, true);
  assert.ok(!JSON.stringify(core.redactRequest(request)).includes('CANARY'));
});

test("a body's bytes from another realm (vm, an iframe, Jest) are bytes, not an object of indexes", () => {
  const json = JSON.stringify(BODY);
  const foreign = runInNewContext('(codes) => new Uint8Array(codes)')([...Buffer.from(json)]);
  assert.ok(!(foreign instanceof Uint8Array));
  const config = { processEnv: { ANTHROPIC_API_KEY: 'k' } };
  assert.equal(buildRequest({ config, body: foreign, now: NOW }).request.body, buildRequest({ config, body: json, now: NOW }).request.body);
});

test('invalid core input is a TypeError naming the input, not a crash', () => {
  assert.throws(() => core.resolve({ processEnv: { A: 1 } }), { name: 'TypeError', code: 'ARGUMENT_INVALID', message: 'invalid ConfigInput: invalid type: an integer, expected a string' });
  assert.throws(() => core.buildRequest({ request: {} }), { name: 'TypeError', message: /^invalid BuildInput: .*nowMs/ });
});

test('settings nested deeper than 128 levels, or cyclic, are a TypeError (ARGUMENT_INVALID), not a crash', () => {
  // The Node process segfaulted at 20,000 levels and on a cyclic object (the addon recursed).
  const deep = JSON.parse(`{"env":{},"permissions":${'['.repeat(20000)}${']'.repeat(20000)}}`);
  const cyclic = { env: {} };
  cyclic.self = cyclic;
  const message = /^invalid (ConfigInput|ValidateInput|BuildInput): a settings layer's `settings` nests arrays and objects deeper than 128 levels \(a cyclic object, or JSON nested that deep\); pass the parsed JSON of a settings file, at most 128 levels deep$/;
  for (const settings of [deep, cyclic]) {
    const config = { processEnv: { ANTHROPIC_API_KEY: CANARY }, settings: [{ scope: 'project', settings }] };
    const calls = [
      () => core.resolve(config),
      () => core.validate({ ...config, credentialsCheck: 'found' }),
      () => core.effectiveEnv(config),
      () => core.prepare(config),
      () => core.proxyRoute(config, 'https://api.anthropic.com/'),
      () => core.configSnippets(config),
      () => core.buildRequest({ ...config, request: { nowMs: NOW } }, JSON.stringify(BODY)),
      () => resolve({ config }),
      () => validate({ config }),
      () => buildRequest({ config, body: BODY, now: NOW }),
      () => buildHttpRequest({ config, body: BODY, now: NOW }),
      () => prepare({ config }),
    ];
    for (const [i, f] of calls.entries()) {
      assert.throws(f, (e) => {
        assert.ok(e instanceof TypeError && e.code === 'ARGUMENT_INVALID', `case ${i}: ${e}`);
        assert.match(e.message, message, `case ${i}`);
        assert.ok(!`${e.message}${e.stack}`.includes('CANARY'), `case ${i}`);
        return true;
      }, `case ${i}`);
    }
  }
  // A cyclic value where nothing is read is not looked into (an object's extra key).
  assert.equal(core.validate({ processEnv: { ANTHROPIC_API_KEY: 'k' }, extra: cyclic }).provider, 'anthropic');
  assert.equal(core.buildRequest({ processEnv: { ANTHROPIC_API_KEY: 'k' }, extra: cyclic, request: { nowMs: NOW } }, JSON.stringify(BODY)).request.method, 'POST');
  // 128 levels are read: the settings object, then 127 arrays.
  let nested = [];
  for (let i = 1; i < 127; i++) nested = [nested];
  const at128 = { processEnv: { ANTHROPIC_API_KEY: 'k' }, settings: [{ scope: 'project', settings: { env: { ANTHROPIC_MODEL: 'opus' }, permissions: nested } }] };
  assert.equal(core.resolve(at128).models.main.requested, 'opus');
  at128.settings[0].settings.permissions = [nested];
  assert.throws(() => core.resolve(at128), { code: 'ARGUMENT_INVALID', message });
  // The process is alive and the addon still works.
  assert.equal(core.resolve({ processEnv: { ANTHROPIC_API_KEY: 'k' } }).provider, 'anthropic');
});

test('shareableJson masks by key as the core does, keeps member order, and refuses a cyclic value with an ArgumentError', () => {
  const r = {
    provider: 'gateway',
    endpoint: { baseUrl: `https://u:${CANARY}@gw.corp/v1`, source: { kind: 'process' } },
    credentialSteps: [{ command: 'helper --token CANARYtoken1', summary: 'runs apiKeyHelper' }],
    model: 'sk-ant-api03-CANARYaaaaaaaaaaaaaaaaaaaa',
    problems: [{ code: 'X', message: 'kept as written', help: 'h' }],
    n: 5,
  };
  const out = shareableJson(r);
  assert.deepEqual(Object.keys(out), Object.keys(r), 'member order kept');
  assert.equal(out.endpoint.baseUrl, 'https://***@gw.corp/v1');
  assert.equal(out.credentialSteps[0].command, 'helper --token ***');
  assert.equal(out.model, '<redacted>');
  assert.deepEqual(out.problems, r.problems);
  assert.equal(out.n, 5);
  assert.ok(!JSON.stringify(out).includes('CANARY'));
  assert.equal(r.endpoint.baseUrl, `https://u:${CANARY}@gw.corp/v1`, 'the input is not changed');
  assert.deepEqual(core.shareableJson(r), out);
  const cyclic = { a: { secret: CANARY } };
  cyclic.a.self = cyclic;
  assert.throws(() => shareableJson(cyclic), (e) => {
    assert.ok(e instanceof ArgumentError && e.code === 'ARGUMENT_INVALID', String(e));
    assert.match(e.message, /^invalid value: the value nests arrays and objects deeper than 128 levels/);
    assert.ok(!e.message.includes('CANARY'));
    return true;
  });
});

test('a settings file nested deeper than 128 levels is SETTINGS_INVALID naming the file (and skipped), not a crash or a TypeError', (t) => {
  const { home, cwd, base } = sandbox(t);
  writeFileSync(join(home, '.claude', 'settings.json'), '{"env":{"ANTHROPIC_MODEL":"sonnet"}}');
  const file = join(cwd, '.claude', 'settings.json');
  const text = `{\n  "env": {"ANTHROPIC_MODEL": "opus", "ANTHROPIC_API_KEY": "${CANARY}"},\n  "permissions": ${'['.repeat(20000)}${']'.repeat(20000)}\n}\n`;
  writeFileSync(file, text);
  const env = { ...base.env, ANTHROPIC_API_KEY: 'k' };
  const loaded = loadConfig({ ...base, env });
  assert.equal(loaded.files.find((f) => f.path === file).state, 'invalid');
  assert.equal(loaded.config.settings.length, 1, 'the user file only');
  for (const r of [resolve({ ...base, env }), validate({ ...base, env }), prepare({ ...base, env }).resolution, buildRequest({ ...base, env, body: BODY, now: NOW }).resolution]) {
    const found = r.problems.filter((p) => p.code === 'SETTINGS_INVALID');
    assert.equal(found.length, 1);
    const [p] = found;
    assert.equal(p.severity, 'error');
    assert.equal(p.file, file);
    // At the 129th bracket: `  "permissions": ` is 17 characters, the settings object the first level.
    assert.equal(p.message, `${file}:3:145: arrays and objects nest deeper than 128 levels here; claude-provider reads no deeper, so the whole file is ignored.`);
    assert.equal(p.help, `Remove the nesting on line 3 of ${file}: settings nest a few levels (\`env\`, \`permissions\`), not 128. Or move the file away.`);
    assert.equal(r.models.main.requested, 'sonnet', 'the file is ignored');
    assert.ok(!JSON.stringify(r).includes('CANARY'));
  }
  assert.throws(() => parseSettings(text, '/x.json'), (e) => e instanceof ClaudeProviderError && e.code === 'SETTINGS_INVALID' && e.file === '/x.json' && e.line === 3 && !e.stack.includes('CANARY'));
  // 128 levels are read.
  writeFileSync(file, `{"env": {"ANTHROPIC_MODEL": "opus"}, "permissions": ${'['.repeat(127)}${']'.repeat(127)}}`);
  const r = resolve({ ...base, env });
  assert.deepEqual(r.problems.filter((p) => p.code === 'SETTINGS_INVALID'), []);
  assert.equal(r.models.main.requested, 'opus');
});

test('undefined and null in an optional field are absent, as the generated types say', () => {
  const config = { processEnv: { ANTHROPIC_API_KEY: 'k' } };
  const text = JSON.stringify(BODY);
  const built = core.buildRequest({ ...config, request: { nowMs: NOW } }, text);
  for (const absent of [undefined, null]) {
    for (const key of ['processEnv', 'settings', 'home', 'pemFiles']) {
      const without = key === 'processEnv' ? {} : config;
      const input = { ...without, [key]: absent };
      assert.deepEqual(core.resolve(input), core.resolve(without), key);
      assert.deepEqual(core.validate(input), core.validate(without), key);
      assert.deepEqual(core.effectiveEnv(input), core.effectiveEnv(without), key);
      assert.deepEqual(resolve({ config: input }), resolve({ config: without }), key);
    }
    assert.deepEqual(core.resolve({ ...config, home: { awsFilesRead: absent, awsConfig: absent } }), core.resolve(config));
    assert.deepEqual(core.validate({ ...config, credentialsCheck: absent, googleProjectId: absent }), core.validate(config));
    assert.deepEqual(validate({ config, credentialsCheck: absent, googleProjectId: absent }), validate({ config }));
    const prepared = core.prepare({ ...config, settings: absent });
    for (const key of ['kind', 'stream', 'betas', 'wire', 'sdkConventions', 'sdkFamily', 'credentials', 'body']) {
      const request = { nowMs: NOW, [key]: absent };
      assert.deepEqual(core.buildRequest({ ...config, request }, text), built, key);
      assert.deepEqual(prepared.buildHttpRequest(request, text), buildHttpRequest({ config, body: text, now: NOW }), key);
    }
    assert.deepEqual(buildRequest({ config, body: text, now: NOW, kind: absent, stream: absent, betas: absent, credentials: absent, wire: absent, sdkConventions: absent, sdkFamily: absent }), built);
    for (const options of [{ limits: absent, disableBedrockContentTypeGuard: absent }, { limits: { maxFrameBytes: absent, maxLineBytes: absent, maxEventBytes: absent } }]) {
      assert.equal(createStreamDecoder('bedrock', absent, options).format, 'event-stream');
      assert.throws(() => createStreamDecoder('bedrock', 'text/event-stream', options), { code: 'STREAM_CONTENT_TYPE' }, 'the guard keeps its default');
    }
  }
});

test('decoder limits take any whole number a JS number holds (past 2^32 too), as the wasm package does', () => {
  const events = new TextEncoder().encode('event: message_stop\ndata: {"type":"message_stop"}\n\n');
  for (const n of [Number.MAX_SAFE_INTEGER, 2 ** 32, 2 ** 40, 1e300]) {
    const d = createStreamDecoder('anthropic', undefined, { limits: { maxEventBytes: n, maxLineBytes: n, maxFrameBytes: n } });
    assert.deepEqual(d.push(events).map((e) => e.type), ['message_stop'], String(n));
    d.finish();
  }
  // A small limit still holds.
  const small = createStreamDecoder('anthropic', undefined, { limits: { maxLineBytes: 8 } });
  assert.throws(() => small.push(events), { code: 'STREAM_TOO_LARGE' });
  for (const n of [-1, 1.5, '8']) {
    assert.throws(() => createStreamDecoder('anthropic', undefined, { limits: { maxEventBytes: n } }), (e) => e instanceof TypeError && e.code === 'ARGUMENT_INVALID' && /^invalid DecoderOptions: /.test(e.message), String(n));
  }
});

test('a malformed argument is a TypeError (code ARGUMENT_INVALID) naming the input or option', async () => {
  const config = { processEnv: { ANTHROPIC_API_KEY: 'k' } };
  const request = buildRequest({ config, body: BODY, now: NOW }).request;
  const cases = [
    [() => validate({ env: {}, readFiles: false, credentialsCheck: 'bogus' }), /^invalid ValidateInput: unknown variant, expected one of `notChecked`/],
    [() => createStreamDecoder('nope', 'text/event-stream'), /^invalid ProviderId: unknown variant, expected one of `anthropic`/],
    [() => createStreamDecoder('bedrock', 5), 'invalid contentType: expected a string'],
    [() => createStreamDecoder('bedrock', null, { disableBedrockContentTypeGuard: 'yes' }), /^invalid DecoderOptions: invalid type: a string, expected a boolean/],
    [() => createStreamDecoder('anthropic').push('data: {}'), 'invalid chunk: expected a Uint8Array'],
    [() => core.resolve('x'), 'invalid ConfigInput: invalid type: a string, expected struct ConfigInput'],
    [() => core.providerSetup({ provider: 'nope' }), /^invalid SetupInput: unknown variant/],
    [() => core.prepare(config).buildHttpRequest({}), /^invalid RequestSpec: missing field `nowMs`/],
    [() => core.buildRequest({ ...config, request: { nowMs: NOW } }, 5), 'invalid body: expected a string or a Uint8Array'],
    [() => core.renderRequest({}, 'http', false), 'invalid HttpRequest: missing field `method`'],
    [() => core.renderRequest(request, 'xml', false), 'invalid RequestFormat: unknown variant, expected `http` or `curl`'],
    [() => core.renderRequest(request, 'http', 'yes'), 'invalid reveal: expected a boolean'],
    [() => core.redactRequest({ ...request, headers: 'x' }), /^invalid HttpRequest: /],
    [() => core.proxyRoute(config, 5), 'invalid url: expected a string'],
    [() => core.proxyRefusal(config, 5), 'invalid url: expected a string'],
    [() => core.isSecretVar(5), 'invalid name: expected a string'],
    [() => core.shareableValue('X', 5), 'invalid value: expected a string'],
    [() => core.shareableConfigValue(5, 'x'), 'invalid name: expected a string'],
    [() => core.parseErrorResponse('bedrock', '429', [], ''), 'invalid status: expected an integer HTTP status'],
    [() => core.parseErrorResponse('bedrock', 429.5, [], ''), 'invalid status: expected an integer HTTP status'],
    [() => core.parseErrorResponse('bedrock', 429, 'retry-after: 1', ''), /^invalid headers: /],
    [() => core.parseErrorResponse('bedrock', 429, [], undefined), 'invalid body: expected a string or a Uint8Array'],
    // The TypeScript API's options.
    [() => buildRequest({ config, body: BODY, now: '2026-01-01' }), 'options.now: expected a Date or a number of milliseconds'],
    [() => buildHttpRequest({ config, body: BODY, now: new Date('not a date') }), 'options.now: expected a Date or a number of milliseconds'],
    [() => prepare({ config }).buildHttpRequest({ body: BODY, now: {} }), 'options.now: expected a Date or a number of milliseconds'],
    [() => buildRequest({ config, now: NOW }), 'options.body: expected an object, JSON text or a Uint8Array'],
    // bodies JSON.stringify would write as `{}` or an object of indexes, and the core sign
    ...[new ArrayBuffer(2), new DataView(new ArrayBuffer(2)), new Int8Array(2), new Map(), new Date(), 5, true].map((body) => [() => buildRequest({ config, body, now: NOW }), 'options.body: expected an object, JSON text or a Uint8Array']),
    [() => buildRequest({ config, body: { max_tokens: 1n }, now: NOW }), 'options.body: expected an object JSON.stringify can write (no BigInt, no cycle)'],
    [() => { const body = { messages: [] }; body.self = body; buildRequest({ config, body, now: NOW }); }, 'options.body: expected an object JSON.stringify can write (no BigInt, no cycle)'],
    // a misspelled credential would be dropped and the request sent without it
    [() => buildRequest({ config, body: BODY, now: NOW, credentials: { googleToken: 't' } }), /^invalid BuildInput: unknown field `googleToken`, expected one of `aws`, `googleAccessToken`/],
    [() => buildRequest(), 'options: expected an object'],
    [() => resolve({ env: { HOME: 5 }, readFiles: false }), 'options.env.HOME: expected a string'],
    [() => resolve({ env: {}, readFiles: false, cwd: 5 }), 'options.cwd: expected a string'],
    [() => loadConfig({ env: {}, settingsFiles: 'settings.json' }), 'options.settingsFiles: expected an array of paths (strings)'],
    [() => loadConfig({ env: {}, managedSettingsPath: 5 }), 'options.managedSettingsPath: expected a string'],
    [() => settingsPaths({ env: 'HOME=/root' }), 'options.env: expected an object'],
    [() => createClient({ config, now: new Date(NOW) }), 'options.now: expected a function'],
    [() => createClient({ config, maxRetries: '3' }), 'options.maxRetries: expected a number'],
    [() => planSwitch(), 'options: expected an object'],
    [() => editEnv('user'), 'options: expected an object'],
  ];
  for (const [i, [f, message]] of cases.entries()) {
    assert.throws(f, (e) => {
      assert.ok(e instanceof TypeError, `case ${i}: ${e}`);
      assert.equal(e.code, 'ARGUMENT_INVALID', `case ${i}`);
      if (typeof message === 'string') assert.equal(e.message, message, `case ${i}`);
      else assert.match(e.message, message, `case ${i}`);
      // the addon's TypeErrors too: one class, and JSON shows the message (not just the code)
      assert.ok(e instanceof ArgumentError, `case ${i}: ${e?.constructor?.name}`);
      assert.deepEqual(JSON.parse(JSON.stringify(e)), { name: 'TypeError', code: 'ARGUMENT_INVALID', message: e.message }, `case ${i}`);
      return true;
    }, `case ${i}`);
  }
  // obtainCredentials is async: the same TypeError, as a rejection.
  const r = core.resolve(config);
  for (const [args, message] of [
    [[r, undefined], 'options: expected an object'],
    [[r, { home: '/h' }], 'options.env: expected an object'],
    [[r, { env: {}, home: '/h', now: 5 }], 'options.now: expected a function'],
    [[undefined, { env: {}, home: '/h' }], 'resolution: expected an object'],
  ]) {
    await assert.rejects(obtainCredentials(...args), { name: 'TypeError', code: 'ARGUMENT_INVALID', message });
  }
  // null and undefined stay "not given".
  assert.equal(createStreamDecoder('bedrock', null, undefined).format, 'event-stream');
  assert.equal(loadConfig({ env: { A: undefined }, readFiles: false, managedSettingsPath: null }).config.processEnv.A, undefined);
});

test('a secret in a wrong-typed argument never appears in the TypeError (message, stack, String)', () => {
  const PIN = 987654321; // a numeric secret where a string belongs
  const config = { processEnv: { ANTHROPIC_API_KEY: 'k' } };
  const request = buildRequest({ config, body: BODY, now: NOW }).request;
  const cases = [
    () => core.resolve({ processEnv: { ANTHROPIC_API_KEY: PIN } }),
    () => core.effectiveEnv({ processEnv: {}, home: { awsCredentials: { path: '/x', text: PIN } } }),
    () => core.validate({ processEnv: {}, credentialsCheck: CANARY }),
    () => core.validate({ processEnv: {}, googleProjectId: PIN }),
    () => core.buildRequest({ ...config, request: { nowMs: CANARY } }),
    () => core.buildRequest({ ...config, request: { nowMs: NOW, credentials: { aws: { accessKeyId: 'a', secretAccessKey: PIN } } } }),
    () => core.prepare(config).buildHttpRequest({ nowMs: NOW, credentials: { apiKeyHelper: PIN } }),
    () => core.parseErrorResponse('bedrock', CANARY, [], ''),
    () => core.parseErrorResponse('bedrock', 500, [['x-api-key', PIN]], ''),
    () => core.parseErrorResponse(CANARY, 500, [], ''),
    () => core.shareableValue('ANTHROPIC_API_KEY', { key: CANARY }),
    () => core.proxyRoute(config, { url: CANARY }),
    () => core.renderRequest(request, 'http', CANARY),
    () => core.renderRequest({ ...request, headers: [{ name: 'x-api-key', value: PIN, secret: true }] }, 'http', false),
    () => core.configSnippets({ processEnv: { AWS_SECRET_ACCESS_KEY: PIN } }),
    () => createStreamDecoder(CANARY),
    () => createStreamDecoder('bedrock', null, { disableBedrockContentTypeGuard: CANARY }),
    () => buildRequest({ config, body: BODY, now: CANARY }),
    () => prepare({ config }).buildHttpRequest({ body: BODY, now: NOW, credentials: { apiKeyHelper: PIN } }),
    () => resolve({ env: { ANTHROPIC_API_KEY: PIN }, readFiles: false }),
    () => loadConfig({ env: {}, managedSettingsPath: PIN }),
    () => loadConfig({ env: {}, settingsFiles: CANARY }),
  ];
  for (const [i, f] of cases.entries()) {
    assert.throws(f, (e) => {
      assert.ok(e instanceof TypeError && e.code === 'ARGUMENT_INVALID', `case ${i}: ${e}`);
      const shown = `${e.message}\n${e.stack}\n${String(e)}\n${JSON.stringify(e)}`;
      assert.ok(!shown.includes('CANARY') && !shown.includes(String(PIN)), `case ${i}: ${shown}`);
      return true;
    }, `case ${i}`);
  }
});

test('settings discovery: user, project, local, --settings and managed, with precedence', (t) => {
  const { dir, home, cwd, base } = sandbox(t);
  const w = (p, v) => writeFileSync(p, JSON.stringify(v));
  w(join(home, '.claude', 'settings.json'), { env: { ANTHROPIC_MODEL: 'user', A: 'u' } });
  w(join(cwd, '.claude', 'settings.json'), { env: { ANTHROPIC_MODEL: 'project', B: 'p' } });
  w(join(cwd, '.claude', 'settings.local.json'), { env: { ANTHROPIC_MODEL: 'local', C: 'l' } });
  w(join(dir, 'cli.json'), { env: { ANTHROPIC_MODEL: 'cli' } });
  const paths = settingsPaths({ ...base, settingsFiles: ['../cli.json'] });
  assert.deepEqual(
    paths.map((p) => p.scope),
    ['user', 'project', 'local', 'cli', 'managed'],
  );
  assert.equal(paths[3].path, join(dir, 'cli.json'));
  const loaded = loadConfig({ ...base, env: { HOME: home, ANTHROPIC_MODEL: 'shell' }, settingsFiles: ['../cli.json'] });
  assert.deepEqual(
    loaded.files.map((f) => `${f.kind}:${f.state}`),
    ['user:loaded', 'project:loaded', 'local:loaded', 'cli:loaded', 'managed:missing', 'awsConfig:missing', 'awsCredentials:missing'],
  );
  const env = effectiveEnv({ config: loaded.config });
  assert.equal(env.ANTHROPIC_MODEL, 'cli');
  assert.deepEqual([env.A, env.B, env.C], ['u', 'p', 'l']);
  w(base.managedSettingsPath, { env: { ANTHROPIC_MODEL: 'managed' } });
  const r = resolve({ ...base, settingsFiles: ['../cli.json'] });
  assert.equal(r.models.main.requested, 'managed');
  assert.deepEqual(r.models.main.source, { kind: 'settings', scope: 'managed', path: base.managedSettingsPath });
});

test('a settings file the caller names (settingsFiles) that does not exist is reported, not silently skipped', (t) => {
  const { cwd, base } = sandbox(t);
  const loaded = loadConfig({ ...base, settingsFiles: ['typo.json'] });
  assert.equal(loaded.files.find((f) => f.kind === 'cli').state, 'missing');
  assert.deepEqual(
    loaded.problems.map((p) => [p.code, p.severity, p.file]),
    [['SETTINGS_INVALID', 'error', join(cwd, 'typo.json')]],
  );
  assert.match(loaded.problems[0].message, /does not exist/);
  // The default files may be missing: no problem for them.
  assert.deepEqual(loadConfig(base).problems, []);
});

test('CLAUDE_CONFIG_DIR moves the user settings', (t) => {
  const { dir, base } = sandbox(t);
  mkdirSync(join(dir, 'cfg'));
  writeFileSync(join(dir, 'cfg', 'settings.json'), '{"env":{"CLAUDE_CODE_USE_BEDROCK":"1"}}');
  const r = resolve({ ...base, env: { ...base.env, CLAUDE_CONFIG_DIR: join(dir, 'cfg') } });
  assert.equal(r.provider, 'bedrock');
  assert.equal(settingsPaths({ ...base, env: { CLAUDE_CONFIG_DIR: '~/x' } })[0].path, join(base.home, 'x', 'settings.json'));
});

test('invalid JSON is reported with the file and the line, and the file is skipped', (t) => {
  const { home, cwd, base } = sandbox(t);
  writeFileSync(join(home, '.claude', 'settings.json'), '{"env":{"CLAUDE_CODE_USE_BEDROCK":"1"}}');
  const bad = join(cwd, '.claude', 'settings.json');
  writeFileSync(bad, '{\n  "env": {\n    "A": "1",\n  }\n}\n');
  const loaded = loadConfig(base);
  assert.equal(loaded.files.find((f) => f.path === bad).state, 'invalid');
  assert.equal(loaded.problems.length, 1);
  const p = loaded.problems[0];
  assert.equal(p.code, 'SETTINGS_INVALID');
  assert.equal(p.file, bad);
  // At the trailing comma itself, not the bracket after it.
  assert.match(p.message, /settings\.json:3:13: invalid JSON \(a trailing comma\)/);
  assert.match(p.help, /^Remove the comma before the closing bracket on line 3 of /);
  const r = validate(base);
  assert.equal(r.provider, 'bedrock');
  assert.equal(r.problems[0].code, 'SETTINGS_INVALID');
  assert.throws(() => parseSettings('{"a": 1,}', '/x.json'), (e) => e instanceof ClaudeProviderError && e.line === 1 && e.file === '/x.json');
  assert.throws(() => parseSettings('{\n\n"a"', '/x.json'), (e) => e.line === 3);
  assert.deepEqual(parseSettings('\ufeff {}', '/x.json'), {});
});

test('invalid settings JSON: the line and column are computed, and no text of the file is shown (V8 quotes it)', () => {
  const cases = [
    [`{\n  "env": {\n    "ANTHROPIC_API_KEY": ${CANARY}\n  }\n}\n`, 3, 26, 'expected a value'],
    [CANARY, 1, 1, 'expected a value'],
    [`{"env": {"ANTHROPIC_API_KEY": "${CANARY}",}}`, 1, 63, 'a trailing comma'],
    [`{"env": {"ANTHROPIC_API_KEY": "${CANARY}\n"}}`, 1, 62, 'a control character (such as a line break or tab) inside a string'],
    [`{"env": {"ANTHROPIC_API_KEY": '${CANARY}'}}`, 1, 31, 'single quotes (JSON strings use double quotes)'],
    [`{"env": {} // ${CANARY}\n}`, 1, 12, 'a comment'],
    [`{"env": {"ANTHROPIC_API_KEY": "${CANARY}"`, 1, 63, 'the file ends too early'],
    [`{"env": {}} ${CANARY}`, 1, 13, 'more text after the JSON value'],
  ];
  for (const [text, line, column, reason] of cases) {
    assert.throws(
      () => parseSettings(text, '/x.json'),
      (e) => {
        assert.equal(e.code, 'SETTINGS_INVALID');
        assert.equal(e.message, `/x.json:${line}:${column}: invalid JSON (${reason}); Claude Code ignores the whole file.`, text);
        assert.equal(e.line, line);
        assert.ok(!JSON.stringify(e.toJSON()).includes('CANARY') && !e.message.includes('sk-'), e.message);
        return true;
      },
    );
  }
});

test('a malformed Google key file: the error never quotes the file (V8 JSON.parse snippets stripped)', async (t) => {
  const { dir, home } = sandbox(t);
  const file = join(dir, 'key.json');
  // V8 quotes about ten characters each side of the error: the canary starts right at it.
  writeFileSync(file, `{"type": "service_account", "client_email": "a@b.iam.gserviceaccount.com", "private_key":CANARY-PRIVATE-KEY}`);
  const env = { HOME: home, CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'global', ANTHROPIC_VERTEX_PROJECT_ID: 'p', GOOGLE_APPLICATION_CREDENTIALS: file };
  const r = resolve({ config: { processEnv: env } });
  await assert.rejects(obtainCredentials(r, { env, home }), (e) => {
    assert.equal(e.code, 'VERTEX_NO_CREDENTIALS');
    assert.ok(!JSON.stringify(e.toJSON()).includes('CANARY'), e.message);
    assert.match(e.message, /not valid JSON/);
    return true;
  });
});

test('a settings file or AWS file that is a directory is reported as a directory, naming the variable', (t) => {
  const { dir, cwd, base } = sandbox(t);
  mkdirSync(join(cwd, '.claude', 'settings.json'));
  mkdirSync(join(dir, 'creds-dir'));
  const loaded = loadConfig({ ...base, env: { ...base.env, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'creds-dir') } });
  const settings = loaded.problems.find((p) => p.file === join(cwd, '.claude', 'settings.json'));
  assert.equal(settings.code, 'SETTINGS_INVALID');
  assert.match(settings.message, /settings\.json: is a directory, not a file/);
  assert.doesNotMatch(settings.message + settings.help, /permission/i);
  const aws = loaded.problems.find((p) => p.file === join(dir, 'creds-dir'));
  assert.equal(aws.envVar, 'AWS_SHARED_CREDENTIALS_FILE');
  assert.match(aws.message, /^AWS_SHARED_CREDENTIALS_FILE=.*creds-dir: is a directory, not a file/);
  assert.match(aws.help, /Point AWS_SHARED_CREDENTIALS_FILE at the file/);
  assert.doesNotMatch(aws.message + aws.help, /permission/i);
});

test('VERTEX_NO_CREDENTIALS names the key file GOOGLE_APPLICATION_CREDENTIALS points at, and says to check it', async (t) => {
  const { dir, home } = sandbox(t);
  for (const [file, why] of [
    [join(dir, 'missing-key.json'), 'a file that does not exist'],
    [join(dir, 'bad-key.json'), 'a file that is not a key'],
  ]) {
    if (why.includes('not a key')) writeFileSync(file, '{"type": "nonsense"}');
    const env = { HOME: home, CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'global', ANTHROPIC_VERTEX_PROJECT_ID: 'p', GOOGLE_APPLICATION_CREDENTIALS: file };
    const r = resolve({ config: { processEnv: env } });
    await assert.rejects(obtainCredentials(r, { env, home }), (e) => {
      assert.equal(e.code, 'VERTEX_NO_CREDENTIALS', why);
      assert.equal(e.envVar, 'GOOGLE_APPLICATION_CREDENTIALS');
      assert.equal(e.file, file);
      assert.ok(e.message.includes(`GOOGLE_APPLICATION_CREDENTIALS=${file}`), e.message);
      assert.doesNotMatch(e.help, /set GOOGLE_APPLICATION_CREDENTIALS/i, 'it is set already');
      assert.match(e.help, /Check that file/);
      return true;
    });
  }
});

test('Claude Platform on Google Cloud: missing Google credentials are GOOGLE_CLOUD_NO_CREDENTIALS, with no Vertex advice', async (t) => {
  const { dir, home } = sandbox(t);
  const file = join(dir, 'missing-key.json');
  const env = { HOME: home, CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD: '1', ANTHROPIC_GOOGLE_CLOUD_PROJECT: 'p', ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID: 'w', GOOGLE_APPLICATION_CREDENTIALS: file };
  const r = resolve({ config: { processEnv: env } });
  await assert.rejects(obtainCredentials(r, { env, home }), (e) => {
    assert.equal(e.code, 'GOOGLE_CLOUD_NO_CREDENTIALS');
    assert.equal(e.file, file);
    assert.doesNotMatch(e.message + e.help, /VERTEX/);
    return true;
  });
});

test('AWS home files: ~/.aws by default, AWS_CONFIG_FILE from the shell or a settings env block', (t) => {
  const { dir, home, base } = sandbox(t);
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws', 'config'), '[profile dev]\nregion = eu-central-1\n');
  const env = { HOME: home, CLAUDE_CODE_USE_BEDROCK: '1', AWS_PROFILE: 'dev' };
  let r = resolve({ ...base, env });
  assert.equal(r.region.value, 'eu-central-1');
  assert.deepEqual(r.region.source, { kind: 'file', path: join(home, '.aws', 'config') });
  writeFileSync(join(dir, 'other-config'), '[profile dev]\nregion = ap-south-1\n');
  writeFileSync(join(home, '.claude', 'settings.json'), JSON.stringify({ env: { AWS_CONFIG_FILE: join(dir, 'other-config') } }));
  r = resolve({ ...base, env });
  assert.equal(r.region.value, 'ap-south-1');
  r = resolve({ ...base, env, readFiles: false });
  assert.equal(r.region.value, 'us-east-1');
});

test('the CommonJS entry exposes the same API', () => {
  const cjs = createRequire(import.meta.url)('claude-provider');
  assert.equal(typeof cjs.buildRequest, 'function');
  assert.equal(cjs.resolve({ config: { processEnv: { CLAUDE_CODE_USE_FOUNDRY: '1' } } }).provider, 'foundry');
  assert.throws(() => cjs.buildRequest({ config: {}, body: '[', now: NOW }), (e) => e instanceof cjs.ClaudeProviderError);
});

test('providerSetup: variables, selectors to clear and mounts come from the core', () => {
  const s = core.providerSetup({ provider: 'vertex', project: 'p', region: 'us-east5' });
  assert.deepEqual(
    s.vars.map((v) => [v.name, v.value, v.given]),
    [
      ['CLAUDE_CODE_USE_VERTEX', '1', true],
      ['CLOUD_ML_REGION', 'us-east5', true],
      ['ANTHROPIC_VERTEX_PROJECT_ID', 'p', true],
    ],
  );
  assert.ok(s.clear.includes('CLAUDE_CODE_USE_BEDROCK'));
  assert.deepEqual(s.mounts.map((m) => m.path), ['.config/gcloud']);
  assert.equal(core.isSecretVar('ANTHROPIC_FOUNDRY_API_KEY'), true);
});

// napi's serializer refuses a u64 above u32::MAX (it would need a BigInt): the core sends its
// millisecond counts as JS-safe integers, so large ones come back as plain numbers.
test('millisecond counts above 2^32 cross as numbers: a retry-after date, a long apiKeyHelper TTL, a long timeout', () => {
  const date = core.parseErrorResponse('vertex', 429, [['retry-after', 'Thu, 15 Jan 2026 12:00:00 GMT']], '{}');
  assert.equal(date.info.retryAtEpochMs, Date.parse('Thu, 15 Jan 2026 12:00:00 GMT'));
  const r = core.resolve({
    processEnv: { CLAUDE_CODE_API_KEY_HELPER_TTL_MS: '5000000000', API_TIMEOUT_MS: '9000000000' },
    settings: [{ scope: 'user', settings: { apiKeyHelper: 'print-key' } }],
  });
  assert.equal(r.credentialSteps[0].ttlMs, 5_000_000_000);
  assert.equal(typeof r.knobs.timeoutMs, 'number');
  // The largest a JS number holds exactly, not a rounded one.
  const huge = core.resolve({ processEnv: { CLAUDE_CODE_API_KEY_HELPER_TTL_MS: String(2n ** 60n) }, settings: [{ scope: 'user', settings: { apiKeyHelper: 'k' } }] });
  assert.equal(huge.credentialSteps[0].ttlMs, Number.MAX_SAFE_INTEGER);
});

test('Foundry with no Azure sign-in directory and no Azure variable gets the note Bedrock and Vertex get (FOUNDRY_NO_CREDENTIALS, info)', (t) => {
  const { home, base } = sandbox(t);
  const env = { ...base.env, CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_RESOURCE: 'r1' };
  assert.equal(loadConfig({ ...base, env }).config.home.azureLoginFound, false);
  const note = validate({ ...base, env }).problems.find((p) => p.code === 'FOUNDRY_NO_CREDENTIALS');
  assert.equal(note?.severity, 'info');
  assert.match(note.help, /az login/);
  // Azure PowerShell's sign-in (Connect-AzAccount) on Linux and macOS, which DefaultAzureCredential also tries.
  mkdirSync(join(home, '.Azure'));
  assert.equal(loadConfig({ ...base, env }).config.home.azureLoginFound, true);
  rmSync(join(home, '.Azure'), { recursive: true });
  mkdirSync(join(home, '.azure'));
  assert.equal(loadConfig({ ...base, env }).config.home.azureLoginFound, true);
  assert.ok(!validate({ ...base, env }).problems.some((p) => p.code === 'FOUNDRY_NO_CREDENTIALS'));
});

test('after awsAuthRefresh ran, AWS_NO_CREDENTIALS does not advise setting it', async (t) => {
  const { home } = sandbox(t);
  mkdirSync(join(home, '.aws'));
  // An SSO profile with no cached session, and a refresh command that does not sign in.
  writeFileSync(join(home, '.aws', 'config'), '[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Dev\nregion = us-east-1\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n');
  const env = { HOME: home, CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_PROFILE: 'sso', AWS_EC2_METADATA_DISABLED: 'true' };
  const settings = (s) => [{ scope: 'user', path: join(home, '.claude', 'settings.json'), settings: s }];
  const refreshed = resolve({ config: { processEnv: env, settings: settings({ awsAuthRefresh: 'true' }) } });
  const outputs = [];
  await assert.rejects(obtainCredentials(refreshed, { env, home, onRefreshOutput: (k, o) => outputs.push(k, o) }), (e) => {
    assert.equal(e.code, 'AWS_NO_CREDENTIALS', e.message);
    assert.match(e.message, /\(even after awsAuthRefresh\)/);
    assert.doesNotMatch(e.help, /set awsAuthRefresh/);
    assert.match(e.help, /^awsAuthRefresh ran and did not fix it/);
    return true;
  });
  const plain = resolve({ config: { processEnv: env } });
  await assert.rejects(obtainCredentials(plain, { env, home }), (e) => {
    assert.doesNotMatch(e.message, /awsAuthRefresh/);
    assert.match(e.help, /set awsAuthRefresh \/ awsCredentialExport in your settings/);
    return true;
  });
});

test('after gcpAuthRefresh ran, VERTEX_NO_CREDENTIALS says it ran instead of repeating its advice', async (t) => {
  const { dir, home } = sandbox(t);
  const file = join(dir, 'missing-key.json');
  const env = { HOME: home, CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'global', ANTHROPIC_VERTEX_PROJECT_ID: 'p', GOOGLE_APPLICATION_CREDENTIALS: file };
  const r = resolve({ config: { processEnv: env, settings: [{ scope: 'user', path: join(home, '.claude', 'settings.json'), settings: { gcpAuthRefresh: 'true' } }] } });
  await assert.rejects(obtainCredentials(r, { env, home }), (e) => {
    assert.equal(e.code, 'VERTEX_NO_CREDENTIALS');
    assert.match(e.message, /\(even after gcpAuthRefresh\)/);
    assert.match(e.help, /^gcpAuthRefresh ran and did not fix it/);
    return true;
  });
});

test("a library's message that ends the sentence itself gets no second period (Entra ID's 'ChainedTokenCredential authentication failed.')", async (t) => {
  const { home } = sandbox(t);
  const env = { HOME: home, PATH: '/nonexistent', CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_RESOURCE: 'r1' };
  await assert.rejects(obtainCredentials(resolve({ config: { processEnv: env } }), { env, home }), (e) => {
    assert.equal(e.code, 'FOUNDRY_NO_CREDENTIALS', e.message);
    assert.match(e.message, /^No Microsoft Entra ID token: /);
    assert.doesNotMatch(e.message, /\.\.$/);
    assert.match(e.message, /[^.]\.$/);
    return true;
  });
});

test('a base URL with a password is secret in providerSetup; no password in what resolve, validate, proxyRefusal or configSnippets show', () => {
  const pw = 'CANARYpw';
  const url = `https://u:${pw}@gw.example.com`;
  const v = core.providerSetup({ provider: 'anthropic', baseUrl: url }).vars.find((x) => x.name === 'ANTHROPIC_BASE_URL');
  assert.equal(v.secret, true);
  assert.equal(v.value, url, 'the value to set stays whole');
  for (const processEnv of [{ ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: 'k' }, { HTTPS_PROXY: `user:${pw}@proxy:8080`, ANTHROPIC_API_KEY: 'k' }]) {
    const config = { processEnv };
    for (const r of [core.resolve(config), core.validate({ config })]) {
      assert.ok(!JSON.stringify([r.vars, r.problems]).includes(pw), JSON.stringify(r.vars));
      assert.ok(r.vars.filter((x) => x.name in processEnv && x.name !== 'ANTHROPIC_API_KEY').every((x) => x.secret && x.value.includes('***@')));
    }
    assert.ok(!JSON.stringify(core.proxyRefusal(config, 'https://api.anthropic.com/v1/messages')).includes(pw));
    assert.ok(!JSON.stringify(core.configSnippets(config)).includes(pw));
  }
  assert.match(core.proxyRefusal({ processEnv: { HTTPS_PROXY: `user:${pw}@proxy:8080` } }, 'https://api.anthropic.com/v1/messages').message, /HTTPS_PROXY=\*\*\*@proxy:8080 has no scheme/);
});

test("BODY_INVALID's help says what core.buildRequest takes: no object, JSON as text or bytes", () => {
  assert.throws(
    () => core.buildRequest({ request: { nowMs: NOW } }),
    (e) => e.code === 'BODY_INVALID' && !/an object/.test(e.help) && e.help.includes('`request.body`') && e.help.includes('body argument'),
  );
});

test('a custom X-Amz-Date, Host or X-Amz-Content-Sha256 does not reach a fetch Headers object twice, and validate says why', () => {
  const processEnv = {
    CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret',
    ANTHROPIC_CUSTOM_HEADERS: 'X-Amz-Date: 20200101T000000Z\nHost: evil.example\nX-Amz-Content-Sha256: UNSIGNED-PAYLOAD\nConnection: close',
  };
  const { request } = buildRequest({ config: { processEnv }, body: BODY, now: NOW });
  // What fetch would send: a repeated name becomes one header whose values are joined with ", ".
  const headers = new Headers(request.headers.map((h) => [h.name, h.value]));
  assert.equal(headers.get('x-amz-date'), '20260115T120000Z');
  assert.equal(headers.get('x-amz-content-sha256'), 'UNSIGNED-PAYLOAD');
  assert.equal(headers.get('host'), null);
  assert.equal(headers.get('connection'), null);
  const problems = validate({ config: { processEnv } }).problems.filter((p) => p.envVar === 'ANTHROPIC_CUSTOM_HEADERS');
  assert.deepEqual(
    problems.map((p) => [p.code, p.severity, p.message.split(',')[0]]).sort(),
    [
      ['CUSTOM_HEADERS_AUTH', 'warning', 'ANTHROPIC_CUSTOM_HEADERS sets X-Amz-Content-Sha256: the SigV4 signer then signs its value as the hash of the body instead of hashing the body (as the AWS SDK Claude Code uses does)'],
      ['CUSTOM_HEADER_DROPPED', 'warning', 'ANTHROPIC_CUSTOM_HEADERS sets Connection'],
      ['CUSTOM_HEADER_DROPPED', 'warning', 'ANTHROPIC_CUSTOM_HEADERS sets Host'],
      ['CUSTOM_HEADER_DROPPED', 'warning', 'ANTHROPIC_CUSTOM_HEADERS sets X-Amz-Date'],
    ],
  );
});

test('a session token no HTTP client can send is refused at build time, as an API key is, without quoting it', () => {
  const token = 'CANARY-tok\u20ac';
  const processEnv = { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEEXAMPLE12', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: token };
  assert.throws(
    () => buildRequest({ config: { processEnv }, body: BODY, now: NOW }),
    (e) => e.code === 'HEADER_VALUE_INVALID' && e.envVar === 'AWS_SESSION_TOKEN' && !`${e.message} ${e.help} ${e.stack} ${JSON.stringify(e)}`.includes('CANARY'),
  );
  // Credentials the runtime found (a profile, SSO) are checked the same way.
  const aws = { accessKeyId: 'ASIAEXAMPLEEXAMPLE12', secretAccessKey: 'secret', sessionToken: token };
  assert.throws(
    () => core.buildRequest({ processEnv: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_PROFILE: 'dev' }, request: { nowMs: NOW, body: JSON.stringify(BODY), credentials: { aws } } }),
    (e) => e.code === 'HEADER_VALUE_INVALID' && e.message.includes('credentials.aws.sessionToken') && !e.message.includes('CANARY'),
  );
});
