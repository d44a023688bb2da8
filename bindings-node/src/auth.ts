// Credentials the core cannot read from the environment itself, obtained the way Claude Code
// obtains them: AWS through @aws-sdk/credential-providers (profiles, SSO, credential_process,
// web identity, container and instance metadata) or the awsCredentialExport command, with
// awsAuthRefresh when they fail or expire; Google through google-auth-library (Application
// Default Credentials); Azure through @azure/identity; Anthropic's apiKeyHelper with its TTL.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecureContext } from 'node:tls';
import type { AwsCredentials, ConfigInput, CredentialCheck, CredentialStep, Credentials, Resolution } from '../types/index.js';
import type { AuthAgent } from './auth-agent.js';
import { checkObject, checkOptional, ClaudeProviderError, withoutInputText } from './errors.js';
import { runHelper } from './helpers.js';
import { coreProxyRoute, coreShareableValue } from './native.js';

export interface AuthOptions {
  /** The environment Claude Code's process would have (`effectiveEnv`). */
  env: Record<string, string>;
  /** The home directory (`~/.aws`). */
  home: string;
  cwd?: string | undefined;
  /** Timeout of helper commands. Default: 3 minutes (Claude Code's gcpAuthRefresh limit). */
  helperTimeoutMs?: number;
  /**
   * Overrides API_TIMEOUT_MS for the libraries' own connections (SSO, STS, token endpoints):
   * a TCP connect, TLS handshake or proxy CONNECT takes at most this (and at most a minute).
   */
  timeoutMs?: number;
  /**
   * Run `awsAuthRefresh` / `gcpAuthRefresh` when loading fails, then try once more, as Claude
   * Code does. Default `true`. `false` (the CLI's `request`, which only shows a request): never
   * run them; a failure's help says that the command was not run.
   */
  refreshCommands?: boolean;
  /** Where awsAuthRefresh / gcpAuthRefresh output goes (Claude Code shows it). Default: stderr. */
  onRefreshOutput?: (key: string, text: string) => void;
  /** The clock. Default: Date.now. */
  now?: () => number;
  /**
   * The CAs the libraries' own requests trust (AWS SSO and STS, Google's and Entra ID's token
   * requests): pass the transport's (`() => transport.caContext()`), so that both trust the same.
   * Default: made from the resolution as `Transport` makes them.
   */
  caContext?: () => SecureContext;
}

export interface ObtainedCredentials {
  credentials: Credentials;
  /** For `validate`: did the runtime find credentials for the provider? */
  check: CredentialCheck;
  /** Earliest expiry (epoch ms) of what was obtained, when known. */
  expiresAt?: number;
  /** What was done, for people (`AWS profile dev (credential_process)`). */
  notes: string[];
}

const HOUR = 3_600_000;
const FIVE_MIN = 300_000;

function step(r: Resolution, key: string): CredentialStep | undefined {
  return r.credentialSteps.find((s) => s.key === key);
}

function stepFile(s: CredentialStep): string | undefined {
  return s.source.kind === 'settings' ? (s.source.path ?? undefined) : undefined;
}

/** The AWS shared files as the SDK would find them with this environment. */
function awsFiles(o: AuthOptions): { filepath: string; configFilepath: string } {
  const expand = (p: string) => (p.startsWith('~/') ? join(o.home, p.slice(2)) : p);
  const nb = (v: string | undefined) => (v !== undefined && v.trim() !== '' ? expand(v) : undefined);
  return {
    filepath: nb(o.env.AWS_SHARED_CREDENTIALS_FILE) ?? join(o.home, '.aws', 'credentials'),
    configFilepath: nb(o.env.AWS_CONFIG_FILE) ?? join(o.home, '.aws', 'config'),
  };
}

/** A variable of the configuration's environment, blank counting as unset (as Claude Code). */
function envValue(o: Pick<AuthOptions, 'env'>, k: string): string | undefined {
  const v = o.env[k]?.trim();
  return v ? v : undefined;
}

/**
 * The agent the libraries' own requests connect through: the configuration's proxy for each URL
 * by the core's rule (NO_PROXY, `https_proxy` over `HTTPS_PROXY`), and the transport's trusted
 * CAs. Claude Code puts its settings `env` into its process environment, so its token requests
 * take a proxy set there (capture `vertex_service_account_via_proxy`); the libraries here would
 * otherwise see only the real process's variables, and the AWS SDK's clients none at all.
 */
