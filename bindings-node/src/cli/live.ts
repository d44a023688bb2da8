// `send` and `doctor`: the commands that go on the network.
import { connect } from 'node:net';
import { homedir } from 'node:os';
import type { Credentials, Problem, Resolution } from '../../types/index.js';
import { obtainCredentials } from '../auth.js';
import { createClient, deltaText } from '../client.js';
import { ClaudeProviderError } from '../errors.js';
import { coreEffectiveEnv, coreValidate } from '../native.js';
import { loadConfig } from '../settings.js';
import { bareHost, Transport } from '../transport.js';
import { within } from '../within.js';
import { type CommonFlags, formatProblem, loadOptions, shareable, Style, UsageError } from './common.js';
import { renderStatus, statusData } from './status.js';

export interface SendFlags {
  prompt?: string | undefined;
  model?: string | undefined;
  maxTokens?: string | undefined;
  noStream: boolean;
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    process.stdin.on('data', (b: Buffer) => parts.push(b));
    process.stdin.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

export async function send(common: CommonFlags, flags: SendFlags): Promise<number> {
  const maxTokens = flags.maxTokens === undefined ? 1024 : Number(flags.maxTokens);
  if (!Number.isInteger(maxTokens) || maxTokens <= 0) throw new UsageError(`--max-tokens ${flags.maxTokens}: not a positive whole number`, { help: 'Give --max-tokens a whole number of at least 1, such as --max-tokens 1024.' });
  const prompt = flags.prompt ?? (process.stdin.isTTY ? undefined : (await readStdin()).trim());
  if (!prompt) throw new UsageError('no prompt given', { help: 'Give one: claude-provider send "your question" (or pipe it on stdin).' });
  const body = { ...(flags.model ? { model: flags.model } : {}), max_tokens: maxTokens, messages: [{ role: 'user', content: prompt }] };
  let last: Problem | undefined;
  const client: ReturnType<typeof createClient> = createClient({
    ...loadOptions(common),
    onRetry: (r) => {
      process.stderr.write(retryLine(r, client.resolution.knobs.maxRetries, last) + '\n');
      last = r.problem;
    },
    onWarning: (p) => process.stderr.write(formatProblem(p, Style.for(process.stderr)) + '\n'),
  });
  try {
    if (flags.noStream) {
      const msg = await client.messages.create(body);
      if (common.json) process.stdout.write(JSON.stringify(msg, null, 2) + '\n');
      else {
        const content = (msg.content as { type: string; text?: string }[] | undefined) ?? [];
        process.stdout.write(content.filter((b) => b.type === 'text').map((b) => b.text).join('') + '\n');
      }
      return 0;
    }
    for await (const ev of client.messages.stream(body)) {
      if (common.json) process.stdout.write(JSON.stringify({ type: ev.type, data: JSON.parse(ev.data) as unknown }) + '\n');
      else {
        const t = deltaText(ev);
        if (t) process.stdout.write(t);
      }
    }
    if (!common.json) process.stdout.write('\n');
    return 0;
  } finally {
    await client.close();
  }
}

/**
 * What `send` prints before a retry: which retry of how many, after how long, and why; the first
 * one also that Claude Code retries the same way and how long that can take (a host that does
 * not resolve is retried, as Claude Code retries it: up to 10 times, about a minute, by
 * default), so that no one waits in silence. A retry for the same failure says so in short.
 */
export function retryLine(r: { attempt: number; delayMs: number; problem: Problem }, maxRetries: number, previous: Problem | undefined): string {
  const head = `retrying (${r.attempt} of up to ${maxRetries}) in ${Math.round(r.delayMs)} ms`;
  const p = r.problem;
  if (previous && previous.code === p.code && previous.message === p.message) return `${head} (the same failure)`;
  const dns = /getaddrinfo (ENOTFOUND|EAI_AGAIN) (\S+?)\.?(?:\s|$|\))/.exec(p.message);
  const why = dns ? `${dns[2]} does not resolve (DNS: getaddrinfo ${dns[1]}; ${p.code})` : `${p.code}: ${p.message}`;
  if (r.attempt !== 1) return `${head}: ${why}`;
  // The Anthropic SDK's backoff without jitter: 0.5 s doubling, at most 8 s a retry.
  const network = p.code === 'NETWORK_UNREACHABLE' || p.code === 'REQUEST_TIMEOUT';
  let waits = 0;
  for (let i = 0; i < maxRetries; i++) waits += Math.min(500 * 2 ** i, 8000);
  const total = network ? `, at most about ${Math.round(waits / 1000)} s of waiting in all` : '';
  return `${head}: ${why}. Claude Code retries this too, up to ${maxRetries} ${maxRetries === 1 ? 'time' : 'times'} (CLAUDE_CODE_MAX_RETRIES)${total}; Ctrl-C stops.${dns ? ' Check the host name in the endpoint URL, and the network or VPN.' : ''}`;
}

