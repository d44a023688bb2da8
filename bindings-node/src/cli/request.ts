// `claude-provider request`: the provider-specific parts of the request Claude Code sends (URL,
// auth, provider headers, betas, body rewrite, signature) for a given Messages body, secrets
// redacted unless --show-secrets. Formats: json (one object, plus the resolution), curl, http.
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { BuildOutput, ConfigInput, Credentials, HttpRequest, Resolution } from '../../types/index.js';
import { homedir } from 'node:os';
import { googleCredentialsFileProject, obtainCredentials, refreshStep } from '../auth.js';
import { ClaudeProviderError } from '../errors.js';
import { coreBuildRequest, coreEffectiveEnv, coreRedactRequest, coreResolve } from '../native.js';
import { loadConfig } from '../settings.js';
import { type CommonFlags, fileReadFailure, loadOptions, shareable, shellQuote, tildify, UsageError } from './common.js';

export interface RequestFlags {
  body?: string | undefined;
  /**
   * `true` (--stream), `false` (--no-stream) or unset: streaming, as Claude Code sends every
   * main request (its startup probes alone do not stream), unless --count-tokens.
   */
  stream?: boolean | undefined;
  countTokens: boolean;
  now?: string | undefined;
  format: string;
  showSecrets: boolean;
  /** Build and sign with obviously fake credentials instead of obtaining them (offline). */
  placeholderCredentials?: boolean;
}

/** The body used when no --body is given: the smallest useful Messages request. */
export const DEFAULT_BODY = '{"max_tokens":1024,"messages":[{"role":"user","content":"Hello, Claude"}]}';

const FORMATS = ['json', 'curl', 'http'];

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const MIN_MS = 0; // 1970-01-01T00:00:00Z: the core signs with an unsigned epoch
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * `--now`: an RFC 3339 time that exists (a real calendar date, hours 00-23, minutes and seconds
 * 00-59, an offset up to ±23:59) between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
 * Date.parse alone rolls 2026-02-30 over to March 2.
 */
export function parseNow(v: string | undefined): number {
  if (v === undefined) return Date.now();
  const bad = (why: string) =>
    new UsageError(`--now ${v}: ${why}`, { help: 'Give --now an RFC 3339 time between 1970 and 9999, such as --now 2026-01-15T12:00:00Z or 2026-01-15T13:00:00+01:00.' });
  const m = RFC3339.exec(v);
  if (!m) throw bad('not an RFC 3339 time (date, T, time with seconds, and Z or an offset ±hh:mm)');
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12) throw bad(`month ${m[2]} does not exist`);
  const daysInMonth = [31, leapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day < 1 || day > daysInMonth) throw bad(`${m[1]}-${m[2]} has no day ${m[3]}`);
  if (hour > 23 || minute > 59 || second > 59) throw bad(`${m[4]}:${m[5]}:${m[6]} is not a time of day`);
  const offsetMinutes = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  if (!m[8] && (Number(m[10]) > 23 || Number(m[11]) > 59)) throw bad(`${m[9]}${m[10]}:${m[11]} is not a UTC offset`);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, Number((m[7] ?? '').padEnd(3, '0').slice(0, 3))) - offsetMinutes * 60_000;
  // Date.UTC maps years 0-99 to 1900-1999; those are before 1970 anyway.
  if (year < 1970 || ms < MIN_MS || ms > MAX_MS) throw bad('out of range (1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z)');
  return ms;
}

function leapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function readBody(spec: string | undefined, cwd: string): string | Uint8Array {
  if (spec === undefined) return DEFAULT_BODY;
  try {
    // The bytes go to the core as they are (no decoding, no re-encoding).
    return spec === '-' ? readFileSync(0) : readFileSync(resolvePath(cwd, spec));
  } catch (e) {
    throw new UsageError(`--body ${spec}: ${fileReadFailure(e)}`, { help: 'Give --body a readable JSON file (a Messages API body), or - for stdin.', file: spec === '-' ? '-' : resolvePath(cwd, spec) });
  }
}