async function authAgent(r: Resolution, o: AuthOptions): Promise<AuthAgent> {
  const { AuthAgent } = await import('./auth-agent.js');
  let trust = o.caContext;
  if (!trust) {
    const { Transport } = await import('./transport.js');
    // Made when a TLS connection needs it; it warns as the transport does.
    let t: InstanceType<typeof Transport> | undefined;
    trust = () => (t ??= new Transport({ config: { processEnv: o.env }, resolution: r, env: o.env, ...(o.cwd !== undefined ? { cwd: o.cwd } : {}) })).caContext();
  }
  const { proxyRefusalError } = await import('./transport.js');
  const config = { processEnv: o.env };
  return new AuthAgent((url) => coreProxyRoute(config, url), trust, o.timeoutMs ?? (r.knobs.timeoutMs || 600_000), (url) => proxyRefusalError(config, url));
}

/**
 * The failure of the libraries' last connection through `agent`, if their last connection
 * failed, named as the transport names it (its code and fix: an untrusted certificate, a proxy
 * refusing or unreachable, DNS, a timeout) and saying which endpoint it was for, `what` of it.
 * Their own errors would have the credentials' code and fix, and keep little of the cause.
 */
function connectionError(agent: AuthAgent | undefined, intro: string, what: (host: string, path: string) => string): ClaudeProviderError | undefined {
  const named = agent?.failureError();
  const f = agent?.lastFailure;
  if (!named || !f) return undefined;
  const detail = named.message.replace(/^The /, 'the ');
  return new ClaudeProviderError({ code: named.code, message: `${intro} from ${what(new URL(f.url).host, f.path)}: ${detail}`, help: named.help, envVar: named.envVar }, { cause: named.cause });
}

/** Which of the AWS SDK's inner clients made a request, by its path (endpoints may be overridden). */
function awsEndpoint(host: string, path: string): string {
  if (path.startsWith('/federation/')) return `the AWS SSO portal ${host}`;
  if (path.startsWith('/token')) return `the AWS SSO OIDC endpoint ${host} (refreshing the SSO token)`;
  return `AWS STS ${host}`;
}

/**
 * Credentials from `load`, kept in `cache` under `key` until 5 minutes before they expire, or
 * for an hour when they carry no expiry (static keys): every request and retry would otherwise
 * run the SDK's providers again (a credential_process command, an SSO or STS call, a token
 * request). The client clears the cache when the provider rejects them.
 */
async function cached(cache: CredentialCache, key: string, now: () => number, load: () => Promise<ObtainedCredentials>): Promise<ObtainedCredentials> {
  const hit = cache.get(key, now());
  if (hit) return hit;
  const got = await load();
  cache.set(key, got, got.expiresAt !== undefined ? got.expiresAt - FIVE_MIN : now() + HOUR);
  return got;
}

/** The AWS SDK's documented switch for its Node version support warning. */
const SDK_WARNING_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
/** The AWS SDK calls running with the switch set here (it is removed when the last ends). */
let quietSdkCalls = 0;

/**
 * Runs the AWS SDK's providers with its Node version support warning off: on Node < 22 the
 * first client the SDK makes (SSO, STS) prints a `NodeVersionSupportWarning` on stderr, in the
 * middle of the CLI's output, about the SDK's future releases rather than anything the user
 * asked for. The SDK reads its switch from `process.env` when it makes a client, so it is set
 * only while the providers run and removed after, unless the process sets it itself. (Once
 * silenced, the SDK does not warn again in this process, for the embedder's own clients either.)
 */
async function withoutSdkVersionWarning<T>(run: () => Promise<T>): Promise<T> {
  if (quietSdkCalls === 0 && process.env[SDK_WARNING_SWITCH] !== undefined) return run();
  quietSdkCalls++;
  process.env[SDK_WARNING_SWITCH] = 'true';
  try {
    return await run();
  } finally {
    if (--quietSdkCalls === 0) delete process.env[SDK_WARNING_SWITCH];
  }
}

/** Where the AWS SDK's inner clients (SSO, SSO OIDC, STS) send their requests. */
type AwsRequestHandler = Awaited<ReturnType<typeof import('./auth-agent.js').awsRequestHandler>>;