interface Check {
  name: string;
  ok: boolean;
  skipped?: boolean;
  /** Passed, with something to look at (the TLS side answers, the service behind it does not). */
  warning?: boolean;
  detail: string;
  fix?: string;
  code?: string;
  envVar?: string;
  /** A skipped check: the earlier check whose failure it needs (see its fix). */
  blockedBy?: string;
}

/** How long doctor's proxy connect and TLS handshake probe wait (each step). */
export const DOCTOR_PROBE_MS = 5000;
/** The most doctor waits for a request (obtaining credentials, the 1-token request). */
export const DOCTOR_REQUEST_MS = 30_000;

/** `5 s`, `30 s`, `1.5 s`. */
function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/**
 * A URL that obtaining the credentials connects to, for the proxy route it takes: the AWS SDK's
 * SSO portal or STS, Google's and Entra ID's token endpoints. None when the credentials are read
 * locally (keys, a static profile, a credential command) or come from a local metadata service.
 */
function credentialUrl(r: Resolution, env: Record<string, string>): string | undefined {
  const m = r.auth.method;
  const region = r.region?.value ?? 'us-east-1';
  switch (m.kind) {
    case 'sigV4': {
      const c = m.credentials;
      if (c.kind === 'profile' && c.flow === 'sso') return `https://portal.sso.${region}.amazonaws.com/`;
      if (c.kind === 'profile' && ['assume_role', 'web_identity', 'login'].includes(c.flow)) return `https://sts.${region}.amazonaws.com/`;
      if (c.kind === 'defaultChain' && env.AWS_WEB_IDENTITY_TOKEN_FILE?.trim()) return `https://sts.${region}.amazonaws.com/`;
      return undefined;
    }
    case 'googleOAuth':
      return 'https://oauth2.googleapis.com/token';
    case 'azureEntraId':
      return `${(env.AZURE_AUTHORITY_HOST?.trim() || 'https://login.microsoftonline.com').replace(/\/+$/, '')}/`;
    default:
      return undefined;
  }
}

