// createClient: send Messages API calls through whatever route the configuration selects,
// with the credentials the runtime obtains, the proxy/TLS setup, retries with backoff on
// retryable failures (honouring retry-after; every attempt rebuilt and re-signed, since SigV4
// dates expire), and the provider's stream decoded into Anthropic events by the core.
import { homedir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BuildOutput, ConfigInput, Credentials, Problem, RequestKind, Resolution, StreamEvent } from '../types/index.js';
import { CredentialCache, obtainCredentials, runRefresh, type ObtainedCredentials } from './auth.js';
import { bodyOf, type Body } from './body.js';
import { argumentError, checkObject, checkOptional, ClaudeProviderError, withoutInputText } from './errors.js';
import { coreBuildHttpRequest, coreBuildRequest, coreCreateStreamDecoder, coreEffectiveEnv, coreParseErrorResponse, coreValidate } from './native.js';
import { loadConfig, withLoadProblems, type LoadOptions } from './settings.js';
import { isProxyHopFailure, Transport, type Response } from './transport.js';
import { within } from './within.js';

export interface ClientOptions extends LoadOptions {
  /** Use exactly this configuration; nothing is read. */
  config?: ConfigInput;
  /** Credentials to use instead of obtaining them. */
  credentials?: Credentials;
  /** Overrides API_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Overrides CLAUDE_CODE_MAX_RETRIES. */
  maxRetries?: number;
  /** Timeout of credential commands (apiKeyHelper, awsCredentialExport…). */
  helperTimeoutMs?: number;
  /** Where awsAuthRefresh output goes. Default: stderr. */
  onRefreshOutput?: (key: string, text: string) => void;
  /** Told before each retry. */
  onRetry?: (info: { attempt: number; delayMs: number; problem: Problem }) => void;
  /**
   * Told what the transport works around instead of failing (a NODE_EXTRA_CA_CERTS file that
   * cannot be read: ignored, as Node does). Default: `process.emitWarning`.
   */
  onWarning?: (problem: Problem) => void;
  /** The clock (signing time). Default: Date.now. */
  now?: () => number;
  /**
   * PEM bundles that stand for the operating system's trust store (`system` in
   * CLAUDE_CODE_CERT_STORE); the first one that can be read and holds a certificate is used.
   * Default: Node's own view of the system store where it has one, else the Linux
   * distributions' bundle files.
   */
  systemCaFiles?: string[];
}

/** A Messages API body: any object (an interface type such as the Anthropic SDK's `MessageCreateParams` included). */
export type MessageBody = object;

export interface Client {
  /** What the configuration resolves to (validated offline). */
  readonly resolution: Resolution;
  readonly messages: {
    /** One non-streaming call; resolves to the provider's JSON response (an Anthropic message). */
    create(body: Body, options?: { signal?: AbortSignal }): Promise<Record<string, unknown>>;
    /** A streaming call: the unified Anthropic events, whatever the provider's framing. */
    stream(body: Body, options?: { signal?: AbortSignal }): AsyncIterable<StreamEvent>;
    /** Token counting: `{ input_tokens }`. */
    countTokens(body: Body, options?: { signal?: AbortSignal }): Promise<Record<string, unknown>>;
  };
  /**
   * Credentials as the runtime finds them now (cached per TTL/expiry). Obtaining them is cut at
   * twice the request timeout (`timeoutMs`, else API_TIMEOUT_MS) plus the credential commands'
   * own limits (`helperTimeoutMs` each), and by `signal`: a token endpoint that never answers
   * fails with `REQUEST_TIMEOUT` instead of hanging the call.
   */
  credentials(options?: { signal?: AbortSignal }): Promise<ObtainedCredentials>;
  /** The exact request the next call would send (fresh credentials and signature). */
  buildRequest(body: Body, options?: { stream?: boolean; kind?: RequestKind; signal?: AbortSignal }): Promise<BuildOutput>;
  /**
   * Closes the connections once the requests in flight have finished: it resolves then, which
   * may take up to the request timeout. To end the requests in flight too, abort their signals,
   * or call {@link Client.destroy} instead (after close(), destroy() only stops close()'s wait:
   * undici does not end the requests of closing connections). A call made meanwhile or later
   * opens new connections.
   */
  close(): Promise<void>;
  /** Closes the connections now: the requests in flight fail (`NETWORK_UNREACHABLE`, not retried). */
  destroy(): Promise<void>;
}

