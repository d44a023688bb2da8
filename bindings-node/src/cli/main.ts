#!/usr/bin/env node
// claude-provider: what Claude Code would use to reach Claude here, what is wrong, and the
// exact request. Subcommands: status, request, env, switch, send, doctor, playground.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { type CommonFlags, reportError, UsageError } from './common.js';

// Off Google Cloud, gcp-metadata reports its failed probe for the metadata server as a process
// warning (MetadataLookupWarning), next to our error or check that already names the missing
// credentials (`request`, `send`, `doctor`). Every other warning still goes to Node's handler.
const nodeWarningHandlers = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'MetadataLookupWarning') for (const h of nodeWarningHandlers) h(w);
});

const USAGE = `Usage: claude-provider <command> [options]

Commands:
  status                      the provider, region, endpoint, models and auth Claude Code would use,
                              where each value came from, and every problem with its fix
  request                     the provider-specific parts of the request Claude Code sends, for a
                              Messages body: URL, auth, provider headers, body rewrite, signature
                              (secrets redacted)
      --body FILE|-           Messages API body (default: a one-line "Hello" request)
      --stream|--no-stream  --count-tokens  --now RFC3339  --format json|curl|http  --show-secrets
      --placeholder-credentials  (offline: fake credentials instead of obtaining them)
  env PROVIDER                what to set to use PROVIDER
      --format shell|json|settings|devcontainer  --container-home DIR (devcontainer, default /root)
      --show-secrets  --force (print a value switch would refuse)
  switch PROVIDER             write PROVIDER's env block into a Claude Code settings file
      --scope user|project|local (default user)  --force (write despite errors)
      --prune (also remove other providers' variables PROVIDER does not read)
  send [PROMPT]               send a message and stream the answer (PROMPT or stdin)
      --model M  --max-tokens N (default 1024)  --no-stream
  doctor                      status, then live checks: proxy, TLS handshake, credentials,
                              a 1-token request to the main model
  playground                  serve the browser playground on 127.0.0.1 (inputs stay in the page)
      --port N                (default 8787; 0: any free port)

  PROVIDER: anthropic, bedrock, vertex, foundry, mantle, anthropic-aws, anthropic-google-cloud
  Values for env/switch: --region --profile --project --resource --workspace-id --base-url --api-key

Common options:
  --dotenv FILE               add variables from a dotenv file, relative to the current directory
                              (repeatable; later wins). --env-file is an alias, but Node 20 takes
                              --env-file for itself wherever it appears: use --dotenv there
  --settings FILE             add a settings file, like claude --settings (repeatable; later wins)
  --no-process-env            ignore the process environment
  --cwd DIR                   project directory (default: the current directory)
  --home DIR                  home directory (default: $HOME)
  --managed-settings FILE     managed settings file (default: the platform's path, if present)
  --no-managed-settings       read no managed settings file
  --json                      machine-readable output
  -h, --help  --version       (COMMAND --help, or help COMMAND: that command's usage)
`;

const COMMON = {
  dotenv: { type: 'string', multiple: true },
  'env-file': { type: 'string', multiple: true },
  settings: { type: 'string', multiple: true },
  'no-process-env': { type: 'boolean' },
  cwd: { type: 'string' },
  home: { type: 'string' },
  'managed-settings': { type: 'string' },
  'no-managed-settings': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

// Each command's module is imported when the command runs (undici and the auth libraries are
// only loaded by the commands that go on the network): `status` starts fast.
const SETUP_OPTIONS = ['region', 'profile', 'project', 'resource', 'workspaceId', 'baseUrl', 'apiKey'] as const;

const SETUP = Object.fromEntries(
  SETUP_OPTIONS.map((o) => [o.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()), { type: 'string' }]),
) as Record<string, { type: 'string' }>;

