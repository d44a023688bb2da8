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
import type { ProxyRoute } from '../types/index.js';

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

  override connect(req: ClientRequest, opts: AgentConnectOpts): Promise<Socket> {
    return super.connect(req, opts.secureEndpoint ? { ...opts, secureContext: this.secureContext } : opts);
  }
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
 */
export class AuthAgent extends Agent {
  private readonly tunnels = new Map<string, Tunnel>();
  private context: SecureContext | undefined;

  constructor(
    private readonly route: (url: string) => ProxyRoute | null,
    private readonly trust: () => SecureContext,
  ) {
    super();
  }

  private secureContext(): SecureContext {
    return (this.context ??= this.trust());
  }

  override connect(_req: ClientRequest, opts: AgentConnectOpts): Duplex | Agent {
    const host = opts.host ?? 'localhost';
    const target = `${opts.secureEndpoint ? 'https' : 'http'}://${isIP(host) === 6 ? `[${host}]` : host}:${opts.port}/`;
    const route = metadataAddress(host) ? null : this.route(target);
    if (route) {
      // Returned, the tunnel agent takes the request over (agent-base).
      const key = `${route.url}\0${route.authorization ?? ''}`;
      let tunnel = this.tunnels.get(key);
      if (!tunnel) this.tunnels.set(key, (tunnel = new Tunnel(route, this.secureContext())));
      return tunnel;
    }
    return opts.secureEndpoint ? tlsConnect({ ...opts, secureContext: this.secureContext() }) : netConnect(opts);
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
