// The transport against real local servers: a real HTTP proxy (npm `proxy`), TLS servers with
// generated certificates (one requiring client certificates), endpoints that stall or cut the
// response. Everything on the loopback interface (127.0.0.1, and ::1 where it exists).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import net from 'node:net';
import { rootCertificates } from 'node:tls';
import { join } from 'node:path';
import test from 'node:test';
import { ClaudeProviderError, createClient, deltaText, resolve, Transport } from 'claude-provider';
import { trustedCas } from '../lib/transport.js';
import { fakeAnthropic, makeCerts, realProxy, silentEndpoint, TEXT, tinyproxyRefusing, tlsClosingAfterHandshake, unansweredTcp } from './fakes.mjs';
import { runCli, tempDir } from './helpers.mjs';

const KEY = 'sk-ant-CANARY-transport-0123456789';

// Warnings Node printed while this file's tests ran (DEP0123: an IP address sent as the TLS
// server name, which undici 6's ProxyAgent does for an https:// proxy given as an IP). Node
// prints each deprecation once per process, so the last test checks the whole file.
const warnings = [];
process.on('warning', (w) => warnings.push(w));
const BODY = { max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };

async function text(stream) {
  let out = '';
  for await (const ev of stream) out += deltaText(ev) ?? '';
  return out;
}

/** `client.messages.create(BODY)`'s error (the test fails if it resolves). */
async function failure(client, o) {
  try {
    await client.messages.create(BODY, o);
  } catch (e) {
    return e;
  }
  assert.fail('the request succeeded');
}

/** Whether nothing accepts connections on host:port (the connection is refused). */
function refused(host, port) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', (e) => resolve(e.code === 'ECONNREFUSED'));
  });
}

/** Whether this machine has an IPv6 loopback to listen on; skips the test when not. */
async function ipv6(t) {
  const s = net.createServer();
  try {
    await new Promise((resolve, reject) => (s.once('error', reject), s.listen(0, '::1', resolve)));
    await new Promise((resolve) => s.close(resolve));
    return true;
  } catch (e) {
    t.skip(`no IPv6 loopback here (${e.code})`);
    return false;
  }
}

/**
 * POSTs a Messages request through `transport` to `base`: the answer's text, or the
 * ClaudeProviderError's code.
 */
async function post(transport, base) {
  try {
    const r = await transport.send({
      method: 'POST',
      url: `${base}/v1/messages`,
      headers: [
        { name: 'x-api-key', value: KEY, secret: true },
        { name: 'content-type', value: 'application/json' },
      ],
      body: JSON.stringify({ model: 'claude-test', ...BODY }),
      model: 'claude-test',
    });
    const body = await r.body.text();
    return r.status === 200 ? JSON.parse(body).content[0].text : `HTTP ${r.status}`;
  } catch (e) {
    if (!(e instanceof ClaudeProviderError)) throw e;
    return e.code;
  }
}

/** The ClaudeProviderError of a POST to `url` through `transport` (the test fails on any other outcome). */
async function sendError(transport, url) {
  try {
    await transport.send({ method: 'POST', url, headers: [{ name: 'content-type', value: 'application/json' }], body: '{}', model: 'claude-test' });
  } catch (e) {
    assert.ok(e instanceof ClaudeProviderError, `${url}: ${e?.name} ${e?.code}: ${e?.message}`);
    return e;
  }
  assert.fail(`${url}: the request succeeded`);
}

/** A Transport for `env` alone (process env), its warnings pushed to `warnings`. */
function transportFor(t, env, { systemCaFiles, warnings = [], timeoutMs } = {}) {
  const config = { processEnv: env };
  const transport = new Transport({ config, resolution: resolve({ config }), env, ...(systemCaFiles ? { systemCaFiles } : {}), ...(timeoutMs ? { timeoutMs } : {}), onWarning: (p) => warnings.push(p) });
  t.after(() => transport.close());
  return transport;
}

function project(t) {
  const dir = tempDir(t);
  const home = join(dir, 'home');
  const cwd = join(dir, 'proj');
  mkdirSync(join(home, '.claude'), { recursive: true });
  mkdirSync(join(cwd, '.claude'), { recursive: true });
  return { dir, home, cwd };
}


/**
 * The one request to the plain-http endpoint `plain` went through `proxy` in absolute form
 * (never CONNECT), and the endpoint got it as built, with its own Host.
 */
function sentInAbsoluteForm(proxy, plain) {
  assert.deepEqual(proxy.state.requests, [`POST http://127.0.0.1:${plain.port}/v1/messages?beta=true HTTP/1.1`]);
  assert.deepEqual(proxy.state.connects, []);
  assert.equal(plain.state.requests[0].url, '/v1/messages?beta=true');
  assert.equal(plain.state.requests[0].headers.host, `127.0.0.1:${plain.port}`);
}

test('an aborted request rejects with the signal\'s AbortError, unchanged: waiting for headers, reading the stream, waiting to retry', async (t) => {
  const api = await fakeAnthropic();
  t.after(api.close);
  const client = createClient({ config: { processEnv: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: api.url } } });
  t.after(() => client.close());
  const check = (e, ac) => {
    assert.equal(e, ac.signal.reason, `${e?.name} ${e?.code}: ${e?.message}`);
    assert.equal(e.name, 'AbortError');
    assert.ok(!(e instanceof ClaudeProviderError));
  };

  api.state.stalls.push('headers');
  const ac1 = new AbortController();
  setTimeout(() => ac1.abort(), 100);
  check(await failure(client, { signal: ac1.signal }), ac1);

  api.state.stalls.push('body');
  const ac2 = new AbortController();
  const events = [];
  await assert.rejects(
    (async () => {
      for await (const ev of client.messages.stream(BODY, { signal: ac2.signal })) {
        events.push(ev.type);
        setTimeout(() => ac2.abort(), 50);
      }
    })(),
    (e) => (check(e, ac2), true),
  );
  assert.deepEqual(events, ['message_start']);

  api.state.failures.push([529, { 'retry-after': '30' }, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }]);
  const ac3 = new AbortController();
  const retrying = createClient({ config: { processEnv: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: api.url } }, onRetry: () => setTimeout(() => ac3.abort(), 50) });
  t.after(() => retrying.close());
  const started = Date.now();
  check(await failure(retrying, { signal: ac3.signal }), ac3);
  assert.ok(Date.now() - started < 5000, 'the 30 s retry wait was cut short');
});

test('an abort while the connection is being made rejects at once with the signal\'s AbortError, unchanged, and cancels the connection: direct (the TCP connect, the TLS handshake) and through a proxy (its TCP connect, the CONNECT, the TLS handshake through the tunnel)', { timeout: 120_000 }, async (t) => {
  const silent = await silentEndpoint();
  t.after(silent.close);
  const dead = await unansweredTcp();
  t.after(dead.close);
  const proxy = await realProxy({ unreachable: { 'slow.example:443': 'no answer' } });
  t.after(proxy.close);
  const check = (e, ac, name) => {
    assert.equal(e, ac.signal.reason, `${name}: ${e?.name} ${e?.code}: ${e?.message}`);
    assert.equal(e.name, 'AbortError', name);
    assert.deepEqual(Object.getOwnPropertySymbols(e), [], `${name}: the abort error is left as it was`);
  };
  const cases = [
    ['direct, the TLS handshake', {}, silent.url, () => assert.ok(silent.state.connections > 0)],
    ['direct, the TCP connect', {}, dead.url],
    ['direct, the TCP connect of a plain-http endpoint', {}, `http://127.0.0.1:${dead.port}`],
    ['through the proxy, the TLS handshake through the tunnel', { HTTPS_PROXY: proxy.url }, silent.url, () => assert.ok(proxy.state.connects.includes(`127.0.0.1:${silent.port}`))],
    ['through the proxy, a CONNECT it does not answer', { HTTPS_PROXY: proxy.url }, 'https://slow.example', () => assert.ok(proxy.state.connects.includes('slow.example:443'))],
    ['the TCP connect to the proxy', { HTTPS_PROXY: `http://127.0.0.1:${dead.port}` }, 'https://api.example'],
    ['the TCP connect to the proxy, for a plain-http endpoint (absolute form)', { HTTP_PROXY: `http://127.0.0.1:${dead.port}` }, 'http://gateway.example:4000'],
  ];
  for (const [name, env, url, reached] of cases) {
    // API_TIMEOUT_MS far beyond the second allowed: only the abort can end the request in time.
    const transport = transportFor(t, env, { timeoutMs: 10_000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    const started = Date.now();
    await assert.rejects(transport.send({ method: 'POST', url: `${url}/v1/messages`, headers: [{ name: 'content-type', value: 'application/json' }], body: '{}', model: 'claude-test' }, ac.signal), (e) => (check(e, ac, name), true));
    assert.ok(Date.now() - started < 1000, `${name}: ${Date.now() - started} ms`);
    reached?.();
    // The attempt was cancelled rather than left to run to the connect timeout: closing the
    // transport waits for no request.
    const closing = Date.now();
    await transport.close();
    assert.ok(Date.now() - closing < 1000, `${name}: close took ${Date.now() - closing} ms`);
  }

  // Through the client, as a caller uses it (no retry after an abort).
  const client = createClient({ config: { processEnv: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: silent.url } }, timeoutMs: 10_000 });
  t.after(() => client.close());
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 150);
  const started = Date.now();
  check(await failure(client, { signal: ac.signal }), ac, 'createClient');
  assert.ok(Date.now() - started < 1000, `createClient: ${Date.now() - started} ms`);

  // Only the aborted request's connection is cancelled: another one being made at the same
  // time goes on to its own end (here the connect timeout), direct and through the proxy.
  for (const env of [{}, { HTTPS_PROXY: proxy.url }]) {
    const transport = transportFor(t, env, { timeoutMs: 500 });
    const other = sendError(transport, silent.url);
    const ac2 = new AbortController();
    setTimeout(() => ac2.abort(), 100);
    await assert.rejects(transport.send({ method: 'POST', url: silent.url, headers: [], body: '{}', model: 'claude-test' }, ac2.signal), (e) => (check(e, ac2, 'beside another request'), true));
    const e = await other;
    assert.equal(e.code, 'REQUEST_TIMEOUT', `${e.code}: ${e.message}`);
    assert.match(e.message, /did not answer the TLS handshake within 500 ms/);
  }
});

