// Real parts: fake endpoints that verify what they receive (SigV4 checked by
// @smithy/signature-v4), a real CONNECT proxy, a TLS server requiring client certificates,
// real ~/.aws files and credential commands. Everything on 127.0.0.1.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import test from 'node:test';
import { ClaudeProviderError, createClient, deltaText } from 'claude-provider';
import { fakeAnthropic, fakeAwsCredentialServices, fakeBedrock, fakeFoundry, fakeVertex, googleExternalAccount, googleServiceAccount, makeCerts, realProxy, TEXT } from './fakes.mjs';
import { liveDirs, ROOT, runCli } from './helpers.mjs';

const KEY = 'sk-ant-CANARY-live-0123456789';
const BODY = { max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };
const AWS = { accessKeyId: 'AKIDLIVEEXAMPLE', secretAccessKey: 'CANARYliveSecretKey0123456789', sessionToken: 'CANARYsessionToken' };

async function text(stream) {
  let out = '';
  for await (const ev of stream) out += deltaText(ev) ?? '';
  return out;
}

/** Runs the CLI asynchronously (the fake servers live in this process). */
const cli = runCli;

const dirs = liveDirs;

test('Anthropic API: stream, create and countTokens; retry on 429 honouring retry-after; 401 surfaced with its fix', async (t) => {
  const api = await fakeAnthropic({ accept: (r) => r.headers['x-api-key'] === KEY });
  t.after(api.close);
  const config = { processEnv: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: api.url } };
  const retries = [];
  const client = createClient({ config, onRetry: (r) => retries.push(r) });
  t.after(() => client.close());
  assert.equal(await text(client.messages.stream(BODY)), TEXT.join(''));
  assert.equal((await client.messages.create(BODY)).content[0].text, TEXT.join(''));
  assert.deepEqual(await client.messages.countTokens(BODY), { input_tokens: 7 });
  api.state.failures.push([429, { 'retry-after': '0' }, { type: 'error', error: { type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit' } }]);
  api.state.failures.push([529, {}, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }]);
  assert.equal(await text(client.messages.stream(BODY)), TEXT.join(''));
  assert.equal(retries.length, 2);
  assert.equal(retries[0].delayMs, 0, 'retry-after: 0 honoured');
  const bad = createClient({ config: { processEnv: { ANTHROPIC_API_KEY: 'sk-wrong', ANTHROPIC_BASE_URL: api.url } } });
  t.after(() => bad.close());
  await assert.rejects(bad.messages.create(BODY), (e) => {
    assert.ok(e instanceof ClaudeProviderError);
    assert.equal(e.code, 'PROVIDER_ERROR');
    assert.match(e.message, /401/);
    assert.match(e.message, /invalid x-api-key/);
    assert.ok(e.help.length > 0);
    return true;
  });
});

test('apiKeyHelper runs through /bin/sh with the settings env, and its key reaches the endpoint', async (t) => {
  const { home, cwd } = dirs(t);
  const api = await fakeAnthropic({ accept: (r) => r.headers['x-api-key'] === 'helper-key-CANARY' && r.headers.authorization === 'Bearer helper-key-CANARY' });
  t.after(api.close);
  writeFileSync(join(home, '.claude', 'settings.json'), JSON.stringify({ apiKeyHelper: 'printf %s "$HELPER_KEY"', env: { HELPER_KEY: 'helper-key-CANARY', ANTHROPIC_BASE_URL: api.url } }));
  const r = await cli(['send', 'hi', '--max-tokens', '5'], { home, cwd });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, TEXT.join('') + '\n');
  assert.ok(!r.stdout.includes('CANARY') && !r.stderr.includes('CANARY'));
  const nostream = await cli(['send', 'hi', '--no-stream'], { home, cwd });
  assert.equal(nostream.stdout, TEXT.join('') + '\n');
  // A failing helper: a clear error naming the setting and the file, never its output.
  writeFileSync(join(home, '.claude', 'settings.json'), JSON.stringify({ apiKeyHelper: 'echo CANARY-leak; exit 3', env: { ANTHROPIC_BASE_URL: api.url } }));
  const failed = await cli(['send', 'hi', '--json'], { home, cwd });
  assert.equal(failed.status, 1);
  const err = JSON.parse(failed.stdout).error;
  assert.equal(err.code, 'CREDENTIALS_MISSING');
  assert.match(err.message, /apiKeyHelper command exited with status 3/);
  assert.equal(err.file, join(home, '.claude', 'settings.json'));
  assert.ok(!failed.stdout.includes('CANARY'));
  // A program that is not installed: said so, not only the shell's status.
  writeFileSync(join(home, '.claude', 'settings.json'), JSON.stringify({ apiKeyHelper: 'no-such-vault-cli read -field=token secret/claude', env: { ANTHROPIC_BASE_URL: api.url } }));
  const missing = JSON.parse((await cli(['send', 'hi', '--json'], { home, cwd })).stdout).error;
  assert.match(missing.message, /apiKeyHelper command exited with status 127: the shell found no such command \(is the program installed and on PATH\?\)/);
});

test('Bedrock: profiles from real ~/.aws files (static keys, credential_process), SigV4 verified by @smithy/signature-v4, event-stream decoded', async (t) => {
  const { dir, home, cwd } = dirs(t);
  const br = await fakeBedrock({ credentials: AWS });
  t.after(br.close);
  const proc = join(dir, 'creds.mjs');
  writeFileSync(proc, `console.log(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(AWS.accessKeyId)}, SecretAccessKey: ${JSON.stringify(AWS.secretAccessKey)}, SessionToken: ${JSON.stringify(AWS.sessionToken)}, Expiration: new Date(Date.now() + 3600e3).toISOString() }));\n`);
  writeFileSync(join(home, '.aws', 'config'), `[profile static]\nregion = us-east-1\n\n[profile proc]\nregion = us-east-1\ncredential_process = ${process.execPath} ${proc}\n`);
  writeFileSync(join(home, '.aws', 'credentials'), `[static]\naws_access_key_id = ${AWS.accessKeyId}\naws_secret_access_key = ${AWS.secretAccessKey}\naws_session_token = ${AWS.sessionToken}\n`);
  for (const profile of ['static', 'proc']) {
    const env = { HOME: home, CLAUDE_CODE_USE_BEDROCK: '1', AWS_PROFILE: profile, ANTHROPIC_BEDROCK_BASE_URL: br.url };
    const client = createClient({ env, home, cwd, managedSettingsPath: null });
    t.after(() => client.close());
    assert.equal(client.resolution.auth.method.kind, 'sigV4');
    assert.equal(await text(client.messages.stream(BODY)), TEXT.join(''), profile);
    assert.match((await client.messages.create(BODY)).content[0].text, /Hello/);
  }
  assert.equal(br.state.verified, 4);
  // A body given as JSON text or bytes goes to the core as it is (not turned into a JSON string).
  const asText = createClient({ env: { HOME: home, CLAUDE_CODE_USE_BEDROCK: '1', AWS_PROFILE: 'static', ANTHROPIC_BEDROCK_BASE_URL: br.url }, home, cwd, managedSettingsPath: null });
  t.after(() => asText.close());
  assert.match((await asText.messages.create(JSON.stringify(BODY))).content[0].text, /Hello/);
  assert.equal(await text(asText.messages.stream(new TextEncoder().encode(JSON.stringify(BODY)))), TEXT.join(''));
  assert.equal(JSON.parse(br.state.requests.at(-1).body).messages[0].content, 'hi');
  assert.equal(br.state.verified, 6);
  assert.match(br.state.requests[0].url, /^\/model\/.+\/invoke-with-response-stream$/);
  // Throttling is retried (re-signed); a model without access is surfaced with its fix.
  const env = { HOME: home, CLAUDE_CODE_USE_BEDROCK: '1', AWS_PROFILE: 'static', ANTHROPIC_BEDROCK_BASE_URL: br.url };
  const client = createClient({ env, home, cwd, managedSettingsPath: null });
  t.after(() => client.close());
  br.state.failures.push([429, { 'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/' }, { message: 'Too many requests, please wait before trying again.' }]);
  assert.equal(await text(client.messages.stream(BODY)), TEXT.join(''));
  br.state.failures.push([403, { 'x-amzn-errortype': 'AccessDeniedException' }, { message: "You don't have access to the model with the specified model ID." }]);
  await assert.rejects(client.messages.create(BODY), (e) => e instanceof ClaudeProviderError && /access to the model/.test(e.message) && e.help.length > 0);
  // Rejected as expired: the cached credentials are dropped and read again for one more try;
  // still expired (the same static keys), the error is surfaced.
  const expired = [403, { 'x-amzn-errortype': 'ExpiredTokenException' }, { message: 'The security token included in the request is expired' }];
  br.state.failures.push(expired, expired);
  await assert.rejects(client.messages.create(BODY), (e) => {
    assert.ok(e instanceof ClaudeProviderError);
    assert.match(e.message, /expired/);
    assert.ok(e.help.length > 0, 'an expired token comes with a fix');
    return true;
  });
  br.state.streamException = 'throttlingException';
  await assert.rejects(text(client.messages.stream(BODY)), (e) => e instanceof ClaudeProviderError && /Too many requests/.test(e.message));
  br.state.streamException = undefined;
  const before = br.state.verified;
  // A wrong secret: the fake's independent verifier rejects the signature.
  const wrong = createClient({ env: { ...env, AWS_PROFILE: '', AWS_ACCESS_KEY_ID: AWS.accessKeyId, AWS_SECRET_ACCESS_KEY: 'wrong' }, home, cwd, managedSettingsPath: null, maxRetries: 0 });
  t.after(() => wrong.close());
  await assert.rejects(wrong.messages.create(BODY), (e) => /InvalidSignatureException|signature/i.test(e.message));
  assert.equal(br.state.verified, before);
});

test('awsCredentialExport, and awsAuthRefresh when the profile credentials have expired', async (t) => {
  const { dir, home, cwd } = dirs(t);
  const br = await fakeBedrock({ credentials: AWS });
  t.after(br.close);
  const exportCmd = `printf '%s' '${JSON.stringify({ Credentials: { AccessKeyId: AWS.accessKeyId, SecretAccessKey: AWS.secretAccessKey, SessionToken: AWS.sessionToken, Expiration: '2099-01-01T00:00:00Z' } })}'`;
  writeFileSync(join(home, '.claude', 'settings.json'), JSON.stringify({ awsCredentialExport: exportCmd, env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', ANTHROPIC_BEDROCK_BASE_URL: br.url } }));
  const client = createClient({ env: { HOME: home }, home, cwd, managedSettingsPath: null });
  t.after(() => client.close());
  assert.equal(client.resolution.auth.method.credentials.kind, 'credentialExport');
  assert.equal(await text(client.messages.stream(BODY)), TEXT.join(''));

  // credential_process hands out expired credentials until awsAuthRefresh "logs in".
  const flag = join(dir, 'logged-in');
  const proc = join(dir, 'proc.mjs');
  writeFileSync(proc, `import { existsSync } from 'node:fs';\nconst ok = existsSync(${JSON.stringify(flag)});\nconsole.log(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(AWS.accessKeyId)}, SecretAccessKey: ${JSON.stringify(AWS.secretAccessKey)}, SessionToken: ${JSON.stringify(AWS.sessionToken)}, Expiration: new Date(Date.now() + (ok ? 3600e3 : -60e3)).toISOString() }));\n`);
  writeFileSync(join(home, '.aws', 'config'), `[profile sso]\nregion = us-east-1\ncredential_process = ${process.execPath} ${proc}\n`);
  const refresh = join(dir, 'refresh.sh');
  writeFileSync(refresh, `#!/bin/sh\necho "logging in as $AWS_PROFILE"\ntouch ${JSON.stringify(flag)}\n`);
  chmodSync(refresh, 0o755);
  writeFileSync(join(home, '.claude', 'settings.json'), JSON.stringify({ awsAuthRefresh: refresh, env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_PROFILE: 'sso', ANTHROPIC_BEDROCK_BASE_URL: br.url } }));
  const outputs = [];
  const c2 = createClient({ env: { HOME: home }, home, cwd, managedSettingsPath: null, onRefreshOutput: (k, txt) => outputs.push([k, txt]) });
  t.after(() => c2.close());
  assert.equal(await text(c2.messages.stream(BODY)), TEXT.join(''));
  assert.deepEqual(outputs, [['awsAuthRefresh', 'logging in as sso']]);
  // Bedrock rejects the credentials as expired: awsAuthRefresh runs, the request is re-signed and sent again.
  br.state.failures.push([403, { 'x-amzn-errortype': 'ExpiredTokenException' }, { message: 'The security token included in the request is expired' }]);
  assert.equal((await c2.messages.create(BODY)).content[0].text, TEXT.join(''));
  assert.equal(outputs.length, 2);
  // A gateway's sign-in page answering 401 is not Bedrock rejecting the credentials: no
  // awsAuthRefresh (it may open a browser), no second send.
  const sent = br.state.requests.length;
  br.state.failures.push([401, { 'content-type': 'text/html' }, '<html><head><title>Sign in - Corp Access</title></head><body><form></form></body></html>']);
  await assert.rejects(c2.messages.create(BODY), (e) => e.code === 'PROVIDER_ERROR' && /an HTML page titled "Sign in - Corp Access"/.test(e.message));
  assert.equal(outputs.length, 2);
  assert.equal(br.state.requests.length, sent + 1);
});

test('AWS default chain fed from the configuration, not process.env: container endpoint and web identity set in settings env; process.env keys never used', async (t) => {
  const { dir, home, cwd } = dirs(t);
  const br = await fakeBedrock({ credentials: AWS });
  t.after(br.close);
  const webIdentityToken = 'CANARY-oidc-token-0123456789';
  const roleArn = 'arn:aws:iam::123456789012:role/claude';
  const aws = await fakeAwsCredentialServices({ credentials: AWS, containerToken: 'CANARY-container-token', webIdentityToken, roleArn, roleSessionName: 'claude-provider-test' });
  t.after(aws.close);
  // Keys only the process has: the configuration below unsets nothing, it just never had them.
  // The SDK's fromNodeProviderChain would sign with these (and the fake Bedrock reject them).
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  process.env.AWS_ACCESS_KEY_ID = 'AKIDPROCESSONLY';
  process.env.AWS_SECRET_ACCESS_KEY = 'CANARYprocessOnlySecret';
  t.after(() => {
    for (const [k, v] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret]]) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  const base = { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', ANTHROPIC_BEDROCK_BASE_URL: br.url };
  const settings = join(home, '.claude', 'settings.json');

  writeFileSync(settings, JSON.stringify({ env: { ...base, AWS_CONTAINER_CREDENTIALS_FULL_URI: `${aws.url}/creds`, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'CANARY-container-token' } }));
  const c1 = createClient({ env: { HOME: home }, home, cwd, managedSettingsPath: null });
  t.after(() => c1.close());
  assert.equal(c1.resolution.auth.method.credentials.kind, 'defaultChain');
  assert.equal(await text(c1.messages.stream(BODY)), TEXT.join(''));
  assert.equal(aws.state.container, 1);

  const tokenFile = join(dir, 'oidc-token');
  writeFileSync(tokenFile, webIdentityToken);
  writeFileSync(settings, JSON.stringify({ env: { ...base, AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: roleArn, AWS_ROLE_SESSION_NAME: 'claude-provider-test', AWS_ENDPOINT_URL_STS: aws.url, AWS_EC2_METADATA_DISABLED: 'true' } }));
  const c2 = createClient({ env: { HOME: home }, home, cwd, managedSettingsPath: null });
  t.after(() => c2.close());
  assert.match((await c2.messages.create(BODY)).content[0].text, /Hello/);
  assert.equal(aws.state.sts, 1);
  assert.deepEqual(aws.state.rejected, []);
  assert.equal(br.state.verified, 2, 'both requests were signed with the credentials the endpoints handed out');
  assert.ok(!br.state.requests.some((r) => r.headers.authorization.includes('AKIDPROCESSONLY')));

  // Nothing configured but process.env keys: no credentials, with the fix, and nothing sent.
  writeFileSync(settings, JSON.stringify({ env: { ...base, AWS_EC2_METADATA_DISABLED: 'true' } }));
  const c3 = createClient({ env: { HOME: home }, home, cwd, managedSettingsPath: null, maxRetries: 0 });
  t.after(() => c3.close());
  await assert.rejects(c3.messages.create(BODY), (e) => {
    assert.ok(e instanceof ClaudeProviderError);
    assert.equal(e.code, 'AWS_NO_CREDENTIALS');
    assert.match(e.message, /no source had credentials/);
    assert.ok(e.help.length > 0);
    assert.ok(!`${e.message} ${e.help}`.includes('CANARYprocessOnlySecret'));
    return true;
  });
  assert.equal(br.state.requests.length, 2);
});

test('AWS SSO profile (cached IAM Identity Center token, local portal) and the instance metadata service, through the CLI', async (t) => {
  const { home, cwd } = dirs(t);
  const br = await fakeBedrock({ credentials: AWS });
  t.after(br.close);
  const accessToken = 'CANARY-sso-access-token-0123456789';
  const ids = await fakeAwsCredentialServices({ credentials: AWS, ssoAccessToken: accessToken, accountId: '123456789012', roleName: 'ClaudeDev', instanceRole: 'ClaudeInstance' });
  t.after(ids.close);
  // What `aws configure sso` and `aws sso login` leave behind.
  writeFileSync(join(home, '.aws', 'config'), '[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ClaudeDev\nregion = us-east-1\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n');
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  const cacheName = createHash('sha1').update('corp').digest('hex');
  writeFileSync(join(home, '.aws', 'sso', 'cache', `${cacheName}.json`), JSON.stringify({ startUrl: 'https://corp.awsapps.com/start', region: 'us-east-1', accessToken, expiresAt: '2099-01-01T00:00:00Z', clientId: 'client', clientSecret: 'CANARY-client-secret', registrationExpiresAt: '2099-01-01T00:00:00Z', refreshToken: 'CANARY-refresh' }));
  const settings = join(home, '.claude', 'settings.json');
  const base = { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', ANTHROPIC_BEDROCK_BASE_URL: br.url };
  // The SDK's clients read their endpoint overrides from the process environment.
  const env = { HOME: home, AWS_ENDPOINT_URL_SSO: ids.url, AWS_EC2_METADATA_SERVICE_ENDPOINT: ids.url };

  writeFileSync(settings, JSON.stringify({ env: { ...base, AWS_PROFILE: 'dev' } }));
  const status = await cli(['status', '--json'], { env, home, cwd });
  assert.equal(JSON.parse(status.stdout).resolution.auth.method.credentials.flow, 'sso');
  const sso = await cli(['send', 'hi', '--max-tokens', '5'], { env, home, cwd });
  assert.equal(sso.status, 0, sso.stderr);
  assert.equal(sso.stdout.trim(), TEXT.join(''));
  assert.equal(ids.state.sso, 1);

  writeFileSync(settings, JSON.stringify({ env: base }));
  const imds = await cli(['send', 'hi', '--max-tokens', '5'], { env, home, cwd });
  assert.equal(imds.status, 0, imds.stderr);
  assert.equal(imds.stdout.trim(), TEXT.join(''));
  assert.equal(ids.state.imds, 1);
  assert.deepEqual(ids.state.rejected, []);
  assert.equal(br.state.verified, 2);
  for (const out of [status, sso, imds]) assert.ok(!`${out.stdout}${out.stderr}`.includes('CANARY'), 'no secret in the CLI output');
});

test('through a real proxy (plain http: absolute-form requests), with and without credentials; NO_PROXY honoured', async (t) => {
  const api = await fakeAnthropic({ accept: (r) => r.headers['x-api-key'] === KEY });
  t.after(api.close);
  const open = await realProxy();
  t.after(open.close);
  const authd = await realProxy({ auth: 'user@corp:p@ss:word' });
  t.after(authd.close);
  const base = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: api.url.replace('127.0.0.1', 'localhost') };

  const c1 = createClient({ config: { processEnv: { ...base, HTTPS_PROXY: open.url, HTTP_PROXY: open.url } } });
  t.after(() => c1.close());
  assert.equal(await text(c1.messages.stream(BODY)), TEXT.join(''));
  // A plain-http endpoint is not tunnelled: the proxy gets the request in absolute form.
  assert.deepEqual(open.state.requests, [`POST http://localhost:${api.port}/v1/messages?beta=true HTTP/1.1`]);
  assert.deepEqual(open.state.connects, []);

  const creds = `http://${encodeURIComponent('user@corp')}:${encodeURIComponent('p@ss:word')}@127.0.0.1:${authd.port}`;
  const c2 = createClient({ config: { processEnv: { ...base, HTTPS_PROXY: creds, HTTP_PROXY: creds } } });
  t.after(() => c2.close());
  assert.equal((await c2.messages.create(BODY)).content[0].text, TEXT.join(''));
  assert.equal(authd.state.requests.length, 1);

  const bad = `http://user:wrong@127.0.0.1:${authd.port}`;
  const c3 = createClient({ config: { processEnv: { ...base, HTTPS_PROXY: bad, HTTP_PROXY: bad } }, maxRetries: 0 });
  t.after(() => c3.close());
  await assert.rejects(c3.messages.create(BODY), (e) => {
    assert.equal(e.code, 'PROXY_AUTH_FAILED');
    assert.ok(!e.message.includes('wrong'), 'no proxy password in the message');
    return true;
  });

  const before = open.state.requests.length;
  const c4 = createClient({ config: { processEnv: { ...base, HTTPS_PROXY: open.url, HTTP_PROXY: open.url, NO_PROXY: 'localhost' } } });
  t.after(() => c4.close());
  assert.equal(await text(c4.messages.stream(BODY)), TEXT.join(''));
  assert.equal(open.state.requests.length, before, 'NO_PROXY: direct');

  const down = createClient({ config: { processEnv: { ...base, HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' } }, maxRetries: 0 });
  t.after(() => down.close());
  await assert.rejects(down.messages.create(BODY), (e) => e.code === 'PROXY_UNREACHABLE');
});

test('mTLS: a TLS server requiring a client certificate (plain key, encrypted key + passphrase); wrong CA and missing cert give their errors', async (t) => {
  const { dir } = dirs(t);
  const certs = makeCerts(dir);
  const api = await fakeAnthropic({ tls: { ...certs, requireClientCert: true }, accept: (r) => r.headers['x-api-key'] === KEY });
  t.after(api.close);
  const base = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: api.url, NODE_EXTRA_CA_CERTS: certs.ca };
  const ok1 = createClient({ config: { processEnv: { ...base, CLAUDE_CODE_CLIENT_CERT: certs.clientCert, CLAUDE_CODE_CLIENT_KEY: certs.clientKey } } });
  t.after(() => ok1.close());
  assert.equal(await text(ok1.messages.stream(BODY)), TEXT.join(''));
  const ok2 = createClient({ config: { processEnv: { ...base, CLAUDE_CODE_CLIENT_CERT: certs.clientCert, CLAUDE_CODE_CLIENT_KEY: certs.clientKeyEncrypted, CLAUDE_CODE_CLIENT_KEY_PASSPHRASE: certs.passphrase } } });
  t.after(() => ok2.close());
  assert.equal((await ok2.messages.create(BODY)).content[0].text, TEXT.join(''));

  const wrongCa = createClient({ config: { processEnv: { ...base, NODE_EXTRA_CA_CERTS: certs.otherCa, CLAUDE_CODE_CLIENT_CERT: certs.clientCert, CLAUDE_CODE_CLIENT_KEY: certs.clientKey } }, maxRetries: 0 });
  t.after(() => wrongCa.close());
  await assert.rejects(wrongCa.messages.create(BODY), (e) => e.code === 'TLS_UNTRUSTED' && e.envVar === 'NODE_EXTRA_CA_CERTS');
  const noCert = createClient({ config: { processEnv: base }, maxRetries: 0 });
  t.after(() => noCert.close());
  await assert.rejects(noCert.messages.create(BODY), (e) => {
    assert.equal(e.code, 'TLS_CLIENT_CERT_REJECTED', `${e.code}: ${e.message}`);
    assert.match(e.help, /CLAUDE_CODE_CLIENT_CERT/);
    return true;
  });
  const noPass = createClient({ config: { processEnv: { ...base, CLAUDE_CODE_CLIENT_CERT: certs.clientCert, CLAUDE_CODE_CLIENT_KEY: certs.clientKeyEncrypted } }, maxRetries: 0 });
  t.after(() => noPass.close());
  await assert.rejects(noPass.messages.create(BODY), (e) => {
    assert.equal(e.code, 'MTLS_PASSPHRASE_MISSING', `${e.code}: ${e.message}`);
    assert.equal(e.envVar, 'CLAUDE_CODE_CLIENT_KEY_PASSPHRASE');
    assert.match(e.message, /client-encrypted\.key .*is encrypted and CLAUDE_CODE_CLIENT_KEY_PASSPHRASE is not set/);
    assert.match(e.help, /^Set CLAUDE_CODE_CLIENT_KEY_PASSPHRASE/);
    return true;
  });
  // A wrong passphrase is not a missing one: the error says it does not decrypt the key.
  const wrongPass = createClient({ config: { processEnv: { ...base, CLAUDE_CODE_CLIENT_CERT: certs.clientCert, CLAUDE_CODE_CLIENT_KEY: certs.clientKeyEncrypted, CLAUDE_CODE_CLIENT_KEY_PASSPHRASE: 'CANARY-wrong-passphrase' } }, maxRetries: 0 });
  t.after(() => wrongPass.close());
  await assert.rejects(wrongPass.messages.create(BODY), (e) => {
    assert.equal(e.code, 'MTLS_PASSPHRASE_WRONG', `${e.code}: ${e.message}`);
    assert.equal(e.envVar, 'CLAUDE_CODE_CLIENT_KEY_PASSPHRASE');
    assert.match(e.message, /CLAUDE_CODE_CLIENT_KEY_PASSPHRASE does not decrypt the client key .*client-encrypted\.key/);
    assert.doesNotMatch(e.help, /^Set CLAUDE_CODE_CLIENT_KEY_PASSPHRASE/);
    assert.ok(!JSON.stringify(e.toJSON()).includes('CANARY'));
    return true;
  });
});

test('send to a host that does not resolve: retried as Claude Code retries, and the first retry says so at once (the DNS failure, how many retries, how long)', async (t) => {
  const { home, cwd } = dirs(t);
  const envFile = join(home, 'dns.env');
  writeFileSync(envFile, `ANTHROPIC_API_KEY=${KEY}\nANTHROPIC_BASE_URL=https://no-such-host.invalid\nCLAUDE_CODE_MAX_RETRIES=2\n`);
  const r = await cli(['send', 'hi', '--dotenv', envFile], { home, cwd });
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stderr.split('\n');
  assert.match(lines[0], /^retrying \(1 of up to 2\) in \d+ ms: no-such-host\.invalid does not resolve \(DNS: getaddrinfo (ENOTFOUND|EAI_AGAIN); NETWORK_UNREACHABLE\)\. Claude Code retries this too, up to 2 times \(CLAUDE_CODE_MAX_RETRIES\), at most about 2 s of waiting in all; Ctrl-C stops\./);
  assert.match(lines[1], /^retrying \(2 of up to 2\) in \d+ ms \(the same failure\)$/);
  assert.match(lines[2], /^error NETWORK_UNREACHABLE: /);
  assert.ok(!r.stderr.includes('CANARY'));
});

test('doctor: the 1-token request uses the --home profile the credentials check found, not the process home', async (t) => {
  const { home, cwd } = dirs(t);
  const br = await fakeBedrock({ credentials: AWS });
  t.after(br.close);
  writeFileSync(join(home, '.aws', 'credentials'), `[dev]\naws_access_key_id = ${AWS.accessKeyId}\naws_secret_access_key = ${AWS.secretAccessKey}\naws_session_token = ${AWS.sessionToken}\n`);
  const envFile = join(home, 'b.env');
  writeFileSync(envFile, `CLAUDE_CODE_USE_BEDROCK=1\nAWS_REGION=us-east-1\nAWS_PROFILE=dev\nANTHROPIC_BEDROCK_BASE_URL=${br.url}\n`);
  // The CLI runs with a HOME that has no such profile: only --home does.
  const r = await cli(['doctor', '--json', '--dotenv', envFile], { home, cwd, env: { HOME: join(home, 'elsewhere') } });
  const { checks } = JSON.parse(r.stdout);
  assert.deepEqual(checks.filter((c) => /^(credentials|1-token)/.test(c.name)).map((c) => [c.name.replace(/ to .*/, ''), c.ok]), [
    ['credentials', true],
    ['1-token request', true],
  ], r.stdout);
  assert.ok(br.state.verified >= 1, 'the fake Bedrock verified a SigV4 signature');
  assert.ok(!r.stdout.includes('CANARY'));
});

test('doctor: every live check passes against a working endpoint, and names what fails', async (t) => {
  const { home, cwd } = dirs(t);
  const api = await fakeAnthropic({ accept: (r) => r.headers['x-api-key'] === KEY });
  t.after(api.close);
  const proxy = await realProxy();
  t.after(proxy.close);
  const envFile = join(home, 'd.env');
  writeFileSync(envFile, `ANTHROPIC_API_KEY=${KEY}\nANTHROPIC_BASE_URL=${api.url.replace('127.0.0.1', 'localhost')}\nHTTPS_PROXY=${proxy.url}\nHTTP_PROXY=${proxy.url}\n`);
  const r = await cli(['doctor', '--json', '--dotenv', envFile], { home, cwd });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const { checks } = JSON.parse(r.stdout);
  assert.deepEqual(checks.map((c) => [c.name.replace(/ to .*/, ''), c.ok]), [
    ['configuration', true],
    ['proxy reachable', true],
    ['TLS handshake', true],
    ['credentials', true],
    ['1-token request', true],
  ]);
  assert.ok(!r.stdout.includes('CANARY'));
  // Human output with a failing request.
  writeFileSync(envFile, `ANTHROPIC_API_KEY=sk-wrong\nANTHROPIC_BASE_URL=${api.url}\n`);
  const bad = await cli(['doctor', '--dotenv', envFile], { home, cwd });
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /✖ 1-token request/);
  assert.match(bad.stdout, /fix:/);
  assert.match(bad.stdout, /1 check\(s\) failed/);
  // Nothing configured: says so, and how to configure each provider.
  const none = await cli(['doctor'], { home, cwd });
  assert.equal(none.status, 1);
  assert.match(none.stdout, /Nothing is configured/);
  assert.match(none.stdout, /✖ credentials/);
});

test('Vertex: google-auth-library really calls a local token endpoint; the fake Vertex accepts only the token it issued', async (t) => {
  const { dir, home, cwd } = dirs(t);
  const certs = makeCerts(dir);
  const { serviceAccount, keyFile: saKey } = googleServiceAccount(dir);
  const vx = await fakeVertex({ certs, serviceAccount });
  t.after(vx.close);
  const adc = googleExternalAccount(dir, vx.url);
  const env = { HOME: home, CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'us-east5', ANTHROPIC_VERTEX_PROJECT_ID: 'proj-1', ANTHROPIC_VERTEX_BASE_URL: `${vx.url}/v1`, GOOGLE_APPLICATION_CREDENTIALS: adc };
  const client = createClient({ env, home, cwd, managedSettingsPath: null });
  t.after(() => client.close());
  assert.equal(client.resolution.auth.method.kind, 'googleOAuth');
  assert.equal(await text(client.messages.stream(BODY)), TEXT.join(''));
  assert.equal((await client.messages.create(BODY)).content[0].text, TEXT.join(''));
  assert.ok(vx.state.tokenCalls >= 1);
  assert.match(vx.state.requests[0].url, /^\/v1\/projects\/proj-1\/locations\/[^/]+\/publishers\/anthropic\/models\/.+:streamRawPredict$/);
  // Vertex's errors: a quota error is retried; a model the location does not offer, and
  // credentials Google rejects, are surfaced with their fixes.
  vx.state.failures.push([429, {}, { error: { code: 429, message: 'Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model.', status: 'RESOURCE_EXHAUSTED' } }]);
  assert.equal((await client.messages.create(BODY)).content[0].text, TEXT.join(''));
  assert.equal(vx.state.failures.length, 0);
  vx.state.failures.push([404, {}, { error: { code: 404, message: 'Publisher Model `projects/proj-1/locations/us-east5/publishers/anthropic/models/claude-opus-5-5` not found.', status: 'NOT_FOUND' } }]);
  await assert.rejects(client.messages.create(BODY), (e) => e.code === 'VERTEX_MODEL_LOCATION' && /not found/.test(e.message) && /CLOUD_ML_REGION/.test(e.help));
  // A rejected token: dropped and obtained again for one more try (a new token exchange);
  // rejected again, the error is surfaced with its fix.
  const unauthenticated = [401, {}, { error: { code: 401, message: 'Request had invalid authentication credentials. Expected OAuth 2 access token.', status: 'UNAUTHENTICATED' } }];
  const exchanges = vx.state.tokenCalls;
  vx.state.failures.push(unauthenticated, unauthenticated);
  await assert.rejects(client.messages.create(BODY), (e) => e instanceof ClaudeProviderError && /UNAUTHENTICATED/.test(e.message) && /application-default login/.test(e.help));
  assert.equal(vx.state.tokenCalls, exchanges + 1);
  assert.equal(vx.state.failures.length, 0);
  // No GOOGLE_APPLICATION_CREDENTIALS: the file `gcloud auth application-default login` writes
  // under the configuration's home, even with the process's own variable pointing elsewhere.
  mkdirSync(join(home, '.config', 'gcloud'), { recursive: true });
  writeFileSync(join(home, '.config', 'gcloud', 'application_default_credentials.json'), readFileSync(adc));
  const savedGac = process.env.GOOGLE_APPLICATION_CREDENTIALS;
  process.env.GOOGLE_APPLICATION_CREDENTIALS = join(dir, 'process-only.json');
  t.after(() => (savedGac === undefined ? delete process.env.GOOGLE_APPLICATION_CREDENTIALS : (process.env.GOOGLE_APPLICATION_CREDENTIALS = savedGac)));
  const { GOOGLE_APPLICATION_CREDENTIALS: _, ...withoutGac } = env;
  const fromHome = createClient({ env: withoutGac, home, cwd, managedSettingsPath: null });
  t.after(() => fromHome.close());
  const calls = vx.state.tokenCalls;
  assert.equal((await fromHome.messages.create(BODY)).content[0].text, TEXT.join(''));
  assert.equal(vx.state.tokenCalls, calls + 1);
  // No credentials file in the configuration, on a Google Cloud VM: the metadata server's token,
  // never the file the process's own variable names (GoogleAuth's own lookup would take it:
  // "The file at …/process-only.json does not exist").
  const vmEnvFile = join(dir, 'vertex-vm.env');
  writeFileSync(vmEnvFile, [`CLAUDE_CODE_USE_VERTEX=1`, `CLOUD_ML_REGION=us-east5`, `ANTHROPIC_VERTEX_PROJECT_ID=proj-1`, `ANTHROPIC_VERTEX_BASE_URL=${vx.url}/v1`].join('\n'));
  const bareHome = join(dir, 'bare-home');
  mkdirSync(bareHome);
  const vm = await cli(['send', 'hi', '--dotenv', vmEnvFile], { home: bareHome, cwd, env: { GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'process-only.json'), GCE_METADATA_HOST: `127.0.0.1:${vx.port}` } });
  assert.equal(vm.status, 0, vm.stdout + vm.stderr);
  assert.equal(vm.stdout, TEXT.join('') + '\n');
  assert.equal(vx.state.metadataTokens, 1);
  assert.deepEqual(vx.state.rejected, []);
  // No file and no metadata server (this one answers 500): the error names both sources, without
  // the library's MetadataLookupWarning next to it.
  const broken = http.createServer((_req, res) => (res.writeHead(500), res.end()));
  broken.listen(0, '127.0.0.1');
  await once(broken, 'listening');
  t.after(() => broken.close());
  const off = await cli(['send', 'hi', '--dotenv', vmEnvFile], { home: bareHome, cwd, env: { GCE_METADATA_HOST: `127.0.0.1:${broken.address().port}` } });
  assert.equal(off.status, 1, off.stdout + off.stderr);
  assert.match(off.stderr, /VERTEX_NO_CREDENTIALS: .*names no credentials file .* and no Google Cloud metadata server answers/);
  assert.doesNotMatch(off.stderr, /MetadataLookupWarning/);
  // A service-account key: the JWT-bearer grant, through the CLI. The library posts to
  // https://oauth2.googleapis.com/token through the configuration's HTTPS_PROXY, which the fake
  // intercepts with a certificate from the configuration's NODE_EXTRA_CA_CERTS; the request to
  // Vertex itself goes direct (NO_PROXY).
  const envFile = join(dir, 'vertex.env');
  writeFileSync(envFile, [`CLAUDE_CODE_USE_VERTEX=1`, `CLOUD_ML_REGION=us-east5`, `ANTHROPIC_VERTEX_PROJECT_ID=proj-1`, `ANTHROPIC_VERTEX_BASE_URL=${vx.url}/v1`, `GOOGLE_APPLICATION_CREDENTIALS=${saKey}`, `HTTPS_PROXY=${vx.proxyUrl}`, 'NO_PROXY=127.0.0.1', `NODE_EXTRA_CA_CERTS=${certs.ca}`].join('\n'));
  const sa = await cli(['send', 'hi', '--dotenv', envFile], { home, cwd });
  assert.equal(sa.status, 0, sa.stdout + sa.stderr);
  assert.equal(sa.stdout, TEXT.join('') + '\n');
  assert.equal(vx.state.jwtGrants, 1);
  assert.deepEqual(vx.state.rejected, []);
  assert.ok(!`${sa.stdout}${sa.stderr}`.includes('CANARY') && !`${sa.stdout}${sa.stderr}`.includes('PRIVATE KEY'));
  // Without credentials: the error says how to get them.
  const none = createClient({ env: { ...env, GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'missing.json') }, home, cwd, managedSettingsPath: null });
  t.after(() => none.close());
  await assert.rejects(none.messages.create(BODY), (e) => e.code === 'VERTEX_NO_CREDENTIALS' && /application-default login/.test(e.help));
});

test('Foundry: an Entra ID token from @azure/identity against a local authority, or the API key', async (t) => {
  const { dir, home, cwd } = dirs(t);
  const certs = makeCerts(dir);
  const federatedToken = 'eyJ.CANARY-federated-token';
  const fd = await fakeFoundry({ certs, apiKey: 'CANARY-foundry-key', federatedToken });
  t.after(fd.close);
  const envFile = join(dir, 'foundry.env');
  writeFileSync(envFile, [`CLAUDE_CODE_USE_FOUNDRY=1`, `ANTHROPIC_FOUNDRY_BASE_URL=${fd.url}`, `AZURE_TENANT_ID=tenant-1`, `AZURE_CLIENT_ID=app-id`, `AZURE_CLIENT_SECRET=CANARY-client-secret`, `AZURE_AUTHORITY_HOST=${fd.authorityUrl}`, `NODE_EXTRA_CA_CERTS=${certs.ca}`].join('\n'));
  // The authority's CA, from the env file, for @azure/identity.
  const r = await cli(['send', 'hi', '--dotenv', envFile], { home, cwd });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.stdout, TEXT.join('') + '\n');
  assert.equal(fd.state.tokenCalls, 1);
  assert.equal(fd.state.requests[0].headers.authorization, `Bearer ${fd.state.issued}`);
  assert.ok(!r.stdout.includes('CANARY') && !r.stderr.includes('CANARY'));
  // Workload identity: a federated token file named in the env file (not the process env).
  const tokenFile = join(dir, 'federated-token');
  writeFileSync(tokenFile, federatedToken);
  writeFileSync(envFile, [`CLAUDE_CODE_USE_FOUNDRY=1`, `ANTHROPIC_FOUNDRY_BASE_URL=${fd.url}`, `AZURE_TENANT_ID=tenant-1`, `AZURE_CLIENT_ID=app-id`, `AZURE_FEDERATED_TOKEN_FILE=${tokenFile}`, `AZURE_AUTHORITY_HOST=${fd.authorityUrl}`, `NODE_EXTRA_CA_CERTS=${certs.ca}`].join('\n'));
  const wi = await cli(['send', 'hi', '--dotenv', envFile], { home, cwd });
  assert.equal(wi.status, 0, wi.stdout + wi.stderr);
  assert.equal(wi.stdout, TEXT.join('') + '\n');
  assert.equal(fd.state.tokenCalls, 2);
  // The API key instead of Entra ID.
  const client = createClient({ config: { processEnv: { CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_BASE_URL: fd.url, ANTHROPIC_FOUNDRY_API_KEY: 'CANARY-foundry-key' } } });
  t.after(() => client.close());
  assert.equal(await text(client.messages.stream(BODY)), TEXT.join(''));
  // Foundry's errors: throttling is retried after retry-after; a missing deployment and an
  // expired token are surfaced with their fixes.
  fd.state.failures.push([429, { 'retry-after': '0' }, { error: { code: '429', message: 'Requests to the Anthropic Operation have exceeded call rate limit.' } }]);
  assert.equal((await client.messages.create(BODY)).content[0].text, TEXT.join(''));
  assert.equal(fd.state.failures.length, 0);
  fd.state.failures.push([404, {}, { error: { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist.' } }]);
  await assert.rejects(client.messages.create(BODY), (e) => e instanceof ClaudeProviderError && /DeploymentNotFound/.test(e.message) && /deployment name/.test(e.help));
  fd.state.failures.push([401, {}, { error: { code: '401', message: 'Unauthorized. Access token is missing, invalid, audience is incorrect, or have expired.' } }]);
  await assert.rejects(client.messages.create(BODY), (e) => e instanceof ClaudeProviderError && /error 401: Unauthorized/.test(e.message) && /ANTHROPIC_FOUNDRY_API_KEY/.test(e.help));
  // A wrong client secret: the error names Entra ID and how to fix it.
  writeFileSync(envFile, [`CLAUDE_CODE_USE_FOUNDRY=1`, `ANTHROPIC_FOUNDRY_BASE_URL=${fd.url}`, `AZURE_TENANT_ID=tenant-1`, `AZURE_CLIENT_ID=app-id`, `AZURE_CLIENT_SECRET=wrong`, `AZURE_AUTHORITY_HOST=${fd.authorityUrl}`, `NODE_EXTRA_CA_CERTS=${certs.ca}`].join('\n'));
  const bad = await cli(['send', 'hi', '--dotenv', envFile, '--json'], { home, cwd });
  assert.equal(bad.status, 1);
  assert.equal(JSON.parse(bad.stdout).error.code, 'FOUNDRY_NO_CREDENTIALS');
});

/** A free port on 127.0.0.1 (for programs that need one on their command line). */
function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

test('through a real LiteLLM proxy as the ANTHROPIC_BASE_URL gateway: send works', async (t) => {
  const litellm = join(ROOT, '.venv-litellm', 'bin', 'litellm');
  if (!existsSync(litellm)) {
    // CI installs it (scripts/setup.sh): there a missing LiteLLM is a failure, never a skip.
    assert.ok(!process.env.CI, `LiteLLM is missing at ${litellm}: run bash scripts/setup.sh litellm`);
    return t.skip('LiteLLM is not installed: `bash scripts/setup.sh litellm` installs it into .venv-litellm');
  }
  const { dir, home, cwd } = dirs(t);
  const upstream = await fakeAnthropic({ accept: (r) => r.headers['x-api-key'] === 'sk-upstream-CANARY' });
  t.after(upstream.close);
  const port = await freePort();
  writeFileSync(join(dir, 'litellm.yaml'), [
    'model_list:',
    ...['claude-opus-5-5', 'claude-haiku-5-5'].flatMap((m) => [`  - model_name: ${m}`, '    litellm_params:', `      model: anthropic/${m}`, `      api_base: ${upstream.url}`, '      api_key: sk-upstream-CANARY']),
    'general_settings:',
    '  master_key: sk-litellm-master-CANARY',
    '',
  ].join('\n'));
  const proc = spawn(litellm, ['--config', join(dir, 'litellm.yaml'), '--host', '127.0.0.1', '--port', String(port)], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: home, LITELLM_LOCAL_MODEL_COST_MAP: 'True', NO_PROXY: '*' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stdout.on('data', (b) => (log += b));
  proc.stderr.on('data', (b) => (log += b));
  t.after(() => proc.kill('SIGTERM'));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${port}/health/liveliness`).then((r) => r.ok, () => false);
    if (up) break;
    if (proc.exitCode !== null || Date.now() > deadline) assert.fail(`LiteLLM did not start:\n${log.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const envFile = join(dir, 'gw.env');
  writeFileSync(envFile, `ANTHROPIC_BASE_URL=http://127.0.0.1:${port}\nANTHROPIC_AUTH_TOKEN=sk-litellm-master-CANARY\n`);
  const r = await cli(['send', 'hello through the gateway', '--dotenv', envFile], { home, cwd });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.stdout, TEXT.join('') + '\n');
  const nostream = await cli(['send', 'hi', '--no-stream', '--dotenv', envFile], { home, cwd });
  assert.equal(nostream.stdout, TEXT.join('') + '\n', nostream.stderr);
  // It really went through LiteLLM, which called the upstream with its own key.
  assert.ok(upstream.state.requests.length >= 2);
  assert.match(upstream.state.requests[0].headers['user-agent'] ?? '', /litellm/i);
  assert.ok(!(r.stdout + r.stderr).includes('CANARY'));
  // A wrong gateway key: LiteLLM's 401 is surfaced with the fix.
  writeFileSync(envFile, `ANTHROPIC_BASE_URL=http://127.0.0.1:${port}\nANTHROPIC_AUTH_TOKEN=sk-wrong\n`);
  const bad = await cli(['send', 'hi', '--json', '--dotenv', envFile], { home, cwd });
  assert.equal(bad.status, 1);
  assert.equal(JSON.parse(bad.stdout).error.code, 'PROVIDER_ERROR');
});

test('a non-streaming call answered with a stream, a page or a body that is not JSON: STREAM_CONTENT_TYPE or PROVIDER_ERROR with a fix, never a JSON parser\'s crash or the body\'s text (also send --no-stream)', async (t) => {
  const { home, cwd } = dirs(t);
  const answers = {
    '/sse': ['text/event-stream; charset=utf-8', 'event: message_start\ndata: {"type":"message_start","token":"CANARY-body"}\n\n'],
    '/html': ['text/html', '<html>CANARY-body sign in</html>'],
    '/junk': ['application/json', 'event: CANARY-body not json'],
  };
  const server = http.createServer((req, res) => {
    const [type, body] = answers[req.url.replace(/\/v1\/messages.*$/, '')];
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const base = `http://127.0.0.1:${server.address().port}`;
  for (const [path, code, message] of [
    ['/sse', 'STREAM_CONTENT_TYPE', /^The non-streaming response has content-type "text\/event-stream" \(an SSE stream\); expected "application\/json"\.$/],
    ['/html', 'STREAM_CONTENT_TYPE', /content-type "text\/html" \(an HTML page\)/],
    ['/junk', 'PROVIDER_ERROR', /^The response is not valid JSON \(content-type "application\/json", \d+ characters: /],
  ]) {
    const client = createClient({ config: { processEnv: { ANTHROPIC_BASE_URL: `${base}${path}`, ANTHROPIC_API_KEY: KEY } }, maxRetries: 0 });
    t.after(() => client.close());
    const e = await client.messages.create(BODY).then(() => assert.fail('parsed'), (e) => e);
    assert.ok(e instanceof ClaudeProviderError, `${path}: ${e}`);
    assert.equal(e.code, code, `${path}: ${e.message}`);
    assert.match(e.message, message, path);
    assert.ok(e.help, path);
    assert.ok(!JSON.stringify(e.toJSON()).includes('CANARY'), `${path}: the body is not quoted`);
  }
  writeFileSync(join(home, '.claude', 'settings.json'), JSON.stringify({ env: { ANTHROPIC_BASE_URL: `${base}/sse`, ANTHROPIC_API_KEY: KEY } }));
  const r = await cli(['send', 'hi', '--no-stream', '--json'], { home, cwd });
  assert.equal(r.status, 1);
  assert.equal(JSON.parse(r.stdout).error.code, 'STREAM_CONTENT_TYPE');
  assert.ok(!`${r.stdout}${r.stderr}`.includes('CANARY'));
});

test('a failed call names the configuration problems validation reports that explain it: a base URL ending in /v1 for a 404; an invalid proxy URL is the error itself (nothing is sent)', async (t) => {
  const refused = createClient({ config: { processEnv: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9', ANTHROPIC_API_KEY: 'k', HTTPS_PROXY: '127.0.0.1:3128' } }, maxRetries: 0, onWarning: () => {} });
  t.after(() => refused.close());
  const e = await refused.messages.create({ max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] }).then(() => assert.fail('sent'), (e) => e);
  assert.ok(e instanceof ClaudeProviderError, String(e));
  // It used to be sent direct and fail as NETWORK_UNREACHABLE, the problem named in its help.
  assert.equal(e.code, 'PROXY_URL_INVALID');
  assert.match(e.message, /^HTTPS_PROXY=127\.0\.0\.1:3128 has no scheme\./);
  assert.match(e.help, /^Set HTTPS_PROXY=http:\/\/127\.0\.0\.1:3128/);

  const server = http.createServer((req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"type":"error","error":{"type":"not_found_error","message":"Not Found"}}');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const base = `http://127.0.0.1:${server.address().port}`;
  const v1 = createClient({ config: { processEnv: { ANTHROPIC_BASE_URL: `${base}/v1`, ANTHROPIC_API_KEY: 'k' } }, maxRetries: 0 });
  t.after(() => v1.close());
  const nf = await v1.messages.create({ max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] }).then(() => assert.fail('sent'), (e) => e);
  assert.equal(nf.code, 'PROVIDER_ERROR');
  assert.ok(nf.help.includes(`BASE_URL_ENDS_WITH_V1: ANTHROPIC_BASE_URL ends with /v1`), nf.help);
  assert.ok(nf.help.includes(`Fix: Remove the trailing /v1: ANTHROPIC_BASE_URL=${base}.`), nf.help);
  // No problem, no addition: the generic fix alone.
  const plain = createClient({ config: { processEnv: { ANTHROPIC_BASE_URL: base, ANTHROPIC_API_KEY: 'k' } }, maxRetries: 0 });
  t.after(() => plain.close());
  const bare = await plain.messages.create({ max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] }).then(() => assert.fail('sent'), (e) => e);
  assert.doesNotMatch(bare.help, /The configuration has/);
});
