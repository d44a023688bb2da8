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
import { fakeAnthropic, makeCerts, realProxy, TEXT } from './fakes.mjs';
import { runCli, tempDir } from './helpers.mjs';

const KEY = 'sk-ant-CANARY-transport-0123456789';
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

function project(t) {
  const dir = tempDir(t);
  const home = join(dir, 'home');
  const cwd = join(dir, 'proj');
  mkdirSync(join(home, '.claude'), { recursive: true });
  mkdirSync(join(cwd, '.claude'), { recursive: true });
  return { dir, home, cwd };
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
  assert.deepEqual(proxy.state.requests, [`POST http://127.0.0.1:${plain.port}/v1/messages?beta=true HTTP/1.1`]);
  assert.deepEqual(proxy.state.connects, []);
  // What the endpoint got is the request as built, with its own Host.
  assert.equal(plain.state.requests[0].url, '/v1/messages?beta=true');
  assert.equal(plain.state.requests[0].headers.host, `127.0.0.1:${plain.port}`);

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

test('a NODE_EXTRA_CA_CERTS file that cannot be read: a warning, and requests go on with the default trust store (also in send and doctor)', async (t) => {
  const { dir, home, cwd } = project(t);
  const api = await fakeAnthropic({ accept: (r) => r.headers['x-api-key'] === KEY });
  t.after(api.close);
  const missing = join(dir, 'missing-ca.pem');
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

  assert.deepEqual(trustedCas({ bundled: true, system: false }), [...rootCertificates]);
  assert.deepEqual(trustedCas({ bundled: false, system: true }, [systemBundle]).length, 1);
});
