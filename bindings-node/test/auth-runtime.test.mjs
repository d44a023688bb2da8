// How the runtime obtains cloud credentials: once per client while they are valid, and for the
// token requests of google-auth-library and @azure/identity, through the proxy the
// configuration sets (a settings `env` block or --dotenv), as Claude Code, which puts that block
// into its process environment.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { createClient } from 'claude-provider';
import { fakeBedrock, fakeFoundry, fakeVertex, googleExternalAccount, googleServiceAccount, makeCerts, realProxy, TEXT } from './fakes.mjs';
import { liveDirs, runCli } from './helpers.mjs';

const BODY = { max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };
const AWS = { accessKeyId: 'AKIDAUTHEXAMPLE', secretAccessKey: 'CANARYauthSecretKey0123456789', sessionToken: 'CANARYauthSession' };

const dirs = liveDirs;
const cli = runCli;

test('AWS profile credentials are obtained once per client while valid, again when about to expire or with CLAUDE_CODE_SKIP_AWS_CRED_CACHE', async (t) => {
  const { dir, home, cwd } = dirs(t);
  const br = await fakeBedrock({ credentials: AWS });
  t.after(br.close);
  // A credential_process that counts its runs; the profile's expiry comes from an env var.
  const runs = join(dir, 'runs');
  writeFileSync(runs, '');
  const proc = join(dir, 'creds.mjs');
  writeFileSync(
    proc,
    `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(runs)}, 'x');\n` +
      `console.log(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(AWS.accessKeyId)}, SecretAccessKey: ${JSON.stringify(AWS.secretAccessKey)}, SessionToken: ${JSON.stringify(AWS.sessionToken)}, Expiration: new Date(Date.now() + Number(process.env.TTL_MS)).toISOString() }));\n`,
  );
  writeFileSync(join(home, '.aws', 'config'), `[profile proc]\nregion = us-east-1\ncredential_process = ${process.execPath} ${proc}\n`);
  const env = { HOME: home, CLAUDE_CODE_USE_BEDROCK: '1', AWS_PROFILE: 'proc', ANTHROPIC_BEDROCK_BASE_URL: br.url };
  const countRuns = () => readFileSync(runs, 'utf8').length;
  for (const [ttlMs, want, skipCache] of [
    [3_600_000, 1, false], // an hour: one run for three requests
    [120_000, 3, false], // within the 5-minute margin: obtained again for each request
    [3_600_000, 3, true], // CLAUDE_CODE_SKIP_AWS_CRED_CACHE: obtained for each request
  ]) {
    writeFileSync(runs, '');
    process.env.TTL_MS = String(ttlMs);
    const client = createClient({ env: { ...env, ...(skipCache ? { CLAUDE_CODE_SKIP_AWS_CRED_CACHE: '1' } : {}) }, home, cwd, managedSettingsPath: null });
    t.after(() => client.close());
    for (let i = 0; i < 3; i++) assert.match((await client.messages.create(BODY)).content[0].text, /Hello/);
    assert.equal(countRuns(), want, `expiry in ${ttlMs} ms${skipCache ? ', cache skipped' : ''}`);
  }
  delete process.env.TTL_MS;
  assert.equal(br.state.verified, 9);
});

test("Google's token request takes the proxy the configuration sets, not only the process's", async (t) => {
  const { dir, home, cwd } = dirs(t);
  const certs = makeCerts(dir);
  const { serviceAccount, keyFile: saKey } = googleServiceAccount(dir);
  // The fake's proxy answers CONNECT oauth2.googleapis.com:443 with its token endpoint: the
  // token request can only succeed through it (offline, that host does not resolve). The
  // fake Vertex itself is on 127.0.0.1, which NO_PROXY sends direct.
  const vx = await fakeVertex({ certs, serviceAccount });
  t.after(vx.close);
  const envFile = join(dir, 'vertex.env');
  writeFileSync(envFile, ['CLAUDE_CODE_USE_VERTEX=1', 'CLOUD_ML_REGION=us-east5', 'ANTHROPIC_VERTEX_PROJECT_ID=proj-1', `ANTHROPIC_VERTEX_BASE_URL=${vx.url}/v1`, `GOOGLE_APPLICATION_CREDENTIALS=${saKey}`, `HTTPS_PROXY=${vx.proxyUrl}`, 'NO_PROXY=127.0.0.1', `NODE_EXTRA_CA_CERTS=${certs.ca}`].join('\n'));
  // The intercepting server's CA is named in the env file only: Node never reads it there.
  const r = await cli(['send', 'hi', '--dotenv', envFile], { home, cwd });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.stdout, TEXT.join('') + '\n');
  assert.equal(vx.state.jwtGrants, 1);
  assert.deepEqual(vx.state.rejected, []);
});

test("Entra ID's token request takes the proxy the configuration sets", async (t) => {
  const { dir, home, cwd } = dirs(t);
  const certs = makeCerts(dir);
  const fd = await fakeFoundry({ certs, apiKey: 'CANARY-foundry-key', federatedToken: 'unused' });
  t.after(fd.close);
  const proxy = await realProxy();
  t.after(proxy.close);
  const envFile = join(dir, 'foundry.env');
  writeFileSync(envFile, ['CLAUDE_CODE_USE_FOUNDRY=1', `ANTHROPIC_FOUNDRY_BASE_URL=${fd.url}`, 'AZURE_TENANT_ID=tenant-1', 'AZURE_CLIENT_ID=app-id', 'AZURE_CLIENT_SECRET=CANARY-client-secret', `AZURE_AUTHORITY_HOST=${fd.authorityUrl}`, `HTTPS_PROXY=${proxy.url}`, `NODE_EXTRA_CA_CERTS=${certs.ca}`].join('\n'));
  // The authority's CA is named in the env file only.
  const r = await cli(['send', 'hi', '--dotenv', envFile], { home, cwd });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.stdout, TEXT.join('') + '\n');
  assert.equal(fd.state.tokenCalls, 1);
  const authority = new URL(fd.authorityUrl);
  assert.ok(proxy.state.connects.includes(`${authority.hostname}:${authority.port}`), JSON.stringify(proxy.state.connects));
  assert.ok(!r.stdout.includes('CANARY') && !r.stderr.includes('CANARY'));
});

test('a cached token the endpoint rejects is dropped: a new one is obtained and the request sent once more', async (t) => {
  const { dir, home, cwd } = dirs(t);
  // google-auth-library's token exchange (an external account) against the fake's plain-http
  // token endpoint, in this process: one client, so one cache.
  const vx = await fakeVertex();
  t.after(vx.close);
  const adc = googleExternalAccount(dir, vx.url);
  const env = { HOME: home, CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'us-east5', ANTHROPIC_VERTEX_PROJECT_ID: 'proj-1', ANTHROPIC_VERTEX_BASE_URL: `${vx.url}/v1`, GOOGLE_APPLICATION_CREDENTIALS: adc };
  const client = createClient({ env, home, cwd, managedSettingsPath: null });
  t.after(() => client.close());
  assert.match((await client.messages.create(BODY)).content[0].text, /Hello/);
  assert.match((await client.messages.create(BODY)).content[0].text, /Hello/);
  assert.equal(vx.state.tokenCalls, 1, 'the token is kept while valid');
  // Revoked: the next attempt is refused once; no gcpAuthRefresh is configured.
  vx.state.failures.push([401, {}, { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } }]);
  assert.match((await client.messages.create(BODY)).content[0].text, /Hello/);
  assert.equal(vx.state.tokenCalls, 2, 'a new token was obtained after the 401');
  assert.equal(vx.state.failures.length, 0);
});
