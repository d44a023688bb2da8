// The HTTP transport (undici): the proxy Claude Code would use for each URL (HTTPS_PROXY /
// HTTP_PROXY: CONNECT for https targets, absolute-form requests for plain http; proxy
// credentials; NO_PROXY), the trusted CAs (CLAUDE_CODE_CERT_STORE's bundled and system sets,
// NODE_EXTRA_CA_CERTS), the client certificate (CLAUDE_CODE_CLIENT_CERT / _KEY /
// _KEY_PASSPHRASE), a timeout (API_TIMEOUT_MS). The decisions (which proxy, which files, which
// CA sets) come from the core's resolution; this module only connects. Network failures, also
// those while the response body arrives, become ClaudeProviderErrors with a fix; an abort stays
// the caller's abort error, and ends a connection still being made.
import { readFileSync } from 'node:fs';
import { isIP, Socket } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { Agent, buildConnector, DecoratorHandler, type Dispatcher, errors, Pool, ProxyAgent, request } from 'undici';
import type { CertStore, ConfigInput, PathSetting, Problem, ProxyRoute, Resolution } from '../types/index.js';
import { ClaudeProviderError } from './errors.js';
import { coreProxyRefusal, coreProxyRoute, type SendableRequest } from './native.js';
import { loadClientKey } from './pem-files.js';

export interface TransportOptions {
  config: ConfigInput;
  resolution: Resolution;
  /** The environment Claude Code's process would have (for the key passphrase). */
  env: Record<string, string>;
  /** Overrides API_TIMEOUT_MS. */
  timeoutMs?: number;
  /**
   * The project directory, where Claude Code runs: relative certificate paths
   * (NODE_EXTRA_CA_CERTS, CLAUDE_CODE_CLIENT_CERT / _KEY) are taken from it. Default:
   * `process.cwd()`.
   */
  cwd?: string;
  /**
   * Told what the transport works around rather than fails on (a NODE_EXTRA_CA_CERTS file that
   * cannot be read or holds no certificate: ignored, as Node does, `CERT_FILE_INVALID`), and of
   * a trust store that holds no CA at all (`CERT_STORE_INVALID`: every TLS connection would
   * fail). Default:
   * `process.emitWarning(message, { code, detail: help })`.
   */
  onWarning?: (problem: Problem) => void;
  /**
   * PEM bundles that stand for the operating system's trust store (`system` in
   * CLAUDE_CODE_CERT_STORE); the first one that can be read and holds a certificate is used.
   * Default: Node's own view of the system store where it has one
   * (`tls.getCACertificates('system')`), else the Linux distributions' bundle files.
   */
  systemCaFiles?: string[];
}

export interface Response {
  status: number;
  headers: [string, string][];
  contentType: string | undefined;
  /** Errors while it arrives are ClaudeProviderErrors (`REQUEST_TIMEOUT`, `STREAM_TRUNCATED`). */
  body: AsyncIterable<Uint8Array> & { text(): Promise<string>; arrayBuffer(): Promise<ArrayBuffer> };
}

/** What the TLS context is made of. */
interface TlsFiles {
  ca: string[];
  cert?: Buffer;
  key?: Buffer;
  passphrase?: string;
  /** The variables that named the certificate and key, and their paths as messages show them. */
  certVar?: string;
  certShown?: string;
  keyVar?: string;
  keyShown?: string;
}

/**
 * Where Linux distributions keep the system trust store as one PEM bundle (the files OpenSSL,
 * Go and curl read): Debian/Ubuntu/Arch/Gentoo, Fedora/RHEL, openSUSE, OpenELEC, RHEL 7+,
 * Alpine (and macOS's snapshot).
 */
const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

/** The system store's CAs, and where they came from (for messages). */
interface SystemStore {
  cas: string[];
  /** Where the CAs were read: a file, or Node's view of the OS store. */
  source?: string;
  /** Why there are none (when `cas` is empty). */
  missing?: string;
}

let defaultSystemStore: SystemStore | undefined;

const PEM_CERTIFICATE = /-----BEGIN (TRUSTED |X509 )?CERTIFICATE-----/;

/**
 * The operating system's trusted CAs. Node 22.15+/23.10+ reads the system store itself
 * (`tls.getCACertificates('system')`: the keychain on macOS, the certificate store on Windows,
 * OpenSSL's default locations on Linux). Older Node has no way to reach it, so on Linux this
 * reads the distribution's bundle, which is what OpenSSL's default locations hold there; on
 * macOS and Windows such a Node finds nothing (and only the bundled set is trusted, if
 * CLAUDE_CODE_CERT_STORE includes it).
 */
function systemStore(files: string[] | undefined): SystemStore {
  const fromFiles = (list: string[]): SystemStore => {
    for (const f of list) {
      try {
        const text = readFileSync(f, 'utf8');
        if (PEM_CERTIFICATE.test(text)) return { cas: [text], source: f };
      } catch {
        // next
      }
    }
    return { cas: [], missing: list.length ? `no readable PEM bundle among ${list.join(', ')}` : 'no bundle file is named for it' };
  };
  if (files) return fromFiles(files);
  if (!defaultSystemStore) {
    const get = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
    if (typeof get === 'function') {
      const cas = get('system');
      defaultSystemStore = cas.length ? { cas, source: "Node's view of the operating system's store" } : { cas, missing: "Node's view of the operating system's store (tls.getCACertificates('system')) is empty" };
    } else if (process.platform === 'darwin' || process.platform === 'win32') {
      const store = process.platform === 'darwin' ? 'the macOS keychain' : "Windows' certificate store";
      defaultSystemStore = { cas: [], missing: `Node ${process.version} cannot read ${store} (tls.getCACertificates needs Node 22.15+ or 23.10+)` };
    } else {
      defaultSystemStore = fromFiles(SYSTEM_BUNDLES);
    }
  }
  return defaultSystemStore;
}

/** The trusted CAs for a cert store setting: bundled (Node's Mozilla set), system, both. */
export function trustedCas(store: CertStore, systemCaFiles?: string[]): string[] {
  return [...(store.bundled ? tls.rootCertificates : []), ...(store.system ? systemStore(systemCaFiles).cas : [])];
}

/** What CLAUDE_CODE_CERT_STORE's sets come to here, as a clause ("… are trusted"); none: nothing is. */
function describeTrust(store: CertStore, system: SystemStore): string | undefined {
  const from = system.source ? ` (${system.source})` : '';
  const hasSystem = store.system && system.cas.length > 0;
  if (store.bundled && hasSystem) return `Node's bundled CAs and the system store's${from} are trusted`;
  if (store.bundled) return `Node's bundled CAs are trusted${store.system ? ` (the system store is empty here: ${system.missing})` : ''}`;
  if (hasSystem) return `the system store's CAs${from} are trusted`;
  return undefined;
}

/** What a TLS probe of an endpoint found (see `Transport.probeTls`). */
type Probe = { error: string } | 'closed' | undefined;

/**
 * One TLS handshake with an endpoint and a `HEAD /` after it (see `Transport.handshakeOnce`):
 * where it stopped. `tunnel`: the proxy did not open one; `timeout`: the TCP connect or the
 * handshake got no answer in time; `failed`: the connection or the handshake failed; `secured`:
 * the handshake completed, and what came of the `HEAD /`: an HTTP status, the connection closed
 * (`closed`) or failed (`error`) without an answer, or nothing in time (`silent`).
 */
type HandshakeAttempt =
  | { stage: 'tunnel'; error: unknown }
  | { stage: 'timeout'; phase: 'tcp' | 'tls' }
  | { stage: 'failed'; error: NodeJS.ErrnoException; closedEarly?: boolean }
  | { stage: 'secured'; protocol: string; answer: { status: number } | { error: NodeJS.ErrnoException } | 'closed' | 'silent' | 'notHttp' };

/** What {@link Transport.probeHandshake} found: the handshake completed. */
export interface HandshakeResult {
  /** The endpoint's `host:port`. */
  host: string;
  /** The proxy the handshake went through (a CONNECT tunnel), or null: direct. */
  via: ProxyRoute | null;
  /** The TLS version negotiated (`TLSv1.3`). */
  protocol: string;
  /** A client certificate is configured (offered when the server asks for one). */
  clientCert: boolean;
  /**
   * What the endpoint did with a `HEAD /` sent after the handshake: answered (its HTTP status),
   * something that is not HTTP (`notHttp`), or nothing within the probe's time (`silent`: the
   * TLS side is up, the service behind it is not answering).
   */
  answer: { status: number } | 'silent' | 'notHttp';
}

