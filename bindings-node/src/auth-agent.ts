// The connections of the auth libraries' own requests (AWS SSO and STS, Google's and Entra ID's
// token requests): through the proxy the core chooses for each URL (NO_PROXY included), as a
// CONNECT tunnel, trusting the CAs the transport trusts. Left to themselves the libraries
// connect with Node's defaults: the AWS SDK's clients take no proxy at all, and none of them
// trusts a NODE_EXTRA_CA_CERTS that only a settings file sets (Node reads it at start-up).
import type { ClientRequest } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type SecureContext } from 'node:tls';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent, type AgentConnectOpts } from 'agent-base';
import { errors } from 'undici';
import type { ProxyRoute } from '../types/index.js';
import { ClaudeProviderError } from './errors.js';
import { connectTimeout, markConnectFailure, markConnectPhase, networkError, ProxyTunnels } from './transport.js';

/**
 * The last connection of an {@link AuthAgent} that failed (nothing has connected or been
 * answered since): the libraries keep little of it in their own errors (the AWS SDK and MSAL
 * keep only a message, or none), so the auth code names it from here.
 */
export interface ConnectionFailure {
  /** The socket's or the proxy's error, marked as the transport's connectors mark theirs. */
  error: unknown;
  /** `https://host:port/` (no path: a query may identify an account). */
  url: string;
  /** The request's path, to tell which service it was for. */
  path: string;
  route: ProxyRoute | null;
}

/**
 * The instance metadata services' addresses (link-local 169.254.0.0/16, and AWS's IPv6
 * fd00:ec2::254): never through a proxy, which cannot reach them (as the AWS SDKs do).
 */
function metadataAddress(host: string): boolean {
  return (isIP(host) === 4 && host.startsWith('169.254.')) || (isIP(host) === 6 && host.toLowerCase() === 'fd00:ec2::254');
}

/**
 * An agent for http and https URLs alike (gaxios and @azure/core-rest-pipeline give one agent
 * to both): each connection goes through `route`'s proxy for its URL, or direct; TLS trusts
 * `trust()` (made on the first TLS connection: a few hundred CAs take tens of milliseconds).
 * A TCP connection or TLS handshake (also one through a tunnel) may take the transport's
 * connect timeout for `timeoutMs` (API_TIMEOUT_MS, at most a minute); the libraries set none.
 */
export class AuthAgent extends Agent {
  private readonly tunnels = new Map<string, ProxyTunnels>();
  private context: SecureContext | undefined;
  /** See {@link ConnectionFailure}; undefined once a later connection succeeds. */
  lastFailure: ConnectionFailure | undefined;

  constructor(
    private readonly route: (url: string) => ProxyRoute | null,
    private readonly trust: () => SecureContext,
    /** API_TIMEOUT_MS, as the transport takes it. */
    readonly timeoutMs = 600_000,
    /**
     * Why a connection to a URL is refused: a proxy variable the core cannot use, unless
     * NO_PROXY exempts the URL (the transport refuses its requests for it too; going direct
     * would bypass the proxy).
     */
    private readonly refusal?: (url: string) => ClaudeProviderError | undefined,
  ) {
    super();
  }

  private secureContext(): SecureContext {
    return (this.context ??= this.trust());
  }