/**
 * Whether the configuration problem `p` can cause the transport failure `e`, where it happened:
 * a proxy variable (its URL, a conflicting one) for anything on the way through the proxy; a
 * NO_PROXY that misses a loopback or plain-http endpoint for an endpoint the proxy could not
 * reach (or re-signed, or presented no client certificate to), never for the proxy refusing the
 * credentials or its own certificate; the CA files for an untrusted certificate; the client
 * certificate's for a rejected one; any of them for a connection that just failed.
 */
function canCause(e: ClaudeProviderError, p: Problem): boolean {
  const proxySetup = ['PROXY_URL_INVALID', 'PROXY_VARS_CONFLICT', 'PROXY_SCHEME_UNSUPPORTED'].includes(p.code);
  const noProxy = p.code === 'NO_PROXY_MISSES_ENDPOINT';
  const caFiles = p.code === 'CERT_STORE_INVALID' || (p.code === 'CERT_FILE_INVALID' && p.envVar === 'NODE_EXTRA_CA_CERTS');
  const clientCert = ['MTLS_INCOMPLETE', 'MTLS_PASSPHRASE_MISSING', 'MTLS_PASSPHRASE_WRONG'].includes(p.code) || (p.code === 'CERT_FILE_INVALID' && p.envVar !== 'NODE_EXTRA_CA_CERTS');
  const atProxy = isProxyHopFailure(e);
  switch (e.code) {
    case 'PROXY_AUTH_FAILED':
      return proxySetup;
    case 'PROXY_UNREACHABLE':
      return proxySetup || (noProxy && !atProxy);
    case 'TLS_UNTRUSTED':
      return caFiles || (atProxy ? proxySetup : noProxy);
    case 'TLS_CLIENT_CERT_REJECTED':
      return clientCert || noProxy;
    case 'NETWORK_UNREACHABLE':
    case 'REQUEST_TIMEOUT':
      return proxySetup || noProxy || caFiles || clientCert;
    default:
      return false;
  }
}
/** Failures of the connection (or an HTTP answer that names one: a client-certificate page, a proxy's own error). */
const TRANSPORT_FAILURES = new Set(['NETWORK_UNREACHABLE', 'PROXY_UNREACHABLE', 'PROXY_AUTH_FAILED', 'TLS_UNTRUSTED', 'TLS_CLIENT_CERT_REJECTED', 'REQUEST_TIMEOUT']);
/** A wrong URL path (404, 405: no such route). */
const PATH_CAUSES = ['BASE_URL_ENDS_WITH_V1', 'BASE_URL_HAS_ENDPOINT_PATH', 'FOUNDRY_BASE_URL_NO_ANTHROPIC', 'VERTEX_BASE_URL_NO_V1', 'VERTEX_MODEL_LOCATION', 'VERTEX_MODEL_ID_DATE_FORM', 'VERTEX_REGION_INVALID', 'VERTEX_REGION_DEFAULTED', 'BEDROCK_REGION_INVALID', 'BEDROCK_MODEL_PREFIX_REGION_MISMATCH', 'BEDROCK_ARN_REGION_MISMATCH', 'AWS_ENDPOINT_REGION_MISMATCH', 'MODEL_ID_WRONG_PROVIDER'];
/** Credentials refused (401, 403). */
const AUTH_CAUSES = ['CREDENTIAL_WRONG_VARIABLE', 'CREDENTIAL_VALUE_MALFORMED', 'CREDENTIAL_IN_PLAIN_VARIABLE', 'ANTHROPIC_KEY_AND_TOKEN', 'API_KEY_HELPER_AND_KEY', 'SKIP_AUTH_ON_PROVIDER_HOST', 'CUSTOM_HEADERS_AUTH', 'AWS_KEYS_INCOMPLETE', 'AWS_SESSION_TOKEN_MISSING', 'AWS_BEARER_IGNORED', 'AWS_ENDPOINT_REGION_MISMATCH', 'BEDROCK_ARN_REGION_MISMATCH'];
/** A request refused as malformed (400). */
const BODY_CAUSES = ['EXTRA_BODY_INVALID', 'BEDROCK_MODEL_NEEDS_INFERENCE_PROFILE', 'MODEL_ID_WRONG_PROVIDER', 'MAX_OUTPUT_TOKENS_INVALID', 'CUSTOM_HEADERS_INVALID'];

