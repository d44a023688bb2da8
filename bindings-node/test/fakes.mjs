// Real parts for the live tests, all on 127.0.0.1, started and stopped by the tests:
// certificates made with openssl, fake provider endpoints that verify what they receive, and a
// real CONNECT proxy (npm `proxy`).
import { spawn, spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { createProxy } from 'proxy';

function openssl(cwd, ...args) {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
}

/** A CA, a server certificate for 127.0.0.1/::1/localhost (and oauth2.googleapis.com, for the
 * intercepting proxy of `fakeVertex`), a client certificate (plain and
 * passphrase-encrypted key), an unrelated CA and a client certificate it signed (`rogue…`).
 * Paths in `dir`. */
export function makeCerts(dir) {
  const o = (...a) => openssl(dir, ...a);
  for (const ca of ['ca', 'other-ca']) {
    o('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${ca}.key`, '-out', `${ca}.pem`, '-days', '2', '-subj', `/CN=claude-provider test ${ca}`);
  }
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost,DNS:oauth2.googleapis.com\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, ext] of [['server', 'server.ext'], ['client', 'client.ext']]) {
    o('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    o('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', ext);
  }
  o('pkey', '-in', 'client.key', '-aes256', '-passout', 'pass:test-passphrase', '-out', 'client-encrypted.key');
  // A client certificate from the unrelated CA: one the servers here do not accept.
  o('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'rogue.key', '-out', 'rogue.csr', '-subj', '/CN=rogue client');
  o('x509', '-req', '-in', 'rogue.csr', '-CA', 'other-ca.pem', '-CAkey', 'other-ca.key', '-CAcreateserial', '-out', 'rogue.pem', '-days', '2', '-extfile', 'client.ext');
  const p = (f) => join(dir, f);
  return { ca: p('ca.pem'), otherCa: p('other-ca.pem'), serverCert: p('server.pem'), serverKey: p('server.key'), clientCert: p('client.pem'), clientKey: p('client.key'), clientKeyEncrypted: p('client-encrypted.key'), passphrase: 'test-passphrase', rogueClientCert: p('rogue.pem'), rogueClientKey: p('rogue.key') };
}

/** Closes `servers` and every connection they hold. */
function closer(...servers) {
  return () => Promise.all(servers.map((s) => new Promise((r) => (s.closeAllConnections?.(), s.close(r)))));
}

/** Answers with the next failure queued in `state.failures` ([status, headers, body]), if any. */
function answerQueuedFailure(state, res) {
  const f = state.failures.shift();
  if (!f) return false;
  res.writeHead(f[0], { 'content-type': 'application/json', ...f[1] });
  res.end(typeof f[2] === 'string' ? f[2] : JSON.stringify(f[2]));
  return true;
}

function listen(server, host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve(server.address().port));
  });
}