const PER_COMMAND = {
  status: {},
  request: {
    body: { type: 'string' },
    stream: { type: 'boolean' },
    'no-stream': { type: 'boolean' },
    'count-tokens': { type: 'boolean' },
    now: { type: 'string' },
    format: { type: 'string' },
    'show-secrets': { type: 'boolean' },
    'placeholder-credentials': { type: 'boolean' },
  },
  env: { ...SETUP, format: { type: 'string' }, 'show-secrets': { type: 'boolean' }, 'container-home': { type: 'string' }, force: { type: 'boolean' } },
  switch: { ...SETUP, scope: { type: 'string' }, force: { type: 'boolean' }, prune: { type: 'boolean' } },
  send: { model: { type: 'string' }, 'max-tokens': { type: 'string' }, 'no-stream': { type: 'boolean' } },
  doctor: {},
  playground: { port: { type: 'string' } },
} as const;

const COMMON_POINTER = `Common options: --dotenv FILE  --settings FILE  --no-process-env  --cwd DIR  --home DIR
  --managed-settings FILE  --no-managed-settings  --json  (claude-provider --help says what each does)
`;

const SETUP_USAGE = `  --region R                  AWS region, Vertex location or Google Cloud location
  --profile P                 AWS profile
  --project P                 Google Cloud project
  --resource R                Foundry resource name
  --workspace-id W            workspace (Claude Platform on AWS / Google Cloud)
  --base-url URL              a base URL (gateway, private endpoint)
  --api-key KEY               an API key or bearer token for the provider's key-based auth

  PROVIDER: anthropic, bedrock, vertex, foundry, mantle, anthropic-aws, anthropic-google-cloud
`;

/** `claude-provider <command> --help` and `claude-provider help <command>`: one entry a command. */
const COMMAND_USAGE: Record<keyof typeof PER_COMMAND, string> = {
  status: `Usage: claude-provider status [options]

The provider, region, endpoint, models and auth Claude Code would use, where each value came
from, and every problem with its fix.

${COMMON_POINTER}`,
  request: `Usage: claude-provider request [options]

The provider-specific parts of the request Claude Code sends, built for a Messages body: the URL
(streaming, as Claude Code's main request is), auth headers, anthropic-version, the betas the
configuration adds, custom and provider headers, the provider's body rewrite, and the SigV4
signature (secrets redacted). Claude Code's own client headers (User-Agent claude-cli/…, x-app,
X-Stainless-*, session id), its beta set and its system prompt and tools are not added: they
come from the client, not from the configuration; the body is the one given.

Options:
  --body FILE|-               Messages API body (default: a one-line "Hello" request)
  --no-stream                 the non-streaming request (Bedrock /invoke, Vertex :rawPredict,
                              no stream: true), as Claude Code's startup model checks send it
  --stream                    the streaming request (the default)
  --count-tokens              the token-counting request instead (not with --stream)
  --now RFC3339               the time to sign with (default: now)
  --format json|curl|http     (default json)
  --show-secrets              print secrets instead of redacting them
  --placeholder-credentials   build and sign with obviously fake credentials (AWS key ID
                              AKIAPLACEHOLDER00000, placeholder tokens) instead of obtaining
                              them: nothing runs, nothing is fetched; the output says so

Credentials: keys and tokens in the environment are read. What Claude Code obtains at run time
is obtained here too, as it would be, so that the signature is real: apiKeyHelper and
awsCredentialExport run; AWS profiles (SSO, credential_process, assume role, web identity) and
the default chain go through the AWS SDK (SSO portal, STS, container or instance metadata);
Google Application Default Credentials request a token; Microsoft Entra ID is asked for one.
awsAuthRefresh and gcpAuthRefresh never run here (they may sign you in, in a browser): send
runs them when loading fails. Configuration errors are reported before any of this.

${COMMON_POINTER}`,
  env: `Usage: claude-provider env PROVIDER [options]

What to set to use PROVIDER (values not given are examples).

Options:
  --format shell|json|settings|devcontainer   (default shell; json with --json)
  --container-home DIR        the container's home for devcontainer mounts (default /root)
  --show-secrets              print secrets instead of redacting them
  --force                     print despite a value switch would refuse (an error, or a value
                              Claude Code would ignore, such as --region us-east1)
${SETUP_USAGE}
${COMMON_POINTER}`,
  switch: `Usage: claude-provider switch PROVIDER [options]

Write PROVIDER's env block into a Claude Code settings file (validated, backed up, other keys
kept; a secret never goes into a file git tracks or would pick up).

Options:
  --scope user|project|local  (default user)
  --force                     write despite errors
  --prune                     also remove the other providers' variables PROVIDER does not read
                              (an earlier switch's AWS_REGION, CLOUD_ML_REGION…; listed as
                              "left:" otherwise)
${SETUP_USAGE}
${COMMON_POINTER}`,
  send: `Usage: claude-provider send [PROMPT] [options]

Send a message and stream the answer (PROMPT, or stdin when not given).

Options:
  --model M                   (default: the main model Claude Code would use)
  --max-tokens N              (default 1024)
  --no-stream                 wait for the whole answer

${COMMON_POINTER}`,
  doctor: `Usage: claude-provider doctor [options]

status, then live checks: proxy, TLS handshake, credentials, a 1-token request to the main model.
Each waits a bounded time: the proxy connect 5 s; the handshake probe 5 s for the proxy's
answer to CONNECT and 5 s for the TCP connect and handshake (then a HEAD /, 5 s), credentials and the request min(API_TIMEOUT_MS, 30 s). A check
whose prerequisite failed (the proxy, the handshake) is skipped and names that check.

${COMMON_POINTER}`,
  playground: `Usage: claude-provider playground [--port N]

Serve the browser playground on 127.0.0.1 (inputs stay in the page).

Options:
  --port N                    (default 8787; 0: any free port)

The playground takes none of the common options: paste the environment and settings into the page.
`,
};