/** Marks an error raised while connecting to the proxy itself (not to the endpoint through it). */
const PROXY_LEG = Symbol('claude-provider proxy connection');
/**
 * Marks an error raised while opening a tunnel through the proxy: the CONNECT exchange, then the
 * TLS handshake with the endpoint inside the tunnel (an error of the proxy's own connection is
 * also marked PROXY_LEG).
 */
const TUNNEL_LEG = Symbol('claude-provider tunnel');
/**
 * The failures {@link networkError} names on the hop to the proxy itself (down, its 407, its own
 * certificate), not on the way to the endpoint behind it: for `explained()` in client.ts, which
 * names only the configuration problems that can cause a failure where it happened.
 */
const proxyHop = new WeakSet<object>();

/** Whether `e` failed on the hop to the proxy itself (see {@link proxyHop}). */
export function isProxyHopFailure(e: unknown): boolean {
  return typeof e === 'object' && e !== null && proxyHop.has(e);
}

/** The status a proxy answered instead of forwarding the request (an absolute-form 407). */
const PROXY_ANSWER = Symbol('claude-provider proxy answer');

/**
 * Marks a connection failure as the proxy's (`proxy`: connecting to it, or its answer to
 * CONNECT) or the tunnel's (`tunnel`: the TLS handshake with the endpoint inside it), for
 * {@link networkError}: the auth libraries' agent (`auth-agent.ts`) marks its failures as the
 * transport's connectors do, so that both are named alike. Returns `err`.
 */
export function markConnectFailure<E>(err: E, leg: 'proxy' | 'tunnel'): E {
  if (err && typeof err === 'object') (err as unknown as Record<symbol, boolean>)[leg === 'proxy' ? PROXY_LEG : TUNNEL_LEG] = true;
  return err;
}

/** Marks a direct connect timeout with what got no answer, as the transport's connectors do. */
export function markConnectPhase<E>(err: E, phase: 'tcp' | 'tls'): E {
  if (err && typeof err === 'object') (err as unknown as Record<symbol, string>)[CONNECT_PHASE] = phase;
  return err;
}

/** The error for a proxy that answered `status` instead of opening a tunnel (or forwarding). */
export function proxyRefusal(status: number): Error {
  return Object.assign(new Error(`The proxy answered HTTP ${status} instead of opening a tunnel`), { [PROXY_ANSWER]: status });
}

/**
 * What had not answered when a direct connection timed out (undici's error is the same for
 * both): `tcp`, the TCP connect, or `tls`, the TLS handshake after it.
 */
const CONNECT_PHASE = Symbol('claude-provider connect phase');

/**
 * The connection attempts started for the request being dispatched, so that an abort while
 * connecting can cancel them (see {@link abortWhileConnecting}). undici calls a client's
 * connector synchronously from `dispatch`, and a client that is connecting takes no other
 * request, so what starts while one request's dispatch runs is that request's.
 */
let attemptsOfDispatch: AbortController[] | undefined;

/**
 * A connector that (1) marks its failures with `mark` (the hop, for {@link networkError}),
 * (2) marks a connect timeout with the phase that got no answer (`CONNECT_PHASE`), and (3) can
 * be cancelled by the request it was started for: the socket it makes is destroyed, and a
 * connector that makes no socket itself (ProxyAgent's tunnel, which sends CONNECT) gets an
 * `AbortSignal` as `opts.signal`, which undici's ProxyAgent hands to its CONNECT request.
 */
function watched<T>(connect: T, mark?: typeof PROXY_LEG | typeof TUNNEL_LEG): T {
  if (typeof connect !== 'function') return connect;
  type Callback = (err: Error | null, socket: unknown) => void;
  return ((opts: Record<string, unknown>, callback: Callback) => {
    const attempts = attemptsOfDispatch;
    const attempt = attempts ? new AbortController() : undefined;
    if (attempts && attempt) {
      attempts.push(attempt);
      attemptSignals.add(attempt.signal);
    }
    let tcpDone = false;
    const made: unknown = (connect as (o: unknown, cb: Callback) => unknown)(attempt ? { ...opts, signal: attempt.signal } : opts, (err, socket) => {
      // Made or failed: nothing left to cancel. (undici 6's ProxyAgent may call back twice
      // for a CONNECT answered other than 200.)
      if (attempts && attempt && attempts.includes(attempt)) attempts.splice(attempts.indexOf(attempt), 1);
      if (err && typeof err === 'object') {
        const e = err as unknown as Record<symbol, unknown>;
        if (mark) e[mark] = true;
        if (made instanceof Socket && codeOf(err as ErrorLike) === 'UND_ERR_CONNECT_TIMEOUT') markConnectPhase(err, tcpDone ? 'tls' : 'tcp');
      }
      callback(err, socket);
    });
    if (made instanceof Socket) {
      // A TLS socket emits 'connect' once its TCP connection is up, before the handshake.
      made.once('connect', () => (tcpDone = true));
      attempt?.signal.addEventListener('abort', () => made.destroy(cancelled()), { once: true });
    }
    return made;
  }) as T;
}

/**
 * A connector that sends no SNI for an IP address. undici 6's ProxyAgent names an https://
 * proxy given as an IP as the TLS server name of its connection (its URL's hostname: an IPv6
 * address in brackets, `[::1]`), which TLS forbids (RFC 6066 § 3) and Node answers with a
 * DEP0123 warning on stderr; for IPv6 Node even checks the certificate against `[::1]` as a DNS
 * name. Without it, the certificate is checked against the IP (undici passes it as the host).
 */
function noIpServername<T>(connect: T): T {
  if (typeof connect !== 'function') return connect;
  return ((opts: { servername?: unknown }, callback: unknown) =>
    (connect as (o: unknown, cb: unknown) => unknown)(typeof opts.servername === 'string' && isIP(bareHost(opts.servername)) ? { ...opts, servername: undefined } : opts, callback)) as T;
}

/**
 * undici's DecoratorHandler (it passes every callback on to the handler it wraps), typed with
 * the callbacks it has: its declaration lists none.
 */
const Decorator = DecoratorHandler as unknown as new (handler: Dispatcher.DispatchHandlers) => {
  onConnect(abort: (err?: Error) => void): void;
  onError(err: Error): void;
  onUpgrade(statusCode: number, headers: Buffer[] | string[] | null, socket: Duplex): void;
};

/**
 * The error a cancelled connection attempt's socket is destroyed with: a socket destroyed
 * without one ends the TLS handshake over it silently, and its connector would never answer.
 */
function cancelled(): Error {
  return new errors.RequestAbortedError('The request was aborted while connecting');
}

/** The signals of the connection attempts `watched` starts (a CONNECT sent with one opens a tunnel for it). */
const attemptSignals = new WeakSet<AbortSignal>();

/**
 * A request's handler that takes its signal's abort before the request has a connection:
 * undici tells a request of its abort only once its connection is made (`onConnect`,
 * nodejs/undici#386), so an abort while connecting would wait for the connect timeout and then
 * reject with the connect error. This rejects at once with the signal's reason, and cancels
 * the connection attempts started for the request. From `onConnect` on, undici's own abort
 * handling takes over.
 */
class AbortWhileConnecting extends Decorator {
  private aborted = false;
  private readonly stopListening: () => void;

