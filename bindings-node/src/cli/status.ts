// `claude-provider status`: the active provider, region, endpoint, models, auth and network,
// where each value came from, the files read, and every problem with its fix.
import { homedir } from 'node:os';
import type { AuthMethod, ModelChoice, ProviderId, Resolution, Source } from '../../types/index.js';
import { existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { googleAdcPath, googleCredentialsFileProject } from '../auth.js';
import { coreEffectiveEnv, coreProviderSetup, coreShareablePlain, coreShareableValue, coreValidate } from '../native.js';
import { loadConfig, type LoadedFile } from '../settings.js';
import { type CommonFlags, type DotenvOrigins, formatProblem, loadOptions, readDotenvFiles, shareable, sourceLabel, Style, tildify } from './common.js';

const ORDER = { error: 0, warning: 1, info: 2 } as const;
export const PROVIDERS: ProviderId[] = [
  'anthropic',
  'bedrock',
  'vertex',
  'foundry',
  'mantle',
  'anthropic-aws',
  'anthropic-google-cloud',
];

/**
 * A file read: a settings or `~/.aws` file, a `--dotenv` file, or the Google credentials file
 * (`loaded`: read for the project; `found`: there, read when credentials are obtained).
 */
export type StatusFile = LoadedFile | { kind: 'dotenv'; path: string; state: 'loaded' } | { kind: 'googleCredentials'; path: string; state: 'loaded' | 'found' };

/** What `statusData` gathers for `renderStatus`. */
export interface StatusData {
  resolution: Resolution;
  files: StatusFile[];
  home: string;
  dotenv: DotenvOrigins;
  /** The Google credentials file the project was read from, when no variable names one. */
  projectFile?: string;
}

/** Loads and validates (offline); load problems come first within their severity. */
export function statusData(flags: CommonFlags): StatusData {
  const opts = loadOptions(flags);
  const loaded = loadConfig(opts);
  let r = coreValidate(loaded.config);
  // Vertex's project from the Google credentials file, read offline as google-auth-library
  // would read it when credentials are obtained (`request`, `doctor`'s live check).
  const env = coreEffectiveEnv(loaded.config);
  const fromFile = googleCredentialsFileProject(r, { env, home: opts.home ?? (env.HOME || homedir()) });
  if (fromFile) r = coreValidate({ ...loaded.config, googleProjectId: fromFile.projectId });
  const problems = [...loaded.problems, ...r.problems].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const home = opts.home ?? opts.env?.HOME ?? '';
  // The core sees dotenv values as process env (as Claude Code would, started with them set).
  const { origins } = readDotenvFiles(flags);
  const dotenvFiles = origins.files.map((path) => ({ kind: 'dotenv' as const, path, state: 'loaded' as const }));
  const projectFile = fromFile && r.details.project?.source.kind === 'credentials' ? { projectFile: fromFile.file } : {};
  // The Google credentials file the auth would use: read here for the project, or only found.
  const google: StatusFile[] = [];
  if (r.auth.method.kind === 'googleOAuth') {
    const adc = googleAdcPath(env, opts.home ?? (env.HOME || homedir()));
    const path = resolvePath(opts.cwd ?? process.cwd(), adc.path);
    if (fromFile) google.push({ kind: 'googleCredentials', path: fromFile.file, state: 'loaded' });
    else if (existsSync(path)) google.push({ kind: 'googleCredentials', path, state: 'found' });
  }
  return { resolution: { ...r, problems }, files: [...dotenvFiles, ...loaded.files, ...google], home, dotenv: origins, ...projectFile };
}

/** The variable whose source the auth plan reports (the core gives the source only). */
function authVar(m: AuthMethod): string | undefined {
  switch (m.kind) {
    case 'apiKey':
    case 'bearer':
      return m.envVar;
    case 'apiKeyAndBearer':
      return m.keyVar;
    case 'apiKeyHelper':
      return undefined;
    case 'sigV4':
      return m.credentials.kind === 'envKeys' ? 'AWS_ACCESS_KEY_ID' : m.credentials.kind === 'profile' ? 'AWS_PROFILE' : undefined;
    case 'googleOAuth':
      return 'GOOGLE_APPLICATION_CREDENTIALS';
    case 'skip':
      return m.skipVar;
    default:
      return undefined;
  }
}

export function status(flags: CommonFlags): number {
  const data = statusData(flags);
  const { files, home, dotenv, projectFile } = data;
  const r = shareable(data.resolution);
  const errors = r.problems.filter((p) => p.severity === 'error').length;
  if (flags.json) {
    const dotenvJson = dotenv.files.length ? { dotenv: Object.fromEntries(Object.entries(dotenv.vars).map(([k, v]) => [k, v.file])) } : {};
    process.stdout.write(JSON.stringify({ resolution: r, files, ...dotenvJson }, null, 2) + '\n');
    return errors > 0 ? 1 : 0;
  }
  process.stdout.write(renderStatus(r, files, home, Style.for(process.stdout), dotenv, projectFile));
  return errors > 0 ? 1 : 0;
}

/** `1 error`, `2 errors`. */
function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function from(label: string, st: Style): string {
  return st.dim(`← ${label}`);
}

export function renderStatus(r: Resolution, files: StatusFile[], home: string, st: Style, dotenv: DotenvOrigins = { files: [], vars: {} }, projectFile?: string): string {
  const lines: string[] = [];
  // A process-env value that a --dotenv file set is named by its file; a value read from the
  // Google credentials file, by that file.
  const label = (source: Source, envVar?: string | null): string => {
    const d = source.kind === 'process' && envVar ? dotenv.vars[envVar] : undefined;
    if (d) return `dotenv ${tildify(d.file, home)}${d.overShell ? ' (over the shell\'s value)' : ''}`;
    if (source.kind === 'credentials' && projectFile) return `credentials file ${tildify(projectFile, home)}`;
    return sourceLabel(source, home);
  };
  // `VAR, where` (or only where, when no variable is known).
  const origin = (source: Source, envVar?: string | null): string => `${envVar ? `${envVar}, ` : ''}${label(source, envVar)}`;
  const row = (k: string, v: string) => lines.push(`${st.bold(k.padEnd(10))} ${v}`);
  const setup = coreProviderSetup({ provider: r.provider });
  // Signed in with /login (the core found its credentials): configured, as far as Claude Code goes.
  const loggedIn = r.problems.some((p) => p.code === 'CLAUDE_LOGIN_NOT_MODELLED');
  const nothing = r.provider === 'anthropic' && r.auth.method.kind === 'none' && r.vars.length === 0 && !loggedIn;
  // Something was set but Claude Code does not read it (a settings file that is not valid JSON,
  // variables outside `env`, an `export` key, a misspelled name): advising to set variables
  // would repeat what was just done. The problems say what is wrong. A near miss at info
  // severity is not one (a wrong selector name that is off, or beside a real selector).
  const ignored = files.some((f) => f.state === 'invalid') || r.problems.some((p) => p.code === 'ENV_NAME_NEAR_MISS' ? p.severity !== 'info' : p.file != null || p.code.startsWith('SETTINGS_'));

  const provider = `${setup.displayName}${r.gateway ? ' via an LLM gateway' : ''} ${st.dim(`(${r.provider})`)}`;
  row('Provider', `${st.cyan(provider)}  ${from(r.selectedBy ? `${r.selectedBy.envVar}=${r.selectedBy.value}, ${label(r.selectedBy.source, r.selectedBy.envVar)}` : 'default (no CLAUDE_CODE_USE_* selector)', st)}`);
  if (r.region) row('Region', `${r.region.value}  ${from(origin(r.region.source, r.region.envVar), st)}`);
  if (r.endpoint) {
    const e = r.endpoint;
    // No variable of its own: the host of the main model's location (the core takes that
    // variable's source), or the default.
    row('Endpoint', `${e.baseUrl} ${st.dim(`(${e.hostClass})`)}  ${from(e.envVar ? origin(e.source, e.envVar) : label(e.source, r.models.main.regionVar), st)}`);
  } else {
    row('Endpoint', st.red('none (see the problems below)'));
  }
  for (const [k, v] of [
    ['Project', r.details.project],
    ['Resource', r.details.resource],
    ['Workspace', r.details.workspaceId],
    ['Tier', r.details.serviceTier],
  ] as const) {
    if (v) row(k, `${coreShareablePlain(v.value)}  ${from(origin(v.source, v.envVar), st)}`);
  }
  row('Auth', `${r.auth.method.kind === 'none' ? st.red(r.auth.summary) : r.auth.summary}${r.auth.source ? '  ' + from(label(r.auth.source, authVar(r.auth.method)), st) : ''}`);
  for (const s of r.credentialSteps) {
    row('', `${s.key}: ${coreShareableValue(s.key, s.command)} ${st.dim(`(${s.runs})`)}  ${from(sourceLabel(s.source, home), st)}`);
  }

  const slots: [string, ModelChoice][] = [
    ['main', r.models.main],
    ['opus', r.models.opus],
    ['sonnet', r.models.sonnet],
    ['haiku', r.models.haiku],
    ['fable', r.models.fable],
    ['small/fast', r.models.smallFast],
  ];
  // Only when CLAUDE_CODE_SUBAGENT_MODEL names one; else subagents run the main model.
  if (r.models.subagent) slots.push(['subagents', r.models.subagent]);
  slots.forEach(([name, m], i) => {
    // A credential pasted as the model (CREDENTIAL_IN_PLAIN_VARIABLE) is not shown.
    const shown = coreShareablePlain;
    const region = m.region ? st.dim(` @ ${m.region}`) : '';
    const requested = m.requested !== m.id ? st.dim(` (${shown(m.requested)})`) : '';
    row(i === 0 ? 'Models' : '', `${name.padEnd(10)} ${m.id ? shown(m.id) : st.red('unusable')}${requested}${region}  ${from(origin(m.source, m.envVar), st)}`);
  });

  const n = r.network;
  const net: string[] = [];
  if (n.httpsProxy) net.push(`proxy ${n.httpsProxy.displayUrl} ${st.dim(`(${n.httpsProxy.envVar})`)}`);
  // A proxy variable the core could not use is not "direct": requests fail (PROXY_URL_INVALID).
  const badProxy = n.httpsProxy ? undefined : r.problems.find((p) => p.code === 'PROXY_URL_INVALID' && p.severity === 'error');
  if (badProxy) net.push(st.red(`proxy in ${badProxy.envVar ?? 'a proxy variable'} unusable (see PROXY_URL_INVALID below)`));
  if (n.noProxy.length) net.push(`no proxy for ${n.noProxy.join(', ')}`);
  if (n.extraCaCerts) net.push(`extra CAs ${tildify(n.extraCaCerts.path, home)} ${st.dim(`(${n.extraCaCerts.envVar})`)}`);
  if (n.clientCert) net.push(`client cert ${tildify(n.clientCert.path, home)}${n.clientKey ? `, key ${tildify(n.clientKey.path, home)}` : ''}${n.clientKeyPassphrase ? ' (passphrase set)' : ''}`);
  row('Network', net.length ? net.join('\n' + ' '.repeat(11)) : st.dim('direct, system and bundled CAs'));

  const read = files.filter((f) => f.state !== 'missing');
  const kindLabel = (f: StatusFile) => (f.kind === 'googleCredentials' ? 'google creds' : f.kind);
  const stateLabel = (f: StatusFile) => (f.state === 'invalid' ? st.red('invalid') : f.state === 'found' ? st.dim('found (read when credentials are obtained)') : st.dim(f.kind === 'googleCredentials' ? 'read (project)' : 'read'));
  row('Files', read.length ? read.map((f) => `${kindLabel(f).padEnd(14)} ${tildify(f.path, home)} ${stateLabel(f)}`).join('\n' + ' '.repeat(11)) : st.dim('none read (no settings, ~/.aws or --dotenv file exists)'));

  if (r.vars.length) {
    lines.push('', st.bold('Variables'));
    for (const v of r.vars) {
      const over = v.overrides?.length ? st.dim(` (overrides ${v.overrides.map((o) => `${o.value} from ${label(o.source, v.name)}`).join('; ')})`) : '';
      lines.push(`  ${v.name}=${v.blank ? st.dim('(blank: unset)') : v.value}  ${from(label(v.source, v.name), st)}${over}`);
    }
  }

  lines.push('');
  if (r.problems.length === 0) lines.push(st.green('✔ No problems found.'));
  else {
    const count = (s: string) => r.problems.filter((p) => p.severity === s).length;
    lines.push(st.bold(`Problems (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'note')})`));
    for (const p of r.problems) lines.push(formatProblem(p, st, home));
  }

  if (nothing && ignored) {
    lines.push('', st.bold('Nothing Claude Code reads is configured:') + ' what is set is ignored or unreadable (see the problems above), so Claude Code would use the Anthropic API and say "Not logged in".', `Fix those problems, then run ${st.cyan('claude-provider status')} again.`);
  } else if (nothing) {
    lines.push('', st.bold('Nothing is configured:') + ' Claude Code would use the Anthropic API and say "Not logged in".', 'To use a provider, set its variables (in the shell or a settings file), for example:');
    for (const id of PROVIDERS) {
      const s = coreProviderSetup({ provider: id });
      let vars = s.vars.filter((v) => v.required).map((v) => `${v.name}=${v.secret ? '…' : v.value}`).join(' ');
      // The Anthropic API needs no variable (a /login sign-in will do): its key is the example.
      if (id === 'anthropic') vars = `${vars ? `${vars} ` : ''}ANTHROPIC_API_KEY=…  (or sign in with /login in Claude Code)`;
      lines.push(`  ${s.displayName.padEnd(32)} ${vars}`);
    }
    lines.push(`Print the exact settings with ${st.cyan('claude-provider env PROVIDER')}, or write them with ${st.cyan('claude-provider switch PROVIDER')}.`);
  }
  return lines.join('\n') + '\n';
}