export function buildFromFlags(common: CommonFlags, flags: RequestFlags, credentials?: Credentials): BuildOutput {
  const opts = loadOptions(common);
  const { config } = loadConfig(opts);
  return buildWith(config, flags, parseNow(flags.now), readBody(flags.body, opts.cwd ?? process.cwd()), credentials);
}

function buildWith(config: ConfigInput, flags: RequestFlags, nowMs: number, body: string | Uint8Array, credentials?: Credentials): BuildOutput {
  return coreBuildRequest(
    {
      ...config,
      request: {
        nowMs,
        stream: flags.stream ?? !flags.countTokens,
        kind: flags.countTokens ? 'countTokens' : 'messages',
        ...(credentials ? { credentials } : {}),
      },
    },
    body,
  );
}

/** The placeholder AWS key ID: a valid form, plainly not a real key. */
export const PLACEHOLDER_AWS_KEY_ID = 'AKIAPLACEHOLDER00000';

/**
 * Obviously fake stand-ins for what the runtime would obtain for `r`'s auth (`undefined`: the
 * auth needs nothing from the runtime: keys and tokens the core reads from the environment, or
 * none), and what they stand in for, in words. Nothing runs and nothing is fetched.
 */
export function placeholderCredentials(r: Resolution, env: Record<string, string>, home: string): { credentials: Credentials; standsFor: string } | undefined {
  const m = r.auth.method;
  switch (m.kind) {
    case 'apiKeyHelper':
      return { credentials: { apiKeyHelper: 'placeholder-apiKeyHelper-output' }, standsFor: 'the apiKeyHelper output' };
    case 'sigV4': {
      const c = m.credentials;
      if (c.kind === 'envKeys') return undefined;
      // A static profile has no session token; what the other sources give has one.
      const session = !(c.kind === 'profile' && c.flow === 'static');
      const source = c.kind === 'profile' ? `AWS profile ${c.profile} (${c.flow})` : c.kind === 'credentialExport' ? 'awsCredentialExport' : 'the AWS default credential chain';
      return {
        credentials: { aws: { accessKeyId: PLACEHOLDER_AWS_KEY_ID, secretAccessKey: 'placeholder/secret/access/key/not/real', ...(session ? { sessionToken: 'placeholder-session-token' } : {}) } },
        standsFor: `the AWS credentials of ${source} (key ID ${PLACEHOLDER_AWS_KEY_ID}; the signature is made with the fake secret key)`,
      };
    }
    case 'googleOAuth': {
      // The project as the status reads it offline; else one the credentials would have given.
      const fromFile = googleCredentialsFileProject(r, { env, home });
      const project = r.details.project ? undefined : (fromFile?.projectId ?? 'placeholder-project');
      return {
        credentials: { googleAccessToken: 'placeholder-google-access-token', ...(project ? { googleProjectId: project } : {}) },
        standsFor: `the Google access token (Application Default Credentials)${project === 'placeholder-project' ? ', and the project they would name (placeholder-project)' : ''}`,
      };
    }
    case 'azureEntraId':
      return { credentials: { azureAccessToken: 'placeholder-entra-id-token' }, standsFor: 'the Microsoft Entra ID token' };
    default:
      return undefined;
  }
}

/** A failure to obtain credentials, its help saying what `request` did not do and the offline way. */
function credentialsFailure(e: unknown, r: Resolution, home: string): unknown {
  if (!(e instanceof ClaudeProviderError)) return e;
  // The refresh command configured, which `request` never runs.
  const step = refreshStep(r);
  const where = step?.source.kind === 'settings' && step.source.path ? ` (${tildify(step.source.path, home)})` : '';
  const notRun = step ? ` ${step.key}${where} was not run: \`request\` never runs it (it may sign you in, in a browser); \`claude-provider send\` runs it when loading fails, or run it yourself.` : '';
  const offline = ' To see the request without obtaining credentials, add --placeholder-credentials (it builds and signs with fake ones, labelled so).';
  return new ClaudeProviderError({ code: e.code, message: e.message, help: `${e.help}${notRun}${offline}`, ...(e.envVar ? { envVar: e.envVar } : {}), ...(e.file ? { file: e.file } : {}), ...(e.line !== undefined ? { line: e.line } : {}) }, { cause: e });
}