test('through a proxy, a plain-http endpoint is sent in absolute form and an https one through CONNECT', async (t) => {
  const { dir } = project(t);
  const certs = makeCerts(dir);
  const plain = await fakeAnthropic({ accept: (r) => r.headers['x-api-key'] === KEY });
  t.after(plain.close);
  const tls = await fakeAnthropic({ tls: certs, accept: (r) => r.headers['x-api-key'] === KEY });
  t.after(tls.close);
  const proxy = await realProxy();
  t.after(proxy.close);
  const env = (url) => ({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: url, HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: certs.ca });

  const c1 = createClient({ config: { processEnv: env(plain.url) } });
  t.after(() => c1.close());
  assert.equal(await text(c1.messages.stream(BODY)), TEXT.join(''));
  sentInAbsoluteForm(proxy, plain);

  const c2 = createClient({ config: { processEnv: env(tls.url) } });
  t.after(() => c2.close());
  assert.equal(await text(c2.messages.stream(BODY)), TEXT.join(''));
  assert.deepEqual(proxy.state.connects, [`127.0.0.1:${tls.port}`]);
  assert.equal(proxy.state.requests.length, 1, 'the https request went through the tunnel, not in absolute form');

  // Proxy credentials go with absolute-form requests too; wrong ones are PROXY_AUTH_FAILED.
  const authd = await realProxy({ auth: 'user:p@ss' });
  t.after(authd.close);
  const good = `http://user:${encodeURIComponent('p@ss')}@127.0.0.1:${authd.port}`;
  const c3 = createClient({ config: { processEnv: { ...env(plain.url), HTTPS_PROXY: good, HTTP_PROXY: good } } });
  t.after(() => c3.close());
  assert.equal((await c3.messages.create(BODY)).content[0].text, TEXT.join(''));
  assert.deepEqual(authd.state.requests, [`POST http://127.0.0.1:${plain.port}/v1/messages?beta=true HTTP/1.1`]);
  const bad = `http://user:CANARY-wrong@127.0.0.1:${authd.port}`;
  const c4 = createClient({ config: { processEnv: { ...env(plain.url), HTTPS_PROXY: bad, HTTP_PROXY: bad } }, maxRetries: 0 });
  t.after(() => c4.close());
  const e = await failure(c4);
  assert.equal(e.code, 'PROXY_AUTH_FAILED', `${e.code}: ${e.message}`);
  assert.equal(e.envVar, 'HTTPS_PROXY');
  assert.ok(!`${e.message} ${e.help}`.includes('CANARY'));
});

test('a proxy variable the core cannot use (no scheme, SOCKS, a password with an unencoded #) refuses the request with that problem, never sends it direct: createClient, send and doctor', async (t) => {
  const { home, cwd } = project(t);
  const api = await fakeAnthropic({ accept: (r) => r.headers['x-api-key'] === KEY });
  t.after(api.close);
  for (const [proxy, code] of [
    ['127.0.0.1:3999', 'PROXY_URL_INVALID'],
    ['socks5://127.0.0.1:1080', 'PROXY_SCHEME_UNSUPPORTED'],
    ['http://proxyuser:Px#CANARY-9z@127.0.0.1:3129', 'PROXY_URL_INVALID'],
  ]) {
    const retries = [];
    const client = createClient({ config: { processEnv: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: api.url, HTTPS_PROXY: proxy } }, maxRetries: 3, onRetry: (r) => retries.push(r) });
    t.after(() => client.close());
    const e = await failure(client);
    assert.equal(e.code, code, `${proxy}: ${e.code}: ${e.message}`);
    assert.equal(e.envVar, 'HTTPS_PROXY', proxy);
    assert.match(e.message, /^HTTPS_PROXY=.* Nothing was sent \(not direct either\)\.$/, proxy);
    assert.match(e.help, /HTTPS_PROXY/, proxy);
    assert.ok(!`${e.message} ${e.help}`.includes('CANARY'), `${proxy}: no password shown`);
    assert.deepEqual(retries, [], proxy);
  }
  // From a settings file: the file is named; send and doctor refuse too.
  writeFileSync(join(home, '.claude', 'settings.json'), JSON.stringify({ env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: api.url, HTTPS_PROXY: '127.0.0.1:3999' } }));
  const sent = await runCli(['send', 'hi', '--json'], { home, cwd });
  assert.equal(sent.status, 1, sent.stdout);
  const err = JSON.parse(sent.stdout).error;
  assert.equal(err.code, 'PROXY_URL_INVALID');
  assert.equal(err.file, join(home, '.claude', 'settings.json'));
  assert.match(err.help, /^Set HTTPS_PROXY=http:\/\/127\.0\.0\.1:3999/);
  const doctor = await runCli(['doctor', '--json'], { home, cwd });
  assert.equal(doctor.status, 1);
  const checks = Object.fromEntries(JSON.parse(doctor.stdout).checks.map((c) => [c.name.replace(/ to .*/, ''), c]));
  assert.equal(checks['proxy reachable'].ok, false);
  assert.equal(checks['proxy reachable'].code, 'PROXY_URL_INVALID');
  assert.equal(checks['1-token request'].code, 'PROXY_URL_INVALID');
  assert.equal(api.state.requests.length, 0, 'nothing reached the endpoint directly');

  // NO_PROXY still exempts a host (a LiteLLM gateway on localhost beside a broken corporate
  // HTTPS_PROXY; `*` for every host): those requests go direct, as with a working proxy.
  for (const noProxy of ['localhost,127.0.0.1', '*']) {
    const direct = createClient({ config: { processEnv: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: api.url, HTTPS_PROXY: '127.0.0.1:3999', NO_PROXY: noProxy } } });
    t.after(() => direct.close());
    assert.equal(await text(direct.messages.stream(BODY)), TEXT.join(''), noProxy);
  }
  assert.equal(api.state.requests.length, 2);
});

