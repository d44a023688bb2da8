// `claude-provider request`: the exact request that would be sent, secrets redacted unless
// --show-secrets. Formats: json (one object, plus the resolution), curl, http.
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { BuildOutput, Credentials, HttpRequest } from '../../types/index.js';
import { homedir } from 'node:os';
import { obtainCredentials } from '../auth.js';
import { coreBuildRequest, coreEffectiveEnv, coreRedactRequest, coreResolve } from '../native.js';
import { loadConfig } from '../settings.js';
import { type CommonFlags, loadOptions, shellQuote, UsageError } from './common.js';

export interface RequestFlags {
  body?: string | undefined;
  stream: boolean;
  countTokens: boolean;
  now?: string | undefined;
  format: string;
  showSecrets: boolean;
}

/** The body used when no --body is given: the smallest useful Messages request. */
export const DEFAULT_BODY = '{"max_tokens":1024,"messages":[{"role":"user","content":"Hello, Claude"}]}';

const FORMATS = ['json', 'curl', 'http'];

export function parseNow(v: string | undefined): number {
  if (v === undefined) return Date.now();
  // RFC 3339: a date, a time and an offset (Z or ±hh:mm).
  const ok = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(v);
  const ms = Date.parse(v);
  if (!ok || Number.isNaN(ms)) throw new UsageError(`--now ${v}: not an RFC 3339 time (e.g. 2026-01-15T12:00:00Z)`);
  return ms;
}

function readBody(spec: string | undefined, cwd: string): string | Uint8Array {
  if (spec === undefined) return DEFAULT_BODY;
  try {
    // The bytes go to the core as they are (no decoding, no re-encoding).
    return spec === '-' ? readFileSync(0) : readFileSync(resolvePath(cwd, spec));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a file' : `cannot be read (${code ?? String(e)})`;
    throw new UsageError(`--body ${spec}: ${why}`, { help: 'Give --body a readable JSON file (a Messages API body), or - for stdin.', file: spec === '-' ? '-' : resolvePath(cwd, spec) });
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
        stream: flags.stream,
        kind: flags.countTokens ? 'countTokens' : 'messages',
        ...(credentials ? { credentials } : {}),
      },
    },
    body,
  );
}

export async function request(common: CommonFlags, flags: RequestFlags): Promise<number> {
  if (!FORMATS.includes(flags.format)) throw new UsageError(`--format ${flags.format}: not a request format`, { help: `Use --format ${FORMATS.join(', --format ')}.` });
  // Credentials the core cannot read from the env (AWS profiles, apiKeyHelper, Google, Azure).
  const opts = loadOptions(common);
  const { config } = loadConfig(opts);
  const env = coreEffectiveEnv(config);
  const got = await obtainCredentials(coreResolve(config), { env, home: opts.home ?? (env.HOME || homedir()), cwd: opts.cwd });
  const out = buildFromFlags(common, flags, got.credentials);
  const req = flags.showSecrets ? out.request : coreRedactRequest(out.request);
  process.stdout.write(format(req, flags.format, out));
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