/**
 * fromIni's options, with the request handler for the inner clients it makes: `clientConfig`
 * reaches the SSO, SSO OIDC and assume-role STS clients, while a web identity profile's STS
 * client gets only `parentClientConfig` (credential-provider-ini passes it no clientConfig).
 */
function iniOptions(profile: string, files: { filepath: string; configFilepath: string }, requestHandler: AwsRequestHandler) {
  return { profile, ...files, ignoreCache: true, clientConfig: { requestHandler }, parentClientConfig: { requestHandler } };
}

/**
 * The SDK's default chain (minus environment keys, which the core reads itself), built from
 * the libraries' own providers with every input taken from `o.env`. `fromNodeProviderChain`
 * reads `process.env` instead (keys, AWS_PROFILE, web identity, container URIs), so keys the
 * configuration unsets, or a token file set in a settings `env` block, would be missed or used
 * behind the caller's back. Order as the SDK's: the AWS_PROFILE or `default` profile (static, SSO,
 * credential_process, assume role), web identity, then the container endpoint or else the
 * instance metadata service. The instance metadata endpoint still comes from the SDK's own
 * lookup (`AWS_EC2_METADATA_SERVICE_ENDPOINT` in `process.env`, or the config file). The
 * profile's and web identity's SSO and STS requests go through `requestHandler`; the container
 * endpoint and the instance metadata service are local, and connect direct (as the SDK does).
 */
async function awsDefaultChain(o: AuthOptions, files: { filepath: string; configFilepath: string }, requestHandler: AwsRequestHandler) {
  const { createCredentialChain, fromHttp, fromIni, fromInstanceMetadata, fromTokenFile } = await import('@aws-sdk/credential-providers');
  const env = (k: string) => envValue(o, k);
  // The profile AWS_PROFILE names, as the SDK's chain reads it: never [default] in its place
  // (the core resolves a profile that is in neither file to this chain).
  const profile = env('AWS_PROFILE') ?? 'default';
  const links = [fromIni(iniOptions(profile, files, requestHandler))];
  const tokenFile = env('AWS_WEB_IDENTITY_TOKEN_FILE');
  const roleArn = env('AWS_ROLE_ARN');
  if (tokenFile && roleArn) {
    const endpoint = env('AWS_ENDPOINT_URL_STS') ?? env('AWS_ENDPOINT_URL');
    const region = env('AWS_REGION') ?? env('AWS_DEFAULT_REGION');
    links.push(
      fromTokenFile({
        webIdentityTokenFile: tokenFile,
        roleArn,
        // Always given: fromTokenFile falls back to process.env for an undefined one. The
        // default is the SDK's own.
        roleSessionName: env('AWS_ROLE_SESSION_NAME') ?? `aws-sdk-js-session-${Date.now()}`,
        clientConfig: { ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}), requestHandler },
      }),
    );
  }
  const relative = env('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI');
  const full = env('AWS_CONTAINER_CREDENTIALS_FULL_URI');
  if (relative || full) {
    // '' rather than undefined: fromHttp falls back to process.env for an undefined option.
    links.push(
      fromHttp({
        awsContainerCredentialsRelativeUri: relative ?? '',
        awsContainerCredentialsFullUri: full ?? '',
        awsContainerAuthorizationToken: env('AWS_CONTAINER_AUTHORIZATION_TOKEN') ?? '',
        awsContainerAuthorizationTokenFile: env('AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE') ?? '',
      }),
    );
  } else if ((env('AWS_EC2_METADATA_DISABLED') ?? 'false') === 'false') {
    links.push(fromInstanceMetadata());
  }
  // As the SDK's chain ends: the last source's own failure (an instance metadata timeout on
  // a laptop) would point at the wrong thing.
  const none = async (): Promise<never> => {
    throw new Error(`no source had credentials (profile ${profile}, web identity, container or instance metadata)`);
  };
  return createCredentialChain(...links, none);
}

/**
 * Where google-auth-library looks for its credentials file, from the configuration's env and
 * home (the library reads `process.env` and the process's home): GOOGLE_APPLICATION_CREDENTIALS
 * (`named`), else the file `gcloud auth application-default login` writes under CLOUDSDK_CONFIG
 * or `~/.config/gcloud` (`%APPDATA%\gcloud` on Windows). Without that file only the metadata
 * server is asked (on Google Cloud), never the process's own variable.
 */