test('a proxy that is down is PROXY_UNREACHABLE at once, however it is named: a port with 407 in it, a host name, the default port, IPv6', async (t) => {
  // No proxy may be listening on any of these; a case whose port is taken here is left out.
  const cases = [];
  for (let port = 40700; port < 40800; port++) {
    if (await refused('127.0.0.1', port)) {
      cases.push(['a port with 407 in it', `http://127.0.0.1:${port}`]);
      break;
    }
  }
  const free = net.createServer();
  await new Promise((r) => free.listen(0, '127.0.0.1', r));
  const port = free.address().port;
  await new Promise((r) => free.close(r));
  cases.push(['a host name', `http://localhost:${port}`]);
  if (await refused('127.0.0.1', 80)) cases.push(['the default port', 'http://127.0.0.1']);
  if (await refused('::1', port).catch(() => false)) cases.push(['IPv6', `http://[::1]:${port}`]);
  assert.ok(cases.length >= 2);
  for (const [name, proxyUrl] of cases) {
    const retries = [];
    // The default retries (CLAUDE_CODE_MAX_RETRIES, 10): a proxy problem is not retried.
    const client = createClient({ config: { processEnv: { ANTHROPIC_API_KEY: KEY, HTTPS_PROXY: proxyUrl } }, onRetry: (r) => retries.push(r) });
    const started = Date.now();
    const e = await failure(client);
    await client.close();
    assert.equal(e.code, 'PROXY_UNREACHABLE', `${name}: ${e.code}: ${e.message}`);
    assert.equal(e.envVar, 'HTTPS_PROXY', name);
    assert.match(e.message, /could not be reached: connect ECONNREFUSED/, name);
    assert.match(e.help, /NO_PROXY/, name);
    assert.deepEqual(retries, [], name);
    assert.ok(Date.now() - started < 5000, `${name}: ${Date.now() - started} ms`);
  }

  // A proxy that is up but will not open the tunnel: its answer is named.
  const refusing = net.createServer((s) => s.once('data', () => s.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n')));
  await new Promise((r) => refusing.listen(0, '127.0.0.1', r));
  t.after(() => refusing.close());
  const c = createClient({ config: { processEnv: { ANTHROPIC_API_KEY: KEY, HTTPS_PROXY: `http://127.0.0.1:${refusing.address().port}` } }, maxRetries: 0 });
  t.after(() => c.close());
  const e = await failure(c);
  assert.equal(e.code, 'PROXY_UNREACHABLE');
  assert.match(e.message, /did not open a tunnel to api\.anthropic\.com: it answered HTTP 403/);
});

test('an https:// proxy: TLS to the proxy, trusting what the endpoints\' connections trust; a plain-http endpoint in absolute form over it (not CONNECT), an https one through CONNECT; credentials on both', async (t) => {
  const { dir } = project(t);
  const certs = makeCerts(dir);
  const accept = (r) => r.headers['x-api-key'] === KEY;
  const plain = await fakeAnthropic({ accept });
  t.after(plain.close);
  const secure = await fakeAnthropic({ tls: certs, accept });
  t.after(secure.close);
  const proxy = await realProxy({ tls: certs, auth: 'user:p@ss' });
  t.after(proxy.close);
  assert.match(proxy.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const good = `https://user:${encodeURIComponent('p@ss')}@127.0.0.1:${proxy.port}`;
  const env = (url, more = {}) => ({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: url, HTTPS_PROXY: good, NODE_EXTRA_CA_CERTS: certs.ca, ...more });

  // A LiteLLM-style gateway on plain http: one absolute-form request on the TLS connection to the proxy.
  const c1 = createClient({ config: { processEnv: env(plain.url) } });
  t.after(() => c1.close());
  assert.equal(await text(c1.messages.stream(BODY)), TEXT.join(''));
  sentInAbsoluteForm(proxy, plain);
  assert.equal(plain.state.requests[0].headers['proxy-authorization'], undefined);

  const c2 = createClient({ config: { processEnv: env(secure.url) } });
  t.after(() => c2.close());
  assert.equal(await text(c2.messages.stream(BODY)), TEXT.join(''));
  assert.deepEqual(proxy.state.connects, [`127.0.0.1:${secure.port}`]);
  assert.equal(proxy.state.requests.length, 1);

  // The same trust as the endpoints' TLS: the test CA from a "system" store alone.
  const systemBundle = join(dir, 'system-ca-bundle.crt');
  copyFileSync(certs.ca, systemBundle);
  const fromSystem = transportFor(t, env(plain.url, { NODE_EXTRA_CA_CERTS: '', CLAUDE_CODE_CERT_STORE: 'system' }), { systemCaFiles: [systemBundle] });
  assert.equal(await post(fromSystem, plain.url), TEXT.join(''));
  assert.equal(await post(fromSystem, secure.url), TEXT.join(''));
  assert.equal(proxy.state.requests.length, 2);
  // The client takes the same option; without it Node's own system store lacks the test CA.
  const systemEnv = env(plain.url, { NODE_EXTRA_CA_CERTS: '', CLAUDE_CODE_CERT_STORE: 'system' });
  const c3 = createClient({ config: { processEnv: systemEnv }, systemCaFiles: [systemBundle], maxRetries: 0 });
  t.after(() => c3.close());
  assert.equal(await text(c3.messages.stream(BODY)), TEXT.join(''));
  const c4 = createClient({ config: { processEnv: systemEnv }, maxRetries: 0 });
  t.after(() => c4.close());
  await assert.rejects(text(c4.messages.stream(BODY)), { code: 'TLS_UNTRUSTED' });
  assert.equal(proxy.state.requests.length, 3);
  assert.throws(() => createClient({ config: { processEnv: systemEnv }, systemCaFiles: systemBundle }), { code: 'ARGUMENT_INVALID', message: 'options.systemCaFiles: expected an array of paths (strings)' });
  // A proxy whose CA is not trusted fails both, naming the proxy.
  const untrusted = transportFor(t, env(plain.url, { NODE_EXTRA_CA_CERTS: '', CLAUDE_CODE_CERT_STORE: 'bundled' }));
  for (const url of [plain.url, secure.url]) assert.equal(await post(untrusted, url), 'TLS_UNTRUSTED', url);
  const e = await sendError(untrusted, plain.url);
  assert.match(e.message, /^The certificate of the proxy https:\/\/\*\*\*@127\.0\.0\.1:\d+ \(HTTPS_PROXY\) is not trusted/);

  // Wrong credentials: the proxy's 407, to the absolute-form request and to CONNECT.
  const bad = `https://user:CANARY-wrong@127.0.0.1:${proxy.port}`;
  for (const url of [plain.url, secure.url]) {
    const c = createClient({ config: { processEnv: env(url, { HTTPS_PROXY: bad }) }, maxRetries: 0 });
    t.after(() => c.close());
    const err = await failure(c);
    assert.equal(err.code, 'PROXY_AUTH_FAILED', `${url}: ${err.code}: ${err.message}`);
    assert.equal(err.envVar, 'HTTPS_PROXY');
    assert.ok(!`${err.message} ${err.help}`.includes('CANARY'));
  }
  assert.equal(proxy.state.rejected, 2);
});

test('a failure through the proxy leads with its own fix, and names only the configuration problems that can cause it where it happened: a NO_PROXY that misses a loopback endpoint for a host the proxy could not reach, never for the proxy\'s 407 or its untrusted certificate', async (t) => {
  const { dir } = project(t);
  const certs = makeCerts(dir);
  const accept = (r) => r.headers['x-api-key'] === KEY;
  // Loopback endpoints through a proxy: status reports NO_PROXY_MISSES_ENDPOINT for each.
  const plain = await fakeAnthropic({ accept });
  t.after(plain.close);
  const secure = await fakeAnthropic({ tls: certs, accept });
  t.after(secure.close);
  const proxy = await realProxy({ tls: certs, auth: 'user:pass', unreachable: { [`127.0.0.1:${secure.port}`]: 502 } });
  t.after(proxy.close);
  const env = (url, more) => ({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: url, NODE_EXTRA_CA_CERTS: certs.ca, HTTPS_PROXY: `https://user:pass@127.0.0.1:${proxy.port}`, ...more });
  const failed = async (processEnv) => {
    assert.ok(resolve({ config: { processEnv } }).problems.some((p) => p.code === 'NO_PROXY_MISSES_ENDPOINT'), 'the configuration has the NO_PROXY problem');
    const c = createClient({ config: { processEnv }, maxRetries: 0 });
    t.after(() => c.close());
    return failure(c);
  };
  const auth = await failed(env(plain.url, { HTTPS_PROXY: `https://user:CANARY-wrong@127.0.0.1:${proxy.port}` }));
  assert.equal(auth.code, 'PROXY_AUTH_FAILED');
  assert.equal(auth.help, 'Put the right user and password in HTTPS_PROXY (http://user:password@host:port, percent-encoding special characters).');
  const untrusted = await failed(env(plain.url, { NODE_EXTRA_CA_CERTS: '', CLAUDE_CODE_CERT_STORE: 'bundled' }));
  assert.equal(untrusted.code, 'TLS_UNTRUSTED');
  assert.match(untrusted.message, /^The certificate of the proxy /);
  assert.doesNotMatch(untrusted.help, /NO_PROXY/);
  assert.match(untrusted.help, /^Set NODE_EXTRA_CA_CERTS to the CA bundle \(PEM\) that signed the proxy's certificate/);
  // The proxy could not reach the loopback endpoint: NO_PROXY can explain that, after the fix.
  const unreachable = await failed(env(secure.url));
  assert.equal(unreachable.code, 'PROXY_UNREACHABLE');
  assert.match(unreachable.help, /^Check that the proxy can reach 127\.0\.0\.1:\d+ .* The configuration also has a problem that can cause this \(claude-provider status reports it\): NO_PROXY_MISSES_ENDPOINT: .* Fix: Set NO_PROXY=127\.0\.0\.1,localhost/);
});

test('a proxy that answers a wrong password with 401, as tinyproxy does, is PROXY_AUTH_FAILED (absolute form and CONNECT), not the endpoint rejecting its key; the endpoint\'s own 401 through a proxy stays the endpoint\'s', async (t) => {
  const { dir } = project(t);
  const certs = makeCerts(dir);
  const tiny = await tinyproxyRefusing();
  t.after(tiny.close);
  const plain = await fakeAnthropic({ accept: (r) => r.headers['x-api-key'] === KEY });
  t.after(plain.close);
  const secure = await fakeAnthropic({ tls: certs, accept: (r) => r.headers['x-api-key'] === KEY });
  t.after(secure.close);
  for (const url of [plain.url, secure.url]) {
    const c = createClient({ config: { processEnv: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: url, NODE_EXTRA_CA_CERTS: certs.ca, HTTPS_PROXY: `http://proxyuser:CANARY-wrong@127.0.0.1:${tiny.port}` } }, maxRetries: 0 });
    t.after(() => c.close());
    const e = await failure(c);
    assert.equal(e.code, 'PROXY_AUTH_FAILED', `${url}: ${e.code}: ${e.message}`);
    assert.equal(e.envVar, 'HTTPS_PROXY');
    assert.match(e.message, /^The proxy http:\/\/\*\*\*@127\.0\.0\.1:\d+ refused the credentials \(401 Unauthorized: some proxies, tinyproxy among them, answer so instead of 407\)\.$/);
    assert.match(e.help, /^Put the right user and password in HTTPS_PROXY/);
    assert.ok(!`${e.message} ${e.help}`.includes('CANARY'));
  }
  assert.equal(tiny.state.requests, 2);
  assert.equal(plain.state.requests.length + secure.state.requests.length, 0);
  // A key the endpoint rejects, through a proxy that forwards: the endpoint's 401.
  const proxy = await realProxy();
  t.after(proxy.close);
  const c = createClient({ config: { processEnv: { ANTHROPIC_API_KEY: 'sk-ant-wrong', ANTHROPIC_BASE_URL: plain.url, HTTPS_PROXY: proxy.url } }, maxRetries: 0 });
  t.after(() => c.close());
  const e = await failure(c);
  assert.notEqual(e.code, 'PROXY_AUTH_FAILED', e.message);
  assert.match(e.message, /invalid x-api-key/);
});

test('timeouts on the way through a proxy name their hop: a CONNECT the proxy answers 504 or not at all is PROXY_UNREACHABLE naming the host it could not reach (not retried); a TLS handshake no one answers through an open tunnel is REQUEST_TIMEOUT; an https proxy that does not finish its own handshake is PROXY_UNREACHABLE', { timeout: 60_000 }, async (t) => {
  const proxy = await realProxy({ unreachable: { 'gone.example:443': 504, 'slow.example:443': 'no answer' } });
  t.after(proxy.close);
  const silent = await silentEndpoint();
  t.after(silent.close);
  const env = { ANTHROPIC_API_KEY: KEY, HTTPS_PROXY: proxy.url };
  const transport = transportFor(t, env, { timeoutMs: 500 });

  // The proxy's own connection to the host timed out, and it said so.
  let e = await sendError(transport, 'https://gone.example');
  assert.equal(e.code, 'PROXY_UNREACHABLE', `${e.code}: ${e.message}`);
  assert.equal(e.envVar, 'HTTPS_PROXY');
  assert.equal(e.message, `The proxy ${proxy.url} (HTTPS_PROXY) could not reach gone.example: it answered the CONNECT with HTTP 504 (Gateway Timeout: its connection to the host timed out).`);
  assert.match(e.help, /^Check that the proxy can reach gone\.example .*allows CONNECT to gone\.example:443, or add gone\.example to NO_PROXY/);

  // The proxy took the CONNECT and is still trying: the connect timeout, not undici's 300 s.
  let started = Date.now();
  e = await sendError(transport, 'https://slow.example');
  assert.equal(e.code, 'PROXY_UNREACHABLE', `${e.code}: ${e.message}`);
  assert.equal(e.message, `The proxy ${proxy.url} (HTTPS_PROXY) did not answer the CONNECT to slow.example:443 within 500 ms: it could not reach slow.example in time, or it is stuck.`);
  assert.match(e.help, /can reach slow\.example/);
  assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
  // A proxy problem fails at once: the client does not retry it.
  const retries = [];
  const client = createClient({ config: { processEnv: { ...env, ANTHROPIC_BASE_URL: 'https://slow.example' } }, timeoutMs: 500, onRetry: (r) => retries.push(r.problem.code) });
  t.after(() => client.close());
  assert.equal((await failure(client)).code, 'PROXY_UNREACHABLE');
  assert.deepEqual(retries, []);

  // The proxy reached the host (CONNECT 200), whose TLS handshake never answers.
  started = Date.now();
  e = await sendError(transport, silent.url);
  assert.equal(e.code, 'REQUEST_TIMEOUT', `${e.code}: ${e.message}`);
  assert.equal(e.envVar, 'API_TIMEOUT_MS');
  assert.equal(e.message, `127.0.0.1:${silent.port} did not answer the TLS handshake within 500 ms through the proxy ${proxy.url} (HTTPS_PROXY): the proxy opened the tunnel, but nothing came back through it.`);
  assert.match(e.help, /127\.0\.0\.1:\d+ serves https/);
  assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
  assert.equal(silent.state.connections, 1, 'the proxy reached the host');
  assert.deepEqual(proxy.state.connects, ['gone.example:443', 'slow.example:443', 'slow.example:443', `127.0.0.1:${silent.port}`]);

  // An https:// proxy that takes the TCP connection but never finishes the TLS handshake:
  // the first hop, for an https endpoint (CONNECT) and a plain-http one (absolute form).
  const mute = await silentEndpoint();
  t.after(mute.close);
  const viaMute = transportFor(t, { HTTPS_PROXY: `https://127.0.0.1:${mute.port}` }, { timeoutMs: 500 });
  for (const url of ['https://api.example', 'http://gateway.example:4000']) {
    e = await sendError(viaMute, url);
    assert.equal(e.code, 'PROXY_UNREACHABLE', `${url}: ${e.code}: ${e.message}`);
    assert.match(e.message, /^The proxy https:\/\/127\.0\.0\.1:\d+ \(HTTPS_PROXY\) could not be reached: Connect Timeout Error/, url);
  }
});

test('a direct connection that gets no answer within the connect timeout is REQUEST_TIMEOUT naming what went unanswered: the TLS handshake of a server that takes the connection and stays silent, the TCP connect of one that never takes it (https and plain http)', { timeout: 60_000 }, async (t) => {
  const silent = await silentEndpoint();
  t.after(silent.close);
  const dead = await unansweredTcp();
  t.after(dead.close);
  const transport = transportFor(t, { ANTHROPIC_API_KEY: KEY }, { timeoutMs: 500 });
  const target = (port) => `127\\.0\\.0\\.1:${port}`;

  let started = Date.now();
  let e = await sendError(transport, `${silent.url}/v1/messages`);
  assert.equal(e.code, 'REQUEST_TIMEOUT', `${e.code}: ${e.message}`);
  assert.equal(e.envVar, 'API_TIMEOUT_MS');
  assert.equal(e.message, `127.0.0.1:${silent.port} did not answer the TLS handshake within 500 ms: the TCP connection was accepted, but the handshake did not finish.`);
  assert.match(e.help, new RegExp(`^Check that ${target(silent.port)} serves https .*firewall.*HTTPS_PROXY.* The limit is API_TIMEOUT_MS, at most 60000 ms\\.$`));
  assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
  assert.equal(silent.state.connections, 1);

  for (const url of [dead.url, `http://127.0.0.1:${dead.port}`]) {
    started = Date.now();
    e = await sendError(transport, `${url}/v1/messages`);
    assert.equal(e.code, 'REQUEST_TIMEOUT', `${url}: ${e.code}: ${e.message}`);
    assert.equal(e.envVar, 'API_TIMEOUT_MS');
    assert.equal(e.message, `127.0.0.1:${dead.port} did not answer the TCP connect within 500 ms: nothing accepted the connection.`, url);
    assert.match(e.help, new RegExp(`^Check the host and port in the endpoint URL, and that a firewall lets connections to ${target(dead.port)} through`), url);
    assert.match(e.help, url.startsWith('https:') ? /set HTTPS_PROXY/ : /set HTTP_PROXY/, url);
    assert.doesNotMatch(`${e.message} ${e.help}`, /TLS|https serves/, url);
    assert.ok(Date.now() - started < 5000, `${url}: ${Date.now() - started} ms`);
  }

  // Plain http to the silent server: the connection is made and the request sent, so it is the
  // answer that times out; there is no handshake to blame.
  e = await sendError(transport, `http://127.0.0.1:${silent.port}/v1/messages`);
  assert.equal(e.code, 'REQUEST_TIMEOUT', `${e.code}: ${e.message}`);
  assert.equal(e.message, `127.0.0.1:${silent.port} accepted the request but sent no response within the timeout (500 ms, API_TIMEOUT_MS).`);
});

test('a NODE_EXTRA_CA_CERTS file that cannot be read: a warning naming what is trusted instead, and requests go on with it, https included (also in send and doctor)', async (t) => {
  const { dir, home, cwd } = project(t);
  const certs = makeCerts(dir);
  const api = await fakeAnthropic({ accept: (r) => r.headers['x-api-key'] === KEY });
  t.after(api.close);
  const secure = await fakeAnthropic({ tls: certs, accept: (r) => r.headers['x-api-key'] === KEY });
  t.after(secure.close);
  const missing = join(dir, 'missing-ca.pem');
  // The CAs still trusted are used: a "system" store holding the test CA stands for the OS
  // store, so the https endpoint is trusted through it (with the default store and with
  // `system` alone); one that holds another CA is not, and the endpoint is TLS_UNTRUSTED.
  const systemBundle = join(dir, 'system-ca-bundle.crt');
  copyFileSync(certs.ca, systemBundle);
  const otherBundle = join(dir, 'other-system-ca-bundle.crt');
  copyFileSync(certs.otherCa, otherBundle);
  for (const [store, described] of [[undefined, /it is ignored: only Node's bundled CAs and the system store's \(.*system-ca-bundle\.crt\) are trusted/], ['system', /only the system store's CAs \(.*system-ca-bundle\.crt\) are trusted/]]) {
    const seen = [];
    const env = { NODE_EXTRA_CA_CERTS: missing, ...(store ? { CLAUDE_CODE_CERT_STORE: store } : {}) };
    const trusted = transportFor(t, env, { systemCaFiles: [systemBundle], warnings: seen });
    assert.equal(await post(trusted, secure.url), TEXT.join(''), `CLAUDE_CODE_CERT_STORE=${store}`);
    assert.equal(await post(trusted, api.url), TEXT.join(''));
    assert.deepEqual(seen.map((p) => p.code), ['CERT_FILE_INVALID']);
    assert.match(seen[0].message, described);
    const untrusted = transportFor(t, env, { systemCaFiles: [otherBundle], warnings: [] });
    assert.equal(await post(untrusted, secure.url), 'TLS_UNTRUSTED', `CLAUDE_CODE_CERT_STORE=${store}`);
    assert.equal(await post(untrusted, api.url), TEXT.join(''));
  }
  const bundledOnly = [];
  transportFor(t, { NODE_EXTRA_CA_CERTS: missing, CLAUDE_CODE_CERT_STORE: 'bundled' }, { systemCaFiles: [systemBundle], warnings: bundledOnly });
  assert.match(bundledOnly[0].message, /it is ignored: only Node's bundled CAs are trusted/);

  const warnings = [];
  const client = createClient({ config: { processEnv: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: api.url, NODE_EXTRA_CA_CERTS: missing } }, onWarning: (p) => warnings.push(p) });
  t.after(() => client.close());
  assert.equal((await client.messages.create(BODY)).content[0].text, TEXT.join(''));
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0].code, 'CERT_FILE_INVALID');
  assert.equal(warnings[0].severity, 'warning');
  assert.equal(warnings[0].envVar, 'NODE_EXTRA_CA_CERTS');
  assert.match(warnings[0].message, /missing-ca\.pem: the CA bundle cannot be read \(ENOENT\); it is ignored/);
  // A file that is there but holds no certificate: the same.
  const notPem = join(dir, 'not.pem');
  writeFileSync(notPem, 'this is not pem\n');
  const c2 = createClient({ config: { processEnv: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: api.url, NODE_EXTRA_CA_CERTS: notPem } }, onWarning: (p) => warnings.push(p) });
  t.after(() => c2.close());
  assert.equal((await c2.messages.create(BODY)).content[0].text, TEXT.join(''));
  assert.match(warnings[1].message, /holds no PEM certificate/);
  const notPemSeen = [];
  const notPemTransport = transportFor(t, { NODE_EXTRA_CA_CERTS: notPem, CLAUDE_CODE_CERT_STORE: 'system' }, { systemCaFiles: [systemBundle], warnings: notPemSeen });
  assert.equal(await post(notPemTransport, secure.url), TEXT.join(''));
  assert.match(notPemSeen[0].message, /holds no PEM certificate; it is ignored: only the system store's CAs/);

  const proxy = await realProxy();
  t.after(proxy.close);
  const envFile = join(dir, 'd.env');
  writeFileSync(envFile, `ANTHROPIC_API_KEY=${KEY}\nANTHROPIC_BASE_URL=${api.url}\nHTTP_PROXY=${proxy.url}\nHTTPS_PROXY=${proxy.url}\nNODE_EXTRA_CA_CERTS=${missing}\n`);
  const sent = await runCli(['send', 'hi', '--dotenv', envFile], { home, cwd });
  assert.equal(sent.status, 0, sent.stderr);
  assert.equal(sent.stdout, TEXT.join('') + '\n');
  assert.match(sent.stderr, /warning CERT_FILE_INVALID: NODE_EXTRA_CA_CERTS=.*missing-ca\.pem: the CA bundle cannot be read/);
  const doctor = await runCli(['doctor', '--json', '--dotenv', envFile], { home, cwd });
  assert.equal(doctor.status, 0, doctor.stdout + doctor.stderr);
  const checks = Object.fromEntries(JSON.parse(doctor.stdout).checks.map((c) => [c.name.replace(/ to .*/, ''), c]));
  assert.equal(checks['proxy reachable'].skipped, undefined, checks['proxy reachable'].detail);
  assert.equal(checks['proxy reachable'].detail, `${proxy.url} (HTTPS_PROXY)`);
  assert.match(checks['TLS handshake'].detail, /is plain http/);
  assert.equal(checks['1-token request'].ok, true);
});

test('a client certificate or key that cannot be used fails https requests only: plain-http endpoints, direct or through a proxy, are reached', async (t) => {
  const { dir } = project(t);
  const certs = makeCerts(dir);
  const accept = (r) => r.headers['x-api-key'] === KEY;
  const plain = await fakeAnthropic({ accept });
  t.after(plain.close);
  const secure = await fakeAnthropic({ tls: { ...certs, requireClientCert: true }, accept });
  t.after(secure.close);
  const proxy = await realProxy();
  t.after(proxy.close);
  const notPem = join(dir, 'not-pem.pem');
  writeFileSync(notPem, 'this is not pem\n');
  const ok = TEXT.join('');
  const cases = [
    ['an encrypted key and no passphrase', { CLAUDE_CODE_CLIENT_CERT: certs.clientCert, CLAUDE_CODE_CLIENT_KEY: certs.clientKeyEncrypted }, 'MTLS_PASSPHRASE_MISSING', 'CLAUDE_CODE_CLIENT_KEY_PASSPHRASE'],
    ['a wrong passphrase', { CLAUDE_CODE_CLIENT_CERT: certs.clientCert, CLAUDE_CODE_CLIENT_KEY: certs.clientKeyEncrypted, CLAUDE_CODE_CLIENT_KEY_PASSPHRASE: 'CANARY-wrong' }, 'MTLS_PASSPHRASE_WRONG', 'CLAUDE_CODE_CLIENT_KEY_PASSPHRASE'],
    ['a certificate that is not PEM', { CLAUDE_CODE_CLIENT_CERT: notPem, CLAUDE_CODE_CLIENT_KEY: certs.clientKey }, 'CERT_FILE_INVALID', 'CLAUDE_CODE_CLIENT_CERT'],
    ['a key that is not PEM', { CLAUDE_CODE_CLIENT_CERT: certs.clientCert, CLAUDE_CODE_CLIENT_KEY: notPem }, 'CERT_FILE_INVALID', 'CLAUDE_CODE_CLIENT_KEY'],
  ];
  for (const [name, files, code, envVar] of cases) {
    for (const via of [{}, { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url }]) {
      const label = `${name}${via.HTTP_PROXY ? ', through the proxy' : ''}`;
      const base = { ANTHROPIC_API_KEY: KEY, NODE_EXTRA_CA_CERTS: certs.ca, ...files, ...via };
      // A plain-http gateway never loads the client certificate.
      const http = createClient({ config: { processEnv: { ...base, ANTHROPIC_BASE_URL: plain.url } }, maxRetries: 0 });
      t.after(() => http.close());
      assert.equal((await http.messages.create(BODY)).content[0].text, ok, label);
      assert.equal(await text(http.messages.stream(BODY)), ok, label);
      // An https endpoint is refused before connecting, naming what is wrong.
      const https = createClient({ config: { processEnv: { ...base, ANTHROPIC_BASE_URL: secure.url } }, maxRetries: 0 });
      t.after(() => https.close());
      const e = await failure(https);
      assert.equal(e.code, code, `${label}: ${e.code}: ${e.message}`);
      assert.equal(e.envVar, envVar, label);
      assert.ok(!`${e.message} ${e.help}`.includes('CANARY'), label);
      // One transport for both: the https failure does not stop plain http, before or after.
      const both = transportFor(t, { ...base, ANTHROPIC_BASE_URL: plain.url });
      assert.equal(await post(both, secure.url), code, label);
      assert.equal(await post(both, plain.url), ok, label);
      assert.equal(await post(both, secure.url), code, label);
    }
  }
  // A usable certificate, first sent to a plain-http endpoint: the https connection made
  // afterwards still presents it (and trusts NODE_EXTRA_CA_CERTS).
  for (const via of [{}, { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url }]) {
    const good = transportFor(t, { ANTHROPIC_API_KEY: KEY, NODE_EXTRA_CA_CERTS: certs.ca, CLAUDE_CODE_CLIENT_CERT: certs.clientCert, CLAUDE_CODE_CLIENT_KEY: certs.clientKeyEncrypted, CLAUDE_CODE_CLIENT_KEY_PASSPHRASE: certs.passphrase, ...via });
    assert.equal(await post(good, plain.url), ok);
    assert.equal(await post(good, secure.url), ok);
    assert.equal(await post(good, plain.url), ok);
  }
  assert.ok(proxy.state.connects.includes(`127.0.0.1:${secure.port}`), 'the https requests went through the proxy too');
});

test('a server that refuses the client certificate is TLS_CLIENT_CERT_REJECTED, not retried, direct and through the proxy: no certificate (its alert read by a probe through the same proxy), one from another CA (closed after the handshake without an alert)', async (t) => {
  const { dir } = project(t);
  const certs = makeCerts(dir);
  const api = await fakeAnthropic({ tls: { ...certs, requireClientCert: true }, accept: (r) => r.headers['x-api-key'] === KEY });
  t.after(api.close);
  const proxy = await realProxy();
  t.after(proxy.close);
  const base = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: api.url, NODE_EXTRA_CA_CERTS: certs.ca };
  const rogue = { CLAUDE_CODE_CLIENT_CERT: certs.rogueClientCert, CLAUDE_CODE_CLIENT_KEY: certs.rogueClientKey };
  for (const [label, env, message, help] of [
    ['no certificate, through the proxy', { ...base, HTTPS_PROXY: proxy.url }, /^127\.0\.0\.1:\d+ rejected the TLS handshake through the proxy .*certificate required/, /^Set CLAUDE_CODE_CLIENT_CERT and CLAUDE_CODE_CLIENT_KEY/],
    ['another CA\'s certificate, direct', { ...base, ...rogue }, /^127\.0\.0\.1:\d+ closed the connection right after the TLS handshake, without an answer: it most likely does not accept the client certificate .*rogue\.pem \(CLAUDE_CODE_CLIENT_CERT\)\.$/, /^Check that CLAUDE_CODE_CLIENT_CERT and CLAUDE_CODE_CLIENT_KEY are/],
    ['another CA\'s certificate, through the proxy', { ...base, ...rogue, HTTPS_PROXY: proxy.url }, /^127\.0\.0\.1:\d+ closed the connection right after the TLS handshake through the proxy http:\/\/127\.0\.0\.1:\d+ \(HTTPS_PROXY\), without an answer: it most likely does not accept/, /^Check that CLAUDE_CODE_CLIENT_CERT/],
  ]) {
    const retries = [];
    const client = createClient({ config: { processEnv: env }, maxRetries: 3, onRetry: (r) => retries.push(r) });
    t.after(() => client.close());
    const e = await failure(client);
    assert.equal(e.code, 'TLS_CLIENT_CERT_REJECTED', `${label}: ${e.code}: ${e.message}`);
    assert.equal(e.envVar, 'CLAUDE_CODE_CLIENT_CERT', label);
    assert.match(e.message, message, label);
    assert.match(e.help, help, label);
    assert.deepEqual(retries, [], `${label}: not retried`);
  }
  assert.ok(proxy.state.connects.length >= 4, 'the requests and the probes went through the proxy');
  assert.equal(api.state.requests.length, 0);
});

test('a TLS server that closes right after the handshake with no client certificate configured (a TLS-terminating proxy with no backend) is NETWORK_UNREACHABLE and retried, its help naming the client certificate too; with one configured, TLS_CLIENT_CERT_REJECTED', async (t) => {
  const { dir } = project(t);
  const certs = makeCerts(dir);
  const server = await tlsClosingAfterHandshake(certs);
  t.after(server.close);
  const base = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server.url, NODE_EXTRA_CA_CERTS: certs.ca };
  const retries = [];
  const client = createClient({ config: { processEnv: base }, maxRetries: 1, onRetry: (r) => retries.push(r.problem.code) });
  t.after(() => client.close());
  const e = await failure(client);
  assert.equal(e.code, 'NETWORK_UNREACHABLE', `${e.code}: ${e.message}`);
  assert.match(e.message, /^127\.0\.0\.1:\d+ closed the connection right after the TLS handshake, without an answer/);
  assert.match(e.help, /no working backend/);
  assert.match(e.help, /requires a client certificate .*CLAUDE_CODE_CLIENT_CERT and CLAUDE_CODE_CLIENT_KEY/);
  assert.deepEqual(retries, ['NETWORK_UNREACHABLE'], 'retried');
  assert.ok(server.state.connections >= 2);

  const withCert = createClient({ config: { processEnv: { ...base, CLAUDE_CODE_CLIENT_CERT: certs.clientCert, CLAUDE_CODE_CLIENT_KEY: certs.clientKey } }, maxRetries: 0 });
  t.after(() => withCert.close());
  const rejected = await failure(withCert);
  assert.equal(rejected.code, 'TLS_CLIENT_CERT_REJECTED', `${rejected.code}: ${rejected.message}`);
  assert.equal(rejected.envVar, 'CLAUDE_CODE_CLIENT_CERT');
});

test('relative certificate paths from a project settings file are taken from the project directory (--cwd, LoadOptions.cwd), not the shell\'s', async (t) => {
  const { dir, home, cwd } = project(t);
  const certs = makeCerts(dir);
  mkdirSync(join(cwd, 'certs'));
  for (const [from, to] of [[certs.ca, 'ca.pem'], [certs.clientCert, 'client.pem'], [certs.clientKey, 'client.key']]) copyFileSync(from, join(cwd, 'certs', to));
  const api = await fakeAnthropic({ tls: { ...certs, requireClientCert: true }, accept: (r) => r.headers['x-api-key'] === KEY });
  t.after(api.close);
  writeFileSync(join(cwd, '.claude', 'settings.json'), JSON.stringify({ env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: api.url, NODE_EXTRA_CA_CERTS: 'certs/ca.pem', CLAUDE_CODE_CLIENT_CERT: 'certs/client.pem', CLAUDE_CODE_CLIENT_KEY: './certs/client.key' } }));
  assert.notEqual(process.cwd(), cwd);
  const warnings = [];
  const client = createClient({ env: { HOME: home }, home, cwd, managedSettingsPath: null, maxRetries: 0, onWarning: (p) => warnings.push(p) });
  t.after(() => client.close());
  assert.deepEqual(client.resolution.problems.filter((p) => p.code === 'CERT_FILE_INVALID'), [], 'the core got the files read from the project');
  assert.equal(await text(client.messages.stream(BODY)), TEXT.join(''));
  assert.deepEqual(warnings, []);
  // The CLI, run from another directory with --cwd.
  const status = await runCli(['status', '--json'], { home, cwd });
  assert.deepEqual(JSON.parse(status.stdout).resolution.problems.filter((p) => p.code === 'CERT_FILE_INVALID'), []);
  const sent = await runCli(['send', 'hi'], { home, cwd });
  assert.equal(sent.status, 0, sent.stderr);
  assert.equal(sent.stdout, TEXT.join('') + '\n');
  // A relative path that is not in the project names where it was looked for.
  writeFileSync(join(cwd, '.claude', 'settings.json'), JSON.stringify({ env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: api.url, NODE_EXTRA_CA_CERTS: 'certs/ca.pem', CLAUDE_CODE_CLIENT_CERT: 'certs/nope.pem', CLAUDE_CODE_CLIENT_KEY: 'certs/client.key' } }));
  const nope = createClient({ env: { HOME: home }, home, cwd, managedSettingsPath: null, maxRetries: 0 });
  t.after(() => nope.close());
  const e = await failure(nope);
  assert.equal(e.code, 'CERT_FILE_INVALID');
  assert.equal(e.envVar, 'CLAUDE_CODE_CLIENT_CERT');
  assert.ok(e.message.includes(`certs/nope.pem (${join(cwd, 'certs', 'nope.pem')})`), e.message);
});