  constructor(
    handler: Dispatcher.DispatchHandlers,
    private readonly signal: AbortSignal,
    attempts: AbortController[],
  ) {
    super(handler);
    const onAbort = () => {
      this.aborted = true;
      super.onError(signal.reason);
      // Their errors are not the caller's: the signal's reason goes back untouched.
      for (const a of [...attempts]) a.abort(cancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    this.stopListening = () => signal.removeEventListener('abort', onAbort);
  }

  override onConnect(abort: (err?: Error) => void): void {
    // The connection was made before the cancelled attempt noticed: the request does not go.
    if (this.aborted) return abort(this.signal.reason);
    this.stopListening();
    return super.onConnect(abort);
  }

  override onError(err: Error): void {
    // The request was already rejected with the abort; this is the cancelled connection's error.
    if (this.aborted) return;
    this.stopListening();
    return super.onError(err);
  }

  override onUpgrade(statusCode: number, headers: Buffer[] | string[] | null, socket: Duplex): void {
    // A tunnel opened for a connection attempt (ProxyAgent's CONNECT): the TLS handshake with
    // the endpoint still runs through it, and the attempt's cancellation closes it.
    if (attemptSignals.has(this.signal)) this.signal.addEventListener('abort', () => socket.destroy(cancelled()), { once: true });
    return super.onUpgrade(statusCode, headers, socket);
  }
}

/** `d`, with an abort while a request's connection is being made taken at once (AbortWhileConnecting). */
function abortWhileConnecting(d: Dispatcher): Dispatcher {
  return d.compose((dispatch) => (opts, handler) => {
    const signal = (opts as { signal?: unknown }).signal;
    if (!(signal instanceof AbortSignal)) return dispatch(opts, handler);
    if (signal.aborted) {
      handler.onError?.(signal.reason);
      return true;
    }
    const attempts: AbortController[] = [];
    const outer = attemptsOfDispatch;
    attemptsOfDispatch = attempts;
    try {
      return dispatch(opts, new AbortWhileConnecting(handler, signal, attempts));
    } finally {
      attemptsOfDispatch = outer;
    }
  });
}

/**
 * How long connecting may take: the TCP and TLS handshakes, and a proxy's answer to CONNECT
 * (API_TIMEOUT_MS, at most a minute).
 */
export function connectTimeout(timeoutMs: number): number {
  return Math.min(timeoutMs, 60_000);
}

/** A request's headers as one object (request() passes an object; undici also allows pairs). */
function headerRecord(h: Dispatcher.DispatchOptions['headers']): Record<string, string | string[] | undefined> {
  if (!h) return {};
  if (Array.isArray(h)) {
    const out: Record<string, string> = {};
    for (let i = 0; i + 1 < h.length; i += 2) out[h[i]!] = h[i + 1]!;
    return out;
  }
  if (Symbol.iterator in h) return Object.fromEntries(h as Iterable<[string, string | string[] | undefined]>);
  return { ...h };
}

/**
 * Plain-http requests through a proxy: in absolute form (`POST http://host:port/path HTTP/1.1`)
 * on a connection to the proxy, which is TLS for an https:// proxy, as curl sends them and RFC 9112
 * § 3.2.2 asks; never a CONNECT tunnel. (undici 6's ProxyAgent does this for an http:// proxy
 * only, with `proxyTunnel: false`: through an https:// one it always tunnels.) `proxyTls` is the
 * connection's: the trusted CAs for an https:// proxy, and the connect timeout.
 */
function absoluteFormProxy(route: ProxyRoute, proxyTls: buildConnector.BuildOptions): Dispatcher {
  const pool = new Pool(new URL(route.url).origin, { connect: watched(buildConnector(proxyTls), PROXY_LEG) });
  return pool.compose((dispatch) => (opts, handler) => {
    const target = new URL(String(opts.origin));
    const headers = headerRecord(opts.headers);
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'host')) headers.host = target.host;
    if (route.authorization) headers['proxy-authorization'] = route.authorization;
    return dispatch({ ...opts, path: `${target.origin}${opts.path}`, headers }, handler);
  });
}

/**
 * CONNECT tunnels through one proxy, as the transport's ProxyAgent opens them (for the auth
 * libraries' agent, and the TLS probe of a failed https request): undici's own
 * CONNECT, on a connection to the proxy that takes the connect timeout (TCP, and TLS to an
 * https:// proxy, trusting the transport's CAs), and a CONNECT the proxy does not answer within
 * it fails then. (https-proxy-agent, used before, has no timeout: a proxy that took the TCP
 * connection and never answered held the auth flow for ever.)
 */
export class ProxyTunnels {
  private readonly pool: Pool;

  constructor(
    private readonly route: ProxyRoute,
    secureContext: tls.SecureContext,
    timeout: number,
  ) {
    const connector = buildConnector({ timeout, ...(new URL(route.url).protocol === 'https:' ? { secureContext } : {}) });
    this.pool = new Pool(new URL(route.url).origin, {
      headersTimeout: timeout,
      // Failures to reach the proxy name the proxy.
      connect: (opts, callback) => connector(opts, (err, socket) => (err ? callback(markConnectFailure(err, 'proxy'), null) : callback(null, socket))),
    });
  }

  /**
   * A socket to `authority` (`host:port`) through the proxy. Anything but a 200 fails, as the
   * transport's CONNECT does: the library would otherwise read the proxy's 407 as the
   * endpoint's. Other failures after the proxy was reached (no answer in time, a closed
   * connection) are the tunnel's.
   */
  async open(authority: string): Promise<Socket> {
    const headers: Record<string, string> = { host: authority };
    // The core's URL has no credentials; they come as the header it made of them.
    if (this.route.authorization) headers['proxy-authorization'] = this.route.authorization;
    let answer: Dispatcher.ConnectData;
    try {
      answer = await this.pool.connect({ path: authority, headers });
    } catch (e) {
      throw markConnectFailure(e, 'tunnel');
    }
    if (answer.statusCode !== 200) {
      answer.socket.destroy();
      throw proxyRefusal(answer.statusCode);
    }
    return answer.socket as Socket;
  }

  destroy(): void {
    void this.pool.destroy();
  }
}

/** `[::1]` → `::1`: what `net`/`tls` take as a host. */
export function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

export class Transport {
  private readonly files: TlsFiles;
  private readonly agents = new Map<string, Dispatcher>();
  /**
   * Agents close() took out of use, with what settles its wait for them: destroy() settles it
   * (undici's close() of an agent destroyed meanwhile never does).
   */
  private readonly closing = new Map<Dispatcher, () => void>();
  /**
   * A client certificate or key that cannot be used: thrown by send() for https targets only
   * (a plain-http endpoint never loads them). Set when a file cannot be read, or when the TLS
   * context is first built, for the first https request.
   */
  private tlsProblem: ClaudeProviderError | undefined;
  /** Why nothing is trusted, when nothing is (also in the warning given): added to TLS_UNTRUSTED. */
  private readonly noTrust: { reason: string; help: string } | undefined;
  private contexts: { full?: tls.SecureContext; caOnly?: tls.SecureContext } = {};
  readonly timeoutMs: number;