export async function doctor(common: CommonFlags): Promise<number> {
  const st = Style.for(process.stdout);
  const checks: Check[] = [];
  const live = !common.json && Boolean(process.stdout.isTTY);
  const run = async (name: string, f: () => Promise<Omit<Check, 'name'>>): Promise<Check> => {
    if (live) process.stdout.write(`${st.dim('…')} ${name}`);
    let c: Check;
    try {
      c = { name, ...(await f()) };
    } catch (e) {
      const err = e instanceof ClaudeProviderError ? e : undefined;
      c = { name, ok: false, detail: err ? `${err.code}: ${err.message}` : String((e as Error)?.message ?? e), ...(err ? { fix: err.help, code: err.code, ...(err.envVar ? { envVar: err.envVar } : {}) } : {}) };
    }
    // The same failure as an earlier check's (a proxy both checks go through): named, not repeated.
    const same = !c.ok && !c.skipped ? checks.find((x) => !x.ok && !x.skipped && x.detail === c.detail) : undefined;
    checks.push(c);
    if (!common.json) {
      const mark = c.skipped ? st.dim('–') : !c.ok ? st.red('✖') : c.warning ? st.yellow('▲') : st.green('✔');
      const detail = same ? `${c.code ?? 'failed'}, the same failure as '${same.name}' above` : c.detail;
      process.stdout.write(`${live ? '\r\x1b[2K' : ''}${mark} ${name}: ${detail}\n${c.fix && !c.ok && !c.skipped && !same ? `    ${st.dim('fix:')} ${c.fix}\n` : ''}`);
    }
    return c;
  };
  /** A check not run because `cause` failed: its code, and a pointer to it. */
  const blocked = (cause: Check, why: string): Omit<Check, 'name'> => ({ ok: false, skipped: true, detail: `skipped: ${why} (see '${cause.name}' above)`, blockedBy: cause.name, ...(cause.code ? { code: cause.code } : {}) });
  const failed = (c: Check | undefined) => (c && !c.ok && !c.skipped ? c : undefined);

  const { resolution: r, files, home, dotenv, projectFile } = statusData(common);
  // What is printed has URL passwords masked; the checks use the real values.
  const shown = shareable(r);
  const apiTimeout = r.knobs.timeoutMs || 600_000;
  // Claude Code waits API_TIMEOUT_MS (10 minutes by default) for an answer; a diagnosis must not.
  const requestMs = Math.min(apiTimeout, DOCTOR_REQUEST_MS);
  const limits = `each step of the proxy and handshake probes waits at most ${seconds(DOCTOR_PROBE_MS)}; credentials and the request at most ${seconds(requestMs)}${requestMs < apiTimeout ? ` (Claude Code waits API_TIMEOUT_MS, ${apiTimeout} ms)` : ' (API_TIMEOUT_MS)'}`;
  if (!common.json) process.stdout.write(renderStatus(shown, files, home, st, dotenv, projectFile) + '\n' + st.bold('Live checks') + ' ' + st.dim(`(${limits})`) + '\n');
  const opts = loadOptions(common);
  const { config } = loadConfig(opts);
  const env = coreEffectiveEnv(config);
  const errors: Problem[] = r.problems.filter((p) => p.severity === 'error' && !/_NO_CREDENTIALS$/.test(p.code));
  // Work a check gave up waiting for (a credential command, a token request): it would hold the
  // process open after the report.
  let abandoned = false;

  await run('configuration', async () =>
    errors.length ? { ok: false, detail: `${errors.length} error(s): ${errors.map((p) => p.code).join(', ')}`, fix: errors[0]!.help } : { ok: true, detail: `${r.provider}, ${shown.endpoint?.baseUrl ?? 'no endpoint'}` },
  );
  const endpoint = r.endpoint?.baseUrl;
  // The status above already lists what the transport would warn about (the core's check of
  // the same files); the transport goes on without them, as Claude Code does. Certificate files
  // that cannot be used fail the TLS handshake check.
  const quiet = () => {};
  const transport = new Transport({ config, resolution: r, env, onWarning: quiet, timeoutMs: requestMs, ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}) });
  const route = endpoint ? transport.route(endpoint) : null;
  const proxy = await run('proxy reachable', async () => {
    if (!endpoint) return { ok: true, skipped: true, detail: 'no endpoint' };
    const unusable = transport.unusableProxy(endpoint);
    if (unusable) throw unusable;
    if (!route) return { ok: true, skipped: true, detail: 'no proxy for this endpoint' };
    const u = new URL(route.url);
    const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
    await new Promise<void>((resolve, reject) => {
      // `[::1]` is the URL's spelling; net.connect takes the address without brackets.
      const s = connect({ host: bareHost(u.hostname), port, timeout: DOCTOR_PROBE_MS });
      s.once('connect', () => (s.end(), resolve()));
      s.once('timeout', () => (s.destroy(), reject(new Error(`no answer to the TCP connect within ${seconds(DOCTOR_PROBE_MS)}`))));
      s.once('error', reject);
    }).catch((e: Error) => {
      throw new ClaudeProviderError({ code: 'PROXY_UNREACHABLE', message: `${route.displayUrl} (${route.envVar}) is not reachable: ${e.message}`, help: `Start the proxy or fix ${route.envVar}; add the endpoint host to NO_PROXY to go direct.`, envVar: route.envVar });
    });
    return { ok: true, detail: `${route.displayUrl} (${route.envVar})` };
  });
  const handshake = await run('TLS handshake', async () => {
    if (!endpoint) return { ok: false, skipped: true, detail: 'no endpoint' };
    if (!endpoint.startsWith('https:')) return { ok: true, skipped: true, detail: `${shown.endpoint?.baseUrl ?? ''} is plain http` };
    const down = failed(proxy);
    if (down) return blocked(down, 'the handshake goes through the proxy');
    const h = await transport.probeHandshake(endpoint, DOCTOR_PROBE_MS);
    const how = [`${h.host}: ${h.protocol}, certificate trusted`, ...(h.via ? [`through ${h.via.displayUrl}`] : []), ...(h.clientCert ? ['client certificate configured (offered when asked)'] : [])].join(', ');
    if (h.answer === 'silent') {
      return { ok: true, warning: true, detail: `${how}; but no HTTP answer to HEAD / within ${seconds(DOCTOR_PROBE_MS)}: the TLS side is up, the service behind it may not be (the request below tells)` };
    }
    if (h.answer === 'notHttp') return { ok: true, warning: true, detail: `${how}; but the answer to HEAD / is not HTTP` };
    return { ok: true, detail: `${how} (HEAD / answered HTTP ${h.answer.status})` };
  });
  // A proxy that failed (down, refusing the credentials, not answering CONNECT) fails whatever
  // else goes through it.
  const proxyDown = failed(proxy) ?? (failed(handshake) && route && ['PROXY_UNREACHABLE', 'PROXY_AUTH_FAILED'].includes(handshake.code ?? '') ? handshake : undefined);
  const credHome = opts.home ?? (env.HOME || homedir());
  // What the credentials check obtained: the request uses it, so nothing runs twice and nothing
  // (a helper, a token endpoint, a refresh after a 401) escapes doctor's limit.
  let obtained: Credentials | undefined;
  const creds = await run('credentials', async () => {
    const via = credentialUrl(r, env);
    const credRoute = via ? transport.route(via) : null;
    if (proxyDown && via && credRoute && route && credRoute.url === route.url) {
      return blocked(proxyDown, `obtaining them needs ${new URL(via).host} through the same proxy`);
    }
    const got = await within(
      obtainCredentials(r, { env, home: credHome, cwd: opts.cwd, timeoutMs: requestMs, caContext: () => transport.caContext() }),
      requestMs,
      () => (
        (abandoned = true),
        new ClaudeProviderError({ code: 'REQUEST_TIMEOUT', message: `${r.auth.summary}: not obtained within ${seconds(requestMs)} (doctor's limit).`, help: 'Check that the credential command finishes, and that the token or SSO endpoint answers (claude-provider request shows which sources run).' })
      ),
    );
    obtained = got.credentials;
    if (got.check === 'notFound') throw new ClaudeProviderError({ code: r.problems.find((p) => /_NO_CREDENTIALS$/.test(p.code))?.code ?? 'CREDENTIALS_MISSING', message: r.auth.summary, help: r.problems.find((p) => /_NO_CREDENTIALS$/.test(p.code))?.help ?? 'Configure credentials for the provider.' });
    // The notes say what ran, unless the summary says it already.
    const notes = got.notes.filter((n) => !r.auth.summary.toLowerCase().includes(n.toLowerCase()));
    return { ok: true, detail: [r.auth.summary, ...notes].filter(Boolean).join('; ') };
  });
  await run(`1-token request to ${r.models.main.id || 'the main model'}`, async () => {
    const before = failed(proxy) ?? failed(handshake);
    if (before) return blocked(before, 'the request would fail the same way');
    if (creds.skipped && creds.blockedBy) return blocked(checks.find((c) => c.name === creds.blockedBy) ?? creds, 'no credentials');
    if (!creds.ok) return blocked(creds, 'no credentials');
    // The same home and project as the credentials check above (not the process's $HOME).
    let retried: Problem | undefined;
    const client = createClient({ config, maxRetries: 1, timeoutMs: requestMs, onWarning: quiet, onRetry: (x) => (retried = x.problem), home: credHome, ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}), ...(obtained ? { credentials: obtained } : {}) });
    // One retry (an overloaded 529) fits; a second full wait does not.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), requestMs + 2000);
    try {
      const msg = await client.messages.create({ max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] }, { signal: deadline.signal });
      return { ok: true, detail: `answered (${String(msg.model ?? msg.id ?? 'ok')})` };
    } catch (e) {
      if (!deadline.signal.aborted) throw doctorTimeout(e, requestMs, apiTimeout);
      // Stopped while retrying: the failure that was retried.
      const first = retried;
      throw first
        ? doctorTimeout(new ClaudeProviderError({ code: first.code, message: `${first.message} (Retried once; doctor stops there.)`, help: first.help, envVar: first.envVar ?? undefined }), requestMs, apiTimeout)
        : new ClaudeProviderError({ code: 'REQUEST_TIMEOUT', message: `No complete answer within doctor's limit (${seconds(requestMs)}).`, help: 'Check that the endpoint answers requests (claude-provider send "hi" waits as long as Claude Code does).', envVar: 'API_TIMEOUT_MS' });
    } finally {
      clearTimeout(timer);
      await client.close();
    }
  });
  await transport.close();
  const failures = checks.filter((c) => !c.ok && !c.skipped);
  if (common.json) process.stdout.write(JSON.stringify({ resolution: shown, checks, limits: { probeMs: DOCTOR_PROBE_MS, requestMs } }, null, 2) + '\n');
  else process.stdout.write(failures.length ? `\n${st.red(`${failures.length} check(s) failed.`)}\n` : `\n${st.green('All checks passed.')}\n`);
  const status = failures.length ? 1 : 0;
  // Something still waits (a credential command, a connection no one answers): the report is
  // complete, so end here rather than when it gives up.
  if (abandoned) process.stdout.write('', () => process.exit(status));
  return status;
}

