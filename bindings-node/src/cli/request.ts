// `claude-provider request`: the provider-specific parts of the request Claude Code sends (URL,
// auth, provider headers, betas, body rewrite, signature) for a given Messages body, secrets
// redacted unless --show-secrets. Formats: json (one object, plus the resolution), curl, http.
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { BuildOutput, Credentials, HttpRequest } from '../../types/index.js';
import { homedir } from 'node:os';
import { obtainCredentials } from '../auth.js';
import { coreBuildRequest, coreEffectiveEnv, coreRedactRequest, coreResolve } from '../native.js';
import { loadConfig } from '../settings.js';
import { type CommonFlags, fileReadFailure, loadOptions, shareable, shellQuote, UsageError } from './common.js';

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
  const nowMs = parseNow(flags.now);
  const body = readBody(flags.body, opts.cwd ?? process.cwd());
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

export async function request(common: CommonFlags, flags: RequestFlags): Promise<number> {
  if (!FORMATS.includes(flags.format)) throw new UsageError(`--format ${flags.format}: not a request format`, { help: `Use --format ${FORMATS.join(', --format ')}.` });
  if (flags.stream === true && flags.countTokens) {
    throw new UsageError('--stream and --count-tokens cannot be combined', {
      help: '--stream shows the streaming Messages request (stream: true); --count-tokens shows the token-counting request, which does not stream. Give one of them.',
    });
  }
  // Credentials the core cannot read from the env (AWS profiles, apiKeyHelper, Google, Azure).
  const opts = loadOptions(common);
  const { config } = loadConfig(opts);
  const env = coreEffectiveEnv(config);
  const got = await obtainCredentials(coreResolve(config), { env, home: opts.home ?? (env.HOME || homedir()), cwd: opts.cwd });
  const out = buildFromFlags(common, flags, got.credentials);
  const req = flags.showSecrets ? out.request : coreRedactRequest(out.request);
  // The request's own URL is the core's redaction; the resolution printed with it is ours.
  process.stdout.write(format(req, flags.format, flags.showSecrets ? out : { ...out, resolution: shareable(out.resolution) }));
  return 0;
}

export function format(req: HttpRequest, fmt: string, out: BuildOutput): string {
  switch (fmt) {
    case 'curl': {
      const parts = [`curl -X ${req.method} ${shellQuote(req.url)}`];
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
            resolution: out.resolution,
          },
          null,
          2,
        ) + '\n'
      );
  }
}
