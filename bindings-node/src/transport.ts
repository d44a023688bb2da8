// The HTTP transport (undici): the proxy Claude Code would use for each URL (HTTPS_PROXY /
// HTTP_PROXY with CONNECT and proxy credentials, NO_PROXY), the CA bundle (NODE_EXTRA_CA_CERTS)
// and the client certificate (CLAUDE_CODE_CLIENT_CERT / _KEY / _KEY_PASSPHRASE), a timeout
// (API_TIMEOUT_MS). The decisions (which proxy, which files) come from the core's resolution;
// this module only connects. Network failures become ClaudeProviderErrors with a fix.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { connect as tlsConnect, rootCertificates } from 'node:tls';
import { Agent, type Dispatcher, ProxyAgent, request } from 'undici';
import type { ConfigInput, ProxyRoute, Resolution } from '../types/index.js';
import { ClaudeProviderError } from './errors.js';
import { coreProxyRoute, type SendableRequest } from './native.js';

export interface TransportOptions {
  config: ConfigInput;
  resolution: Resolution;
  /** The environment Claude Code's process would have (for the key passphrase). */
  env: Record<string, string>;
  /** Overrides API_TIMEOUT_MS. */
  timeoutMs?: number;
}

export interface Response {
  status: number;
  headers: [string, string][];
  contentType: string | undefined;
  body: AsyncIterable<Uint8Array> & { text(): Promise<string>; arrayBuffer(): Promise<ArrayBuffer> };
}

interface Tls {
  ca?: string[];
  cert?: Buffer;
  key?: Buffer;
  passphrase?: string;
}

export class Transport {
  private readonly tls: Tls;
  private readonly agents = new Map<string, Dispatcher>();
  /** An encrypted client key without its passphrase, or with a wrong one: thrown by send(). */
  private readonly keyProblem: ClaudeProviderError | undefined;
  readonly timeoutMs: number;

  constructor(private readonly o: TransportOptions) {
    const n = o.resolution.network;
    const read = (path: string, what: string, envVar: string) => {
      try {
        return readFileSync(path);
      } catch (e) {
        throw new ClaudeProviderError({
          code: 'CERT_FILE_INVALID',
          message: `${envVar}=${path}: the ${what} cannot be read (${(e as NodeJS.ErrnoException).code ?? e}).`,
          help: `Point ${envVar} at a readable PEM file.`,
          envVar,
        });
      }
    };
    const tls: Tls = {};
    if (n.extraCaCerts) tls.ca = [...rootCertificates, read(n.extraCaCerts.path, 'CA bundle', n.extraCaCerts.envVar).toString('utf8')];
    if (n.clientCert) tls.cert = read(n.clientCert.path, 'client certificate', n.clientCert.envVar);
    if (n.clientKey) tls.key = read(n.clientKey.path, 'client key', n.clientKey.envVar);
    const pass = o.env.CLAUDE_CODE_CLIENT_KEY_PASSPHRASE;
    if (pass) tls.passphrase = pass;
    this.tls = tls;
    this.keyProblem = tls.key && n.clientKey ? clientKeyProblem(tls.key, pass, n.clientKey.path, n.clientKey.envVar) : undefined;
    this.timeoutMs = o.timeoutMs ?? (o.resolution.knobs.timeoutMs || 600_000);
  }

  /** The proxy for `url`, as the core decides it (`null`: direct). */
  route(url: string): ProxyRoute | null {
    return coreProxyRoute(this.o.config, url);
  }

  private dispatcher(route: ProxyRoute | null): Dispatcher {
    const key = route ? `${route.url}\0${route.authorization ?? ''}` : '';
    let d = this.agents.get(key);
    if (!d) {
      const connect = { ...this.tls, timeout: Math.min(this.timeoutMs, 60_000) };
      d = route
        ? new ProxyAgent({
            uri: route.url,
            ...(route.authorization ? { token: route.authorization } : {}),
            requestTls: connect,
            proxyTls: this.tls.ca ? { ca: this.tls.ca } : {},
          })
        : new Agent({ connect });
      this.agents.set(key, d);
    }
    return d;
  }