/**
 * A request timeout under doctor's limit, which is lower than Claude Code's API_TIMEOUT_MS:
 * the message says whose limit it was, and the fix is not to raise API_TIMEOUT_MS (Claude Code
 * would wait longer already) but to find why the endpoint is silent.
 */
function doctorTimeout(e: unknown, requestMs: number, apiTimeout: number): unknown {
  if (!(e instanceof ClaudeProviderError) || e.code !== 'REQUEST_TIMEOUT' || requestMs >= apiTimeout) return e;
  const limit = `${seconds(requestMs)} (doctor's limit; Claude Code waits API_TIMEOUT_MS, ${apiTimeout} ms)`;
  const transportLimit = /within the timeout \(\d+ ms, API_TIMEOUT_MS\)/;
  const message = transportLimit.test(e.message) ? e.message.replace(transportLimit, `within ${limit}`) : `${e.message} Doctor waits at most ${limit}.`;
  const help = /sent no response/.test(e.message)
    ? 'The connection works but nothing answered the request: check that the service behind the endpoint is up, and that a gateway or proxy in between forwards requests. (Raise API_TIMEOUT_MS only if the model really needs longer than this to start answering.)'
    : e.help;
  return new ClaudeProviderError({ code: e.code, message, help, ...(e.envVar ? { envVar: e.envVar } : {}) }, { cause: e });
}