export function googleAdcPath(env: Record<string, string>, home: string): { path: string; named: boolean } {
  const o = { env };
  const explicit = envValue(o, 'GOOGLE_APPLICATION_CREDENTIALS');
  if (explicit) return { path: explicit, named: true };
  const dir = envValue(o, 'CLOUDSDK_CONFIG') ?? (process.platform === 'win32' ? join(envValue(o, 'APPDATA') ?? join(home, 'AppData', 'Roaming'), 'gcloud') : join(home, '.config', 'gcloud'));
  return { path: join(dir, 'application_default_credentials.json'), named: false };
}

/** The credentials file google-auth-library reads (a named one whether or not it exists). */
function googleAdcFile(o: Pick<AuthOptions, 'env' | 'home'>): string | undefined {
  const { path, named } = googleAdcPath(o.env, o.home);
  return named || existsSync(path) ? path : undefined;
}

/**
 * The project google-auth-library's `getProjectId()` reads from the credentials file without
 * asking the network, for validating offline: the file's `project_id` (a service-account key,
 * an impersonated or external account that names one), never an `authorized_user` file's
 * (the library's user client takes no project from it; `quota_project_id` is only billed).
 * Only when the configuration's Google auth would use that file and no variable names a project
 * (`details.project`). An unreadable or malformed file gives `undefined`: obtaining the
 * credentials reports it.
 */
export function googleCredentialsFileProject(r: Resolution, o: Pick<AuthOptions, 'env' | 'home'>): { projectId: string; file: string } | undefined {
  if (r.auth.method.kind !== 'googleOAuth' || r.details.project) return undefined;
  const file = googleAdcFile(o);
  if (!file) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  const { type, project_id: projectId } = doc as { type?: unknown; project_id?: unknown };
  if (type === 'authorized_user' || typeof projectId !== 'string' || projectId.trim() === '') return undefined;
  return { projectId, file };
}

/** `awsCredentialExport` output: `{"Credentials":{…}}` (STS) or the flat credential_process shape. */
export function parseAwsExport(stdout: string): AwsCredentials & { expiresAtMs?: number } {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    throw new ClaudeProviderError({
      code: 'CREDENTIALS_MISSING',
      message: 'The awsCredentialExport command did not print JSON.',
      help: 'It must print {"Credentials":{"AccessKeyId","SecretAccessKey","SessionToken","Expiration"}} (aws sts …) or the `aws configure export-credentials --format process` shape.',
    });
  }
  const o = (doc as { Credentials?: unknown }).Credentials ?? doc;
  const c = o as Record<string, unknown>;
  if (typeof c.AccessKeyId !== 'string' || typeof c.SecretAccessKey !== 'string') {
    throw new ClaudeProviderError({
      code: 'CREDENTIALS_MISSING',
      message: 'The awsCredentialExport output has no AccessKeyId/SecretAccessKey.',
      help: 'Print {"Credentials":{"AccessKeyId","SecretAccessKey","SessionToken","Expiration"}} or the credential_process shape.',
    });
  }
  const exp = typeof c.Expiration === 'string' ? Date.parse(c.Expiration) : NaN;
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(typeof c.SessionToken === 'string' ? { sessionToken: c.SessionToken } : {}),
    ...(Number.isFinite(exp) ? { expiresAt: Math.floor(exp / 1000), expiresAtMs: exp } : {}),
  };
}

/** A cache of helper results per command, honouring TTLs (one per client). */
export class CredentialCache {
  private readonly entries = new Map<string, { value: ObtainedCredentials; until: number }>();
  get(key: string, now: number): ObtainedCredentials | undefined {
    const e = this.entries.get(key);
    return e && e.until > now ? e.value : undefined;
  }
  set(key: string, value: ObtainedCredentials, until: number): void {
    this.entries.set(key, { value, until });
  }
  clear(): void {
    this.entries.clear();
  }
  /** Does it hold anything (even expired)? */
  get size(): number {
    return this.entries.size;
  }
}

/**
 * Runs the refresh command Claude Code runs when the provider rejects credentials as expired
 * or invalid (`awsAuthRefresh` for the AWS routes, `gcpAuthRefresh` for Google). Returns false
 * when none is configured.
 */
