// createClient: send Messages API calls through whatever route the configuration selects,
// with the credentials the runtime obtains, the proxy/TLS setup, retries with backoff on
// retryable failures (honouring retry-after; every attempt rebuilt and re-signed, since SigV4
// dates expire), and the provider's stream decoded into Anthropic events by the core.
import { homedir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BuildOutput, ConfigInput, Credentials, Problem, RequestKind, Resolution, StreamEvent } from '../types/index.js';
import { CredentialCache, obtainCredentials, runRefresh, type ObtainedCredentials } from './auth.js';
import { checkObject, checkOptional, ClaudeProviderError } from './errors.js';
import { coreBuildHttpRequest, coreBuildRequest, coreCreateStreamDecoder, coreEffectiveEnv, coreParseErrorResponse, coreValidate } from './native.js';
import { loadConfig, type LoadOptions } from './settings.js';
import { Transport, type Response } from './transport.js';

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
}

export type MessageBody = Record<string, unknown>;

export interface Client {
  /** What the configuration resolves to (validated offline). */
  readonly resolution: Resolution;
  readonly messages: {
    /** One non-streaming call; resolves to the provider's JSON response (an Anthropic message). */
    create(body: MessageBody, options?: { signal?: AbortSignal }): Promise<Record<string, unknown>>;
    /** A streaming call: the unified Anthropic events, whatever the provider's framing. */
    stream(body: MessageBody, options?: { signal?: AbortSignal }): AsyncIterable<StreamEvent>;
    /** Token counting: `{ input_tokens }`. */
    countTokens(body: MessageBody, options?: { signal?: AbortSignal }): Promise<Record<string, unknown>>;
  };
  /** Credentials as the runtime finds them now (cached per TTL/expiry). */
  credentials(): Promise<ObtainedCredentials>;
  /** The exact request the next call would send (fresh credentials and signature). */
  buildRequest(body: MessageBody | string | Uint8Array, options?: { stream?: boolean; kind?: RequestKind }): Promise<BuildOutput>;
  close(): Promise<void>;
}

export function createClient(options: ClientOptions = {}): Client {
  checkObject(options, 'options');
  // Called or compared later, inside a request: a wrong type would fail there, far from the cause.
  for (const k of ['now', 'onRetry', 'onRefreshOutput', 'onWarning'] as const) checkOptional(options[k], `options.${k}`, 'function');
  for (const k of ['timeoutMs', 'maxRetries', 'helperTimeoutMs'] as const) checkOptional(options[k], `options.${k}`, 'number');
  const config = options.config ?? loadConfig(options).config;
  const resolution = coreValidate(config);
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
  const credentials = async (): Promise<ObtainedCredentials> =>
    options.credentials ? { credentials: options.credentials, check: 'found', notes: ['given'] } : obtainCredentials(resolution, authOptions, cache);

  const build = async (body: MessageBody | string | Uint8Array, stream: boolean, kind: RequestKind): Promise<BuildOutput> => {
    const creds = await credentials();
    const bytes = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    return coreBuildRequest({ ...config, request: { nowMs: now(), stream, kind, credentials: creds.credentials } }, bytes);
  };

  /** The request only, body as bytes: the send path (no resolution to convert). */
  const buildForSend = async (body: Uint8Array | string, stream: boolean, kind: RequestKind) => {
    const creds = await credentials();
    return coreBuildHttpRequest({ ...config, request: { nowMs: now(), stream, kind, credentials: creds.credentials } }, body);
  };

  /** One call with retries; resolves to a 2xx response. */
  const exchange = async (message: MessageBody, stream: boolean, kind: RequestKind, signal?: AbortSignal): Promise<{ res: Response }> => {
    const body = JSON.stringify(message);
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      // Rebuilt on every attempt: a fresh signing time (SigV4) and fresh credentials.
      const request = await buildForSend(body, stream, kind);
      let res: Response;
      try {
        res = await transport.send(request, signal);
      } catch (e) {
        // Retried as the Anthropic SDK retries: a connection that failed, and a response that
        // did not start within the timeout. A proxy or TLS setup problem is not retried.
        if (attempt >= maxRetries || !(e instanceof ClaudeProviderError) || (e.code !== 'NETWORK_UNREACHABLE' && e.code !== 'REQUEST_TIMEOUT') || signal?.aborted) throw e;
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
      throw new ClaudeProviderError({ code: p.code, message: p.message, help: p.help, envVar: p.envVar ?? undefined, file: p.file ?? undefined });
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

  const json = async (res: Response): Promise<Record<string, unknown>> => JSON.parse(await res.body.text()) as Record<string, unknown>;

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
                  throw new ClaudeProviderError({ code: p.code, message: `${p.errorType ? p.errorType + ': ' : ''}${p.message}`, help: p.help });
                }
                yield ev;
              }
            }
            decoder.finish();
          },
        };
      },
    },
    credentials,
    buildRequest: (body, o) => build(body, o?.stream ?? false, o?.kind ?? 'messages'),
    close: () => transport.close(),
  };
}

/** The text of a `content_block_delta` event, if it carries text. */
export function deltaText(ev: StreamEvent): string | undefined {
  if (ev.type !== 'content_block_delta' || ev.delta_type !== 'text_delta') return undefined;
  const d = JSON.parse(ev.data) as { delta?: { text?: string } };
  return d.delta?.text;
}
