// node bench/bench.mjs — build + SigV4-sign a 50 KB Bedrock streaming request, and decode a
// Bedrock event-stream into Anthropic events: through claude-provider (the Rust core over
// napi), through @smithy/signature-v4 with Node's native SHA-256 (signing alone), and through
// @smithy/eventstream-codec plus the inner JSON parse. Prints one table. (The third
// comparison, @anthropic-ai/bedrock-sdk's own path, is not measured here.)
import { Hash } from '@smithy/hash-node';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { SignatureV4 } from '@smithy/signature-v4';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { buildHttpRequest, buildRequest, createStreamDecoder } from 'claude-provider';

const NOW = Date.UTC(2026, 0, 15, 12);
const body = JSON.stringify({ max_tokens: 1024, messages: [{ role: 'user', content: 'é'.repeat(1000) + 'x'.repeat(48_000) }] });
const bytes = Buffer.from(body);
const config = { processEnv: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } };

function time(name, n, f) {
  for (let i = 0; i < Math.min(200, n); i++) f();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f();
  const us = Number(process.hrtime.bigint() - t0) / 1e3 / n;
  return { name, us };
}

async function timeAsync(name, n, f) {
  for (let i = 0; i < 200; i++) await f();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await f();
  return { name, us: Number(process.hrtime.bigint() - t0) / 1e3 / n };
}

const rows = [];
rows.push(time('claude-provider buildHttpRequest (50 KB, Bedrock stream, SigV4), body as bytes', 3000, () => buildHttpRequest({ config, body: bytes, stream: true, now: NOW })));
rows.push(time('claude-provider buildHttpRequest, body as a string', 3000, () => buildHttpRequest({ config, body, stream: true, now: NOW })));
rows.push(time('claude-provider buildRequest (request + full resolution as JS objects)', 3000, () => buildRequest({ config, body: bytes, stream: true, now: NOW })));
const signer = new SignatureV4({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, region: 'us-east-1', service: 'bedrock', sha256: Hash.bind(null, 'sha256') });
const req = { method: 'POST', protocol: 'https:', hostname: 'bedrock-runtime.us-east-1.amazonaws.com', path: '/model/us.anthropic.claude-opus-5-5/invoke-with-response-stream', headers: { host: 'bedrock-runtime.us-east-1.amazonaws.com', 'content-type': 'application/json', accept: 'application/json' }, body: bytes };
rows.push(await timeAsync('@smithy/signature-v4 sign only (native SHA-256)', 3000, () => signer.sign(req, { signingDate: new Date(NOW) })));

// A Bedrock stream of ~4 MB: message events plus many text deltas.
const codec = new EventStreamCodec(toUtf8, fromUtf8);
const frames = [];
const delta = (i) => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `token ${i} of a fairly ordinary answer, ` } });
const events = [{ type: 'message_start', message: { id: 'm', type: 'message', role: 'assistant', content: [], model: 'x', usage: { input_tokens: 1, output_tokens: 0 } } }, { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }];
for (let i = 0; i < 20_000; i++) events.push(delta(i));
events.push({ type: 'content_block_stop', index: 0 }, { type: 'message_stop' });
for (const ev of events) {
  frames.push(codec.encode({ headers: { ':event-type': { type: 'string', value: 'chunk' }, ':content-type': { type: 'string', value: 'application/json' }, ':message-type': { type: 'string', value: 'event' } }, body: fromUtf8(JSON.stringify({ bytes: Buffer.from(JSON.stringify(ev)).toString('base64'), p: 'abcdefghijkl' })) }));
}
const stream = Buffer.concat(frames);
const chunks = [];
for (let i = 0; i < stream.length; i += 16_384) chunks.push(stream.subarray(i, i + 16_384));
const mb = stream.length / 1e6;

function throughput(name, runs, f) {
  f();
  const t0 = process.hrtime.bigint();
  let n = 0;
  for (let i = 0; i < runs; i++) n = f();
  const s = Number(process.hrtime.bigint() - t0) / 1e9 / runs;
  return { name, mbps: mb / s, events: n };
}

const tp = [];
tp.push(throughput('claude-provider createStreamDecoder (event-stream → typed events)', 10, () => {
  const d = createStreamDecoder('bedrock', 'application/vnd.amazon.eventstream');
  let n = 0;
  for (const c of chunks) n += d.push(c).length;
  d.finish();
  return n;
}));
tp.push(throughput('@smithy/eventstream-codec + base64 + JSON.parse', 10, () => {
  let n = 0;
  for (const f of frames) {
    const m = codec.decode(f);
    const outer = JSON.parse(toUtf8(m.body));
    JSON.parse(Buffer.from(outer.bytes, 'base64').toString('utf8'));
    n++;
  }
  return n;
}));

console.log(`Node ${process.version}, ${new Date().toISOString()}`);
console.log('\nBuild + SigV4-sign a 50 KB Bedrock streaming request (µs per request, lower is better)');
for (const r of rows) console.log(`  ${r.us.toFixed(1).padStart(8)} µs  ${r.name}`);
console.log(`\nDecode a ${mb.toFixed(1)} MB Bedrock event-stream (${events.length} events) into Anthropic events (MB/s, higher is better)`);
for (const r of tp) console.log(`  ${r.mbps.toFixed(1).padStart(8)} MB/s  ${r.name} (${r.events} events)`);
