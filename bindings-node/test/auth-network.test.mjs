// The auth libraries' own network calls (the AWS SDK's SSO and STS clients) connect as the
// transport does: through the proxy the configuration sets (NO_PROXY honoured), trusting a CA
// that only a settings file names (Node reads NODE_EXTRA_CA_CERTS from its real environment
// at start-up, never from there). The local credential endpoints stay direct.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { obtainCredentials, resolve } from 'claude-provider';
import { fakeAwsCredentialServices, fakeBedrock, fakeVertex, googleServiceAccount, makeCerts, realProxy, silentEndpoint, TEXT } from './fakes.mjs';
import { liveDirs, runCli } from './helpers.mjs';

const AWS = { accessKeyId: 'AKIDNETWORKEXAMPLE', secretAccessKey: 'CANARYnetworkSecretKey0123456789', sessionToken: 'CANARYnetworkSession' };
const SOURCE = { accessKeyId: 'AKIDSOURCEEXAMPLE', secretAccessKey: 'CANARYsourceSecretKey0123456789' };

test("AWS SSO, assume-role and web identity calls go through the configuration's proxy (NO_PROXY honoured) and trust a CA only the settings file names", async (t) => {
  const { dir, home, cwd } = liveDirs(t);
  const certs = makeCerts(dir);
  const br = await fakeBedrock({ credentials: AWS });
  t.after(br.close);
  const proxy = await realProxy();
  t.after(proxy.close);
  const ssoAccessToken = 'CANARY-sso-access-token-0123456789';
  const webIdentityToken = 'CANARY-oidc-token-0123456789';
  const roleArn = 'arn:aws:iam::123456789012:role/claude';
  const roleSessionName = 'claude-provider-test';
  // SSO and STS on https, with a certificate from the test CA.
  const aws = await fakeAwsCredentialServices({ certs, credentials: AWS, ssoAccessToken, accountId: '123456789012', roleName: 'ClaudeDev', webIdentityToken, roleArn, roleSessionName, sourceCredentials: SOURCE });
  t.after(aws.close);
  // A container endpoint (plain http, as in ECS/EKS) for the direct-connection check.
  const container = await fakeAwsCredentialServices({ credentials: AWS, containerToken: 'CANARY-container-token' });
  t.after(container.close);
  // `localhost`, which NO_PROXY below does not exempt; Bedrock on 127.0.0.1, which it does.
  const awsUrl = `https://localhost:${aws.port}`;
  const tokenFile = join(dir, 'oidc-token');
  writeFileSync(tokenFile, webIdentityToken);
  writeFileSync(
    join(home, '.aws', 'config'),
    [
      '[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ClaudeDev\nregion = us-east-1',
      '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access',
      `[profile assume]\nrole_arn = ${roleArn}\nsource_profile = base\nrole_session_name = ${roleSessionName}\nregion = us-east-1`,
      `[profile webid]\nweb_identity_token_file = ${tokenFile}\nrole_arn = ${roleArn}\nrole_session_name = ${roleSessionName}\nregion = us-east-1`,
    ].join('\n\n') + '\n',
  );
  writeFileSync(join(home, '.aws', 'credentials'), `[base]\naws_access_key_id = ${SOURCE.accessKeyId}\naws_secret_access_key = ${SOURCE.secretAccessKey}\n`);
  // What `aws sso login` leaves behind.
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  writeFileSync(join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`), JSON.stringify({ startUrl: 'https://corp.awsapps.com/start', region: 'us-east-1', accessToken: ssoAccessToken, expiresAt: '2099-01-01T00:00:00Z' }));

  const settings = join(home, '.claude', 'settings.json');
  const base = { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', ANTHROPIC_BEDROCK_BASE_URL: br.url, HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1', NODE_EXTRA_CA_CERTS: certs.ca, AWS_EC2_METADATA_DISABLED: 'true' };
  // The process environment has no CA and no proxy. The SDK's clients read their endpoint
  // overrides from it (and the SSO token cache from its HOME).
  const env = { HOME: home, AWS_ENDPOINT_URL_SSO: awsUrl, AWS_ENDPOINT_URL_STS: awsUrl };
  const send = async (name, extra) => {
    writeFileSync(settings, JSON.stringify({ env: { ...base, ...extra } }));
    const r = await runCli(['send', 'hi', '--max-tokens', '5'], { env, home, cwd });
    assert.equal(r.status, 0, `${name}: ${r.stdout}${r.stderr}`);
    assert.equal(r.stdout.trim(), TEXT.join(''), name);
    assert.ok(!`${r.stdout}${r.stderr}`.includes('CANARY'), `${name}: no secret in the output`);
  };
  const flows = [
    ['SSO profile', { AWS_PROFILE: 'sso' }, 'sso'],
    ['assume-role profile', { AWS_PROFILE: 'assume' }, 'assumeRole'],
    ['web identity profile', { AWS_PROFILE: 'webid' }, 'sts'],
    ['web identity from the environment', { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: roleArn, AWS_ROLE_SESSION_NAME: roleSessionName, AWS_ENDPOINT_URL_STS: awsUrl }, 'sts'],
  ];
  for (const [name, extra, counter] of flows) {
    const before = aws.state[counter];
    const connects = proxy.state.connects.length;
    await send(name, extra);
    // The fake checked the request: the SSO bearer token, the signed AssumeRole, the web identity token.
    assert.equal(aws.state[counter], before + 1, `${name}: answered by the fake`);
    assert.deepEqual(proxy.state.connects.slice(connects), [`localhost:${aws.port}`], `${name}: tunnelled through the proxy`);
  }
  assert.deepEqual(aws.state.rejected, []);

  // NO_PROXY exempting the SSO portal: direct, still trusting the settings' CA.
  const connects = proxy.state.connects.length;
  await send('SSO profile, NO_PROXY', { AWS_PROFILE: 'sso', NO_PROXY: '127.0.0.1,localhost' });
  assert.equal(aws.state.sso, 2);
  assert.equal(proxy.state.connects.length, connects, 'NO_PROXY: direct');

  // The container endpoint is local: direct, whatever the proxy variables say.
  await send('container endpoint', { AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://localhost:${container.port}/creds`, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'CANARY-container-token' });
  assert.equal(container.state.container, 1);
  assert.equal(proxy.state.connects.length, connects);
  assert.deepEqual(proxy.state.requests, [], 'nothing in absolute form either');
  assert.equal(br.state.verified, 6, 'every request signed with the credentials the fakes handed out');
});

