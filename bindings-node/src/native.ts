// The only importer of the native addon: each call converts the addon's errors to
// ClaudeProviderError. Types come from ../types/index.d.ts (generated from the Rust types).
import addon from '../native.cjs';
import type {
  BuildInput,
  BuildOutput,
  ConfigInput,
  ConfigSnippets,
  DecoderOptions,
  Header,
  HttpRequest,
  ParsedError,
  Problem,
  ProviderId,
  ProxyRoute,
  RequestFormat,
  RequestSpec,
  StreamEvent,
  ProviderSetup,
  Resolution,
  SettingsSyntax,
  SetupInput,
  ValidateInput,
} from '../types/index.js';
import { fromNative } from './errors.js';

function call<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw fromNative(e);
  }
}

/** The core's `resolve` (exact core input). */
export function coreResolve(input: ConfigInput): Resolution {
  return call(() => addon.resolve(input));
}

/** The core's `validate` (exact core input). */
export function coreValidate(input: ValidateInput): Resolution {
  return call(() => addon.validate(input));
}

/** The core's `buildRequest`; `body` (string or bytes) replaces `input.request.body`. */
export function coreBuildRequest(input: BuildInput, body?: string | Uint8Array): BuildOutput {
  return call(() => (body === undefined ? addon.buildRequest(input) : addon.buildRequest(input, body)));
}

/** A request ready to send: the body is the exact bytes (a Buffer from the core). */
export type SendableRequest = Omit<HttpRequest, 'body'> & { body: Uint8Array | string };

/** The core's `buildRequest`, returning only the request, its body as bytes. */
export function coreBuildHttpRequest(input: BuildInput, body?: string | Uint8Array): Omit<HttpRequest, 'body'> & { body: Buffer } {
  return fromParts(call(() => (body === undefined ? addon.buildHttpRequest(input) : addon.buildHttpRequest(input, body))));
}

/** The addon's flat form of a request: `[method, url, model, body, (name, value, secret)…]`. */
type RequestParts = [method: string, url: string, model: string, body: Buffer, ...headers: (string | boolean)[]];

/** The request object, keys in the core's order (object literals are cheap here, not in the addon). */
function fromParts(p: RequestParts): Omit<HttpRequest, 'body'> & { body: Buffer } {
  const headers: Header[] = [];
  for (let i = 4; i < p.length; i += 3) headers.push({ name: p[i] as string, value: p[i + 1] as string, secret: p[i + 2] as boolean });
  return { method: p[0], url: p[1], headers, body: p[3], model: p[2] };
}

/** A configuration converted and resolved once; buildHttpRequest() throws ClaudeProviderError. */
export interface PreparedConfig {
  readonly resolution: Resolution;
  buildHttpRequest(request: RequestSpec, body?: string | Uint8Array): Omit<HttpRequest, 'body'> & { body: Buffer };
}

/** The core's `Prepared`: `buildHttpRequest` converts only the request spec and the body. */
export function corePrepare(config: ConfigInput): PreparedConfig {
  const p = call(() => addon.prepare(config));
  return {
    get resolution() {
      return call(() => p.resolution);
    },
    buildHttpRequest: (request, body) => fromParts(call(() => (body === undefined ? p.buildHttpRequest(request) : p.buildHttpRequest(request, body)))),
  };
}

/** The environment after the settings `env` blocks apply. Holds secrets: never print it. */
export function coreEffectiveEnv(input: ConfigInput): Record<string, string> {
  return call(() => addon.effectiveEnv(input));
}

/** What to set to use a provider (variables, other selectors to clear, container mounts). */
export function coreProviderSetup(input: SetupInput): ProviderSetup {
  return call(() => addon.providerSetup(input));
}

/** The request with secret header values redacted. */
export function coreRedactRequest(request: HttpRequest): HttpRequest {
  return call(() => addon.redactRequest(request));
}

/** Is this variable's value a secret? */
export function coreIsSecretVar(name: string): boolean {
  return call(() => addon.isSecretVar(name));
}