  constructor(private readonly o: TransportOptions) {
    const n = o.resolution.network;
    const cwd = o.cwd ?? process.cwd();
    const warn = o.onWarning ?? ((p: Problem) => process.emitWarning(p.message, { code: p.code, detail: p.help }));
    const where = (s: PathSetting) => {
      const abs = resolvePath(cwd, s.path);
      return { abs, shown: abs === s.path ? s.path : `${s.path} (${abs})` };
    };
    const system = n.certStore.system ? systemStore(o.systemCaFiles) : { cas: [] };
    const files: TlsFiles = { ca: [...(n.certStore.bundled ? tls.rootCertificates : []), ...system.cas] };
    const trust = describeTrust(n.certStore, system);
    if (n.extraCaCerts) {
      // Node's own NODE_EXTRA_CA_CERTS handling: a file that cannot be loaded is reported and
      // skipped; the CAs CLAUDE_CODE_CERT_STORE selects still apply (and the warning says which).
      const s = n.extraCaCerts;
      const { abs, shown } = where(s);
      const consequence = trust
        ? `it is ignored: only ${trust}, so TLS to a server signed by a private or TLS-inspection CA fails.`
        : 'it is ignored, and no other CA is trusted (see CERT_STORE_INVALID): every TLS connection fails.';
      const problem = (what: string, help: string): Problem => ({ code: 'CERT_FILE_INVALID', severity: 'warning', message: `${s.envVar}=${shown}: ${what}; ${consequence}`, help, envVar: s.envVar, file: s.file ?? null });
      let text: string | undefined;
      try {
        text = readFileSync(abs, 'utf8');
      } catch (e) {
        warn(problem(`the CA bundle cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, `Point ${s.envVar} at a readable PEM file (a relative path is taken from the project directory, ${cwd}).`));
      }
      if (text !== undefined) {
        if (PEM_CERTIFICATE.test(text)) files.ca.push(text);
        else warn(problem('the file holds no PEM certificate', `Point ${s.envVar} at the PEM CA certificate(s) (convert DER with \`openssl x509 -inform der -in ca.cer -out ca.pem\`).`));
      }
    }
    if (files.ca.length === 0) {
      // Only `system` is selected, the system store gave nothing, and NODE_EXTRA_CA_CERTS added
      // nothing: no server certificate can be verified.
      const extra = n.extraCaCerts ? ', and NODE_EXTRA_CA_CERTS adds none' : '';
      const selected = n.certStore.system ? `CLAUDE_CODE_CERT_STORE=system selects only the system store, which holds no certificate here (${system.missing ?? 'it is empty'})` : 'CLAUDE_CODE_CERT_STORE selects no CA set';
      const reason = `${selected}${extra}`;
      const help = "Set CLAUDE_CODE_CERT_STORE=bundled,system (the default, also by unsetting it) to trust Node's bundled CAs as well, and/or set NODE_EXTRA_CA_CERTS to a PEM bundle of the CAs to trust (a private or TLS-inspection CA).";
      this.noTrust = { reason, help };
      warn({ code: 'CERT_STORE_INVALID', severity: 'warning', message: `No CA is trusted: ${reason}; every TLS connection fails (https endpoints, an https proxy).`, help, envVar: 'CLAUDE_CODE_CERT_STORE', file: null });
    }
    let tlsProblem: ClaudeProviderError | undefined;
    const read = (s: PathSetting, what: string): Buffer | undefined => {
      const { abs, shown } = where(s);
      try {
        return readFileSync(abs);
      } catch (e) {
        tlsProblem ??= new ClaudeProviderError({
          code: 'CERT_FILE_INVALID',
          message: `${s.envVar}=${shown}: the ${what} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}).`,
          help: `Point ${s.envVar} at a readable PEM file (a relative path is taken from the project directory, ${cwd}).`,
          envVar: s.envVar,
          file: s.file ?? undefined,
        });
        return undefined;
      }
    };
    if (n.clientCert) {
      const cert = read(n.clientCert, 'client certificate');
      if (cert) files.cert = cert;
      files.certVar = n.clientCert.envVar;
      files.certShown = where(n.clientCert).shown;
    }
    if (n.clientKey) {
      const key = read(n.clientKey, 'client key');
      if (key) files.key = key;
      files.keyVar = n.clientKey.envVar;
      files.keyShown = where(n.clientKey).shown;
    }
    const pass = o.env.CLAUDE_CODE_CLIENT_KEY_PASSPHRASE;
    if (pass) files.passphrase = pass;
    this.files = files;
    this.tlsProblem = tlsProblem;
    this.timeoutMs = o.timeoutMs ?? (o.resolution.knobs.timeoutMs || 600_000);
  }

  /** The proxy for `url`, as the core decides it (`null`: direct). */
  route(url: string): ProxyRoute | null {
    return coreProxyRoute(this.o.config, url);
  }

  /** Why a request to `url` is refused (see {@link proxyRefusalError}), if it is. */
  unusableProxy(url: string): ClaudeProviderError | undefined {
    return proxyRefusalError(this.o.config, url);
  }

  /**
   * The TLS context for https endpoints (the trusted CAs and the client certificate), made on
   * the first https request and kept (a few hundred CA certificates take tens of milliseconds to
   * load; undici would otherwise load them again for every connection). A certificate or key
   * that cannot be used is kept as `tlsProblem` and thrown, for this and every later https
   * request; plain-http endpoints never get here, so they are not affected.
   */
  private endpointContext(): tls.SecureContext {
    if (this.tlsProblem) throw this.tlsProblem;
    if (this.contexts.full) return this.contexts.full;
    const { ca, cert, key, passphrase, keyVar, keyShown } = this.files;
    this.tlsProblem = key && keyVar && keyShown ? clientKeyProblem(key, passphrase, keyShown, keyVar) : undefined;
    if (this.tlsProblem) throw this.tlsProblem;
    try {
      return (this.contexts.full = tls.createSecureContext({ ca, ...(cert ? { cert } : {}), ...(key ? { key } : {}), ...(passphrase ? { passphrase } : {}) }));
    } catch (e) {
      throw (this.tlsProblem = tlsContextError(e, this.files));
    }
  }

  /**
   * The trusted CAs alone (no client certificate): for the TLS connection to an https proxy, and
   * for the auth libraries' own requests (`AuthOptions.caContext`), which trust what this does.
   */
  caContext(): tls.SecureContext {
    return (this.contexts.caOnly ??= tls.createSecureContext({ ca: this.files.ca }));
  }

  /**
   * The dispatcher for a route and a scheme: https endpoints' connections carry the endpoint TLS
   * context, plain-http ones none (the context, with its client certificate, is not even built
   * for them). Through a proxy, Claude Code tunnels only https with CONNECT and sends plain-http
   * requests to the proxy in absolute form (`POST http://host:port/v1/messages`), whether the
   * proxy is http:// or https://. The TLS connection to an https:// proxy trusts what the
   * endpoints' connections trust.
   */
  private dispatcher(route: ProxyRoute | null, https: boolean): Dispatcher {
    const key = `${https ? 'https' : 'http'}\0${route ? `${route.url}\0${route.authorization ?? ''}` : ''}`;
    let d = this.agents.get(key);
    if (!d) {
      const timeout = connectTimeout(this.timeoutMs);
      const connect = https ? { secureContext: this.endpointContext(), timeout } : { timeout };
      if (route) {
        const proxyTls = { timeout, ...(new URL(route.url).protocol === 'https:' ? { secureContext: this.caContext() } : {}) };
        d = https
          ? new ProxyAgent({
              uri: route.url,
              ...(route.authorization ? { token: route.authorization } : {}),
              requestTls: connect,
              proxyTls,
              // The connection to the proxy, on which undici sends CONNECT: its failures name
              // the proxy, a CONNECT it does not answer within the connect timeout fails then
              // (undici would wait for its 300 s default headers timeout), and a CONNECT whose
              // attempt is cancelled stops at once, connecting to the proxy or not.
              clientFactory: (origin: URL, opts: object) => abortWhileConnecting(new Pool(origin, { ...opts, headersTimeout: timeout, connect: watched(noIpServername((opts as { connect?: unknown }).connect), PROXY_LEG) } as Pool.Options)),
              // The endpoint's connections, which undici opens through the tunnel (CONNECT, then
              // the TLS handshake with the endpoint): their failures are the tunnel's, and an
              // abort while they are made cancels the CONNECT, or closes the tunnel.
              factory: (origin: string | URL, opts: object) => {
                const o = opts as Pool.Options & { connect?: unknown };
                return new Pool(origin, { ...o, connect: watched(o.connect, TUNNEL_LEG) } as Pool.Options);
              },
            })
          : absoluteFormProxy(route, proxyTls);
      } else {
        d = new Agent({ connect: watched(buildConnector(connect)) });
      }
      // The caller's abort also ends a request whose connection is still being made.
      d = abortWhileConnecting(d);
      this.agents.set(key, d);
    }
    return d;
  }

  /** Sends the request exactly as built. */
  async send(req: SendableRequest, signal?: AbortSignal): Promise<Response> {
    const https = req.url.startsWith('https:');
    const route = this.route(req.url);
    // Only a request with no route can be refused (the core refuses none a proxy carries): one
    // core call per request through a proxy, not two.
    const unusable = route ? undefined : this.unusableProxy(req.url);
    if (unusable) throw unusable;
    // Only an https endpoint needs the client certificate: its problems fail https alone.
    if (https) this.endpointContext();
    const headers: Record<string, string> = {};
    for (const h of req.headers) headers[h.name] = h.value;
    const dispatcher = this.dispatcher(route, https);
    try {
      const r = await request(req.url, {
        method: req.method as Dispatcher.HttpMethod,
        headers,
        ...(req.body.length === 0 && (req.method === 'GET' || req.method === 'HEAD') ? {} : { body: typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body }),
        dispatcher,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        ...(signal ? { signal } : {}),
      });
      // A 407 to an absolute-form request is the proxy's answer, not the endpoint's; so is a 401
      // that says it is the proxy's (tinyproxy's answer to a wrong password).
      if (route && !https && (r.statusCode === 407 || (r.statusCode === 401 && proxys401(r.headers)))) {
        await r.body.dump();
        throw Object.assign(new Error(`The proxy answered HTTP ${r.statusCode}`), { [PROXY_ANSWER]: r.statusCode });
      }
      const pairs: [string, string][] = [];
      for (const [k, v] of Object.entries(r.headers)) {
        if (Array.isArray(v)) for (const x of v) pairs.push([k, x]);
        else if (v !== undefined) pairs.push([k, v]);
      }
      const ct = r.headers['content-type'];
      return { status: r.statusCode, headers: pairs, contentType: Array.isArray(ct) ? ct[0] : ct, body: this.body(r.body, req.url, route, signal) };
    } catch (e) {
      // The caller's abort is not a network failure: it goes back as it came.
      if (signal?.aborted) throw e;
      // A TLS 1.3 server that wants a client certificate completes the handshake and then
      // closes the connection: undici only sees "other side closed". A TLS probe (through the
      // same proxy) reads the server's alert, or sees it close without one, so the error can
      // say what is wrong instead of "could not be reached", which would be retried.
      let probe: Probe;
      if (https && chainOf(e).some((x) => ['UND_ERR_SOCKET', 'ECONNRESET'].includes(codeOf(x)) || /other side closed/.test(x.message))) {
        probe = await this.probeTls(new URL(req.url), route);
      }
      throw probe === 'closed' ? this.closedAfterHandshake(req.url, route, e) : this.named(probe ? Object.assign(new Error(probe.error), { cause: e }) : e, req.url, route, this.timeoutMs);
    }
  }

  /** {@link networkError}, and with nothing trusted, an untrusted certificate blamed on the trust store. */
  private named(e: unknown, url: string, route: ProxyRoute | null, timeoutMs: number): unknown {
    const named = networkError(e, url, route, timeoutMs);
    if (this.noTrust && named instanceof ClaudeProviderError && named.code === 'TLS_UNTRUSTED') {
      const untrusted = new ClaudeProviderError({ code: 'TLS_UNTRUSTED', message: `${named.message.replace(/\.$/, '')}: no CA is trusted, as ${this.noTrust.reason}.`, help: this.noTrust.help, envVar: 'CLAUDE_CODE_CERT_STORE' }, { cause: e });
      if (isProxyHopFailure(named)) proxyHop.add(untrusted);
      return untrusted;
    }
    return named;
  }

  /** The response body, its failures named (a stall, a cut connection); an abort unchanged. */
  private body(raw: Dispatcher.ResponseData['body'], url: string, route: ProxyRoute | null, signal: AbortSignal | undefined): Response['body'] {
    const named = (e: unknown) => (signal?.aborted ? e : bodyError(e, url, route, this.timeoutMs));
    return {
      async *[Symbol.asyncIterator]() {
        try {
          for await (const chunk of raw) yield chunk as Uint8Array;
        } catch (e) {
          throw named(e);
        }
      },
      text: () => raw.text().catch((e: unknown) => Promise.reject(named(e))),
      arrayBuffer: () => raw.arrayBuffer().catch((e: unknown) => Promise.reject(named(e))),
    };
  }

  /**
   * A TLS handshake with the endpoint (through `route`'s proxy when there is one) that sends a
   * request once it is done: the server's alert (`error`), or `closed` when the server ended the
   * connection after the handshake without an answer or an alert (Node's TLS servers drop a
   * client certificate they reject so), or undefined when it answered or could not be probed.
   */
  private async probeTls(u: URL, route: ProxyRoute | null): Promise<Probe> {
    const a = await this.handshakeOnce(u, route, 5000);
    switch (a.stage) {
      case 'failed':
        // Closed before the handshake completed: nothing more to learn than the request's error.
        return a.closedEarly ? undefined : { error: `${a.error.code ?? ''} ${a.error.message}`.trim() };
      case 'secured':
        if (a.answer === 'closed') return 'closed';
        if (typeof a.answer === 'object' && 'error' in a.answer) return { error: `${a.answer.error.code ?? ''} ${a.answer.error.message}`.trim() };
        return undefined;
      default:
        return undefined;
    }
  }

  /**
   * The TLS handshake with an https endpoint, as requests make it (through the proxy the core
   * chooses for it, with the trusted CAs and the client certificate), each stage given at most
   * `timeoutMs`: the proxy's answer to CONNECT when there is a proxy; connecting (the TCP connect
   * and the handshake together); the answer to a `HEAD /` sent after it. Resolves when the handshake completed, saying whether the endpoint
   * then answered HTTP; throws a `ClaudeProviderError` naming what failed, as `send` names it
   * (`PROXY_UNREACHABLE`, `PROXY_AUTH_FAILED`, `TLS_UNTRUSTED`, `TLS_CLIENT_CERT_REJECTED`,
   * `CERT_FILE_INVALID`, `NETWORK_UNREACHABLE`, `REQUEST_TIMEOUT` naming the step and the limit;
   * a proxy variable the core cannot use refuses it, as it refuses a request). `doctor`'s check.
   */
  async probeHandshake(url: string, timeoutMs = 5000): Promise<HandshakeResult> {
    const u = new URL(url);
    if (u.protocol !== 'https:') throw new TypeError(`probeHandshake: ${u.protocol}// has no TLS handshake`);
    const route = this.route(url);
    const unusable = route ? undefined : this.unusableProxy(url);
    if (unusable) throw unusable;
    this.endpointContext();
    const a = await this.handshakeOnce(u, route, timeoutMs);
    const host = hostOf(url);
    const via = route ? ` through the proxy ${route.displayUrl} (${route.envVar})` : '';
    const seconds = `${timeoutMs / 1000} s`;
    switch (a.stage) {
      case 'tunnel':
      case 'failed':
        throw this.named(a.error, url, route, timeoutMs);
      case 'timeout': {
        const tcp = a.phase === 'tcp';
        const message = tcp
          ? `${host} did not answer the TCP connect within ${seconds}: nothing accepted the connection.`
          : `${host} did not answer the TLS handshake within ${seconds}${via}: the ${route ? 'proxy opened the tunnel' : 'TCP connection was accepted'}, but the handshake did not finish.`;
        const help = tcp
          ? `Check the host and port in the endpoint URL, and that a firewall lets connections to ${connectTarget(url)} through; behind a corporate proxy set HTTPS_PROXY.`
          : `Check that ${connectTarget(url)} serves https (something that speaks another protocol, or a firewall that accepts connections and drops them, stays silent like this)${route ? ` and that the proxy's connection to it works, or add ${u.hostname} to NO_PROXY to bypass the proxy` : ''}.`;
        throw new ClaudeProviderError({ code: 'REQUEST_TIMEOUT', message, help });
      }
      case 'secured': {
        const clientCert = this.files.certVar !== undefined;
        if (a.answer === 'closed') throw this.closedAfterHandshake(url, route, new Error('closed after the TLS handshake'));
        if (typeof a.answer === 'object' && 'error' in a.answer) {
          const err = a.answer.error;
          if (err.code === 'ECONNRESET' || err.code === 'EPIPE') throw this.closedAfterHandshake(url, route, err);
          throw this.named(err, url, route, timeoutMs);
        }
        return { host, via: route, protocol: a.protocol, clientCert, answer: a.answer };
      }
    }
  }

  /** One handshake (see {@link HandshakeAttempt}); never throws but for an unusable client certificate. */
  private async handshakeOnce(u: URL, route: ProxyRoute | null, timeoutMs: number): Promise<HandshakeAttempt> {
    const host = bareHost(u.hostname);
    const port = Number(u.port || 443);
    const secureContext = this.endpointContext();
    let tunnels: ProxyTunnels | undefined;
    let socket: Duplex | undefined;
    if (route) {
      tunnels = new ProxyTunnels(route, this.caContext(), timeoutMs);
      try {
        socket = await tunnels.open(`${u.hostname}:${port}`);
      } catch (error) {
        tunnels.destroy();
        return { stage: 'tunnel', error };
      }
    }
    return new Promise<HandshakeAttempt>((resolve) => {
      const s = tls.connect({ ...(socket ? { socket } : { host, port }), servername: isIP(host) ? '' : host, secureContext });
      let protocol: string | undefined;
      let tcpDone = Boolean(socket);
      let settled = false;
      const done = (v: HandshakeAttempt) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        s.destroy();
        tunnels?.destroy();
        resolve(v);
      };
      // One limit for connecting (the TCP connect, then the handshake), another for the answer.
      let timer = setTimeout(() => done({ stage: 'timeout', phase: tcpDone ? 'tls' : 'tcp' }), timeoutMs);
      s.once('connect', () => (tcpDone = true));
      s.once('secureConnect', () => {
        protocol = s.getProtocol() ?? 'TLS';
        clearTimeout(timer);
        timer = setTimeout(() => done({ stage: 'secured', protocol: protocol!, answer: 'silent' }), timeoutMs);
        s.write(`HEAD / HTTP/1.1\r\nhost: ${u.host}\r\nconnection: close\r\n\r\n`);
      });
      s.once('data', (d: Buffer) => {
        const m = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(d.toString('latin1'));
        done({ stage: 'secured', protocol: protocol ?? 'TLS', answer: m ? { status: Number(m[1]) } : 'notHttp' });
      });
      s.once('error', (error: NodeJS.ErrnoException) => done(protocol ? { stage: 'secured', protocol, answer: { error } } : { stage: 'failed', error }));
      s.once('end', () => done(protocol ? { stage: 'secured', protocol, answer: 'closed' } : { stage: 'failed', error: Object.assign(new Error('the connection was closed during the TLS handshake'), { code: 'ECONNRESET' }), closedEarly: true }));
    });
  }