  /** Sends the request exactly as built. */
  async send(req: SendableRequest, signal?: AbortSignal): Promise<Response> {
    if (this.keyProblem) throw this.keyProblem;
    const route = this.route(req.url);
    const headers: Record<string, string> = {};
    for (const h of req.headers) headers[h.name] = h.value;
    try {
      const r = await request(req.url, {
        method: req.method as Dispatcher.HttpMethod,
        headers,
        ...(req.body.length === 0 && (req.method === 'GET' || req.method === 'HEAD') ? {} : { body: typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body }),
        dispatcher: this.dispatcher(route),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        ...(signal ? { signal } : {}),
      });
      const pairs: [string, string][] = [];
      for (const [k, v] of Object.entries(r.headers)) {
        if (Array.isArray(v)) for (const x of v) pairs.push([k, x]);
        else if (v !== undefined) pairs.push([k, v]);
      }
      const ct = r.headers['content-type'];
      return { status: r.statusCode, headers: pairs, contentType: Array.isArray(ct) ? ct[0] : ct, body: r.body };
    } catch (e) {
      // A TLS 1.3 server that wants a client certificate completes the handshake and then
      // closes the connection: undici only sees "other side closed". A direct TLS probe reads
      // the server's alert, so the error can say what is wrong.
      let probe: string | undefined;
      if (!route && req.url.startsWith('https:') && /UND_ERR_SOCKET|ECONNRESET|other side closed/.test(String((e as { code?: string }).code) + String((e as Error).message))) {
        probe = await this.probeTls(new URL(req.url));
      }
      throw networkError(probe ? Object.assign(new Error(probe), { cause: e }) : e, req.url, route);
    }
  }