type Values = Record<string, string | boolean | string[] | undefined>;

function setupFlags(v: Values): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of SETUP_OPTIONS) {
    const val = v[o.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())];
    if (typeof val === 'string') out[o] = val;
  }
  return out;
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * node:util's parse error as the CLI's own: the option named as given, what is wrong with it,
 * and the fix (the closest option the command takes, or the command that takes it). Node's
 * text ("To specify a positional argument starting with a '-' … '-- "--jsn"") is not shown.
 */
function optionError(e: unknown, argv: string[], command: keyof typeof PER_COMMAND | undefined): UsageError {
  const code = (e as NodeJS.ErrnoException).code;
  const message = (e as Error).message;
  const where = command ? ` (claude-provider ${command} --help lists its options)` : ' (claude-provider --help lists the commands and options)';
  const takes = { ...COMMON, ...(command ? PER_COMMAND[command] : {}) } as Record<string, { type: string; short?: string }>;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /^Unknown option '([^']+)'/.exec(message)?.[1] ?? argv.find((a) => a.startsWith('-')) ?? '';
    const name = given.replace(/^-+/, '').replace(/=.*$/, '');
    const of = command ? ` for ${command}` : '';
    if (!given.startsWith('--')) {
      return new UsageError(`unknown option '${given}'${of}`, { help: `The only short option is -h (--help); give the others in full, such as --json${where}.` });
    }
    // Another command's option.
    const owners = Object.entries(PER_COMMAND).filter(([, o]) => Object.hasOwn(o, name)).map(([c]) => c);
    if (owners.length) {
      return new UsageError(`unknown option '--${name}'${of}: it is an option of ${owners.join(', ')}`, { help: command ? `${command} does not take --${name}${where}.` : `Name the command first: claude-provider ${owners[0]} --${name}.` });
    }
    // The closest option this command takes; else the closest another command takes.
    const near = (options: string[]) => {
      const best = options.map((o) => [o, distance(name, o)] as const).sort((x, y) => x[1] - y[1])[0];
      return best && best[1] <= Math.max(2, Math.floor(name.length / 3)) ? best[0] : options.find((o) => o.startsWith(name) || name.startsWith(o));
    };
    const own = near(Object.keys(takes).filter((o) => o !== 'env-file'));
    if (own) return new UsageError(`unknown option '--${name}'${of}`, { help: `Did you mean --${own}?${where}` });
    const other = near([...new Set(Object.values(PER_COMMAND).flatMap((o) => Object.keys(o)))]);
    if (other) {
      const by = Object.entries(PER_COMMAND).filter(([, o]) => Object.hasOwn(o, other)).map(([c]) => c);
      return new UsageError(`unknown option '--${name}'${of}`, { help: `--${other} is the closest, an option of ${by.join(', ')}${command ? `, not of ${command}` : ''}${where}.` });
    }
    return new UsageError(`unknown option '--${name}'${of}`, { help: `Check the spelling${where}.` });
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && / argument is ambiguous/.test(message)) {
    const opt = /^Option '(?:-\w, )?(--[\w-]+)'/.exec(message)?.[1] ?? 'the option';
    const next = argv[argv.indexOf(opt) + 1];
    return new UsageError(`${opt} needs a value${next ? `, and '${next}' after it is an option` : ''}`, { help: `Give it one: ${opt} VALUE (${opt}=VALUE for a value that starts with '-')${where}.` });
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const missing = /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
    if (missing) return new UsageError(`${missing[1]} needs a value`, { help: `Give it one: ${missing[1]} VALUE${where}.` });
    const noValue = /^Option '(?:-\w, )?(--[\w-]+)' does not take an argument/.exec(message);
    if (noValue) return new UsageError(`${noValue[1]} takes no value`, { help: `Give ${noValue[1]} alone, without =VALUE${where}.` });
  }
  return new UsageError(message.split('. ')[0]!.replace(/\.$/, ''), { help: `Run \`claude-provider ${command ? `${command} ` : ''}--help\` for usage.` });
}