export async function runRefresh(r: Resolution, o: AuthOptions): Promise<boolean> {
  const s = refreshStep(r);
  if (!s) return false;
  const out = await runHelper(s.key, s.command, { env: o.env, cwd: o.cwd, timeoutMs: o.helperTimeoutMs ?? 180_000, file: stepFile(s) });
  const text = (out.stdout + out.stderr).trim();
  if (text) (o.onRefreshOutput ?? ((k, t) => process.stderr.write(`${k}: ${t}\n`)))(s.key, text);
  return true;
}

/** The refresh command configured for `r`'s auth: `awsAuthRefresh` for the AWS routes, `gcpAuthRefresh` for Google; undefined when none is. */
export function refreshStep(r: Resolution): CredentialStep | undefined {
  const key = r.auth.method.kind === 'sigV4' ? 'awsAuthRefresh' : r.auth.method.kind === 'googleOAuth' ? 'gcpAuthRefresh' : undefined;
  return key ? step(r, key) : undefined;
}

/**
 * Obtains what the resolution's auth plan needs from the runtime. Throws ClaudeProviderError
 * (code CREDENTIALS_MISSING or the provider's *_NO_CREDENTIALS) when nothing could be found.
 */
export async function obtainCredentials(r: Resolution, o: AuthOptions, cache = new CredentialCache()): Promise<ObtainedCredentials> {
  checkObject(r, 'resolution');
  checkObject(r.auth, 'resolution.auth');
  checkObject(o, 'options');
  checkObject(o.env, 'options.env');
  checkOptional(o.now, 'options.now', 'function');
  checkOptional(o.helperTimeoutMs, 'options.helperTimeoutMs', 'number');
  checkOptional(o.timeoutMs, 'options.timeoutMs', 'number');
  checkOptional(o.refreshCommands, 'options.refreshCommands', 'boolean');
  checkOptional(o.caContext, 'options.caContext', 'function');
  const now = o.now ?? Date.now;
  const timeoutMs = o.helperTimeoutMs ?? 180_000;
  const m = r.auth.method;
  const helper = (s: CredentialStep) => runHelper(s.key, s.command, { env: o.env, cwd: o.cwd, timeoutMs, file: stepFile(s) });
  const refresh = async (): Promise<boolean> => o.refreshCommands !== false && runRefresh(r, o);
  switch (m.kind) {
    case 'apiKeyHelper': {
      const s = step(r, 'apiKeyHelper');
      if (!s) return { credentials: {}, check: 'notFound', notes: [] };
      const hit = cache.get(`apiKeyHelper\0${s.command}`, now());
      if (hit) return hit;
      const out = await helper(s);
      const key = out.stdout.trim();
      if (!key) throw new ClaudeProviderError({ code: 'CREDENTIALS_MISSING', message: 'The apiKeyHelper command printed nothing.', help: 'It must print the API key (or token) on stdout.', ...(stepFile(s) ? { file: stepFile(s) } : {}) });
      // Claude Code caches the key; CLAUDE_CODE_API_KEY_HELPER_TTL_MS makes it rerun.
      const ttl = s.ttlMs ?? Number.POSITIVE_INFINITY;
      const got: ObtainedCredentials = { credentials: { apiKeyHelper: key }, check: 'found', notes: ['apiKeyHelper'], ...(Number.isFinite(ttl) ? { expiresAt: now() + ttl } : {}) };
      cache.set(`apiKeyHelper\0${s.command}`, got, now() + ttl);
      return got;
    }
    case 'sigV4': {
      const src = m.credentials;
      if (src.kind === 'envKeys') return { credentials: {}, check: 'found', notes: ['AWS keys from the environment'] };
      if (src.kind === 'credentialExport') {
        const s = step(r, 'awsCredentialExport')!;
        // Cached until 5 minutes before Expiration, else for an hour (Claude Code).
        return cached(cache, `awsCredentialExport\0${s.command}`, now, async () => {
          const { expiresAtMs, ...creds } = parseAwsExport((await helper(s)).stdout);
          return { credentials: { aws: creds }, check: 'found', notes: ['awsCredentialExport'], ...(expiresAtMs !== undefined ? { expiresAt: expiresAtMs } : {}) };
        });
      }
      const files = awsFiles(o);
      const profile = src.kind === 'profile' ? src.profile : undefined;
      // The last attempt's agent: its failed connection, if any, is what to report.
      let agent: AuthAgent | undefined;
      const load = async (): Promise<ObtainedCredentials> => {
        const [{ fromIni }, { awsRequestHandler }] = await Promise.all([import('@aws-sdk/credential-providers'), import('./auth-agent.js')]);
        const requestHandler = await awsRequestHandler((agent = await authAgent(r, o)));
        const provider = profile ? fromIni(iniOptions(profile, files, requestHandler)) : await awsDefaultChain(o, files, requestHandler);
        const c = await withoutSdkVersionWarning(provider);
        const exp = c.expiration?.getTime();
        if (exp !== undefined && exp <= now()) throw new Error('the credentials have expired');
        return {
          credentials: {
            aws: {
              accessKeyId: c.accessKeyId,
              secretAccessKey: c.secretAccessKey,
              ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
              ...(exp !== undefined ? { expiresAt: Math.floor(exp / 1000) } : {}),
            },
          },
          check: 'found',
          notes: [profile ? `AWS profile ${profile}${src.kind === 'profile' ? ` (${src.flow})` : ''}` : 'AWS default credential chain'],
          ...(exp !== undefined ? { expiresAt: exp } : {}),
        };
      };
      const key = `aws\0${profile ?? ''}\0${files.filepath}\0${files.configFilepath}`;
      // CLAUDE_CODE_SKIP_AWS_CRED_CACHE: obtained again for every request, as Claude Code.
      const get = () => (r.knobs.skipAwsCredentialCache ? load() : cached(cache, key, now, load));
      try {
        return await get();
      } catch (first) {
        // Expired or unloadable: awsAuthRefresh (e.g. `aws sso login`), then one more try.
        if (await refresh()) {
          try {
            return await get();
          } catch (again) {
            throw awsError(again, true, r, agent);
          }
        }
        throw awsError(first, false, r, agent);
      }
    }
    case 'googleOAuth': {
      let agent: AuthAgent | undefined;
      const load = async (): Promise<ObtainedCredentials> => {
        const { Compute, GoogleAuth, gcpMetadata } = await import('google-auth-library');
        const scopes = ['https://www.googleapis.com/auth/cloud-platform'];
        const keyFilename = googleAdcFile(o);
        let auth;
        if (keyFilename) {
          // gaxios then takes no proxy of its own (nor the process's variables); the agent
          // routes each request (external accounts call other hosts too).
          auth = new GoogleAuth({ scopes, keyFilename, clientOptions: { transporterOptions: { agent: (agent = await authAgent(r, o)) } } });
        } else {
          // ADC's last step, the metadata server (Compute Engine, Cloud Run, GKE), and only that:
          // GoogleAuth's own lookup would first take the process's GOOGLE_APPLICATION_CREDENTIALS,
          // which the configuration may not have.
          if (!(gcpMetadata.getGCPResidency() || (await gcpMetadata.isAvailable()))) {
            throw new Error('the configuration names no credentials file (GOOGLE_APPLICATION_CREDENTIALS, or the file `gcloud auth application-default login` writes) and no Google Cloud metadata server answers');
          }
          auth = new GoogleAuth({ scopes, authClient: new Compute({ scopes }) });
        }
        const client = await auth.getClient();
        const t = await client.getAccessToken();
        if (!t.token) throw new Error('no access token');
        const expiry = client.credentials.expiry_date ?? undefined;
        // The project ADC knows, only when the configuration does not name one.
        const projectId = r.details.project ? undefined : await auth.getProjectId().catch(() => undefined);
        return { credentials: { googleAccessToken: t.token, ...(projectId ? { googleProjectId: projectId } : {}) }, check: 'found', notes: ['Google Application Default Credentials'], ...(expiry ? { expiresAt: expiry } : {}) };
      };
      const key = `google\0${googleAdcFile(o) ?? ''}`;
      try {
        return await cached(cache, key, now, load);
      } catch (first) {
        if (await refresh()) {
          try {
            return await cached(cache, key, now, load);
          } catch (again) {
            throw googleError(again, o, true, r.provider, agent);
          }
        }
        throw googleError(first, o, false, r.provider, agent);
      }
    }
    case 'azureEntraId': {
      const id = await import('@azure/identity');
      const env = (k: string) => envValue(o, k);
      const authorityHost = env('AZURE_AUTHORITY_HOST');
      // A custom authority (sovereign cloud, Azure Stack, a test authority) has no instance
      // metadata to discover.
      const authority = authorityHost ? { authorityHost, disableInstanceDiscovery: true } : {};
      // DefaultAzureCredential's environment and workload identity credentials read
      // process.env: with their variables in the configuration (a settings `env` block, an
      // env file) they are built here from it, in its order (secret, certificate, workload).
      const [tenantId, clientId] = [env('AZURE_TENANT_ID'), env('AZURE_CLIENT_ID')];
      const secret = env('AZURE_CLIENT_SECRET');
      const certificatePath = env('AZURE_CLIENT_CERTIFICATE_PATH');
      const certificatePassword = env('AZURE_CLIENT_CERTIFICATE_PASSWORD');
      const tokenFilePath = env('AZURE_FEDERATED_TOKEN_FILE');
      // What EnvironmentCredential also passes on from its variables.
      const tenants = env('AZURE_ADDITIONALLY_ALLOWED_TENANTS')?.split(';').filter(Boolean);
      // The pipeline's proxy policy (proxyOptions, or the process's variables) leaves a request
      // that already has an agent alone; its proxyOptions would have no NO_PROXY list and drop
      // tlsOptions. The agent keeps managed identity's metadata address direct.
      const azureAgent = await authAgent(r, o);
      const agent = { agent: azureAgent };
      const options = { ...authority, ...agent, ...(tenants?.length ? { additionallyAllowedTenants: tenants } : {}) };
      const sendCertificateChain = ['true', '1'].includes(env('AZURE_CLIENT_SEND_CERTIFICATE_CHAIN')?.toLowerCase() ?? '');
      try {
        const cred =
          tenantId && clientId && secret
            ? new id.ClientSecretCredential(tenantId, clientId, secret, options)
            : tenantId && clientId && certificatePath
              ? new id.ClientCertificateCredential(tenantId, clientId, { certificatePath, ...(certificatePassword ? { certificatePassword } : {}) }, { ...options, sendCertificateChain })
              : tenantId && clientId && tokenFilePath
                ? new id.WorkloadIdentityCredential({ tenantId, clientId, tokenFilePath, ...options })
                : // No tenant: the Azure CLI step would run `az … --tenant` with it.
                  new id.DefaultAzureCredential({ ...authority, ...agent, ...(clientId ? { managedIdentityClientId: clientId } : {}) });
        // One configuration per client (and cache): the scope tells the token apart.
        const key = `azure\0${m.scope}`;
        return await cached(cache, key, now, async () => {
          const t = await cred.getToken(m.scope);
          return { credentials: { azureAccessToken: t.token }, check: 'found', notes: ['Microsoft Entra ID'], expiresAt: t.expiresOnTimestamp };
        });
      } catch (err) {
        // MSAL keeps nothing of a failed connection ("endpoints_resolution_error").
        const net = connectionError(azureAgent, 'No Microsoft Entra ID token', (host) => `the Microsoft Entra ID authority ${host}`);
        if (net) throw net;
        throw new ClaudeProviderError({ code: 'FOUNDRY_NO_CREDENTIALS', message: `No Microsoft Entra ID token: ${errMsg(err)}.`, help: 'Run `az login`, set AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET, or set ANTHROPIC_FOUNDRY_API_KEY.' });
      }
    }
    case 'none':
      return { credentials: {}, check: 'notFound', notes: [] };
    default:
      // API keys and tokens from the environment, or skip-auth: the core reads them itself.
      return { credentials: {}, check: 'found', notes: [] };
  }
}

