// Type-checked (tsc --noEmit, scripts/test-wasm.sh), never run: the package's .d.ts (wasm-bindgen's
// declarations + the generated core types) must describe a real use of the API.
import {
  buildRequest,
  redactRequest,
  configSnippets,
  createStreamDecoder,
  effectiveEnv,
  parseErrorResponse,
  prepare,
  providerSetup,
  proxyRefusal,
  proxyRoute,
  settingsSyntax,
  renderRequest,
  toFetchRequest,
  resolve,
  validate,
  type BuildOutput,
  type ParsedError,
  type Problem,
  type ProviderSetup,
  type ProxyRoute,
  type SettingsSyntax,
  type ArgumentError,
  type ClaudeProviderError,
  type HttpRequest,
  type ConfigSnippets,
  type Resolution,
  type StreamEvent,
  type StreamFormat,
} from '../pkg/node/claude_provider_wasm.js';

const config = { processEnv: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1' } };
const r: Resolution = resolve(config);
const v: Resolution = validate({ ...config, credentialsCheck: 'found' });
const codes: string[] = [...r.problems, ...v.problems].map((p) => `${p.code} ${p.envVar ?? ''}`);
const out: BuildOutput = buildRequest({ ...config, request: { nowMs: 0, body: '{"messages":[]}' } });
const http: string = renderRequest(out.request, 'curl', false);
const snippets: ConfigSnippets = configSnippets(config);
const decoder = createStreamDecoder('bedrock', 'application/vnd.amazon.eventstream', undefined);
const format: StreamFormat = decoder.format;
const events: StreamEvent[] = decoder.push(new Uint8Array());
try {
  buildRequest({ request: { nowMs: 0, body: 'not json' } });
} catch (e) {
  const err = e as ClaudeProviderError;
  codes.push(err.code, err.help, err.message);
}
const env: Record<string, string> = effectiveEnv(config);
const setup: ProviderSetup = providerSetup({ provider: 'vertex', region: 'global', project: 'p' });
const route: ProxyRoute | null = proxyRoute(config, 'https://bedrock-runtime.us-east-1.amazonaws.com');
const refusal: Problem | null = proxyRefusal(config, 'https://bedrock-runtime.us-east-1.amazonaws.com');
const refusalCode: string | undefined = refusal?.code;
const syntax: SettingsSyntax | null = settingsSyntax('{,}', '/s.json');
const syntaxLine: number | undefined = syntax?.line;
const parsed: ParsedError = parseErrorResponse('bedrock', 403, [['content-type', 'application/json']], '{}');
const prepared = prepare(config);
const fromPrepared: Uint8Array = prepared.buildHttpRequest({ nowMs: 0 }, new Uint8Array()).body;
const prepResolution: Resolution = prepared.resolution;
const fetchRequest: Request = toFetchRequest(out.request);
const fetchPrepared: Request = toFetchRequest(prepared.buildHttpRequest({ nowMs: 0 }, '{}'));
// The documented forms: an object or bytes as the body, the body as a second argument, the
// optional arguments left out, a prepared request rendered, an argument error told apart.
const withObject: BuildOutput = buildRequest({ ...config, request: { nowMs: 0, body: { messages: [], max_tokens: 1 } } });
const withBytes: BuildOutput = buildRequest({ ...config, request: { nowMs: 0 } }, new Uint8Array());
const plainDecoder = createStreamDecoder('anthropic');
const preparedNoBody = prepared.buildHttpRequest({ nowMs: 0, body: '{}' });
const renderedPrepared: string = renderRequest(preparedNoBody, 'http', false);
const redactedPrepared: HttpRequest = redactRequest(preparedNoBody);
try {
  resolve(config);
} catch (e) {
  if (e instanceof TypeError && (e as ArgumentError).code === 'ARGUMENT_INVALID') codes.push(e.message);
  else codes.push((e as ClaudeProviderError).code);
}
// @ts-expect-error: a provider is not a number (the types are not `any`)
const notANumber: number = resolve(config).provider;
export { withObject, withBytes, plainDecoder, renderedPrepared, redactedPrepared, notANumber };
export { fetchRequest, fetchPrepared, codes, http, snippets, format, events, env, setup, route, syntax, syntaxLine, parsed, fromPrepared, prepResolution };