  /**
   * The endpoint closed the connection right after the TLS handshake, without an alert or an
   * answer, also to the probe. With a client certificate configured, that is what a server that
   * checks certificates after the handshake does with one it rejects. Without one, it is most
   * often a TLS-terminating proxy or load balancer with no healthy backend (an AWS NLB TLS
   * listener, stunnel, HAProxy or Envoy in TCP mode): `NETWORK_UNREACHABLE`, retried, whose help
   * also names the client certificate, since a server that requires one could do the same.
   */
  private closedAfterHandshake(url: string, route: ProxyRoute | null, cause: unknown): ClaudeProviderError {
    const host = hostOf(url);
    const via = route ? ` through the proxy ${route.displayUrl} (${route.envVar})` : '';
    const closed = `${host} closed the connection right after the TLS handshake${via}, without an answer`;
    const { certVar, certShown, keyVar } = this.files;
    if (!certVar) {
      const help = `The server, or a TLS-terminating proxy or load balancer in front of it, most likely has no working backend: check that ${host} is up${route ? ' and reachable from the proxy' : ''}. A server that requires a client certificate also closes so: then set CLAUDE_CODE_CLIENT_CERT and CLAUDE_CODE_CLIENT_KEY to the certificate and key issued for this endpoint.`;
      return new ClaudeProviderError({ code: 'NETWORK_UNREACHABLE', message: `${closed}: its service behind TLS did not answer.`, help }, { cause });
    }
    const help = `Check that ${certVar} and ${keyVar ?? 'CLAUDE_CODE_CLIENT_KEY'} are the certificate and key issued for this endpoint (signed by a CA it trusts, not expired).`;
    return new ClaudeProviderError({ code: 'TLS_CLIENT_CERT_REJECTED', message: `${closed}: it most likely does not accept the client certificate ${certShown} (${certVar}).`, help, envVar: certVar }, { cause });
  }

