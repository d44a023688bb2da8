// Type-checked (tsc --noEmit, scripts/test-wasm.sh), never run: the package's .d.ts (wasm-bindgen's
// declarations + the generated core types) must describe a real use of the API.
import {
  buildRequest,
  configSnippets,
  createStreamDecoder,
  renderRequest,
  resolve,
  validate,
  type BuildOutput,
  type ClaudeProviderError,
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
export { codes, http, snippets, format, events };