function readBody(req) {
  return new Promise((resolve) => {
    const parts = [];
    req.on('data', (c) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
  });
}

export const TEXT = ['Hello', ' from', ' the fake'];

function anthropicEvents(model) {
  return [
    { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', content: [], model, usage: { input_tokens: 3, output_tokens: 0 } } },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    ...TEXT.map((text) => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } },
    { type: 'message_stop' },
  ];
}

function message(model) {
  return { id: 'msg_1', type: 'message', role: 'assistant', model, content: [{ type: 'text', text: TEXT.join('') }], stop_reason: 'end_turn', usage: { input_tokens: 3, output_tokens: 3 } };
}

/**
 * A fake Anthropic Messages API (also a gateway, Foundry or Vertex-shaped one). It accepts only
 * `accept(req)`; `failures` is a queue of [status, headers, body] answered first; `stalls` a
 * queue of misbehaviours for the next requests: 'headers' (never answers), 'body' (the status,
 * headers and first event, then nothing), 'reset' (the same, then the connection is destroyed),
 * 'end' (the same, then the response ends cleanly), 'empty' (the status and headers, no body).
 * `host`: where it listens (`::1` for IPv6).
 */
export async function fakeAnthropic({ tls, accept = () => true, host = '127.0.0.1' } = {}) {
  const state = { requests: [], failures: [], stalls: [] };
  const handler = async (req, res) => {
    const body = await readBody(req);
    const r = { method: req.method, url: req.url, headers: req.headers, body: body.toString('utf8') };
    state.requests.push(r);
    if (req.method === 'HEAD') return res.end();
    if (!accept(r)) {
      res.writeHead(401, { 'content-type': 'application/json', 'request-id': 'req_401' });
      return res.end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }));
    }
    if (answerQueuedFailure(state, res)) return;
    const json = JSON.parse(r.body);
    const model = json.model ?? 'unknown';
    const stall = state.stalls.shift();
    if (stall === 'headers') return;
    if (stall) {
      res.writeHead(200, { 'content-type': json.stream ? 'text/event-stream; charset=utf-8' : 'application/json' });
      if (stall === 'empty') return res.end();
      const first = anthropicEvents(model)[0];
      res.write(json.stream ? `event: ${first.type}\ndata: ${JSON.stringify(first)}\n\n` : '{"id":"msg_1",');
      if (stall === 'reset') setTimeout(() => req.socket.destroy(), 50);
      if (stall === 'end') res.end();
      return;
    }
    if (req.url.includes('count_tokens')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"input_tokens":7}');
    }
    if (json.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
      for (const ev of anthropicEvents(model)) res.write(`event: ${ev.type}\ndata: ${JSON.stringify(ev)}\n\n`);
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(message(model)));
  };
  const server = tls
    ? https.createServer({ cert: readFileSync(tls.serverCert), key: readFileSync(tls.serverKey), ca: readFileSync(tls.ca), requestCert: Boolean(tls.requireClientCert), rejectUnauthorized: Boolean(tls.requireClientCert) }, handler)
    : http.createServer(handler);
  const port = await listen(server, host);
  return { ...state, state, port, url: `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`, close: closer(server) };
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function frame(headers, body) {
  const h = {};
  for (const [k, v] of Object.entries(headers)) h[k] = { type: 'string', value: v };
  return codec.encode({ headers: h, body: typeof body === 'string' ? fromUtf8(body) : body });
}

/**
 * A fake Bedrock runtime. Every request's SigV4 signature is recomputed with
 * @smithy/signature-v4 (an implementation independent of ours) from the received request and
 * the expected credentials; a mismatch answers 403 InvalidSignatureException. Streams answer
 * in real AWS event-stream framing.
 */