/** A plain value as it may be shown: `<redacted>` when it is shaped like a credential (an API key
 * pasted as the model: CREDENTIAL_IN_PLAIN_VARIABLE), a `user:password@` masked, else unchanged. */
export function coreShareablePlain(value: string): string {
  return coreShareableValue('ANTHROPIC_MODEL', value);
}

/** `shareableValue`: a variable's value as it may be shared (secrets redacted, URL passwords masked). */
export function coreShareableValue(name: string, value: string): string {
  return call(() => addon.shareableValue(name, value));
}

/** `shareableJson`: any JSON with the strings that may hold secrets masked by their key. */
export function coreShareableJson(value: unknown): unknown {
  return call(() => addon.shareableJson(value));
}

/** `shareableConfigValue`: a value as it may go into a configuration shared to be validated
 * again (names the core does not read keep no value; secrets become same-form stand-ins). */
export function coreShareableConfigValue(name: string, value: string): string {
  return call(() => addon.shareableConfigValue(name, value));
}

/**
 * The variables of `env` whose values must stay private, by the core's rules: secrets (keys,
 * tokens, passphrases) and URL variables that carry credentials (`https://user:pass@…`, a
 * proxy's `user:pass@host`), which the core's resolution flags `secret`.
 */
export function coreSecretVars(env: Record<string, string>): Set<string> {
  const names = new Set(Object.keys(env).filter((k) => env[k]!.trim() !== '' && coreIsSecretVar(k)));
  // Credentials in a URL need an '@'.
  if (Object.values(env).some((v) => v.includes('@'))) {
    for (const v of call(() => addon.resolve({ processEnv: env })).vars) if (v.secret && !v.blank && v.name in env) names.add(v.name);
  }
  return names;
}

/** The proxy a request to `url` goes through (real URL and authorization), or null. */
export function coreProxyRoute(input: ConfigInput, url: string): ProxyRoute | null {
  return call(() => addon.proxyRoute(input, url));
}

/**
 * The problem that forbids a request to `url`: a proxy variable that is set but unusable, when
 * NO_PROXY does not exempt `url` (the core decides); null when it may be sent.
 */
export function coreProxyRefusal(input: ConfigInput, url: string): Problem | null {
  return call(() => addon.proxyRefusal(input, url));
}

/** `settingsSyntax`: why a settings file's text is not JSON (`SETTINGS_INVALID`, line, column), or null. */
export function coreSettingsSyntax(text: string, path: string): SettingsSyntax | null {
  return call(() => addon.settingsSyntax(text, path));
}

/** An HTTP error response, classified, with the problem to show. */
export function coreParseErrorResponse(provider: ProviderId, status: number, headers: [string, string][], body: Uint8Array | string): ParsedError {
  return call(() => addon.parseErrorResponse(provider, status, headers, body));
}

/** A stream decoder; push() and finish() throw ClaudeProviderError. */
export interface StreamDecoder {
  push(chunk: Uint8Array): StreamEvent[];
  finish(): void;
  readonly format: 'sse' | 'event-stream';
}

export function coreCreateStreamDecoder(provider: ProviderId, contentType?: string | null, options?: DecoderOptions): StreamDecoder {
  const d = call(() => addon.createStreamDecoder(provider, contentType, options));
  return {
    push: (chunk) => call(() => d.push(chunk)),
    finish: () => call(() => d.finish()),
    get format() {
      return d.format;
    },
  };
}

/** The request as HTTP/1.1 text or a `curl` command; secret header values redacted unless `reveal`. */
export function coreRenderRequest(request: HttpRequest, format: RequestFormat, reveal: boolean): string {
  return call(() => addon.renderRequest(request, format, reveal));
}

/** The settings `env` block and devcontainer fragment that reproduce a configuration (no secret values). */
export function coreConfigSnippets(input: ConfigInput): ConfigSnippets {
  return call(() => addon.configSnippets(input));
}
