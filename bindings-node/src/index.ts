/**
 * claude-provider: how Claude Code picks and talks to its model provider, from Node.
 *
 * ```ts
 * import { validate, buildRequest } from 'claude-provider';
 * const r = validate();                       // process.env + the settings files Claude Code reads
 * for (const p of r.problems) console.log(p.code, p.message, p.help);
 * const { request } = buildRequest({ body: { messages: [{ role: 'user', content: 'hi' }], max_tokens: 64 } });
 * ```
 *
 * Every rule lives in the Rust core; this package reads the environment and files (unless told
 * not to) and converts. The JSON types are generated from the Rust definitions.
 */
import { types } from 'node:util';
import type {
  BuildOutput,
  ConfigInput,
  ConfigSnippets,
  CredentialCheck,
  Credentials,
  HttpRequest,
  Problem,
  RequestKind,
  RequestSpec,
  Resolution,
  SdkFamily,
  Severity,
  WireVersion,
} from '../types/index.js';
import {
  coreConfigSnippets,
  coreRenderRequest,
  coreBuildHttpRequest,
  coreBuildRequest,
  coreCreateStreamDecoder,
  coreParseErrorResponse,
  corePrepare,
  coreProxyRefusal,
  coreProxyRoute,
  coreSettingsSyntax,
  coreEffectiveEnv,
  coreIsSecretVar,
  coreShareableValue,
  coreShareableConfigValue,
  coreShareableJson,
  coreProviderSetup,
  coreRedactRequest,
  coreResolve,
  coreValidate,
} from './native.js';
import { bodyOf, type Body } from './body.js';
import { argumentError, checkObject } from './errors.js';
import { loadConfig, withLoadProblems, type LoadOptions } from './settings.js';

export type * from '../types/index.js';
export { ArgumentError, ClaudeProviderError, type ArgumentErrorCode, type ErrorDetails } from './errors.js';
export { createClient, deltaText, type Client, type ClientOptions, type MessageBody } from './client.js';
export { obtainCredentials, parseAwsExport, type AuthOptions, type ObtainedCredentials } from './auth.js';
export { Transport, type Response, type TransportOptions } from './transport.js';
export type { PreparedConfig, SendableRequest, StreamDecoder } from './native.js';
export { shareableJson } from './shareable.js';
export {
  applySwitch,
  checkEnvEdit,
  editEnv,
  envOverrides,
  gitTracked,
  planSwitch,
  refusedValues,
  settingsFileFor,
  switchProvider,
  SWITCH_SCOPES,
  SwitchPlan,
  type ApplyOptions,
  type EnvEditOptions,
  type EnvEditResult,
  type EnvOverride,
  type EnvTargetOptions,
  type SetupValues,
  type SwitchOptions,
  type SwitchResult,
  type SwitchScope,
} from './switch.js';
export {
  loadConfig,
  managedSettingsPath,
  parseSettings,
  settingsPaths,
  type LoadedConfig,
  type LoadedFile,
  type LoadOptions,
} from './settings.js';

/** The core's API with its exact inputs (no file is read, no default applied). */
export const core = {
  resolve: coreResolve,
  validate: coreValidate,
  buildRequest: coreBuildRequest,
  prepare: corePrepare,
  effectiveEnv: coreEffectiveEnv,
  providerSetup: coreProviderSetup,
  redactRequest: coreRedactRequest,
  isSecretVar: coreIsSecretVar,
  shareableValue: coreShareableValue,
  shareableConfigValue: coreShareableConfigValue,
  shareableJson: coreShareableJson,
  proxyRoute: coreProxyRoute,
  proxyRefusal: coreProxyRefusal,
  settingsSyntax: coreSettingsSyntax,
  parseErrorResponse: coreParseErrorResponse,
  createStreamDecoder: coreCreateStreamDecoder,
  renderRequest: coreRenderRequest,
  configSnippets: coreConfigSnippets,
} as const;

/** A decoder of `provider`'s response stream into Anthropic events (Content-Type checked). */
export const createStreamDecoder = coreCreateStreamDecoder;

/** Where the configuration comes from: loaded as Claude Code does, or given whole as `config`. */
export interface Options extends LoadOptions {
  /** Use exactly this configuration; nothing is read. */
  config?: ConfigInput;
}

export type { Body } from './body.js';

export interface BuildRequestOptions extends Options {
  body: Body;
  /** `messages` (default) or `countTokens`. */
  kind?: RequestKind;
  stream?: boolean;
  /** Betas to send besides `ANTHROPIC_BETAS` and the body's `betas`. */
  betas?: string[];
  /** The signing time (SigV4). Default: now. */
  now?: Date | number;
  /** Credentials the runtime obtained (AWS chain, Google, Azure, `apiKeyHelper`). */
  credentials?: Credentials;
  wire?: WireVersion;
  sdkConventions?: boolean;
  sdkFamily?: SdkFamily;
}