export async function request(common: CommonFlags, flags: RequestFlags): Promise<number> {
  if (!FORMATS.includes(flags.format)) throw new UsageError(`--format ${flags.format}: not a request format`, { help: `Use --format ${FORMATS.join(', --format ')}.` });
  if (flags.stream === true && flags.countTokens) {
    throw new UsageError('--stream and --count-tokens cannot be combined', {
      help: '--stream shows the streaming Messages request (stream: true); --count-tokens shows the token-counting request, which does not stream. Give one of them.',
    });
  }
  const opts = loadOptions(common);
  const { config } = loadConfig(opts);
  const env = coreEffectiveEnv(config);
  const home = opts.home ?? (env.HOME || homedir());
  const nowMs = parseNow(flags.now);
  const body = readBody(flags.body, opts.cwd ?? process.cwd());
  const r = coreResolve(config);
  // Configuration errors first: the request built with stand-ins for what the runtime would
  // obtain (nothing runs, nothing is fetched) fails on them, whatever the credentials.
  const placeholders = placeholderCredentials(r, env, home);
  const preview = buildWith(config, flags, nowMs, body, placeholders?.credentials);
  let out = preview;
  if (flags.placeholderCredentials) {
    process.stderr.write(
      placeholders
        ? `note: placeholder credentials (--placeholder-credentials) stand in for ${placeholders.standsFor}: nothing was run or fetched, and the endpoint would refuse this request.\n`
        : `note: --placeholder-credentials: nothing to replace (${r.auth.summary}): this is the request as it would be sent.\n`,
    );
  } else if (placeholders) {
    // What the runtime obtains (AWS profiles and SSO, apiKeyHelper, awsCredentialExport, Google,
    // Entra ID), never the refresh commands: they may sign the user in, in a browser.
    let got;
    try {
      got = await obtainCredentials(r, { env, home, cwd: opts.cwd, refreshCommands: false });
    } catch (e) {
      throw credentialsFailure(e, r, home);
    }
    out = buildWith(config, flags, nowMs, body, got.credentials);
  }
  const labelled = flags.placeholderCredentials && placeholders !== undefined;
  const req = flags.showSecrets ? out.request : coreRedactRequest(out.request);
  // The request's own URL is the core's redaction; the resolution printed with it is ours.
  process.stdout.write(format(req, flags.format, flags.showSecrets ? out : { ...out, resolution: shareable(out.resolution) }, labelled));
  return 0;
}

export function format(req: HttpRequest, fmt: string, out: BuildOutput, placeholder = false): string {
  switch (fmt) {
    case 'curl': {
      const parts = [`${placeholder ? '# built with placeholder credentials (--placeholder-credentials): the endpoint would refuse it\n' : ''}curl -X ${req.method} ${shellQuote(req.url)}`];
      for (const h of req.headers) parts.push(`-H ${shellQuote(`${h.name}: ${h.value}`)}`);
      parts.push(`--data-binary ${shellQuote(req.body)}`);
      return parts.join(' \\\n  ') + '\n';
    }
    case 'http': {
      const u = new URL(req.url);
      const head = [`${req.method} ${u.pathname}${u.search} HTTP/1.1`, `host: ${u.host}`];
      for (const h of req.headers) head.push(`${h.name}: ${h.value}`);
      head.push(`content-length: ${Buffer.byteLength(req.body)}`);
      return head.join('\r\n') + '\r\n\r\n' + req.body;
    }
    default:
      return (
        JSON.stringify(
          {
            method: req.method,
            url: req.url,
            headers: req.headers.map((h) => [h.name, h.value]),
            body: req.body,
            ...(placeholder ? { placeholderCredentials: true } : {}),
            resolution: out.resolution,
          },
          null,
          2,
        ) + '\n'
      );
  }
}
