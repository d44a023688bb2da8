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
import { HttpsProxyAgent } from 'https-proxy-agent';
import { errors } from 'undici';
import type { ProxyRoute } from '../types/index.js';
import { ClaudeProviderError } from './errors.js';
import { connectTimeout, markConnectFailure, networkError, proxyRefusal } from './transport.js';

/**
 * https-proxy-agent, trusting the CAs for the endpoint inside the tunnel too: it gives the
 * options it is made with to the connection to the proxy only.
 */
class Tunnel extends HttpsProxyAgent<string> {
  constructor(
    route: ProxyRoute,
    private readonly secureContext: SecureContext,
  ) {
    // The core's URL has no credentials; they come as the header it made of them.
    super(route.url, { secureContext, ...(route.authorization ? { headers: { 'Proxy-Authorization': route.authorization } } : {}) });
  }

  /**
   * A proxy that answers CONNECT with anything but 200 (a 407) fails the connection, as the
   * transport's does: https-proxy-agent would hand its answer to the library as if the endpoint
   * had sent it, and the library would report a 407 from AWS or Google.
   */
  override async connect(req: ClientRequest, opts: AgentConnectOpts): Promise<Socket> {
    let status: number | undefined;
    req.once('proxyConnect', (answer: { statusCode?: number }) => (status = answer.statusCode));
    const socket = await super.connect(req, opts.secureEndpoint ? { ...opts, secureContext: this.secureContext } : opts);
    if (status !== undefined && status !== 200) {
      socket.destroy();
      throw proxyRefusal(status);
    }
    return socket;
  }
}

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
  private readonly tunnels = new Map<string, Tunnel>();
  private context: SecureContext | undefined;
  /** See {@link ConnectionFailure}; undefined once a later connection succeeds. */
  lastFailure: ConnectionFailure | undefined;

  constructor(
    private readonly route: (url: string) => ProxyRoute | null,
    private readonly trust: () => SecureContext,
    /** API_TIMEOUT_MS, as the transport takes it. */
    readonly timeoutMs = 600_000,
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
    if (!route) {
      const socket = opts.secureEndpoint ? tlsConnect({ ...opts, secureContext: this.secureContext() }) : netConnect(opts);
      return this.watch(socket, !!opts.secureEndpoint, at);
    }
    const key = `${route.url}\0${route.authorization ?? ''}`;
    let tunnel = this.tunnels.get(key);
    if (!tunnel) this.tunnels.set(key, (tunnel = new Tunnel(route, this.secureContext())));
    // Connected by hand rather than handed to the tunnel agent, so that its failures are seen.
    return tunnel.connect(req, opts).then(
      (socket) => this.watch(socket, !!opts.secureEndpoint, at, 'tunnel'),
      (e: unknown) => {
        this.lastFailure = { ...at, error: markConnectFailure(e, 'proxy') };
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
    const timer = setTimeout(() => socket.destroy(mark(new errors.ConnectTimeoutError(`Connect Timeout Error (timeout: ${ms}ms)`)) as Error), ms);
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