/**
 * A failure, with the help extended by the problems validation already reports that explain it
 * (a NO_PROXY that misses a loopback endpoint for a connection that failed, a base URL ending
 * in /v1 for a 404), so that the fix named is the configuration's, not a generic one. Claude
 * Code sends such a configuration anyway, so this does too (except with a proxy variable it
 * cannot use: the transport refuses to go direct).
 */
export function explained(e: ClaudeProviderError, resolution: Resolution, status?: number): ClaudeProviderError {
  // A transport failure's code on an HTTP answer (a client-certificate page, a proxy's own
  // error) is about the network settings whatever the status.
  const transport = status === undefined || TRANSPORT_FAILURES.has(e.code);
  const causes = transport
    ? (p: Problem) => canCause(e, p)
    : (p: Problem) => (status === 404 || status === 405 ? PATH_CAUSES : status === 401 || status === 403 ? AUTH_CAUSES : status === 400 ? BODY_CAUSES : []).includes(p.code);
  const found = resolution.problems.filter((p) => p.severity !== 'info' && causes(p) && p.code !== e.code).slice(0, 2);
  if (!found.length) return e;
  const said = found.map((p) => `${p.code}: ${p.message} Fix: ${p.help}`).join(' ');
  const one = found.length === 1;
  // A transport failure names its hop and its own fix, which comes first; an HTTP error's help
  // is the provider's generic one, and a configuration problem that explains it the likelier fix.
  const help =
    transport
      ? `${e.help} The configuration also has ${one ? 'a problem' : 'problems'} that can cause this (claude-provider status reports ${one ? 'it' : 'them'}): ${said}`
      : `The configuration has ${one ? 'a problem' : 'problems'} that can cause this (claude-provider status reports ${one ? 'it' : 'them'}): ${said} Otherwise: ${e.help}`;
  const out = new ClaudeProviderError({ code: e.code, message: e.message, help, ...(e.envVar ? { envVar: e.envVar } : found[0]!.envVar ? { envVar: found[0]!.envVar } : {}), ...(e.file ? { file: e.file } : {}), ...(e.line !== undefined ? { line: e.line } : {}), ...(e.response ? { response: e.response } : {}) }, e.cause !== undefined ? { cause: e.cause } : undefined);
  if (e.stack) out.stack = e.stack;
  return out;
}