  override connect(req: ClientRequest, opts: AgentConnectOpts): Duplex | Promise<Duplex> {
    const host = opts.host ?? 'localhost';
    const target = `${opts.secureEndpoint ? 'https' : 'http'}://${isIP(host) === 6 ? `[${host}]` : host}:${opts.port}/`;
    // Instance metadata is probed (managed identity off Azure): its failures are not the answer.
    if (metadataAddress(host)) return opts.secureEndpoint ? tlsConnect({ ...opts, secureContext: this.secureContext() }) : netConnect(opts);
    const route = this.route(target);
    const at = { url: target, path: req.path, route };
    req.once('response', () => (this.lastFailure = undefined));
    const refused = route ? undefined : this.refusal?.(target);
    if (refused) {
      this.lastFailure = { ...at, error: refused };
      return Promise.reject(refused);
    }
    if (!route) {
      const socket = opts.secureEndpoint ? tlsConnect({ ...opts, secureContext: this.secureContext() }) : netConnect(opts);
      return this.watch(socket, !!opts.secureEndpoint, at);
    }
    const key = `${route.url}\0${route.authorization ?? ''}`;
    let tunnels = this.tunnels.get(key);
    if (!tunnels) this.tunnels.set(key, (tunnels = new ProxyTunnels(route, this.secureContext(), connectTimeout(this.timeoutMs))));
    const authority = `${isIP(host) === 6 ? `[${host}]` : host}:${opts.port}`;
    return tunnels.open(authority).then(
      (socket) => {
        if (!opts.secureEndpoint) return socket;
        // The endpoint's TLS inside the tunnel, with the library's TLS options, trusting the CAs.
        const { host: _h, port: _p, path: _path, ...tlsOptions } = opts as AgentConnectOpts & { path?: string };
        const secure = tlsConnect({ ...tlsOptions, socket, ...(isIP(host) ? {} : { servername: host }), secureContext: this.secureContext() });
        return this.watch(secure, true, at, 'tunnel');
      },
      (e: unknown) => {
        this.lastFailure = { ...at, error: e };
        throw e;
      },
    );
  }

  /**
   * Records `socket`'s failures, and fails a connection (TCP, or the TLS handshake when `tls`)
   * that takes longer than the connect timeout, as undici fails the transport's.
   */
  private watch<S extends Duplex>(socket: S, tls: boolean, at: Omit<ConnectionFailure, 'error'>, leg?: 'tunnel'): S {
    const mark = (e: unknown) => (leg ? markConnectFailure(e, leg) : e);
    socket.once('error', (e: unknown) => (this.lastFailure = { ...at, error: mark(e) }));
    if (!tls && !(socket as unknown as Socket).connecting) return socket;
    const ms = connectTimeout(this.timeoutMs);
    // Whether the TCP connection was up when the timer fired: what got no answer.
    let tcpUp = !(socket as unknown as Socket).connecting;
    socket.once('connect', () => (tcpUp = true));
    const timeout = () => markConnectPhase(mark(new errors.ConnectTimeoutError(`Connect Timeout Error (timeout: ${ms}ms)`)), tcpUp ? 'tls' : 'tcp');
    const timer = setTimeout(() => socket.destroy(timeout() as Error), ms);
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      this.lastFailure = undefined;
    });
    socket.once('close', () => clearTimeout(timer));
    return socket;
  }

  /**
   * The last failed connection as the transport names it (`TLS_UNTRUSTED`, `PROXY_AUTH_FAILED`,
   * `PROXY_UNREACHABLE`, `NETWORK_UNREACHABLE`, `REQUEST_TIMEOUT`, …), or undefined when the
   * libraries' last connection did not fail (their error is then about the credentials).
   */
  failureError(): ClaudeProviderError | undefined {
    const f = this.lastFailure;
    if (!f) return undefined;
    const named = networkError(f.error, f.url, f.route, this.timeoutMs);
    return named instanceof ClaudeProviderError ? named : undefined;
  }

  override destroy(): void {
    for (const t of this.tunnels.values()) t.destroy();
    super.destroy();
  }
}

/**
 * The request handler for the AWS SDK's inner clients (SSO, SSO OIDC, STS): the SDK's own
 * Node handler over `agent`.
 */
export async function awsRequestHandler(agent: AuthAgent): Promise<NodeHttpHandler> {
  const { NodeHttpHandler } = await import('@smithy/node-http-handler');
  // One agent for both schemes (an endpoint override may be plain http); the handler's type
  // wants an https.Agent for https, which this is in all but its class.
  return new NodeHttpHandler({ httpAgent: agent, httpsAgent: agent as unknown as HttpsAgent });
}