/**
 * A library's error message as it may be shown: no input text (JSON snippets), and the secrets
 * a command line carries masked (the AWS SDK quotes a failed `credential_process` command).
 */
function errMsg(e: unknown): string {
  const text = withoutInputText(e instanceof Error ? e.message : String(e)).split('\n')[0]!;
  // Without its closing period: every message ends the sentence itself (the AWS SDK's SSO
  // error ends "…with the corresponding profile.", which gave "profile..").
  return coreShareableValue('credential_process', text).slice(0, 300).replace(/[.\s]+$/, '');
}

/**
 * VERTEX_NO_CREDENTIALS (GOOGLE_CLOUD_NO_CREDENTIALS for Claude Platform on Google Cloud)
 * naming the credentials file that failed, if one did.
 */
function googleError(e: unknown, o: AuthOptions, refreshed: boolean, provider: Resolution['provider'], agent: AuthAgent | undefined): ClaudeProviderError {
  if (e instanceof ClaudeProviderError) return e;
  const net = connectionError(agent, 'Could not obtain a Google access token', (host) => `Google's token endpoint ${host}`);
  if (net) return net;
  const code = provider === 'vertex' ? 'VERTEX_NO_CREDENTIALS' : 'GOOGLE_CLOUD_NO_CREDENTIALS';
  const after = refreshed ? ' (even after gcpAuthRefresh)' : '';
  // gcpAuthRefresh is set and ran: the fix is what it did, not more of the same advice.
  const ran = refreshed ? 'gcpAuthRefresh ran and did not fix it: run that command yourself to see whether it signs in. ' : '';
  const explicit = envValue(o, 'GOOGLE_APPLICATION_CREDENTIALS');
  if (explicit) {
    return new ClaudeProviderError({
      code,
      message: `Google credentials could not be loaded from GOOGLE_APPLICATION_CREDENTIALS=${explicit}${after}: ${errMsg(e)}.`,
      help: `${ran}Check that file: it must exist, be readable, and hold a service-account key or the JSON \`gcloud auth application-default login\` writes (authorized user, external account); or point GOOGLE_APPLICATION_CREDENTIALS at the right file.`,
      envVar: 'GOOGLE_APPLICATION_CREDENTIALS',
      file: explicit,
    });
  }
  const adc = googleAdcFile(o);
  if (adc) {
    return new ClaudeProviderError({
      code,
      message: `Google credentials could not be loaded from ${adc} (written by \`gcloud auth application-default login\`)${after}: ${errMsg(e)}.`,
      help: `${ran}Run \`gcloud auth application-default login\` again, or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file.`,
      file: adc,
    });
  }
  return new ClaudeProviderError({
    code,
    message: `Google credentials could not be loaded${after}: ${errMsg(e)}.`,
    help: `${ran}Run \`gcloud auth application-default login\`, or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file.`,
  });
}