export async function main(argv: string[]): Promise<number> {
  let json = argv.includes('--json');
  try {
    // First pass with every command's options, to find the command among the positionals.
    const all = Object.assign({}, COMMON, ...Object.values(PER_COMMAND)) as typeof COMMON;
    const command = parseArgs({ args: argv, options: all, allowPositionals: true, strict: false }).positionals[0];
    const known = command !== undefined && command in PER_COMMAND;
    const options = { ...COMMON, ...(known ? PER_COMMAND[command as keyof typeof PER_COMMAND] : {}) };
    let parsed;
    try {
      parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
    } catch (e) {
      throw optionError(e, argv, known ? (command as keyof typeof PER_COMMAND) : undefined);
    }
    const v = parsed.values as Values;
    json = v.json === true;
    if (v.version) {
      const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
      process.stdout.write(`claude-provider ${pkg.version}\n`);
      return 0;
    }
    // `help <command>` and `<command> --help`: that command's usage; otherwise the whole usage.
    const helpFor = command === 'help' ? parsed.positionals[1] : v.help ? command : undefined;
    // `help help` is the whole usage, as `help` is.
    if (helpFor !== undefined && helpFor !== 'help') {
      if (!Object.hasOwn(COMMAND_USAGE, helpFor)) throw new UsageError(`unknown command '${helpFor}'`, { help: `Use one of ${Object.keys(PER_COMMAND).join(', ')} (claude-provider --help).` });
      process.stdout.write(COMMAND_USAGE[helpFor as keyof typeof COMMAND_USAGE]);
      return 0;
    }
    if (v.help || command === undefined || command === 'help') {
      process.stdout.write(USAGE);
      return command === undefined && !v.help ? 2 : 0;
    }
    if (!known) throw new UsageError(`unknown command '${command}'`, { help: `Use one of ${Object.keys(PER_COMMAND).join(', ')} (claude-provider --help).` });
    const [, ...rest] = parsed.positionals;
    // --dotenv and --env-file in the order given (a later file wins).
    const envFiles = parsed.tokens.flatMap((t) => (t.kind === 'option' && (t.name === 'dotenv' || t.name === 'env-file') && t.value !== undefined ? [{ flag: `--${t.name}`, path: t.value }] : []));
    const common: CommonFlags = {
      envFiles,
      settings: (v.settings as string[] | undefined) ?? [],
      noProcessEnv: v['no-process-env'] === true,
      cwd: v.cwd as string | undefined,
      home: v.home as string | undefined,
      managedSettings: v['no-managed-settings'] === true ? null : (v['managed-settings'] as string | undefined),
      json,
    };
    if (v['no-managed-settings'] === true && v['managed-settings'] !== undefined) {
      throw new UsageError('--managed-settings and --no-managed-settings: give one', { help: 'Name the managed settings file with --managed-settings FILE, or read none with --no-managed-settings.' });
    }
    const expectArgs = command === 'env' || command === 'switch' || command === 'send' ? 1 : 0;
    if (rest.length > expectArgs) throw new UsageError(`unexpected argument '${rest[expectArgs]}'`);
    switch (command) {
      case 'playground': {
        // The page takes its configuration from what is pasted into it, not from flags.
        const given = ['dotenv', 'env-file', 'settings', 'no-process-env', 'cwd', 'home', 'managed-settings', 'no-managed-settings', 'json'].find((k) => v[k] !== undefined);
        if (given) throw new UsageError(`playground does not take --${given}`, { help: 'Paste the environment and settings into the page; only --port applies.' });
        return await (await import('./playground.js')).playground(v.port as string | undefined);
      }
      case 'status':
        return (await import('./status.js')).status(common);
      case 'doctor':
        return await (await import('./live.js')).doctor(common);
      case 'send':
        return await (await import('./live.js')).send(common, {
          prompt: rest[0],
          model: v.model as string | undefined,
          maxTokens: v['max-tokens'] as string | undefined,
          noStream: v['no-stream'] === true,
        });
      case 'request':
        if (v.stream === true && v['no-stream'] === true) throw new UsageError('--stream and --no-stream: give one', { help: 'Requests stream by default, as Claude Code\'s do; --no-stream shows the non-streaming request.' });
        return await (await import('./request.js')).request(common, {
          body: v.body as string | undefined,
          stream: v.stream === true ? true : v['no-stream'] === true ? false : undefined,
          countTokens: v['count-tokens'] === true,
          now: v.now as string | undefined,
          format: (v.format as string | undefined) ?? (json ? 'json' : 'json'),
          showSecrets: v['show-secrets'] === true,
          placeholderCredentials: v['placeholder-credentials'] === true,
        });
      case 'env':
        return (await import('./env.js')).env(common, rest[0], {
          ...setupFlags(v),
          format: (v.format as string | undefined) ?? (json ? 'json' : 'shell'),
          showSecrets: v['show-secrets'] === true,
          containerHome: (v['container-home'] as string | undefined) ?? '/root',
          force: v.force === true,
        });
      default:
        return (await import('./switch.js')).switchProvider(common, rest[0], {
          ...setupFlags(v),
          scope: (v.scope as string | undefined) ?? 'user',
          force: v.force === true,
          prune: v.prune === true,
        });
    }
  } catch (e) {
    return reportError(e, json);
  }
}

// A reader that stops early (`claude-provider request | head`) closes the pipe: stop quietly,
// as `cat` does, rather than with Node's unhandled 'error' event and its stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    if (stream === process.stdout) process.stderr.write(`claude-provider: cannot write the output (${e.code ?? e.message})\n`);
    process.exit(1);
  });
}

process.exitCode = await main(process.argv.slice(2));