function configOf(options: Options): { config: ConfigInput; problems: Problem[] } {
  checkObject(options, 'options');
  if (options.config !== undefined && options.config !== null) return { config: options.config, problems: [] };
  const { config, problems } = loadConfig(options);
  return { config, problems };
}

/** Offline resolution: provider, region, endpoint, models, auth, network, sources, problems. */
export function resolve(options: Options = {}): Resolution {
  const { config, problems } = configOf(options);
  return withLoadProblems(coreResolve(config), problems);
}

/**
 * Resolution plus the checks that need runtime facts and whole-environment checks.
 * `credentialsCheck`: whether the runtime found the provider's credentials; `googleProjectId`:
 * the project they resolved (`obtainCredentials` returns it), which Vertex uses when no
 * variable names a project.
 */
export function validate(options: Options & { credentialsCheck?: CredentialCheck; googleProjectId?: string } = {}): Resolution {
  const { config, problems } = configOf(options);
  const input = {
    ...config,
    ...(options.credentialsCheck ? { credentialsCheck: options.credentialsCheck } : {}),
    ...(options.googleProjectId ? { googleProjectId: options.googleProjectId } : {}),
  };
  return withLoadProblems(coreValidate(input), problems);
}

/** The exact request (URL, headers with secrets flagged, body) and the resolution behind it. */
export function buildRequest(options: BuildRequestOptions): BuildOutput {
  const { config, problems } = configOf(options);
  const out = coreBuildRequest({ ...config, request: requestSpec(options) }, bodyOf(options.body, 'options.body'));
  // The settings files that could not be read or parsed, as `validate` reports them.
  return problems.length ? { ...out, resolution: withLoadProblems(out.resolution, problems) } : out;
}

/** The signing time in epoch milliseconds: `options.now`, a Date or a number, or now. */
function nowMs(now: unknown): number {
  const ms = now === undefined ? Date.now() : typeof now === 'number' ? now : types.isDate(now) ? now.getTime() : NaN;
  if (!Number.isFinite(ms)) throw argumentError('options.now', 'a Date or a number of milliseconds');
  return ms;
}

function requestSpec(options: PreparedRequestOptions): RequestSpec {
  checkObject(options, 'options');
  const now = nowMs(options.now);
  return {
    nowMs: now,
    ...(options.kind !== undefined ? { kind: options.kind } : {}),
    ...(options.stream !== undefined ? { stream: options.stream } : {}),
    ...(options.betas !== undefined ? { betas: options.betas } : {}),
    ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
    ...(options.wire !== undefined ? { wire: options.wire } : {}),
    ...(options.sdkConventions !== undefined ? { sdkConventions: options.sdkConventions } : {}),
    ...(options.sdkFamily !== undefined ? { sdkFamily: options.sdkFamily } : {}),
  };
}

/**
 * The request alone, ready to send: like {@link buildRequest} without the resolution, and
 * with the body as the exact bytes (a Buffer). The fast path for clients.
 */
export function buildHttpRequest(options: BuildRequestOptions): Omit<HttpRequest, 'body'> & { body: Buffer } {
  const { config } = configOf(options);
  return coreBuildHttpRequest({ ...config, request: requestSpec(options) }, bodyOf(options.body, 'options.body'));
}

/** What one request built from a {@link Prepared} configuration takes: everything but the configuration. */
export type PreparedRequestOptions = Omit<BuildRequestOptions, keyof Options>;

/** A configuration loaded and resolved once, for building many requests. */
export interface Prepared {
  /** The resolution behind every request (with the problems met loading the files). */
  readonly resolution: Resolution;
  /** {@link buildHttpRequest} for this configuration, without converting or resolving it again. */
  buildHttpRequest(options: PreparedRequestOptions): Omit<HttpRequest, 'body'> & { body: Buffer };
}

/**
 * Loads (or takes) the configuration and resolves it once. Requests built from it are the ones
 * {@link buildHttpRequest} builds for the same configuration; later changes to the environment
 * or the files are not seen: prepare again after them.
 */
export function prepare(options: Options = {}): Prepared {
  const { config, problems } = configOf(options);
  const native = corePrepare(config);
  let resolution: Resolution | undefined;
  return {
    get resolution() {
      return (resolution ??= withLoadProblems(native.resolution, problems));
    },
    buildHttpRequest: (o) => native.buildHttpRequest(requestSpec(o), bodyOf(o.body, 'options.body')),
  };
}

/** The environment Claude Code's process would run with (settings `env` applied). Holds secrets. */
export function effectiveEnv(options: Options = {}): Record<string, string> {
  return coreEffectiveEnv(configOf(options).config);
}

/** The request as HTTP/1.1 text or a `curl` command; secret header values redacted unless `reveal`. */
export const renderRequest = coreRenderRequest;

/** The settings `env` block and devcontainer fragment that reproduce the configuration (no secrets). */
export function configSnippets(options: Options = {}): ConfigSnippets {
  return coreConfigSnippets(configOf(options).config);
}