test('an HTML page from a server in front of the provider is named by its title, never its body: nginx asking for a client certificate is TLS_CLIENT_CERT_REJECTED; squid\'s own 503 is PROXY_UNREACHABLE, not an overloaded provider', async (t) => {
  const api = await fakeAnthropic();
  t.after(api.close);
  const config = { processEnv: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: api.url } };
  const client = createClient({ config, maxRetries: 0 });
  t.after(() => client.close());
  // As nginx 1.22.1 with `ssl_verify_client on` answers a request without a certificate.
  const nginx = '<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>No required SSL certificate was sent</center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n';
  api.state.failures.push([400, { 'content-type': 'text/html', server: 'nginx/1.22.1' }, nginx]);
  let e = await failure(client);
  assert.ok(e instanceof ClaudeProviderError, String(e));
  assert.equal(e.code, 'TLS_CLIENT_CERT_REJECTED', `${e.code}: ${e.message}`);
  assert.equal(e.envVar, 'CLAUDE_CODE_CLIENT_CERT');
  assert.match(e.message, /an HTML page titled "400 No required SSL certificate was sent", not a provider error$/);
  assert.match(e.help, /CLAUDE_CODE_CLIENT_CERT and CLAUDE_CODE_CLIENT_KEY/);
  // A 400 that is a certificate page is not explained by the request body's settings.
  const tokens = createClient({ config: { processEnv: { ...config.processEnv, CLAUDE_CODE_MAX_OUTPUT_TOKENS: 'lots' } }, maxRetries: 0 });
  t.after(() => tokens.close());
  api.state.failures.push([400, { 'content-type': 'text/html', server: 'nginx/1.22.1' }, nginx]);
  e = await failure(tokens);
  assert.equal(e.code, 'TLS_CLIENT_CERT_REJECTED');
  assert.doesNotMatch(e.help, /MAX_OUTPUT_TOKENS/);
  const squid = `<html><head><title>ERROR: The requested URL could not be retrieved</title></head><body id=ERR_CONNECT_FAIL><p>URL: ${api.url}/v1/messages?k=${KEY}</p></body></html>`;
  api.state.failures.push([503, { 'content-type': 'text/html', server: 'squid/5.7', 'x-squid-error': 'ERR_CONNECT_FAIL 111' }, squid]);
  e = await failure(client);
  assert.equal(e.code, 'PROXY_UNREACHABLE', `${e.code}: ${e.message}`);
  assert.match(e.message, /^The proxy \(squid\) returned an error 503 ERR_CONNECT_FAIL: /);
  assert.doesNotMatch(e.help, /overloaded/);
  assert.ok(!`${e.message} ${e.help}`.includes('CANARY'), e.message);
});