function awsError(e: unknown, refreshed: boolean, r: Resolution, agent: AuthAgent | undefined): ClaudeProviderError {
  if (e instanceof ClaudeProviderError) return e;
  // AWS_PROFILE names a profile in neither file: that is what to fix, whatever the chain said.
  const missing = r.problems.find((p) => p.code === 'AWS_PROFILE_NOT_FOUND');
  if (missing) {
    return new ClaudeProviderError({
      code: missing.code,
      message: `${missing.message} No AWS credentials were loaded${refreshed ? ' (even after awsAuthRefresh)' : ''}: ${errMsg(e)}.`,
      help: missing.help,
      envVar: missing.envVar ?? 'AWS_PROFILE',
    });
  }
  // The SDK's error keeps only the message of a failed SSO or STS connection.
  const net = connectionError(agent, 'Could not load AWS credentials', awsEndpoint);
  if (net) return net;
  return new ClaudeProviderError({
    code: 'AWS_NO_CREDENTIALS',
    message: `Could not load AWS credentials${refreshed ? ' (even after awsAuthRefresh)' : ''}: ${errMsg(e)}.`,
    // awsAuthRefresh ran: advising to set it (or the export command beside it) asks for what
    // is there; what it did is the fix.
    help: refreshed
      ? 'awsAuthRefresh ran and did not fix it: run that command yourself to see whether it signs in, and check that it refreshes the profile Claude Code uses (AWS_PROFILE, else default); or check your AWS credentials (`aws sso login`, `aws configure`).'
      : 'Check or refresh your AWS credentials (`aws sso login`, `aws configure`), set AWS_PROFILE, or set awsAuthRefresh / awsCredentialExport in your settings.',
  });
}

/** Reads the configuration's home (for ~/.aws). */
export function homeOf(config: ConfigInput, fallback: string): string {
  return config.processEnv?.HOME ?? fallback;
}