  private probeTls(u: URL): Promise<string | undefined> {
    return new Promise((resolve) => {
      const s = tlsConnect({ host: u.hostname, port: Number(u.port || 443), servername: isIP(u.hostname) ? '' : u.hostname, ...this.tls, timeout: 5000 });
      const done = (v: string | undefined) => (s.destroy(), resolve(v));
      s.once('secureConnect', () => s.write(`HEAD / HTTP/1.1\r\nhost: ${u.host}\r\nconnection: close\r\n\r\n`));
      s.once('data', () => done(undefined));
      s.once('error', (err: NodeJS.ErrnoException) => done(`${err.code ?? ''} ${err.message}`.trim()));
      s.once('timeout', () => done(undefined));
      s.once('end', () => done(undefined));
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((a) => a.close()));
    this.agents.clear();
  }
}

/**
 * An encrypted PEM client key checked against the passphrase before any connection, so the
 * error says which of the two is wrong: OpenSSL's own failure for either ("bad decrypt", or a
 * decoder error when a wrong passphrase happens to yield valid padding) names neither.
 */
function clientKeyProblem(key: Buffer, passphrase: string | undefined, path: string, keyVar: string): ClaudeProviderError | undefined {
  const text = key.toString('latin1');
  if (!/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: *4, *ENCRYPTED/.test(text)) return undefined;
  const envVar = 'CLAUDE_CODE_CLIENT_KEY_PASSPHRASE';
  if (!passphrase) {
    return new ClaudeProviderError({
      code: 'MTLS_PASSPHRASE_MISSING',
      message: `The client key ${path} (${keyVar}) is encrypted and ${envVar} is not set.`,
      help: `Set ${envVar} to the key's passphrase.`,
      envVar,
    });
  }
  try {
    createPrivateKey({ key, passphrase });
    return undefined;
  } catch {
    return new ClaudeProviderError({
      code: 'MTLS_PASSPHRASE_WRONG',
      message: `${envVar} does not decrypt the client key ${path} (${keyVar}).`,
      help: `Check ${envVar}: it must be the passphrase of that key (or point ${keyVar} at the key it belongs to).`,
      envVar,
    });
  }
}

const TLS_UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Names what failed (proxy, TLS, client certificate, the endpoint) and how to fix it. */
export function networkError(e: unknown, url: string, route: ProxyRoute | null): unknown {
  if (e instanceof ClaudeProviderError) return e;
  const chain: (Error & { code?: string; statusCode?: number })[] = [];
  for (let x: unknown = e; x instanceof Error && chain.length < 5; x = (x as { cause?: unknown }).cause) chain.push(x);
  const codes = chain.map((x) => x.code ?? '');
  const text = chain.map((x) => x.message).join(' / ');
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  const via = route ? ` through the proxy ${route.displayUrl} (${route.envVar})` : '';
  const mk = (code: ClaudeProviderError['code'], message: string, help: string, envVar?: string) =>
    new ClaudeProviderError({ code, message, help, ...(envVar ? { envVar } : {}) }, { cause: e });
  if (route && /Proxy response \((407)\)|407/.test(text)) {
    return mk('PROXY_AUTH_FAILED', `The proxy ${route.displayUrl} refused the credentials (407 Proxy Authentication Required).`, `Put the right user and password in ${route.envVar} (http://user:password@host:port, percent-encoding special characters).`, route.envVar);
  }
  if (route && (/Proxy response \(\d+\)/.test(text) || (codes.includes('ECONNREFUSED') && text.includes(new URL(route.url).host)))) {
    return mk('PROXY_UNREACHABLE', `The proxy ${route.displayUrl} could not be used: ${firstLine(text)}.`, `Check that the proxy in ${route.envVar} is running and reachable, or add ${host} to NO_PROXY to bypass it.`, route.envVar);
  }
  const tlsCode = codes.find((c) => TLS_UNTRUSTED.has(c));
  if (tlsCode) {
    return mk('TLS_UNTRUSTED', `The certificate of ${host} is not trusted (${tlsCode})${via}.`, 'If a corporate proxy or private CA re-signs TLS, set NODE_EXTRA_CA_CERTS to its CA bundle (PEM); otherwise check the endpoint URL and the system clock.', 'NODE_EXTRA_CA_CERTS');
  }
  if (/certificate required|alert number 116|tlsv13 alert certificate required|handshake failure|bad certificate|unknown ca/i.test(text)) {
    return mk('TLS_CLIENT_CERT_REJECTED', `${host} rejected the TLS handshake: it requires a client certificate it accepts (${firstLine(text)}).`, 'Set CLAUDE_CODE_CLIENT_CERT and CLAUDE_CODE_CLIENT_KEY to the certificate and key issued for this endpoint (and CLAUDE_CODE_CLIENT_KEY_PASSPHRASE for an encrypted key).', 'CLAUDE_CODE_CLIENT_CERT');
  }
  // clientKeyProblem checks an encrypted key before connecting; these are what OpenSSL says
  // when a key still fails to load at the handshake.
  if (/bad decrypt|BAD_DECRYPT|bad password/i.test(text)) {
    return mk('MTLS_PASSPHRASE_WRONG', `The client key could not be decrypted (${firstLine(text)}).`, 'Check CLAUDE_CODE_CLIENT_KEY_PASSPHRASE: it must be the passphrase of the key in CLAUDE_CODE_CLIENT_KEY.', 'CLAUDE_CODE_CLIENT_KEY_PASSPHRASE');
  }
  if (codes.includes('ERR_OSSL_X509_KEY_VALUES_MISMATCH') || /key values mismatch/i.test(text)) {
    return mk('CERT_FILE_INVALID', `The client key does not belong to the client certificate (${firstLine(text)}).`, 'Point CLAUDE_CODE_CLIENT_KEY at the private key issued with the certificate in CLAUDE_CODE_CLIENT_CERT (or the certificate at the one issued for this key).', 'CLAUDE_CODE_CLIENT_KEY');
  }
  // OpenSSL decodes a key through its DECODER routines and a certificate through PEM/ASN.1.
  if (/unable to load private key|DECODER routines/i.test(text)) {
    return mk('CERT_FILE_INVALID', `The client key could not be loaded (${firstLine(text)}).`, 'Point CLAUDE_CODE_CLIENT_KEY at the PEM private key issued with CLAUDE_CODE_CLIENT_CERT (and set CLAUDE_CODE_CLIENT_KEY_PASSPHRASE if it is encrypted).', 'CLAUDE_CODE_CLIENT_KEY');
  }
  if (codes.some((c) => c.startsWith('ERR_OSSL_PEM') || c.startsWith('ERR_OSSL_ASN1'))) {
    return mk('CERT_FILE_INVALID', `The client certificate could not be loaded (${firstLine(text)}).`, 'Point CLAUDE_CODE_CLIENT_CERT at the PEM certificate issued for this endpoint (convert DER with `openssl x509 -inform der -in client.cer -out client.pem`).', 'CLAUDE_CODE_CLIENT_CERT');
  }
  // Any other OpenSSL failure comes from setting up TLS with the configured certificate files,
  // not from the network.
  if (codes.some((c) => c.startsWith('ERR_OSSL_'))) {
    return mk('CERT_FILE_INVALID', `The client certificate or key could not be used (${firstLine(text)}).`, 'Check CLAUDE_CODE_CLIENT_CERT and CLAUDE_CODE_CLIENT_KEY: a PEM certificate and the PEM private key issued with it.', 'CLAUDE_CODE_CLIENT_CERT');
  }
  return mk('NETWORK_UNREACHABLE', `${host} could not be reached${via}: ${firstLine(text)}${codes.find(Boolean) ? ` (${codes.find(Boolean)})` : ''}.`, route ? `Check the network and the proxy, or add ${host} to NO_PROXY.` : 'Check the endpoint URL and the network; behind a corporate proxy set HTTPS_PROXY.');
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 300);
}