test("a proxy's own error that only a setting fixes is answered at once: squid's failed DNS lookup is not retried, a proxy's 401 page does not re-run apiKeyHelper as the provider's 401 does; its failed connection is retried", async (t) => {
  const api = await fakeAnthropic();
  t.after(api.close);
  const config = { processEnv: { ANTHROPIC_BASE_URL: api.url }, settings: [{ scope: 'user', settings: { apiKeyHelper: `printf %s ${KEY}` } }] };
  const retries = [];
  const client = createClient({ config, maxRetries: 2, onRetry: (r) => retries.push(r.problem.code) });
  t.after(() => client.close());
  const page = (err) => `<html><head><title>ERROR: The requested URL could not be retrieved</title></head><body id=${err}><p>Generated by vm (squid/5.7)</p></body></html>`;
  const squid = (status, err) => [status, { 'content-type': 'text/html', server: 'squid/5.7', 'x-squid-error': `${err} 0` }, page(err)];
  api.state.failures.push(squid(503, 'ERR_DNS_FAIL'));
  let e = await failure(client);
  assert.equal(e.code, 'PROXY_UNREACHABLE', `${e.code}: ${e.message}`);
  assert.deepEqual(retries, []);
  // As tinyproxy 1.11.1 refuses a wrong password (a 401, not a 407).
  const tinyproxy = '<html>\n<head><title>401 Unauthorized</title></head>\n<body>\n<h1>Unauthorized</h1>\n<hr />\n<p><em>Generated by tinyproxy version 1.11.1.</em></p>\n</body>\n</html>\n';
  api.state.failures.push([401, { 'content-type': 'text/html', server: 'tinyproxy/1.11.1' }, tinyproxy]);
  e = await failure(client);
  assert.equal(e.code, 'PROXY_AUTH_FAILED', `${e.code}: ${e.message}`);
  assert.equal(api.state.requests.length, 2, 'each sent once');
  api.state.failures.push(squid(503, 'ERR_CONNECT_FAIL'));
  await client.messages.create(BODY);
  assert.deepEqual(retries, ['PROXY_UNREACHABLE']);
});