  /**
   * Closes the connections once the requests in flight have finished. They are taken out of
   * use first: a request sent meanwhile or later opens new ones.
   */
  async close(): Promise<void> {
    const agents = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(
      agents.map((a) =>
        new Promise<void>((resolve, reject) => {
          this.closing.set(a, resolve);
          a.close().then(resolve, reject);
        }).finally(() => this.closing.delete(a)),
      ),
    );
  }

  /**
   * Closes the connections now: the requests in flight fail. Those of connections close() is
   * already waiting for are not ended (undici does not end them once closing), but close()
   * stops waiting for them.
   */
  async destroy(): Promise<void> {
    const closing = [...this.closing];
    const agents = [...this.agents.values(), ...closing.map(([a]) => a)];
    this.agents.clear();
    this.closing.clear();
    await Promise.all(agents.map((a) => a.destroy()));
    for (const [, settled] of closing) settled();
  }
}

/**
 * An encrypted PEM client key checked against the passphrase before any connection, so the
 * error says which of the two is wrong: OpenSSL's own failure for either ("bad decrypt", or a
 * decoder error when a wrong passphrase happens to yield valid padding) names neither.
 */
function clientKeyProblem(key: Buffer, passphrase: string | undefined, path: string, keyVar: string): ClaudeProviderError | undefined {
  const loaded = loadClientKey(key, passphrase);
  if (!('fault' in loaded) || loaded.fault === 'unloadable') return undefined;
  const envVar = 'CLAUDE_CODE_CLIENT_KEY_PASSPHRASE';
  if (loaded.fault === 'passphraseMissing') {
    return new ClaudeProviderError({
      code: 'MTLS_PASSPHRASE_MISSING',
      message: `The client key ${path} (${keyVar}) is encrypted and ${envVar} is not set.`,
      help: `Set ${envVar} to the key's passphrase.`,
      envVar,
    });
  }
  return new ClaudeProviderError({
    code: 'MTLS_PASSPHRASE_WRONG',
    message: `${envVar} does not decrypt the client key ${path} (${keyVar}).`,
    help: `Check ${envVar}: it must be the passphrase of that key (or point ${keyVar} at the key it belongs to).`,
    envVar,
  });
}

/**
 * OpenSSL's failure to build the TLS context from the client certificate and key, named with
 * the variable and file at fault. "bad decrypt" without a passphrase is a missing one (a key
 * encrypted in a way clientKeyProblem did not recognize), not a wrong one.
 */
export function tlsContextError(e: unknown, files: { passphrase?: string; certVar?: string; certShown?: string; keyVar?: string; keyShown?: string }): ClaudeProviderError {
  const chain = chainOf(e);
  const text = chain.map((x) => x.message).join(' / ');
  const keyVar = files.keyVar ?? 'CLAUDE_CODE_CLIENT_KEY';
  const key = files.keyShown ? `the client key ${files.keyShown} (${keyVar})` : `the client key (${keyVar})`;
  const passVar = 'CLAUDE_CODE_CLIENT_KEY_PASSPHRASE';
  if (!files.passphrase && /bad decrypt|BAD_DECRYPT|bad password/i.test(text)) {
    return new ClaudeProviderError({ code: 'MTLS_PASSPHRASE_MISSING', message: `OpenSSL could not load ${key} without a passphrase (${firstLine(text)}): it is encrypted and ${passVar} is not set.`, help: `Set ${passVar} to the key's passphrase.`, envVar: passVar }, { cause: e });
  }
  const named = networkError(e, '', null);
  if (!(named instanceof ClaudeProviderError) || !['CERT_FILE_INVALID', 'MTLS_PASSPHRASE_WRONG'].includes(named.code)) {
    return new ClaudeProviderError({ code: 'CERT_FILE_INVALID', message: `The client certificate or key could not be used (${firstLine(text)}).`, help: 'Check CLAUDE_CODE_CLIENT_CERT and CLAUDE_CODE_CLIENT_KEY: a PEM certificate and the PEM private key issued with it.', envVar: files.certVar ?? 'CLAUDE_CODE_CLIENT_CERT' }, { cause: e });
  }
  // Name the file the variable points at.
  const shown = named.envVar === files.keyVar ? files.keyShown : named.envVar === files.certVar ? files.certShown : undefined;
  const message = shown ? named.message.replace(/^The client (certificate|key)(?! or key)/, (m) => `${m} ${shown}`) : named.message;
  return new ClaudeProviderError({ code: named.code, message, help: named.help, ...(named.envVar ? { envVar: named.envVar } : {}) }, { cause: e });
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

type ErrorLike = Error & { code?: unknown; syscall?: unknown; address?: unknown; port?: unknown; hostname?: unknown; [PROXY_LEG]?: boolean; [TUNNEL_LEG]?: boolean; [PROXY_ANSWER]?: number; [CONNECT_PHASE]?: 'tcp' | 'tls' };

/** The error, its causes and an AggregateError's errors (Node's connection attempts per address). */
function chainOf(e: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  const walk = (x: unknown) => {
    if (!(x instanceof Error) || out.length >= 12 || out.includes(x as ErrorLike)) return;
    out.push(x as ErrorLike);
    if (x instanceof AggregateError) for (const y of x.errors) walk(y);
    walk((x as { cause?: unknown }).cause);
  };
  walk(e);
  return out;
}

/** A string error code (Node's and undici's); a DOMException's numeric `code` is not one. */
function codeOf(x: ErrorLike): string {
  return typeof x.code === 'string' ? x.code : '';
}

/** The `host:port` a CONNECT for `url` names. */
function connectTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === 'http:' ? 80 : 443)}`;
  } catch {
    return url;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * The HTTP status the proxy answered instead of letting the request through: undici's error for
 * a CONNECT not answered 200 (its class and message are all it carries), or send()'s for a 407
 * to an absolute-form request.
 */
function proxyStatus(chain: ErrorLike[]): number | undefined {
  for (const x of chain) {
    if (codeOf(x) === 'UND_ERR_ABORTED') {
      const m = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling$/.exec(x.message);
      if (m) return Number(m[1]);
    }
    if (typeof x[PROXY_ANSWER] === 'number') return x[PROXY_ANSWER];
  }
  return undefined;
}

/**
 * Whether a 401 to an absolute-form request is the proxy's own: tinyproxy answers a wrong
 * password with `401` and `WWW-Authenticate: Basic realm="Tinyproxy"` (`Server: tinyproxy/…`),
 * and `Proxy-Authenticate` only ever comes from a proxy. A 401 the endpoint sent through the
 * proxy has neither.
 */
function proxys401(headers: Record<string, string | string[] | undefined>): boolean {
  const h = (name: string) => [headers[name] ?? []].flat().join(' ');
  return h('proxy-authenticate') !== '' || /tinyproxy/i.test(`${h('server')} ${h('www-authenticate')}`);
}

/** Whether a socket or DNS error is about the proxy's own address (not the endpoint's). */
function atProxy(x: ErrorLike, route: ProxyRoute): boolean {
  if (x[PROXY_LEG]) return true;
  let u: URL;
  try {
    u = new URL(route.url);
  } catch {
    return false;
  }
  const host = bareHost(u.hostname);
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  if (x.syscall === 'getaddrinfo') return x.hostname === host;
  if (x.syscall !== 'connect' || x.port !== port) return false;
  // A proxy named by host name is matched by port: its addresses are what DNS gave.
  return !isIP(host) || x.address === host || (typeof x.address === 'string' && isIP(x.address) === 6 && isIP(host) === 6 && sameV6(x.address, host));
}

function sameV6(a: string, b: string): boolean {
  const norm = (s: string) => new URL(`http://[${s}]/`).hostname;
  try {
    return norm(a) === norm(b);
  } catch {
    return false;
  }
}