test("the AWS SDK's SSO call trusts the CA the settings file names, not another: a portal it does not trust fails without secrets in the error", async (t) => {
  const { dir, home, cwd } = liveDirs(t);
  const certs = makeCerts(dir);
  const br = await fakeBedrock({ credentials: AWS });
  t.after(br.close);
  const ssoAccessToken = 'CANARY-sso-access-token-0123456789';
  const aws = await fakeAwsCredentialServices({ certs, credentials: AWS, ssoAccessToken, accountId: '123456789012', roleName: 'ClaudeDev' });
  t.after(aws.close);
  writeFileSync(join(home, '.aws', 'config'), '[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ClaudeDev\nregion = us-east-1\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n');
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  writeFileSync(join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`), JSON.stringify({ startUrl: 'https://corp.awsapps.com/start', region: 'us-east-1', accessToken: ssoAccessToken, expiresAt: '2099-01-01T00:00:00Z' }));
  const settings = join(home, '.claude', 'settings.json');
  const env = { HOME: home, AWS_ENDPOINT_URL_SSO: aws.url };
  const base = { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', ANTHROPIC_BEDROCK_BASE_URL: br.url, AWS_PROFILE: 'sso' };
  // Another CA than the portal's: the SSO call fails as the transport would fail, named by its
  // code and fix (not AWS_NO_CREDENTIALS with the credentials' fix), naming the portal.
  writeFileSync(settings, JSON.stringify({ env: { ...base, NODE_EXTRA_CA_CERTS: certs.otherCa } }));
  const r = await runCli(['send', 'hi', '--max-tokens', '5'], { env, home, cwd });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /error TLS_UNTRUSTED: Could not load AWS credentials from the AWS SSO portal 127\.0\.0\.1:\d+: the certificate of 127\.0\.0\.1:\d+ is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
  assert.match(r.stderr, /fix: .*NODE_EXTRA_CA_CERTS/);
  assert.ok(!`${r.stdout}${r.stderr}`.includes('CANARY'));
  assert.equal(aws.state.sso, 0);
  const j = await runCli(['send', 'hi', '--max-tokens', '5', '--json'], { env, home, cwd });
  assert.equal(j.status, 1);
  assert.equal(JSON.parse(j.stdout).error.code, 'TLS_UNTRUSTED');
  assert.equal(JSON.parse(j.stdout).error.envVar, 'NODE_EXTRA_CA_CERTS');
  // The right CA: trusted.
  writeFileSync(settings, JSON.stringify({ env: { ...base, NODE_EXTRA_CA_CERTS: certs.ca } }));
  const ok = await runCli(['send', 'hi', '--max-tokens', '5'], { env, home, cwd });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.equal(aws.state.sso, 1);
});

/** An SSO profile with a cached token for `sso-session corp` in `home`, as `aws sso login` leaves it. */
function ssoProfile(home, accessToken) {
  writeFileSync(join(home, '.aws', 'config'), '[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ClaudeDev\nregion = us-east-1\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n');
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  writeFileSync(join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`), JSON.stringify({ startUrl: 'https://corp.awsapps.com/start', region: 'us-east-1', accessToken, expiresAt: '2099-01-01T00:00:00Z' }));
}

