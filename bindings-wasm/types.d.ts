// Hand-checked minimal TypeScript types of claude-provider-core's JS-facing API (core/src/api.rs
// and the types it returns), as serde serializes them. To be replaced by the generated
// bindings-types/index.d.ts (ts-rs) shared with the Node package once it lands on main.
// Fields not listed here may be present; everything listed is checked against the core.

export type ProviderId =
  | "anthropic" | "bedrock" | "vertex" | "foundry" | "mantle"
  | "anthropic-aws" | "anthropic-google-cloud";
export type SettingsScope = "user" | "project" | "local" | "cli" | "managed";
export type Severity = "info" | "warning" | "error";

export interface SettingsLayer {
  scope: SettingsScope;
  /** Where the file was read from, for messages. */
  path?: string;
  /** The parsed JSON document. */
  settings: unknown;
}
export interface TextFile { path: string; text: string }
export interface HomeFiles { awsConfig?: TextFile; awsCredentials?: TextFile }

export interface ConfigInput {
  processEnv?: Record<string, string>;
  settings?: SettingsLayer[];
  home?: HomeFiles;
}
export type CredentialCheck = "notChecked" | "found" | "notFound";
export interface ValidateInput extends ConfigInput { credentialsCheck?: CredentialCheck }

export type Source =
  | { kind: "process" }
  | { kind: "settings"; scope: SettingsScope; path?: string }
  | { kind: "file"; path: string }
  | { kind: "default" };
export interface Sourced { value: string; source: Source; envVar?: string }
export interface Endpoint {
  baseUrl: string;
  source: Source;
  envVar?: string;
  hostClass: "own" | "foreign" | "insecure";
}
export interface Problem {
  /** Stable code, e.g. `BEDROCK_REGION_INVALID`. */
  code: string;
  severity: Severity;
  message: string;
  help: string;
  envVar?: string;
  file?: string;
}
export interface ModelChoice {
  requested: string;
  id: string;
  catalogId?: string;
  context1m: boolean;
  source: Source;
  envVar?: string;
  region?: string;
  regionVar?: string;
  pinVar?: string;
  overrideKey?: string;
  [k: string]: unknown;
}
export interface ModelSet {
  main: ModelChoice; opus: ModelChoice; sonnet: ModelChoice; haiku: ModelChoice;
  fable: ModelChoice; smallFast: ModelChoice; opusplan?: boolean;
}
export interface AuthPlan {
  method: { kind: string; [k: string]: unknown };
  summary: string;
  source?: Source;
}
export interface ResolvedVar {
  name: string;
  /** Safe to display: secrets hinted, URL credentials masked. */
  value: string;
  secret: boolean;
  source: Source;
  blank: boolean;
  overrides?: { value: string; source: Source }[];
}
export interface Resolution {
  provider: ProviderId;
  selectedBy?: Sourced;
  gateway: boolean;
  mantleAlongside: boolean;
  region?: Sourced;
  endpoint?: Endpoint;
  details: {
    project?: Sourced; resource?: Sourced; workspaceId?: Sourced; serviceTier?: Sourced;
    mantleEndpoint?: Endpoint;
  };
  models: ModelSet;
  auth: AuthPlan;
  network: Record<string, unknown>;
  knobs: Record<string, unknown>;
  credentialSteps: { key: string; command: string; source: Source; when: string; ttlMs?: number }[];
  vars: ResolvedVar[];
  problems: Problem[];
}

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Unix seconds. */
  expiresAt?: number;
}
export interface Credentials {
  aws?: AwsCredentials;
  googleAccessToken?: string;
  googleProjectId?: string;
  azureAccessToken?: string;
  apiKeyHelper?: string;
}
export interface RequestSpec {
  kind?: "messages" | "countTokens";
  stream?: boolean;
  /** The Messages API body: JSON text, an object (JSON.stringify'd) or bytes. */
  body?: string | object | Uint8Array;
  betas?: string[];
  wire?: "2023-06-01" | "2026-10-21";
  sdkConventions?: boolean;
  sdkFamily?: "typeScript" | "python";
  /** Signing time, milliseconds since the Unix epoch. */
  nowMs: number;
  credentials?: Credentials;
}
export interface BuildInput extends ConfigInput { request: RequestSpec }
export interface Header { name: string; value: string; secret: boolean }
export interface HttpRequest {
  method: string;
  url: string;
  headers: Header[];
  /** The body as text. */
  body: string;
  /** The provider-specific model ID. */
  model: string;
}
export interface BuildOutput { request: HttpRequest; resolution: Resolution }
export type RequestFormat = "http" | "curl";
export interface ConfigSnippets {
  settingsJson: string;
  devcontainerJson: string;
  secretVars: string[];
  notes: string[];
}

/** What a failing `buildRequest` throws (an `Error` with these properties). */
export interface ClaudeProviderError extends Error {
  code: string;
  help: string;
  envVar?: string;
  file?: string;
}

// ---- streams (core/src/stream)
export type StreamFormat = "sse" | "event-stream";
export interface DecoderOptions {
  limits?: { maxFrameBytes?: number; maxLineBytes?: number; maxEventBytes?: number };
  /** `CLAUDE_CODE_DISABLE_BEDROCK_CONTENT_TYPE_GUARD`: accept SSE from a Bedrock gateway. */
  disableBedrockContentTypeGuard?: boolean;
}
export interface ProviderErrorInfo {
  code: string;
  kind: string;
  provider?: ProviderId;
  status?: number;
  errorType: string;
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
  retryAtEpochMs?: number;
  requestId?: string;
  [k: string]: unknown;
}
/** One Anthropic stream event, whatever the provider (snake_case, as Anthropic's JSON). */
export interface StreamEvent {
  /** `message_start`, `content_block_delta`, `error`, … */
  type: string;
  index?: number;
  delta_type?: string;
  block_type?: string;
  /** The event's JSON text exactly as the provider sent it. */
  data: string;
  error?: ProviderErrorInfo;
}