export function createClient(options: ClientOptions = {}): Client {
  checkObject(options, 'options');
  // Called or compared later, inside a request: a wrong type would fail there, far from the cause.
  for (const k of ['now', 'onRetry', 'onRefreshOutput', 'onWarning'] as const) checkOptional(options[k], `options.${k}`, 'function');
  for (const k of ['timeoutMs', 'maxRetries', 'helperTimeoutMs'] as const) checkOptional(options[k], `options.${k}`, 'number');
  if (options.systemCaFiles !== undefined && !(Array.isArray(options.systemCaFiles) && options.systemCaFiles.every((f) => typeof f === 'string'))) {
    throw argumentError('options.systemCaFiles', 'an array of paths (strings)');
  }
  const loaded = options.config ? { config: options.config, problems: [] } : loadConfig(options);
  const { config } = loaded;
  // With the settings files that could not be read or parsed, as `validate` reports them.
  const resolution = withLoadProblems(coreValidate(config), loaded.problems);
  const env = coreEffectiveEnv(config);
  const home = options.home ?? (env.HOME?.trim() || homedir());
  const now = options.now ?? Date.now;
  // Relative certificate paths are the project directory's, where Claude Code runs.
  const transport = new Transport({
    config,
    resolution,
    env,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.systemCaFiles !== undefined ? { systemCaFiles: options.systemCaFiles } : {}),
  });
  const cache = new CredentialCache();
  const maxRetries = options.maxRetries ?? resolution.knobs.maxRetries;

  const authOptions = {
    env,
    home,
    cwd: options.cwd,
    now,
    // The token, SSO and STS requests trust what the transport trusts (one CA list, one warning).
    caContext: () => transport.caContext(),
    ...(options.helperTimeoutMs !== undefined ? { helperTimeoutMs: options.helperTimeoutMs } : {}),
    ...(options.onRefreshOutput ? { onRefreshOutput: options.onRefreshOutput } : {}),
  };
  // A backstop for obtaining credentials: twice the request timeout, plus each credential
  // command's own limit (an `aws sso login` refresh waits for the person in the browser). The
  // auth libraries' connections have their own limits (the request timeout per stage: TCP,
  // CONNECT, TLS), which name what failed and come first.
  const credentialLimitMs = 2 * transport.timeoutMs + resolution.credentialSteps.length * (options.helperTimeoutMs ?? 180_000);
  const credentials = async (signal?: AbortSignal): Promise<ObtainedCredentials> =>
    options.credentials
      ? { credentials: options.credentials, check: 'found', notes: ['given'] }
      : within(obtainCredentials(resolution, authOptions, cache), credentialLimitMs, () => credentialsTimeout(credentialLimitMs), signal);
  // Set by destroy() while its requests end: what fails because of it is not retried.
  let destroying = false;

  const build = async (body: Body, stream: boolean, kind: RequestKind, signal?: AbortSignal): Promise<BuildOutput> => {
    const creds = await credentials(signal);
    return coreBuildRequest({ ...config, request: { nowMs: now(), stream, kind, credentials: creds.credentials } }, bodyOf(body, 'body'));
  };

  /** The request only, body as bytes: the send path (no resolution to convert). */
  const buildForSend = async (body: Uint8Array | string, stream: boolean, kind: RequestKind, signal?: AbortSignal) => {
    const creds = await credentials(signal);
    return coreBuildHttpRequest({ ...config, request: { nowMs: now(), stream, kind, credentials: creds.credentials } }, body);
  };

  /** One call with retries; resolves to a 2xx response. */
  const exchange = async (message: Body, stream: boolean, kind: RequestKind, signal?: AbortSignal): Promise<{ res: Response }> => {
    const body = bodyOf(message, 'body');
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      // Rebuilt on every attempt: a fresh signing time (SigV4) and fresh credentials.
      const request = await buildForSend(body, stream, kind, signal);
      let res: Response;
      try {
        res = await transport.send(request, signal);
      } catch (e) {
        // Retried as the Anthropic SDK retries: a connection that failed, and a response that
        // did not start within the timeout. A proxy or TLS setup problem is not retried.
        if (attempt >= maxRetries || !(e instanceof ClaudeProviderError) || (e.code !== 'NETWORK_UNREACHABLE' && e.code !== 'REQUEST_TIMEOUT') || signal?.aborted || destroying) throw e instanceof ClaudeProviderError ? explained(e, resolution) : e;
        await wait(attempt, undefined, { code: e.code, severity: 'error', message: e.message, help: e.help }, signal);
        continue;
      }
      if (res.status >= 200 && res.status < 300) return { res };
      const text = Buffer.from(await res.body.arrayBuffer());
      const parsed = coreParseErrorResponse(resolution.provider, res.status, res.headers, text);
      if (parsed.info.retryable && attempt < maxRetries && !signal?.aborted) {
        const hinted = parsed.info.retryAfterMs ?? (parsed.info.retryAtEpochMs !== undefined ? Math.max(0, parsed.info.retryAtEpochMs - now()) : undefined);
        await wait(attempt, hinted, parsed.problem, signal);
        continue;
      }
      // Credentials rejected (expired, revoked, rotated): what was cached is dropped, then
      // awsAuthRefresh / gcpAuthRefresh runs where configured, and the request is sent once
      // more with credentials obtained again (Claude Code re-runs apiKeyHelper on a 401 too).
      if (parsed.info.kind === 'authentication' && !refreshed && !options.credentials) {
        refreshed = true;
        const hadCached = cache.size > 0;
        cache.clear();
        if ((await runRefresh(resolution, authOptions)) || hadCached) continue;
      }
      const p = parsed.problem;
      throw explained(new ClaudeProviderError({ code: p.code, message: p.message, help: p.help, envVar: p.envVar ?? undefined, file: p.file ?? undefined, response: parsed.info }), resolution, res.status);
    }
  };

  const wait = async (attempt: number, hintedMs: number | undefined, problem: Problem, signal?: AbortSignal) => {
    // The Anthropic SDKs' backoff: 0.5 s doubling to 8 s, minus up to 25 % jitter; a
    // retry-after of up to a minute is honoured as given.
    const backoff = Math.min(500 * 2 ** attempt, 8000) * (1 - Math.random() * 0.25);
    const delayMs = hintedMs !== undefined && hintedMs <= 60_000 ? hintedMs : backoff;
    options.onRetry?.({ attempt: attempt + 1, delayMs, problem });
    // Aborted while waiting: the signal's reason, as undici rejects an aborted request.
    await sleep(delayMs, undefined, signal ? { signal } : undefined).catch((e: unknown) => Promise.reject(signal?.aborted ? signal.reason : e));
  };

  /**
   * A non-streaming answer's JSON. A stream or a page in its place is STREAM_CONTENT_TYPE, as the
   * core names a single JSON document answering a streamed request; a body that is not JSON is
   * named without quoting it (it may hold a secret).
   */
  const json = async (res: Response): Promise<Record<string, unknown>> => {
    const media = res.contentType?.split(';')[0]!.trim().toLowerCase();
    const what = media === 'text/event-stream' ? 'an SSE stream' : media === 'application/vnd.amazon.eventstream' ? "Bedrock's binary event-stream" : media === 'text/html' ? 'an HTML page' : undefined;
    if (what) {
      // Not read: a stream may be long. Breaking off the iteration closes the connection.
      for await (const _ of res.body) break;
      throw new ClaudeProviderError({
        code: 'STREAM_CONTENT_TYPE',
        message: `The non-streaming response has content-type "${media}" (${what}); expected "application/json".`,
        help: what === 'an HTML page' ? 'Something other than the provider answered (a proxy login page, a wrong base URL): check the base URL and the proxy settings.' : 'The endpoint streamed although the request did not ask for it ("stream" absent): check that the gateway supports non-streaming /v1/messages, or send the request streamed.',
      });
    }
    const text = await res.body.text();
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      throw new ClaudeProviderError({
        code: 'PROVIDER_ERROR',
        message: `The response is not valid JSON (content-type ${media ? `"${media}"` : 'not given'}, ${text.length} characters: ${withoutInputText((e as Error).message)}).`,
        help: 'Something other than the provider may have answered (a proxy or gateway page): check the base URL and the proxy settings.',
      });
    }
  };

  return {
    resolution,
    messages: {
      async create(body, o) {
        return json((await exchange(body, false, 'messages', o?.signal)).res);
      },
      async countTokens(body, o) {
        return json((await exchange(body, false, 'countTokens', o?.signal)).res);
      },
      stream(body, o) {
        return {
          async *[Symbol.asyncIterator]() {
            const { res } = await exchange(body, true, 'messages', o?.signal);
            const decoder = coreCreateStreamDecoder(resolution.provider, res.contentType ?? null, {
              disableBedrockContentTypeGuard: resolution.knobs.disableBedrockContentTypeGuard,
            });
            for await (const chunk of res.body) {
              for (const ev of decoder.push(chunk)) {
                if (ev.type === 'error' && ev.error) {
                  const p = ev.error;
                  throw new ClaudeProviderError({ code: p.code, message: `${p.errorType ? p.errorType + ': ' : ''}${p.message}`, help: p.help, response: p });
                }
                yield ev;
              }
            }
            decoder.finish();
          },
        };
      },
    },
    credentials: (o) => credentials(o?.signal),
    buildRequest: (body, o) => build(body, o?.stream ?? false, o?.kind ?? 'messages', o?.signal),
    close: () => transport.close(),
    destroy: async () => {
      destroying = true;
      try {
        await transport.destroy();
      } finally {
        destroying = false;
      }
    },
  };
}

/** The text of a `content_block_delta` event, if it carries text. */
export function deltaText(ev: StreamEvent): string | undefined {
  if (ev.type !== 'content_block_delta' || ev.delta_type !== 'text_delta') return undefined;
  const d = JSON.parse(ev.data) as { delta?: { text?: string } };
  return d.delta?.text;
}

/**
 * Obtaining credentials took longer than `ms`: a token endpoint that never answers
 * (google-auth-library and the AWS SDK set no limit of their own) or a credential command.
 */
function credentialsTimeout(ms: number): ClaudeProviderError {
  return new ClaudeProviderError({
    code: 'REQUEST_TIMEOUT',
    message: `Obtaining the credentials did not finish within ${ms} ms.`,
    help: "Check that the credential source answers: the token endpoint of GOOGLE_APPLICATION_CREDENTIALS, AWS SSO or STS, Entra ID, or the credential command in your settings (run it in a terminal). The limit is twice the request timeout (API_TIMEOUT_MS, or the client's timeoutMs), plus the credential commands' own limits.",
  });
}