test('a response that stalls or is cut: REQUEST_TIMEOUT naming API_TIMEOUT_MS, STREAM_TRUNCATED, never "could not be reached"', async (t) => {
  const api = await fakeAnthropic();
  t.after(api.close);
  const host = `127.0.0.1:${api.port}`;
  const config = { processEnv: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: api.url } };
  const client = createClient({ config, timeoutMs: 300, maxRetries: 0 });
  t.after(() => client.close());

  api.state.stalls.push('headers');
  let e = await failure(client);
  assert.equal(e.code, 'REQUEST_TIMEOUT', `${e.code}: ${e.message}`);
  assert.equal(e.envVar, 'API_TIMEOUT_MS');
  assert.equal(e.message, `${host} accepted the request but sent no response within the timeout (300 ms, API_TIMEOUT_MS).`);
  assert.match(e.help, /API_TIMEOUT_MS/);

  api.state.stalls.push('body');
  const events = [];
  await assert.rejects(
    (async () => {
      for await (const ev of client.messages.stream(BODY)) events.push(ev.type);
    })(),
    (err) => {
      assert.equal(err.code, 'REQUEST_TIMEOUT', `${err.code}: ${err.message}`);
      assert.match(err.message, new RegExp(`^${host.replace(/\./g, '\\.')} stopped sending the response`));
      assert.match(err.help, /API_TIMEOUT_MS/);
      return true;
    },
  );
  assert.deepEqual(events, ['message_start']);

  for (const stream of [true, false]) {
    api.state.stalls.push('reset');
    const cut = createClient({ config, maxRetries: 0 });
    t.after(() => cut.close());
    await assert.rejects(stream ? text(cut.messages.stream(BODY)) : cut.messages.create(BODY), (err) => {
      assert.ok(err instanceof ClaudeProviderError, String(err));
      assert.equal(err.code, 'STREAM_TRUNCATED', `${err.code}: ${err.message}`);
      assert.match(err.message, new RegExp(`^The connection to ${host.replace(/\./g, '\\.')} closed before the response was complete`));
      return true;
    });
  }

  // A stream that ends cleanly before message_stop, or a 200 stream with no body, is not a
  // response: the core's decoder says so when the client finishes it.
  for (const [stall, why] of [['end', 'without `message_stop`, after 1 event:'], ['empty', 'without any event']]) {
    api.state.stalls.push(stall);
    const seen = [];
    await assert.rejects(
      (async () => {
        for await (const ev of client.messages.stream(BODY)) seen.push(ev.type);
      })(),
      (err) => {
        assert.ok(err instanceof ClaudeProviderError, String(err));
        assert.equal(err.code, 'STREAM_TRUNCATED', `${err.code}: ${err.message}`);
        assert.ok(err.message.includes(why), err.message);
        assert.ok(err.help, err.message);
        return true;
      },
    );
    assert.deepEqual(seen, stall === 'end' ? ['message_start'] : []);
  }

  // A response that does not start in time is retried, as the Anthropic SDK retries it.
  const retries = [];
  const retrying = createClient({ config, timeoutMs: 300, maxRetries: 1, onRetry: (r) => retries.push(r.problem.code) });
  t.after(() => retrying.close());
  api.state.stalls.push('headers');
  assert.equal((await retrying.messages.create(BODY)).content[0].text, TEXT.join(''));
  assert.deepEqual(retries, ['REQUEST_TIMEOUT']);
});

