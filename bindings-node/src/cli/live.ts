// `send` and `doctor`: the commands that go on the network.
import { connect } from 'node:net';
import { homedir } from 'node:os';
import type { Problem } from '../../types/index.js';
import { obtainCredentials } from '../auth.js';
import { createClient, deltaText } from '../client.js';
import { ClaudeProviderError } from '../errors.js';
import { coreEffectiveEnv, coreValidate } from '../native.js';
import { loadConfig } from '../settings.js';
import { bareHost, Transport } from '../transport.js';
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
  const client = createClient({
    ...loadOptions(common),
    onRetry: (r) => process.stderr.write(`retrying in ${Math.round(r.delayMs)} ms (${r.problem.code}: ${r.problem.message})\n`),
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

interface Check {
  name: string;
  ok: boolean;
  skipped?: boolean;
  detail: string;
  fix?: string;
  code?: string;
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
      c = { name, ok: false, detail: err ? `${err.code}: ${err.message}` : String((e as Error)?.message ?? e), ...(err ? { fix: err.help, code: err.code } : {}) };
    }
    checks.push(c);
    if (!common.json) {
      const mark = c.skipped ? st.dim('–') : c.ok ? st.green('✔') : st.red('✖');
      process.stdout.write(`${live ? '\r\x1b[2K' : ''}${mark} ${name}: ${c.detail}\n${c.fix && !c.ok ? `    ${st.dim('fix:')} ${c.fix}\n` : ''}`);
    }
    return c;
  };

  const { resolution: r, files, home, dotenv, projectFile } = statusData(common);
  // What is printed has URL passwords masked; the checks use the real values.
  const shown = shareable(r);
  if (!common.json) process.stdout.write(renderStatus(shown, files, home, st, dotenv, projectFile) + '\n' + st.bold('Live checks') + '\n');
  const opts = loadOptions(common);
  const { config } = loadConfig(opts);
  const env = coreEffectiveEnv(config);
  const errors: Problem[] = r.problems.filter((p) => p.severity === 'error' && !/_NO_CREDENTIALS$/.test(p.code));

  await run('configuration', async () =>
    errors.length ? { ok: false, detail: `${errors.length} error(s): ${errors.map((p) => p.code).join(', ')}`, fix: errors[0]!.help } : { ok: true, detail: `${r.provider}, ${shown.endpoint?.baseUrl ?? 'no endpoint'}` },
  );
  const endpoint = r.endpoint?.baseUrl;
  // The status above already lists what the transport would warn about (the core's check of
  // the same files); the transport goes on without them, as Claude Code does. Certificate files
  // that cannot be used fail the TLS handshake check.
  const quiet = () => {};
  const transport = new Transport({ config, resolution: r, env, onWarning: quiet, ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}) });
  const route = endpoint ? transport.route(endpoint) : null;
  await run('proxy reachable', async () => {
    if (!endpoint) return { ok: true, skipped: true, detail: 'no endpoint' };
    const unusable = transport.unusableProxy(endpoint);
    if (unusable) throw unusable;
    if (!route) return { ok: true, skipped: true, detail: 'no proxy for this endpoint' };
    const u = new URL(route.url);
    const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
    await new Promise<void>((resolve, reject) => {
      // `[::1]` is the URL's spelling; net.connect takes the address without brackets.
      const s = connect({ host: bareHost(u.hostname), port, timeout: 5000 });
      s.once('connect', () => (s.end(), resolve()));
      s.once('timeout', () => (s.destroy(), reject(new Error('timed out after 5 s'))));
      s.once('error', reject);
    }).catch((e: Error) => {
      throw new ClaudeProviderError({ code: 'PROXY_UNREACHABLE', message: `${route.displayUrl} (${route.envVar}) is not reachable: ${e.message}`, help: `Start the proxy or fix ${route.envVar}; add the endpoint host to NO_PROXY to go direct.`, envVar: route.envVar });
    });
    return { ok: true, detail: `${route.displayUrl} (${route.envVar})` };
  });
  await run('TLS handshake', async () => {
    if (!endpoint) return { ok: false, skipped: true, detail: 'no endpoint' };
    if (!endpoint.startsWith('https:')) return { ok: true, skipped: true, detail: `${shown.endpoint?.baseUrl ?? ''} is plain http` };
    const res = await transport.send({ method: 'HEAD', url: endpoint, headers: [], body: '', model: '' });
    return { ok: true, detail: `${new URL(endpoint).host} (HTTP ${res.status})${r.network.clientCert ? ', client certificate sent' : ''}` };
  });
  const creds = await run('credentials', async () => {
    const got = await obtainCredentials(r, { env, home: opts.home ?? (env.HOME || homedir()), cwd: opts.cwd, caContext: () => transport.caContext() });
    if (got.check === 'notFound') throw new ClaudeProviderError({ code: r.problems.find((p) => /_NO_CREDENTIALS$/.test(p.code))?.code ?? 'CREDENTIALS_MISSING', message: r.auth.summary, help: r.problems.find((p) => /_NO_CREDENTIALS$/.test(p.code))?.help ?? 'Configure credentials for the provider.' });
    return { ok: true, detail: [r.auth.summary, ...got.notes].filter(Boolean).join('; ') };
  });
  await run(`1-token request to ${r.models.main.id || 'the main model'}`, async () => {
    if (!creds.ok) return { ok: false, skipped: true, detail: 'skipped (no credentials)' };
    // The same home and project as the credentials check above (not the process's $HOME).
    const client = createClient({ config, maxRetries: 1, onWarning: quiet, home: opts.home ?? (env.HOME || homedir()), ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}) });
    try {
      const msg = await client.messages.create({ max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] });
      return { ok: true, detail: `answered (${String(msg.model ?? msg.id ?? 'ok')})` };
    } finally {
      await client.close();
    }
  });
  await transport.close();
  const failed = checks.filter((c) => !c.ok && !c.skipped);
  if (common.json) process.stdout.write(JSON.stringify({ resolution: shown, checks }, null, 2) + '\n');
  else process.stdout.write(failed.length ? `\n${st.red(`${failed.length} check(s) failed.`)}\n` : `\n${st.green('All checks passed.')}\n`);
  return failed.length ? 1 : 0;
}
