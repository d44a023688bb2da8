// The auth libraries' own network calls (the AWS SDK's SSO and STS clients) connect as the
// transport does: through the proxy the configuration sets (NO_PROXY honoured), trusting a CA
// that only a settings file names (Node reads NODE_EXTRA_CA_CERTS from its real environment
// at start-up, never from there). The local credential endpoints stay direct.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { fakeAwsCredentialServices, fakeBedrock, makeCerts, realProxy, TEXT } from './fakes.mjs';
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
  // Another CA than the portal's: the SSO call fails (the transport would fail the same way).
  writeFileSync(settings, JSON.stringify({ env: { ...base, NODE_EXTRA_CA_CERTS: certs.otherCa } }));
  const r = await runCli(['send', 'hi', '--max-tokens', '5'], { env, home, cwd });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /AWS_NO_CREDENTIALS/);
  assert.match(r.stderr, /certificate/i);
  assert.ok(!`${r.stdout}${r.stderr}`.includes('CANARY'));
  assert.equal(aws.state.sso, 0);
  // The right CA: trusted.
  writeFileSync(settings, JSON.stringify({ env: { ...base, NODE_EXTRA_CA_CERTS: certs.ca } }));
  const ok = await runCli(['send', 'hi', '--max-tokens', '5'], { env, home, cwd });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.equal(aws.state.sso, 1);
});