test("the AWS SDK's SSO call failing at the proxy or timing out is named as the transport names it; a portal refusing the token stays AWS_NO_CREDENTIALS", async (t) => {
  const { dir, home, cwd } = liveDirs(t);
  const certs = makeCerts(dir);
  const ssoAccessToken = 'CANARY-sso-access-token-0123456789';
  const aws = await fakeAwsCredentialServices({ certs, credentials: AWS, ssoAccessToken, accountId: '123456789012', roleName: 'ClaudeDev' });
  t.after(aws.close);
  const proxy = await realProxy({ auth: 'user:right-password' });
  t.after(proxy.close);
  const silent = await silentEndpoint();
  t.after(silent.close);
  ssoProfile(home, ssoAccessToken);
  const settings = join(home, '.claude', 'settings.json');
  const base = { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', ANTHROPIC_BEDROCK_BASE_URL: 'http://127.0.0.1:9', AWS_PROFILE: 'sso', NODE_EXTRA_CA_CERTS: certs.ca, AWS_EC2_METADATA_DISABLED: 'true' };
  const run = async (extra, endpoint) => {
    writeFileSync(settings, JSON.stringify({ env: { ...base, ...extra } }));
    const r = await runCli(['send', 'hi', '--max-tokens', '5', '--json'], { env: { HOME: home, AWS_ENDPOINT_URL_SSO: endpoint }, home, cwd });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.ok(!`${r.stdout}${r.stderr}`.includes('CANARY'), 'no secret in the output');
    return JSON.parse(r.stdout).error;
  };
  const portal = `https://localhost:${aws.port}`;

  // The proxy refuses the credentials in HTTPS_PROXY: its 407, not a 407 "from AWS".
  const wrong = proxy.url.replace('//', '//user:CANARY-wrong-password@');
  let e = await run({ HTTPS_PROXY: wrong }, portal);
  assert.equal(e.code, 'PROXY_AUTH_FAILED', e.message);
  assert.equal(e.envVar, 'HTTPS_PROXY');
  assert.match(e.message, new RegExp(`^Could not load AWS credentials from the AWS SSO portal localhost:${aws.port}: the proxy http://\\*\\*\\*@127\\.0\\.0\\.1:${proxy.port} refused the credentials \\(407`));
  assert.match(e.help, /HTTPS_PROXY/);
  assert.ok(proxy.state.rejected >= 1);
  assert.equal(aws.state.sso, 0);

  // A proxy that is down.
  e = await run({ HTTPS_PROXY: 'http://127.0.0.1:9' }, portal);
  assert.equal(e.code, 'PROXY_UNREACHABLE', e.message);
  assert.match(e.message, /AWS SSO portal localhost:\d+: the proxy http:\/\/127\.0\.0\.1:9 \(HTTPS_PROXY\) could not be reached/);

  // A proxy variable the core cannot use (no scheme): the SSO call is refused as the
  // transport's requests are, not sent direct past the proxy.
  e = await run({ HTTPS_PROXY: '127.0.0.1:9' }, portal);
  assert.equal(e.code, 'PROXY_URL_INVALID', e.message);
  assert.equal(e.envVar, 'HTTPS_PROXY');
  assert.match(e.message, /Nothing was sent \(not direct either\)/);
  assert.equal(aws.state.sso, 0);

  // A proxy that takes the connection and never answers the CONNECT: the connect timeout, not
  // a wait for ever.
  let started = Date.now();
  const silentProxy = `http://127.0.0.1:${silent.port}`;
  e = await run({ HTTPS_PROXY: silentProxy, API_TIMEOUT_MS: '1000' }, portal);
  assert.equal(e.code, 'PROXY_UNREACHABLE', e.message);
  assert.equal(e.envVar, 'HTTPS_PROXY');
  assert.match(e.message, new RegExp(`AWS SSO portal localhost:${aws.port}: the proxy http://127\\.0\\.0\\.1:${silent.port} \\(HTTPS_PROXY\\) did not answer the CONNECT to localhost:${aws.port} within 1000 ms`));
  assert.ok(Date.now() - started < 15_000);

  // A portal whose host name does not resolve (direct).
  e = await run({}, 'https://sso-portal.invalid');
  assert.equal(e.code, 'NETWORK_UNREACHABLE', e.message);
  assert.match(e.message, /^Could not load AWS credentials from the AWS SSO portal sso-portal\.invalid: sso-portal\.invalid could not be reached/);

  // A portal that never answers the TLS handshake through the tunnel: the connect timeout
  // (API_TIMEOUT_MS) of the transport, rather than waiting for ever.
  started = Date.now();
  e = await run({ HTTPS_PROXY: proxy.url.replace('//', '//user:right-password@'), API_TIMEOUT_MS: '1000' }, `https://localhost:${silent.port}`);
  assert.equal(e.code, 'REQUEST_TIMEOUT', e.message);
  assert.match(e.message, new RegExp(`AWS SSO portal localhost:${silent.port}: localhost:${silent.port} did not answer the TLS handshake within 1000 ms through the proxy`));
  assert.ok(Date.now() - started < 15_000);
  assert.ok(silent.state.connections >= 1);

  // The same portal direct: the handshake is named as what went unanswered.
  started = Date.now();
  e = await run({ API_TIMEOUT_MS: '1000' }, `https://localhost:${silent.port}`);
  assert.equal(e.code, 'REQUEST_TIMEOUT', e.message);
  assert.equal(e.envVar, 'API_TIMEOUT_MS');
  assert.match(e.message, new RegExp(`AWS SSO portal localhost:${silent.port}: localhost:${silent.port} did not answer the TLS handshake within 1000 ms: the TCP connection was accepted`));
  assert.ok(Date.now() - started < 15_000);

  // The portal answers, refusing the token: a credentials problem, as before.
  ssoProfile(home, 'CANARY-stale-token');
  e = await run({}, portal);
  assert.equal(e.code, 'AWS_NO_CREDENTIALS', e.message);
  assert.deepEqual(aws.state.rejected.slice(-1), ['sso: bearer token']);
});

test("google-auth-library's token request to a Google token endpoint whose certificate is not trusted is TLS_UNTRUSTED, naming the endpoint", async (t) => {
  const { dir, home, cwd } = liveDirs(t);
  const certs = makeCerts(dir);
  const { serviceAccount, keyFile } = googleServiceAccount(dir);
  // oauth2.googleapis.com answered, through its proxy, by a server with a test-CA certificate.
  const vx = await fakeVertex({ certs, serviceAccount });
  t.after(vx.close);
  const settings = join(home, '.claude', 'settings.json');
  const base = { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'us-east5', ANTHROPIC_VERTEX_PROJECT_ID: 'proj-1', ANTHROPIC_VERTEX_BASE_URL: `${vx.url}/v1`, GOOGLE_APPLICATION_CREDENTIALS: keyFile, HTTPS_PROXY: vx.proxyUrl, NO_PROXY: '127.0.0.1' };
  writeFileSync(settings, JSON.stringify({ env: { ...base, NODE_EXTRA_CA_CERTS: certs.otherCa } }));
  const r = await runCli(['send', 'hi', '--max-tokens', '5', '--json'], { env: { HOME: home }, home, cwd });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const e = JSON.parse(r.stdout).error;
  assert.equal(e.code, 'TLS_UNTRUSTED', e.message);
  assert.match(e.message, /^Could not obtain a Google access token from Google's token endpoint oauth2\.googleapis\.com: the certificate of oauth2\.googleapis\.com is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\) through the proxy/);
  assert.match(e.help, /NODE_EXTRA_CA_CERTS/);
  assert.equal(vx.state.jwtGrants, 0);
  // The right CA: the grant goes through.
  writeFileSync(settings, JSON.stringify({ env: { ...base, NODE_EXTRA_CA_CERTS: certs.ca } }));
  const ok = await runCli(['send', 'hi', '--max-tokens', '5'], { env: { HOME: home }, home, cwd });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.equal(vx.state.jwtGrants, 1);
});

test("in a host process, the AWS SDK's Node version support warning is off while the library's providers run, and process.env is left as it was", async (t) => {
  const { dir, home, cwd } = liveDirs(t);
  const warnings = [];
  const onWarning = (w) => warnings.push(String(w.message));
  process.on('warning', onWarning);
  t.after(() => process.off('warning', onWarning));
  const tokenFile = join(dir, 'oidc-token');
  writeFileSync(tokenFile, 'CANARY-oidc-token');
  // Web identity from the configuration: the SDK makes its STS client, whose endpoint refuses.
  const env = { HOME: home, CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/claude', AWS_ENDPOINT_URL_STS: 'https://127.0.0.1:9', AWS_EC2_METADATA_DISABLED: 'true' };
  const r = resolve({ env, home, cwd, managedSettingsPath: join(dir, 'none.json') });
  const before = process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  await assert.rejects(obtainCredentials(r, { env, home, cwd }), (e) => e.code === 'NETWORK_UNREACHABLE' && /AWS STS 127\.0\.0\.1:9/.test(e.message));
  await new Promise((done) => setImmediate(done));
  assert.equal(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED, before);
  assert.deepEqual(warnings.filter((m) => /NodeVersionSupportWarning/.test(m)), []);
});
