// Compile-only check (tsc --strict, `npm run typecheck`): the public API as a TypeScript user
// writes it. Every type comes from the package; nothing here runs.
import {
  ArgumentError,
  buildRequest,
  ClaudeProviderError,
  core,
  loadConfig,
  resolve,
  validate,
  type BuildOutput,
  type Code,
  type ConfigInput,
  type Problem,
  type ProviderId,
  type Resolution,
} from 'claude-provider';

const config: ConfigInput = {
  processEnv: { CLAUDE_CODE_USE_BEDROCK: '1' },
  settings: [{ scope: 'user', path: '/home/me/.claude/settings.json', settings: { env: { AWS_REGION: 'eu-west-1' } } }],
};
const r: Resolution = resolve({ config });
const p: ProviderId = r.provider;
const firstFix: string | undefined = r.problems[0]?.help;
const errors: Problem[] = validate({ cwd: '/tmp', env: process.env, credentialsCheck: 'notFound' }).problems.filter(
  (x) => x.severity === 'error',
);
const out: BuildOutput = buildRequest({ config, body: { messages: [], max_tokens: 1 }, stream: true, now: new Date() });
const headers: [string, string][] = out.request.headers.map((h) => [h.name, h.value]);
const loaded = loadConfig({ readFiles: false, env: {} });
const same: Resolution = core.validate({ ...loaded.config, credentialsCheck: 'found' });

try {
  core.buildRequest({ request: { nowMs: 0, body: '{}' } }, new Uint8Array([123, 125]));
} catch (e) {
  if (e instanceof ClaudeProviderError) {
    const code: Code = e.code;
    const where: string | undefined = e.envVar ?? e.file;
    void code;
    void where;
  } else if (e instanceof ArgumentError) {
    const shown: { code: 'ARGUMENT_INVALID'; message: string } = e.toJSON();
    void shown;
  }
}

// @ts-expect-error: not a provider
const wrong: ProviderId = 'openai';

void [p, firstFix, errors, headers, same, wrong];