export async function fakeBedrock({ credentials, region = 'us-east-1' }) {
  const state = { requests: [], failures: [], verified: 0 };
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    state.requests.push({ method: req.method, url: req.url, headers: req.headers, body: body.toString('utf8') });
    const ok = await verifySigV4(req, body, credentials, region, 'bedrock');
    if (!ok.valid) {
      res.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'InvalidSignatureException' });
      return res.end(JSON.stringify({ message: `The request signature we calculated does not match the signature you provided (${ok.why})` }));
    }
    state.verified++;
    if (answerQueuedFailure(state, res)) return;
    const model = decodeURIComponent(req.url.split('/')[2] ?? '');
    if (req.url.endsWith('/invoke-with-response-stream')) {
      res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'r1' });
      if (state.streamException) {
        res.write(frame({ ':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify({ bytes: Buffer.from(JSON.stringify(anthropicEvents(model)[0])).toString('base64') })));
        res.write(frame({ ':exception-type': state.streamException, ':content-type': 'application/json', ':message-type': 'exception' }, JSON.stringify({ message: 'Too many requests, please wait before trying again.' })));
        return res.end();
      }
      for (const ev of anthropicEvents(model)) {
        res.write(frame({ ':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify({ bytes: Buffer.from(JSON.stringify(ev)).toString('base64'), p: 'abcdefgh' })));
      }
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(message(model)));
  });
  const port = await listen(server);
  return { state, port, url: `http://127.0.0.1:${port}`, close: closer(server) };
}

/**
 * AWS credential services, each answering only the caller it expects and handing out
 * `credentials`: a container credentials endpoint (`GET /creds`, with the authorization
 * `containerToken`); STS (`POST /`, AssumeRoleWithWebIdentity with `webIdentityToken` for
 * `roleArn` as `roleSessionName`, unsigned; AssumeRole of `roleArn` as `roleSessionName`, its
 * SigV4 signature by `sourceCredentials` checked); the IAM Identity Center portal (`GET /federation/credentials`, with the
 * bearer `ssoAccessToken` for `accountId`/`roleName`); and the EC2 instance metadata service
 * (IMDSv2: `PUT /latest/api/token`, then `instanceRole` and its credentials with that token).
 * Refusals and unknown requests are recorded in `state.rejected`. With `certs` (makeCerts) it
 * serves https, with the test CA's server certificate.
 */
export async function fakeAwsCredentialServices({ credentials, containerToken, webIdentityToken, roleArn, roleSessionName, sourceCredentials, ssoAccessToken, accountId, roleName, instanceRole, certs }) {
  const state = { container: 0, sts: 0, assumeRole: 0, sso: 0, imds: 0, rejected: [] };
  const expiration = new Date(Date.now() + 3600e3);
  const imdsToken = `imds-${Math.random().toString(36).slice(2)}`;
  const handler = async (req, res) => {
    const raw = await readBody(req);
    const body = raw.toString('utf8');
    const url = new URL(req.url, 'http://x');
    const send = (status, type, text) => {
      res.writeHead(status, { 'content-type': type });
      res.end(text);
    };
    const reject = (status, why) => {
      state.rejected.push(why);
      send(status, 'application/json', '{"message":"rejected"}');
    };
    const form = new URLSearchParams(body);
    if (req.method === 'GET' && url.pathname === '/creds') {
      if (req.headers.authorization !== containerToken) return reject(401, 'container: authorization');
      state.container++;
      return send(200, 'application/json', JSON.stringify({ AccessKeyId: credentials.accessKeyId, SecretAccessKey: credentials.secretAccessKey, Token: credentials.sessionToken, Expiration: expiration.toISOString() }));
    }
    if (req.method === 'POST' && form.get('Action') === 'AssumeRoleWithWebIdentity') {
      if (form.get('WebIdentityToken') !== webIdentityToken || form.get('RoleArn') !== roleArn || form.get('RoleSessionName') !== roleSessionName || req.headers.authorization) return reject(400, `sts: ${form.get('RoleArn')} ${form.get('RoleSessionName')}`);
      state.sts++;
      const session = form.get('RoleSessionName') ?? '';
      return send(200, 'text/xml', `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>${credentials.accessKeyId}</AccessKeyId><SecretAccessKey>${credentials.secretAccessKey}</SecretAccessKey><SessionToken>${credentials.sessionToken}</SessionToken><Expiration>${expiration.toISOString()}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:${session}</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/claude/${session}</Arn></AssumedRoleUser><SubjectFromWebIdentityToken>ci</SubjectFromWebIdentityToken></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`);
    }
    if (req.method === 'POST' && form.get('Action') === 'AssumeRole' && sourceCredentials) {
      const signed = await verifySigV4(req, raw, sourceCredentials, 'us-east-1', 'sts');
      if (!signed.valid) return reject(403, `sts AssumeRole: ${signed.why}`);
      if (form.get('RoleArn') !== roleArn || form.get('RoleSessionName') !== roleSessionName) return reject(400, `sts AssumeRole: ${form.get('RoleArn')} ${form.get('RoleSessionName')}`);
      state.assumeRole++;
      return send(200, 'text/xml', `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>${credentials.accessKeyId}</AccessKeyId><SecretAccessKey>${credentials.secretAccessKey}</SecretAccessKey><SessionToken>${credentials.sessionToken}</SessionToken><Expiration>${expiration.toISOString()}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:${roleSessionName}</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/claude/${roleSessionName}</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></AssumeRoleResponse>`);
    }
    if (req.method === 'GET' && url.pathname === '/federation/credentials') {
      if (req.headers['x-amz-sso_bearer_token'] !== ssoAccessToken) return reject(401, 'sso: bearer token');
      if (url.searchParams.get('account_id') !== accountId || url.searchParams.get('role_name') !== roleName) return reject(403, 'sso: account or role');
      state.sso++;
      return send(200, 'application/json', JSON.stringify({ roleCredentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken, expiration: expiration.getTime() } }));
    }
    if (req.method === 'PUT' && url.pathname === '/latest/api/token') {
      if (!req.headers['x-aws-ec2-metadata-token-ttl-seconds']) return reject(400, 'imds: token ttl');
      return send(200, 'text/plain', imdsToken);
    }
    if (url.pathname === '/latest/meta-data/iam/security-credentials/' || url.pathname === `/latest/meta-data/iam/security-credentials/${instanceRole}`) {
      if (req.headers['x-aws-ec2-metadata-token'] !== imdsToken) return reject(401, 'imds: session token');
      if (url.pathname.endsWith('/')) return send(200, 'text/plain', instanceRole);
      state.imds++;
      return send(200, 'application/json', JSON.stringify({ Code: 'Success', LastUpdated: new Date().toISOString(), Type: 'AWS-HMAC', AccessKeyId: credentials.accessKeyId, SecretAccessKey: credentials.secretAccessKey, Token: credentials.sessionToken, Expiration: expiration.toISOString() }));
    }
    // The SDK asks for the extended credentials first; like an older host, this one has none.
    if (!url.pathname.startsWith('/latest/meta-data/iam/security-credentials-extended/')) state.rejected.push(`${req.method} ${req.url}`);
    send(404, 'text/plain', '');
  };
  const server = certs ? https.createServer({ cert: readFileSync(certs.serverCert), key: readFileSync(certs.serverKey) }, handler) : http.createServer(handler);
  const port = await listen(server);
  return { state, port, url: `${certs ? 'https' : 'http'}://127.0.0.1:${port}`, close: closer(server) };
}

async function verifySigV4(req, body, creds, region, service) {
  const auth = req.headers.authorization ?? '';
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return { valid: false, why: 'no SigV4 authorization header' };
  const [, akid, , reg, svc, signed, signature] = m;
  if (akid !== creds.accessKeyId) return { valid: false, why: `unknown access key ${akid}` };
  if (reg !== region || svc !== service) return { valid: false, why: `scope ${reg}/${svc}` };
  if (req.headers['x-amz-content-sha256'] !== createHash('sha256').update(body).digest('hex')) return { valid: false, why: 'payload hash' };
  if (creds.sessionToken && req.headers['x-amz-security-token'] !== creds.sessionToken) return { valid: false, why: 'session token' };
  const headers = {};
  for (const name of signed.split(';')) headers[name] = req.headers[name];
  const [path, query = ''] = req.url.split('?');
  const signer = new SignatureV4({ credentials: creds, region, service, sha256: Hash.bind(null, 'sha256') });
  const amzDate = req.headers['x-amz-date'];
  const date = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const signedReq = await signer.sign(
    { method: req.method, protocol: 'http:', hostname: '127.0.0.1', port: Number(req.headers.host.split(':')[1]), path, query: Object.fromEntries(new URLSearchParams(query)), headers, body },
    { signingDate: date, unsignableHeaders: new Set(), signableHeaders: new Set(signed.split(';')) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(signedReq.headers.authorization)?.[1];
  return expected === signature ? { valid: true } : { valid: false, why: `signature ${signature} != ${expected}` };
}

/**
 * A real HTTP proxy: CONNECT tunnels (their targets in `connects`) and absolute-form requests
 * (their request lines in `requests`, `POST http://host:port/path HTTP/1.1`); `auth` =
 * 'user:pass' requires Proxy-Authorization. `host`: where it listens (`::1` for IPv6). `tls`
 * (makeCerts): an https proxy, TLS to the proxy itself with the test CA's server certificate.
 * `unreachable`: CONNECT targets (`host:port`) it cannot reach, answered as a proxy whose own
 * connection to them times out: a status (504) after 100 ms, or 'no answer' (still trying).
 */
export async function realProxy({ auth, host = '127.0.0.1', tls, unreachable = {} } = {}) {
  const state = { connects: [], requests: [], rejected: 0 };
  const server = createProxy(tls ? https.createServer({ cert: readFileSync(tls.serverCert), key: readFileSync(tls.serverKey) }) : http.createServer());
  const [tunnel] = server.listeners('connect');
  server.removeAllListeners('connect');
  const held = new Set();
  server.on('connect', (req, socket, head) => {
    state.connects.push(req.url);
    const answer = unreachable[req.url];
    if (answer === undefined) return tunnel.call(server, req, socket, head);
    held.add(socket);
    socket.on('error', () => {});
    if (answer !== 'no answer') setTimeout(() => socket.end(`HTTP/1.1 ${answer} ${http.STATUS_CODES[answer]}\r\ncontent-length: 0\r\n\r\n`), 100);
  });
  server.on('request', (req) => state.requests.push(`${req.method} ${req.url} HTTP/${req.httpVersion}`));
  if (auth) {
    server.authenticate = (req) => {
      const ok = req.headers['proxy-authorization'] === `Basic ${Buffer.from(auth).toString('base64')}`;
      if (!ok) state.rejected++;
      return ok;
    };
  }
  const port = await listen(server, host);
  const close = closer(server);
  return { state, server, port, url: `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`, close: () => (held.forEach((s) => s.destroy()), close()) };
}

/**
 * A proxy that refuses every request as tinyproxy refuses a wrong password: `401 Unauthorized`
 * with `Server: tinyproxy/1.11.1` and `WWW-Authenticate: Basic realm="Tinyproxy"` (not 407),
 * to absolute-form requests and to CONNECT alike. `requests` counts what it refused.
 */
export async function tinyproxyRefusing() {
  const state = { requests: 0 };
  const answer = 'HTTP/1.0 401 Unauthorized\r\nServer: tinyproxy/1.11.1\r\nContent-Type: text/html\r\nWWW-Authenticate: Basic realm="Tinyproxy"\r\nConnection: close\r\n\r\n<html><body><h1>Unauthorized</h1></body></html>\n';
  const server = http.createServer((_req, res) => {
    state.requests++;
    res.socket.end(answer);
  });
  server.on('connect', (_req, socket) => {
    state.requests++;
    socket.end(answer);
  });
  const port = await listen(server);
  return { state, port, url: `http://127.0.0.1:${port}`, close: closer(server) };
}

/**
 * An endpoint that accepts TCP connections, reads what comes and never sends a byte: a TLS
 * handshake with it never completes. `connections` counts what it accepted.
 */
export async function silentEndpoint() {
  const state = { connections: 0 };
  const sockets = new Set();
  const server = net.createServer((s) => {
    state.connections++;
    sockets.add(s);
    s.resume();
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  const port = await listen(server);
  return { state, port, url: `https://127.0.0.1:${port}`, close: () => new Promise((r) => (sockets.forEach((s) => s.destroy()), server.close(r))) };
}

/**
 * A TLS server (the test CA's server certificate, no client certificate asked for) that
 * completes every handshake and then ends the connection without reading or answering: a
 * TLS-terminating proxy or load balancer with no healthy backend. `connections` counts the
 * handshakes.
 */
export async function tlsClosingAfterHandshake(certs) {
  const state = { connections: 0 };
  const server = tls.createServer({ cert: readFileSync(certs.serverCert), key: readFileSync(certs.serverKey) }, (s) => {
    state.connections++;
    s.on('error', () => {});
    s.end();
  });
  const port = await listen(server);
  return { state, port, url: `https://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

/**
 * A port where a TCP connect gets no answer, as at a firewall that drops it: a listener in a
 * child process that never accepts (its event loop is blocked), whose accept queue (backlog 1)
 * is filled, so that the kernel drops further SYNs. Its own address is on the loopback, so no
 * sandbox or network in between decides for it. The child exits by itself after two minutes.
 */
export async function unansweredTcp() {
  const code = "const s = require('net').createServer(); s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => { process.stdout.write(s.address().port + '\\n'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120000); process.exit(0); });";
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (d) => resolve(Number(String(d).trim())));
  });
  const fillers = [];
  const close = async () => {
    fillers.forEach((s) => s.destroy());
    if (child.exitCode === null) await new Promise((r) => (child.once('exit', r), child.kill('SIGKILL')));
  };
  // Connections complete until the queue is full; the first one that does not shows it is.
  for (let i = 0; i < 32; i++) {
    const s = net.connect({ host: '127.0.0.1', port });
    s.on('error', () => {});
    fillers.push(s);
    if (!(await new Promise((resolve) => (s.once('connect', () => resolve(true)), setTimeout(() => resolve(false), 300))))) {
      return { port, url: `https://127.0.0.1:${port}`, close };
    }
  }
  await close();
  throw new Error('unansweredTcp: the listener\'s accept queue never filled (connects are answered regardless)');
}

/**
 * A Google service account: its key file in `dir` (token_uri the real
 * https://oauth2.googleapis.com/token) and what `fakeVertex` checks its JWT grants against.
 */
export function googleServiceAccount(dir) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const serviceAccount = { email: 'claude-code@proj-1.iam.gserviceaccount.com', publicKey };
  const keyFile = join(dir, 'service-account.json');
  writeFileSync(keyFile, JSON.stringify({ type: 'service_account', project_id: 'proj-1', private_key_id: 'key-1', private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }), client_email: serviceAccount.email, client_id: '1', token_uri: 'https://oauth2.googleapis.com/token' }));
  return { serviceAccount, keyFile };
}

/**
 * An `external_account` credentials file in `dir` whose token exchange goes to `fakeVertex`'s
 * own token endpoint (`vertexUrl`/token), with the subject token it accepts. Returns its path.
 */
export function googleExternalAccount(dir, vertexUrl) {
  writeFileSync(join(dir, 'subject.jwt'), 'subject-jwt');
  const file = join(dir, 'adc.json');
  writeFileSync(file, JSON.stringify({ type: 'external_account', audience: '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/test', subject_token_type: 'urn:ietf:params:oauth:token-type:jwt', token_url: `${vertexUrl}/token`, credential_source: { file: join(dir, 'subject.jwt') } }));
  return file;
}

/**
 * A fake Vertex AI endpoint plus the OAuth token endpoint (RFC 8693 token exchange, what
 * google-auth-library calls for `external_account` credentials) and a metadata server, which
 * issue the only access token the Vertex endpoint accepts.
 */
export async function fakeVertex({ certs, serviceAccount } = {}) {
  const issued = `ya29.CANARY-${Math.random().toString(36).slice(2)}`;
  const state = { requests: [], failures: [], tokenCalls: 0, jwtGrants: 0, metadataTokens: 0, rejected: [], issued };
  const server = http.createServer(async (req, res) => {
    const body = (await readBody(req)).toString('utf8');
    if (req.url === '/token') {
      const form = new URLSearchParams(body);
      state.tokenCalls++;
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:token-exchange' || form.get('subject_token') !== 'subject-jwt') {
        res.writeHead(400, { 'content-type': 'application/json' });
        return res.end('{"error":"invalid_grant"}');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ access_token: issued, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'Bearer', expires_in: 3600 }));
    }
    if (req.url.startsWith('/computeMetadata/v1/')) return metadataServer(req, res);
    state.requests.push({ url: req.url, headers: req.headers, body });
    if (req.headers.authorization !== `Bearer ${issued}`) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } }));
    }
    if (answerQueuedFailure(state, res)) return;
    const m = /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/anthropic\/models\/([^:]+):(streamRawPredict|rawPredict)$/.exec(req.url);
    if (!m) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: { code: 404, message: `no route ${req.url}`, status: 'NOT_FOUND' } }));
    }
    if (m[4] === 'streamRawPredict') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const ev of anthropicEvents(m[3])) res.write(`event: ${ev.type}\ndata: ${JSON.stringify(ev)}\n\n`);
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(message(m[3])));
  });
  // The Compute Engine metadata server (gcp-metadata finds it through GCE_METADATA_HOST): the
  // same token to a request that carries `Metadata-Flavor: Google`, which its answers carry too.
  function metadataServer(req, res) {
    const path = req.url.replace(/\?.*$/, '');
    const answer = path === '/computeMetadata/v1/instance' ? 'attributes/\nservice-accounts/\n'
      : path === '/computeMetadata/v1/instance/service-accounts/default/token' ? JSON.stringify({ access_token: issued, expires_in: 3599, token_type: 'Bearer' })
      : undefined;
    if (req.headers['metadata-flavor'] !== 'Google' || answer === undefined) {
      state.rejected.push(`metadata ${req.url}`);
      res.writeHead(req.headers['metadata-flavor'] !== 'Google' ? 403 : 404, { 'metadata-flavor': 'Google' });
      return res.end();
    }
    if (path.endsWith('/token')) state.metadataTokens++;
    res.writeHead(200, { 'metadata-flavor': 'Google', 'content-type': path.endsWith('/token') ? 'application/json' : 'application/text' });
    res.end(answer);
  }
  const port = await listen(server);
  const closers = [closer(server)];
  let proxyUrl;
  if (certs && serviceAccount) {
    // google-auth-library signs a JWT with the service-account key and posts it to the fixed
    // https://oauth2.googleapis.com/token. An HTTP proxy (which it uses through HTTPS_PROXY)
    // answers CONNECT to that host with a TLS server holding a certificate from the test CA
    // (trusted through NODE_EXTRA_CA_CERTS), which checks the JWT against the key's public half.
    const google = https.createServer({ cert: readFileSync(certs.serverCert), key: readFileSync(certs.serverKey) }, async (req, res) => {
      const form = new URLSearchParams((await readBody(req)).toString('utf8'));
      const why = req.url !== '/token' ? `path ${req.url}` : checkJwtGrant(form, serviceAccount);
      if (why) {
        state.rejected.push(why);
        res.writeHead(400, { 'content-type': 'application/json' });
        return res.end('{"error":"invalid_grant"}');
      }
      state.jwtGrants++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: issued, token_type: 'Bearer', expires_in: 3600 }));
    });
    const proxy = http.createServer((_req, res) => (res.writeHead(405), res.end()));
    // Tunnels are no longer the HTTP server's to close: one whose TLS handshake the client
    // refused would hold close() open.
    const tunnels = new Set();
    proxy.on('connect', (req, socket) => {
      tunnels.add(socket);
      socket.on('close', () => tunnels.delete(socket));
      if (req.url !== 'oauth2.googleapis.com:443') {
        state.rejected.push(`CONNECT ${req.url}`);
        return socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      }
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      google.emit('connection', socket);
    });
    proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;
    const closeServers = closer(proxy, google);
    closers.push(() => (tunnels.forEach((s) => s.destroy()), closeServers()));
  }
  return { state, port, url: `http://127.0.0.1:${port}`, proxyUrl, close: () => Promise.all(closers.map((c) => c())) };
}