test('IPv6 endpoints and proxies: a client-certificate rejection is named as such, and doctor reaches a [::1] proxy', async (t) => {
  if (!(await ipv6(t))) return;
  const { dir, home, cwd } = project(t);
  const certs = makeCerts(dir);
  const api = await fakeAnthropic({ tls: { ...certs, requireClientCert: true }, host: '::1', accept: (r) => r.headers['x-api-key'] === KEY });
  t.after(api.close);
  assert.match(api.url, /^https:\/\/\[::1\]:\d+$/);
  const base = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: api.url, NODE_EXTRA_CA_CERTS: certs.ca };
  const noCert = createClient({ config: { processEnv: base }, maxRetries: 0 });
  t.after(() => noCert.close());
  const e = await failure(noCert);
  assert.equal(e.code, 'TLS_CLIENT_CERT_REJECTED', `${e.code}: ${e.message}`);
  const ok = createClient({ config: { processEnv: { ...base, CLAUDE_CODE_CLIENT_CERT: certs.clientCert, CLAUDE_CODE_CLIENT_KEY: certs.clientKey } } });
  t.after(() => ok.close());
  assert.equal(await text(ok.messages.stream(BODY)), TEXT.join(''));

  const plain = await fakeAnthropic({ accept: (r) => r.headers['x-api-key'] === KEY });
  t.after(plain.close);
  const proxy = await realProxy({ host: '::1' });
  t.after(proxy.close);
  const envFile = join(dir, 'v6.env');
  writeFileSync(envFile, `ANTHROPIC_API_KEY=${KEY}\nANTHROPIC_BASE_URL=${plain.url}\nHTTPS_PROXY=${proxy.url}\nHTTP_PROXY=${proxy.url}\n`);
  const doctor = await runCli(['doctor', '--json', '--dotenv', envFile], { home, cwd });
  const checks = Object.fromEntries(JSON.parse(doctor.stdout).checks.map((c) => [c.name.replace(/ to .*/, ''), c]));
  assert.equal(checks['proxy reachable'].ok, true, checks['proxy reachable'].detail);
  assert.equal(checks['proxy reachable'].detail, `${proxy.url} (HTTPS_PROXY)`);
  assert.equal(checks['1-token request'].ok, true, checks['1-token request'].detail);
  assert.equal(doctor.status, 0, doctor.stdout);
  assert.equal(proxy.state.requests.length, 1);
});