/**
 * Why a request to `url` is refused, as the core decides it (`proxyRefusal`): a proxy variable
 * that is set but unusable (no scheme, SOCKS, a password that breaks the URL) when NO_PROXY does
 * not exempt `url`. Sending it direct would bypass the proxy the configuration asks for (Claude
 * Code does not go direct either: its requests fail), so that problem is the error.
 */
export function proxyRefusalError(config: ConfigInput, url: string): ClaudeProviderError | undefined {
  const p = coreProxyRefusal(config, url);
  return p ? new ClaudeProviderError({ code: p.code, message: `${p.message} Nothing was sent (not direct either).`, help: p.help, envVar: p.envVar ?? undefined, file: p.file ?? undefined }) : undefined;
}

/** Names what failed (proxy, TLS, client certificate, the endpoint) and how to fix it. */
export function networkError(e: unknown, url: string, route: ProxyRoute | null, timeoutMs?: number): unknown {
  if (e instanceof ClaudeProviderError) return e;
  const chain = chainOf(e);
  const codes = chain.map(codeOf);
  const text = chain.map((x) => x.message).join(' / ');
  const host = hostOf(url);
  const via = route ? ` through the proxy ${route.displayUrl} (${route.envVar})` : '';
  const mk = (code: ClaudeProviderError['code'], message: string, help: string, envVar?: string) =>
    new ClaudeProviderError({ code, message, help, ...(envVar ? { envVar } : {}) }, { cause: e });
  const atProxyHop = (x: ClaudeProviderError) => (proxyHop.add(x), x);
  if (route) {
    const status = proxyStatus(chain);
    // A CONNECT is only ever answered by the proxy: its 401 (tinyproxy's) is a 407 too.
    if (status === 407 || status === 401) {
      const answer = status === 407 ? '407 Proxy Authentication Required' : '401 Unauthorized: some proxies, tinyproxy among them, answer so instead of 407';
      const what = route.authorization ? 'refused the credentials' : `asks for credentials, and ${route.envVar} has none`;
      return atProxyHop(mk('PROXY_AUTH_FAILED', `The proxy ${route.displayUrl} ${what} (${answer}).`, `Put the right user and password in ${route.envVar} (http://user:password@host:port, percent-encoding special characters).`, route.envVar));
    }
    const proxy = `The proxy ${route.displayUrl} (${route.envVar})`;
    const canReach = `Check that the proxy can reach ${host} (its firewall, its DNS, its own upstream proxy) and allows CONNECT to ${connectTarget(url)}, or add ${host} to NO_PROXY to bypass it.`;
    // The proxy's own connection to the endpoint failed (RFC 9110 § 15.6.3, 15.6.5; squid
    // answers a connection it could not make with 503).
    const gateway: Record<number, string> = {
      502: 'Bad Gateway: its connection to the host failed',
      503: 'Service Unavailable: its connection to the host failed, or it is overloaded',
      504: 'Gateway Timeout: its connection to the host timed out',
    };
    if (status !== undefined && gateway[status]) {
      return mk('PROXY_UNREACHABLE', `${proxy} could not reach ${host}: it answered the CONNECT with HTTP ${status} (${gateway[status]}).`, canReach, route.envVar);
    }
    if (status !== undefined) {
      return mk('PROXY_UNREACHABLE', `${proxy} did not open a tunnel to ${host}: it answered HTTP ${status}.`, `Check that the proxy allows and can reach ${host}, or add ${host} to NO_PROXY to bypass it.`, route.envVar);
    }
    const atTheProxy = chain.find((x) => atProxy(x, route));
    const proxyTlsCode = atTheProxy ? codes.find((c) => TLS_UNTRUSTED.has(c)) : undefined;
    if (proxyTlsCode) {
      return atProxyHop(mk('TLS_UNTRUSTED', `The certificate of the proxy ${route.displayUrl} (${route.envVar}) is not trusted (${proxyTlsCode}).`, 'Set NODE_EXTRA_CA_CERTS to the CA bundle (PEM) that signed the proxy\'s certificate, or add that CA to the system store; otherwise check the proxy URL.', 'NODE_EXTRA_CA_CERTS'));
    }
    if (atTheProxy) {
      const c = codes.find((x) => x && !x.startsWith('UND_ERR_')) ?? codeOf(atTheProxy);
      return atProxyHop(mk('PROXY_UNREACHABLE', `The proxy ${route.displayUrl} (${route.envVar}) could not be reached: ${firstLine(atTheProxy.message)}${c && !atTheProxy.message.includes(c) ? ` (${c})` : ''}.`, `Check that the proxy in ${route.envVar} is running and reachable, or add ${host} to NO_PROXY to bypass it.`, route.envVar));
    }
    if (chain.some((x) => x[TUNNEL_LEG])) {
      const limit = timeoutMs === undefined ? 'the connect timeout' : `${connectTimeout(timeoutMs)} ms`;
      // The proxy was reached and took the CONNECT, but has not answered it: it is most
      // likely still trying to reach the host (a proxy answers once its own connection is up).
      if (codes.includes('UND_ERR_HEADERS_TIMEOUT')) {
        return mk('PROXY_UNREACHABLE', `${proxy} did not answer the CONNECT to ${connectTarget(url)} within ${limit}: it could not reach ${host} in time, or it is stuck.`, canReach, route.envVar);
      }
      // The proxy answered 200 (it had reached the host), and the TLS handshake with the host
      // through the tunnel got no answer in time: the host, or what lies between the proxy and
      // it, is silent.
      if (codes.includes('UND_ERR_CONNECT_TIMEOUT')) {
        return mk(
          'REQUEST_TIMEOUT',
          `${host} did not answer the TLS handshake within ${limit}${via}: the proxy opened the tunnel, but nothing came back through it.`,
          `Check that ${connectTarget(url)} serves https and that the proxy's connection to it works (some proxies answer CONNECT before connecting: their logs show whether the host was reached), or add ${host} to NO_PROXY to bypass the proxy. The limit is API_TIMEOUT_MS, at most 60000 ms.`,
          'API_TIMEOUT_MS',
        );
      }
    }
  }
  if (codes.includes('UND_ERR_HEADERS_TIMEOUT')) return timeoutError('headers', host, via, timeoutMs, e);
  if (!route && codes.includes('UND_ERR_CONNECT_TIMEOUT')) return connectTimeoutError(chain, url, timeoutMs, e);
  const tlsCode = codes.find((c) => TLS_UNTRUSTED.has(c));
  if (tlsCode) {
    return mk('TLS_UNTRUSTED', `The certificate of ${host} is not trusted (${tlsCode})${via}.`, 'If a corporate proxy or private CA re-signs TLS, set NODE_EXTRA_CA_CERTS to its CA bundle (PEM), or add the CA to the system store (CLAUDE_CODE_CERT_STORE must then include `system`, as by default); otherwise check the endpoint URL and the system clock.', 'NODE_EXTRA_CA_CERTS');
  }
  if (/certificate required|alert number 116|tlsv13 alert certificate required|handshake failure|bad certificate|unknown ca/i.test(text)) {
    return mk('TLS_CLIENT_CERT_REJECTED', `${host} rejected the TLS handshake${via}: it requires a client certificate it accepts (${firstLine(text)}).`, 'Set CLAUDE_CODE_CLIENT_CERT and CLAUDE_CODE_CLIENT_KEY to the certificate and key issued for this endpoint (and CLAUDE_CODE_CLIENT_KEY_PASSPHRASE for an encrypted key).', 'CLAUDE_CODE_CLIENT_CERT');
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
  const code = codes.find(Boolean);
  // A loopback endpoint reached direct: no network or proxy in between (a proxy would carry it
  // too, SPEC §7, but there is none here), so what failed is the local server.
  const help = route ? `Check the network and the proxy, or add ${host} to NO_PROXY.` : isLoopbackUrl(url) ? localServerHelp(url) : 'Check the endpoint URL and the network; behind a corporate proxy set HTTPS_PROXY.';
  return mk('NETWORK_UNREACHABLE', `${host} could not be reached${via}: ${firstLine(text)}${code && !text.includes(code) ? ` (${code})` : ''}.`, help);
}

/** Is the URL's host loopback (`localhost`, `*.localhost`, 127.0.0.0/8, `::1`)? */
function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  // The URL parser writes IPv6 compressed: ::1, and 127.x.y.z mapped as ::ffff:7fxx:yyzz.
  if (host.startsWith('[')) return host === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
  return isIP(host) === 4 && host.split('.')[0] === '127';
}