/** Why an OAuth JWT-bearer grant from `serviceAccount` ({ email, publicKey }) is refused, or ''. */
function checkJwtGrant(form, serviceAccount) {
  if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return `grant_type ${form.get('grant_type')}`;
  const [h, p, sig] = (form.get('assertion') ?? '').split('.');
  if (!sig) return 'no JWT assertion';
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  if (header.alg !== 'RS256') return `alg ${header.alg}`;
  if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), serviceAccount.publicKey, Buffer.from(sig, 'base64url'))) return 'JWT signature';
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  const now = Date.now() / 1000;
  if (claims.iss !== serviceAccount.email) return `iss ${claims.iss}`;
  if (claims.aud !== 'https://oauth2.googleapis.com/token') return `aud ${claims.aud}`;
  if (!String(claims.scope).split(' ').includes('https://www.googleapis.com/auth/cloud-platform')) return `scope ${claims.scope}`;
  if (!(claims.iat <= now + 60 && claims.exp > now)) return 'JWT times';
  return '';
}

/**
 * A fake Microsoft Entra ID authority (HTTPS, OpenID metadata and the client-credentials token
 * endpoint that @azure/identity calls) and a fake Foundry endpoint that accepts only the token
 * that authority issued (or `apiKey` in `api-key`/`x-api-key`). The client proves itself with
 * the secret `CANARY-client-secret` or, workload identity, with the federated token
 * `federatedToken` as its client assertion.
 */