test('an https:// proxy on an IPv6 address ([::1]): its certificate is checked against the address, and no server name is sent for it', async (t) => {
  if (!(await ipv6(t))) return;
  const { dir } = project(t);
  const certs = makeCerts(dir);
  const secure = await fakeAnthropic({ tls: certs, accept: (r) => r.headers['x-api-key'] === KEY });
  t.after(secure.close);
  const proxy = await realProxy({ host: '::1', tls: certs });
  t.after(proxy.close);
  assert.match(proxy.url, /^https:\/\/\[::1\]:\d+$/);
  const names = [];
  proxy.server.on('secureConnection', (s) => names.push(s.servername));
  const transport = transportFor(t, { ANTHROPIC_API_KEY: KEY, HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: certs.ca });
  assert.equal(await post(transport, secure.url), TEXT.join(''));
  assert.deepEqual(proxy.state.connects, [`127.0.0.1:${secure.port}`]);
  assert.deepEqual(names, [false], 'no SNI for the proxy\'s address');
});

test('CLAUDE_CODE_CERT_STORE: bundled (Node\'s CAs), system (the OS store) or both, as the core resolves it', async (t) => {
  const { dir } = project(t);
  const certs = makeCerts(dir);
  const api = await fakeAnthropic({ tls: certs });
  t.after(api.close);
  // A "system" store that holds the test CA, and one that does not.
  const systemBundle = join(dir, 'system-ca-bundle.crt');
  copyFileSync(certs.ca, systemBundle);
  const head = async (env, systemCaFiles) => {
    const config = { processEnv: env };
    const transport = new Transport({ config, resolution: resolve({ config }), env, systemCaFiles, onWarning: () => {} });
    try {
      return (await transport.send({ method: 'HEAD', url: api.url, headers: [], body: '', model: '' })).status;
    } catch (e) {
      return e.code;
    } finally {
      await transport.close();
    }
  };
  assert.equal(await head({}, [systemBundle]), 200, 'default: bundled,system');
  assert.equal(await head({ CLAUDE_CODE_CERT_STORE: 'system' }, [systemBundle]), 200);
  assert.equal(await head({ CLAUDE_CODE_CERT_STORE: 'bundled' }, [systemBundle]), 'TLS_UNTRUSTED');
  assert.equal(await head({ CLAUDE_CODE_CERT_STORE: 'bundled, system' }, [join(dir, 'missing.crt'), systemBundle]), 200, 'the first bundle that can be read');
  assert.equal(await head({ CLAUDE_CODE_CERT_STORE: 'system' }, [join(dir, 'missing.crt')]), 'TLS_UNTRUSTED');
  // Unrecognized values only: the core applies the default.
  assert.equal(await head({ CLAUDE_CODE_CERT_STORE: 'keychain' }, [systemBundle]), 200);
  // NODE_EXTRA_CA_CERTS is added whatever the store.
  assert.equal(await head({ CLAUDE_CODE_CERT_STORE: 'bundled', NODE_EXTRA_CA_CERTS: certs.ca }, []), 200);

  // A bundle that can be read but holds no certificate is passed over, like one that cannot be read.
  const empty = join(dir, 'empty-bundle.crt');
  writeFileSync(empty, '');
  assert.equal(await head({ CLAUDE_CODE_CERT_STORE: 'system' }, [empty, systemBundle]), 200, 'an empty bundle is passed over');

  assert.deepEqual(trustedCas({ bundled: true, system: false }), [...rootCertificates]);
  assert.deepEqual(trustedCas({ bundled: false, system: true }, [systemBundle]).length, 1);
});

test('CLAUDE_CODE_CERT_STORE=system with a system store that holds nothing: a warning that no CA is trusted, naming both variables, and https fails as TLS_UNTRUSTED saying why', async (t) => {
  const { dir } = project(t);
  const certs = makeCerts(dir);
  const secure = await fakeAnthropic({ tls: certs, accept: (r) => r.headers['x-api-key'] === KEY });
  t.after(secure.close);
  const plain = await fakeAnthropic({ accept: (r) => r.headers['x-api-key'] === KEY });
  t.after(plain.close);
  const nowhere = [join(dir, 'no-such-bundle.crt'), join(dir, 'nor-this.pem')];
  for (const systemCaFiles of [[], nowhere]) {
    const warnings = [];
    const transport = transportFor(t, { CLAUDE_CODE_CERT_STORE: 'system' }, { systemCaFiles, warnings });
    assert.deepEqual(warnings.map((p) => [p.code, p.severity, p.envVar]), [['CERT_STORE_INVALID', 'warning', 'CLAUDE_CODE_CERT_STORE']], JSON.stringify(warnings));
    assert.match(warnings[0].message, /^No CA is trusted: CLAUDE_CODE_CERT_STORE=system selects only the system store, which holds no certificate here/);
    assert.match(warnings[0].message, /every TLS connection fails/);
    if (systemCaFiles.length) assert.ok(warnings[0].message.includes(nowhere[0]), warnings[0].message);
    assert.match(warnings[0].help, /CLAUDE_CODE_CERT_STORE/);
    assert.match(warnings[0].help, /NODE_EXTRA_CA_CERTS/);
    // Plain http is unaffected; https is refused by the empty trust store, and says so.
    assert.equal(await post(transport, plain.url), TEXT.join(''));
    await assert.rejects(
      transport.send({ method: 'HEAD', url: secure.url, headers: [], body: '', model: '' }),
      (e) => {
        assert.equal(e.code, 'TLS_UNTRUSTED', e.message);
        assert.match(e.message, /is not trusted \(\w+\): no CA is trusted, as CLAUDE_CODE_CERT_STORE=system selects only the system store/);
        assert.match(e.help, /CLAUDE_CODE_CERT_STORE/);
        return true;
      },
    );
  }
  // A NODE_EXTRA_CA_CERTS that cannot be used on top of it: its warning says nothing is trusted.
  const both = [];
  transportFor(t, { CLAUDE_CODE_CERT_STORE: 'system', NODE_EXTRA_CA_CERTS: join(dir, 'missing-ca.pem') }, { systemCaFiles: [], warnings: both });
  assert.deepEqual(both.map((p) => p.code), ['CERT_FILE_INVALID', 'CERT_STORE_INVALID']);
  assert.match(both[0].message, /it is ignored, and no other CA is trusted/);
  assert.doesNotMatch(both[0].message, /default trust store/);
  // No warning when something is trusted: NODE_EXTRA_CA_CERTS alone, the bundled set, or a system store with CAs.
  for (const [env, files] of [[{ CLAUDE_CODE_CERT_STORE: 'system', NODE_EXTRA_CA_CERTS: certs.ca }, []], [{ CLAUDE_CODE_CERT_STORE: 'bundled,system' }, []], [{ CLAUDE_CODE_CERT_STORE: 'system' }, [certs.ca]]]) {
    const seen = [];
    const transport = transportFor(t, env, { systemCaFiles: files, warnings: seen });
    assert.deepEqual(seen, [], JSON.stringify(env));
    if (env.NODE_EXTRA_CA_CERTS || files.length) assert.equal(await post(transport, secure.url), TEXT.join(''));
  }
});

test('no test of this file made Node warn: no IP address was sent as a TLS server name (DEP0123)', () => {
  assert.deepEqual(warnings.map((w) => `${w.code ?? w.name}: ${w.message}`), []);
});
