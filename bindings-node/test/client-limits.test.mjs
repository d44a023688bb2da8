// What an embedder of createClient meets at the edges: calls that must not hang (a token
// endpoint that never answers, a credential command that outlives its limit, an abort while
// either runs), errors that carry the provider's answer, the settings files' problems in the
// client's resolution, and shutting the client down. Real servers and real child processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildRequest, ClaudeProviderError, createClient } from 'claude-provider';
import { fakeAnthropic, silentEndpoint } from './fakes.mjs';
import { sandbox } from './helpers.mjs';

const BODY = { model: 'claude-opus-5-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };

/** Runs `f` and returns how long it took to settle, and its rejection. */
async function rejection(f) {
  const t0 = Date.now();
  try {
    await f();
  } catch (e) {
    return { e, ms: Date.now() - t0 };
  }
  assert.fail('expected a rejection');
}

test('a credential command that outlives its limit fails at the limit, even when a program it started keeps its output open', async (t) => {
  const s = sandbox(t);
  const gw = await fakeAnthropic();
  t.after(() => gw.close());
  writeFileSync(join(s.home, '.claude', 'settings.json'), JSON.stringify({ apiKeyHelper: 'sleep 20; echo key', env: { ANTHROPIC_BASE_URL: gw.url } }));
  const client = createClient({ ...s.base, helperTimeoutMs: 400 });
  const { e, ms } = await rejection(() => client.messages.create(BODY));
  assert.ok(e instanceof ClaudeProviderError);
  assert.equal(e.code, 'CREDENTIALS_MISSING');
  assert.match(e.message, /apiKeyHelper command did not finish within 400 ms/);
  assert.ok(ms < 5000, `settled after ${ms} ms, not when the command ended`);
  assert.equal(gw.requests.length, 0);
});

test('an abort while a credential command runs rejects at once with the signal\'s reason', async (t) => {
  const s = sandbox(t);
  writeFileSync(join(s.home, '.claude', 'settings.json'), JSON.stringify({ apiKeyHelper: 'sleep 20; echo key', env: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' } }));
  const client = createClient(s.base);
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 200);
  const { e, ms } = await rejection(() => client.messages.create(BODY, { signal: ac.signal }));
  assert.equal(e.name, 'AbortError');
  assert.ok(ms < 3000, `settled after ${ms} ms`);
});

test('a token endpoint that never answers: the call fails at the request timeout, or at once on abort', async (t) => {
  const s = sandbox(t);
  const silent = await silentEndpoint();
  t.after(() => silent.close());
  writeFileSync(join(s.dir, 'subject.jwt'), 'subject-jwt');
  const adc = join(s.dir, 'adc.json');
  writeFileSync(adc, JSON.stringify({ type: 'external_account', audience: '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/x', subject_token_type: 'urn:ietf:params:oauth:token-type:jwt', token_url: `http://127.0.0.1:${silent.port}/token`, credential_source: { file: join(s.dir, 'subject.jwt') } }));
  const env = { ...s.base.env, CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'us-east5', ANTHROPIC_VERTEX_PROJECT_ID: 'p', GOOGLE_APPLICATION_CREDENTIALS: adc };
  const client = createClient({ ...s.base, env, timeoutMs: 1500, maxRetries: 0 });
  const timedOut = await rejection(() => client.messages.create(BODY));
  assert.equal(timedOut.e.code, 'REQUEST_TIMEOUT');
  assert.match(timedOut.e.message, /Obtaining the credentials did not finish within 3000 ms/);
  assert.ok(timedOut.ms < 8000, `settled after ${timedOut.ms} ms`);
  assert.ok(silent.state.connections >= 1, 'the token endpoint was asked');

  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  const aborted = await rejection(() => createClient({ ...s.base, env, maxRetries: 0 }).messages.create(BODY, { signal: ac.signal }));
  assert.equal(aborted.e.name, 'AbortError');
  assert.ok(aborted.ms < 1500, `settled after ${aborted.ms} ms`);
});

test('an HTTP error carries the provider\'s answer: status, kind, retryable, retry-after, request id', async (t) => {
  const s = sandbox(t);
  const gw = await fakeAnthropic();
  t.after(() => gw.close());
  const env = { ...s.base.env, ANTHROPIC_BASE_URL: gw.url, ANTHROPIC_API_KEY: 'sk-ant-api03-CANARYlimits' };
  gw.failures.push([429, { 'retry-after': '3', 'request-id': 'req_429' }, { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }]);
  const { e } = await rejection(() => createClient({ ...s.base, env, maxRetries: 0 }).messages.create(BODY));
  assert.ok(e instanceof ClaudeProviderError);
  assert.equal(e.response?.status, 429);
  assert.equal(e.response?.kind, 'rate_limited');
  assert.equal(e.response?.retryable, true);
  assert.equal(e.response?.retryAfterMs, 3000);
  assert.equal(e.response?.requestId, 'req_429');
  assert.equal(e.response?.errorType, 'rate_limit_error');
  assert.deepEqual(JSON.parse(JSON.stringify(e)).response, e.response, 'toJSON carries it');
  assert.ok(!JSON.stringify(e).includes('CANARYlimits'));

  gw.failures.push([401, {}, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }]);
  gw.failures.push([401, {}, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }]);
  const auth = await rejection(() => createClient({ ...s.base, env, maxRetries: 0 }).messages.create(BODY));
  assert.equal(auth.e.response?.kind, 'authentication');
  assert.equal(auth.e.response?.retryable, false);
});

test('a settings file that cannot be parsed is in the client\'s and buildRequest\'s resolution, as in validate\'s', (t) => {
  const s = sandbox(t);
  writeFileSync(join(s.cwd, '.claude', 'settings.local.json'), '{ "env": { "AWS_REGION": "eu-west-1", } ');
  const env = { ...s.base.env, ANTHROPIC_API_KEY: 'sk-ant-api03-EXAMPLE' };
  const codes = (r) => r.problems.map((p) => p.code);
  assert.ok(codes(createClient({ ...s.base, env }).resolution).includes('SETTINGS_INVALID'));
  assert.ok(codes(buildRequest({ ...s.base, env, body: BODY }).resolution).includes('SETTINGS_INVALID'));
});

test('destroy() ends the requests in flight at once, not retried; close() waits for them; a later call opens new connections', async (t) => {
  const s = sandbox(t);
  const gw = await fakeAnthropic();
  t.after(() => gw.close());
  const env = { ...s.base.env, ANTHROPIC_BASE_URL: gw.url, ANTHROPIC_API_KEY: 'sk-ant-api03-EXAMPLE' };
  gw.stalls.push('headers');
  const retries = [];
  const client = createClient({ ...s.base, env, maxRetries: 3, onRetry: (i) => retries.push(i) });
  const pending = rejection(() => client.messages.create(BODY));
  while (gw.requests.length === 0) await new Promise((r) => setTimeout(r, 20));
  await client.destroy();
  const { e, ms } = await pending;
  assert.equal(e.code, 'NETWORK_UNREACHABLE');
  assert.ok(ms < 5000, `the request in flight ended ${ms} ms after it started`);
  assert.deepEqual(retries, [], 'not retried');
  // A later call opens new connections.
  assert.equal((await client.messages.create(BODY)).type, 'message');

  // close(): it waits for the request in flight, and a call made meanwhile goes through new
  // connections; aborting the request ends the wait.
  gw.stalls.push('body');
  const before = gw.requests.length;
  const ac = new AbortController();
  const slow = client.messages.create(BODY, { signal: ac.signal }).catch((x) => x);
  while (gw.requests.length === before) await new Promise((r) => setTimeout(r, 20));
  let closed = false;
  const closing = client.close().then(() => (closed = true));
  assert.equal((await client.messages.create(BODY)).type, 'message');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(closed, false, 'close() waits for the request in flight');
  ac.abort();
  assert.equal((await slow).name, 'AbortError');
  await closing;
  await client.close();
});