export async function fakeFoundry({ certs, apiKey, federatedToken }) {
  const issued = `eyJ.CANARY-azure-${Math.random().toString(36).slice(2)}`;
  const state = { requests: [], failures: [], tokenCalls: 0, issued };
  const authority = https.createServer({ cert: readFileSync(certs.serverCert), key: readFileSync(certs.serverKey) }, async (req, res) => {
    const body = (await readBody(req)).toString('utf8');
    const base = `https://127.0.0.1:${authority.address().port}`;
    const m = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/token)/.exec(req.url);
    if (m && m[2].startsWith('v2.0')) {
      const t = m[1];
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ token_endpoint: `${base}/${t}/oauth2/v2.0/token`, authorization_endpoint: `${base}/${t}/oauth2/v2.0/authorize`, issuer: `${base}/${t}/v2.0`, jwks_uri: `${base}/${t}/discovery/v2.0/keys`, end_session_endpoint: `${base}/${t}/oauth2/v2.0/logout` }));
    }
    if (m) {
      const form = new URLSearchParams(body);
      state.tokenCalls++;
      const proof =
        form.get('client_secret') === 'CANARY-client-secret' ||
        (federatedToken !== undefined && form.get('client_assertion_type') === 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' && form.get('client_assertion') === federatedToken);
      const ok = form.get('grant_type') === 'client_credentials' && form.get('client_id') === 'app-id' && proof && form.get('scope')?.includes('https://cognitiveservices.azure.com/.default');
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      return res.end(ok ? JSON.stringify({ token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: issued }) : '{"error":"invalid_client"}');
    }
    res.writeHead(404);
    res.end();
  });
  const foundry = http.createServer(async (req, res) => {
    const body = (await readBody(req)).toString('utf8');
    state.requests.push({ url: req.url, headers: req.headers, body });
    const ok = req.headers.authorization === `Bearer ${issued}` || (apiKey && (req.headers['api-key'] === apiKey || req.headers['x-api-key'] === apiKey));
    if (!ok) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint.' } }));
    }
    if (answerQueuedFailure(state, res)) return;
    const json = JSON.parse(body);
    if (json.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const ev of anthropicEvents(json.model)) res.write(`event: ${ev.type}\ndata: ${JSON.stringify(ev)}\n\n`);
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(message(json.model)));
  });
  const aPort = await listen(authority);
  const fPort = await listen(foundry);
  return {
    state,
    authorityUrl: `https://127.0.0.1:${aPort}`,
    url: `http://127.0.0.1:${fPort}/anthropic`,
    close: closer(authority, foundry),
  };
}