/** The fix for a loopback endpoint that did not answer: the local server, not the network. */
function localServerHelp(url: string): string {
  const target = connectTarget(url);
  const port = target.slice(target.lastIndexOf(':') + 1);
  return `${target} is on this machine: the local gateway or server the endpoint URL names is not running, or is not listening on port ${port}. Start it, or fix the host and port in the endpoint URL.`;
}

/**
 * A failure while the response body arrives: a stall longer than the timeout
 * (`REQUEST_TIMEOUT`), or a connection cut before the end (`STREAM_TRUNCATED`). The endpoint
 * was reached and answered: never "could not be reached".
 */
export function bodyError(e: unknown, url: string, route: ProxyRoute | null, timeoutMs?: number): unknown {
  if (e instanceof ClaudeProviderError) return e;
  const chain = chainOf(e);
  const codes = chain.map(codeOf);
  const host = hostOf(url);
  const via = route ? ` through the proxy ${route.displayUrl} (${route.envVar})` : '';
  if (codes.includes('UND_ERR_BODY_TIMEOUT')) return timeoutError('body', host, via, timeoutMs, e);
  // Anything else the connection reports (undici's socket and length errors, Node's resets);
  // an error without a code is not the network's and goes on unchanged.
  const code = codes.find(Boolean);
  if (!code) return e;
  const text = chain.map((x) => x.message).join(' / ');
  return new ClaudeProviderError(
    {
      code: 'STREAM_TRUNCATED',
      message: `The connection to ${host}${via} closed before the response was complete: ${firstLine(text)}${text.includes(code) ? '' : ` (${code})`}.`,
      help: `Retry; if it keeps happening, a proxy, gateway or firewall between here and ${host} is cutting long responses (check its idle and response-time limits).`,
    },
    { cause: e },
  );
}

/**
 * A direct connection not made within the connect timeout: the transport's connectors say
 * whether the TCP connect or the TLS handshake after it got no answer (undici's error is the
 * same for both); a plain-http URL has no handshake. An error no connector marked (the auth
 * libraries' agent's) names both.
 */
function connectTimeoutError(chain: ErrorLike[], url: string, timeoutMs: number | undefined, cause: unknown): ClaudeProviderError {
  const host = hostOf(url);
  const target = connectTarget(url);
  const plain = url.startsWith('http:');
  const phase = chain.find((x) => x[CONNECT_PHASE])?.[CONNECT_PHASE] ?? (plain ? 'tcp' : undefined);
  const limit = timeoutMs === undefined ? 'the connect timeout' : `${connectTimeout(timeoutMs)} ms`;
  // undici names the addresses it tried (several with IPv4 and IPv6): which ones DNS gave matters.
  const addresses = chain.map((x) => /\(attempted address(?:es)?: (.*), timeout: \d+ms\)/.exec(x.message)?.[1]).find(Boolean);
  const tried = addresses && addresses !== target ? ` (tried ${addresses})` : '';
  const proxyVar = plain ? 'HTTP_PROXY' : 'HTTPS_PROXY';
  const limitHelp = 'The limit is API_TIMEOUT_MS, at most 60000 ms.';
  const [message, help] =
    phase === 'tls'
      ? [
          `${host} did not answer the TLS handshake within ${limit}: the TCP connection was accepted, but the handshake did not finish.`,
          `Check that ${target} serves https (something that speaks another protocol, or a firewall that accepts connections and drops them, stays silent like this), and that nothing between here and it holds TLS back; behind a corporate proxy set HTTPS_PROXY. ${limitHelp}`,
        ]
      : phase === 'tcp'
        ? [
            `${host} did not answer the TCP connect within ${limit}${tried}: nothing accepted the connection.`,
            `Check the host and port in the endpoint URL, and that a firewall lets connections to ${target} through (one that drops them leaves the connect unanswered); behind a corporate proxy set ${proxyVar}. ${limitHelp}`,
          ]
        : [
            `${host} did not answer the TCP connect or the TLS handshake within ${limit}${tried}.`,
            `Check that ${target} serves https and that a firewall lets connections to it through; behind a corporate proxy set HTTPS_PROXY. ${limitHelp}`,
          ];
  return new ClaudeProviderError({ code: 'REQUEST_TIMEOUT', message, help, envVar: 'API_TIMEOUT_MS' }, { cause });
}

function timeoutError(phase: 'headers' | 'body', host: string, via: string, timeoutMs: number | undefined, cause: unknown): ClaudeProviderError {
  const limit = timeoutMs === undefined ? 'API_TIMEOUT_MS' : `${timeoutMs} ms, API_TIMEOUT_MS`;
  return new ClaudeProviderError(
    phase === 'headers'
      ? {
          code: 'REQUEST_TIMEOUT',
          message: `${host}${via} accepted the request but sent no response within the timeout (${limit}).`,
          help: 'Raise API_TIMEOUT_MS (milliseconds; default 600000) if the model needs longer to start answering; if a gateway or proxy is in between, check that it forwards the request.',
          envVar: 'API_TIMEOUT_MS',
        }
      : {
          code: 'REQUEST_TIMEOUT',
          message: `${host}${via} stopped sending the response: nothing arrived within the timeout (${limit}).`,
          help: 'Raise API_TIMEOUT_MS (milliseconds; default 600000) if the model pauses longer between events; if it keeps happening, a gateway or proxy in between is holding the stream back.',
          envVar: 'API_TIMEOUT_MS',
        },
    { cause },
  );
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 300);
}
