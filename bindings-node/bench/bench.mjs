// node bench/bench.mjs — build + SigV4-sign a 50 KB Bedrock streaming request, and decode a
// Bedrock event-stream into Anthropic events: through claude-provider (the Rust core over
// napi), through @anthropic-ai/bedrock-sdk's own path (messages.create with a fetch that
// captures the signed request, or serves a canned event-stream), through @smithy/signature-v4
// with Node's native SHA-256 (signing alone), and through @smithy/eventstream-codec plus the
// inner JSON parse (build+sign contenders each in processes of their own; see below). Also the
// `claude-provider status` cold start. Prints one table and a line
// per target of issue #4 saying whether it is met.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { Hash } from '@smithy/hash-node';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { SignatureV4 } from '@smithy/signature-v4';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { buildHttpRequest, buildRequest, createStreamDecoder, prepare } from 'claude-provider';

const NOW = Date.UTC(2026, 0, 15, 12);
const body = JSON.stringify({ max_tokens: 1024, messages: [{ role: 'user', content: 'é'.repeat(1000) + 'x'.repeat(48_000) }] });
const bytes = Buffer.from(body);
const config = { processEnv: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** µs per call of `n` calls of `f` (awaited when `f` returns a promise). */
async function batch(n, f) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const r = f();
    if (r instanceof Promise) await r;
  }
  return Number(process.hrtime.bigint() - t0) / 1e3 / n;
}

const prepared = prepare({ config });
const signer = new SignatureV4({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, region: 'us-east-1', service: 'bedrock', sha256: Hash.bind(null, 'sha256') });
const req = { method: 'POST', protocol: 'https:', hostname: 'bedrock-runtime.us-east-1.amazonaws.com', path: '/model/us.anthropic.claude-opus-5-5/invoke-with-response-stream', headers: { host: 'bedrock-runtime.us-east-1.amazonaws.com', 'content-type': 'application/json', accept: 'application/json' }, body: bytes };

// The SDK's own path: messages.create up to the signed fetch (its fetch records the time and
// throws a sentinel, so nothing is sent). Fake static credentials, fixed region, no retries.
const SENT = new Error('bench: request captured');
let fetchedAt = 0n;
const sdk = new AnthropicBedrock({
  awsRegion: 'us-east-1',
  awsAccessKey: 'AKIDEXAMPLE',
  awsSecretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  maxRetries: 0,
  fetch: async (_url, init) => {
    fetchedAt = process.hrtime.bigint();
    if (!new Headers(init.headers).get('authorization')?.startsWith('AWS4-HMAC-SHA256')) throw new Error('bench: the SDK did not sign');
    throw SENT;
  },
});
const params = JSON.parse(body);
async function sdkBuildSign(n) {
  let total = 0n;
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    try {
      await sdk.messages.create({ ...params, model: 'us.anthropic.claude-opus-5-5', stream: true });
    } catch (e) {
      if (e !== SENT && e?.cause !== SENT) throw e;
    }
    total += fetchedAt - t0;
  }
  return Number(total) / 1e3 / n;
}

// Each build+sign contender runs in a process of its own (`bench.mjs --contender I`): warmed up
// to a steady state (8 batches: until then, a fresh process's 50 KB buffers fault in new pages
// as the heap grows), then ROUNDS batches, whose median it reports. Sharing one process, every
// contender paid for collecting the others' garbage (the SDK's path leaves megabytes) and ran
// on a heap shaped by them: the same code measured 48 µs alone and 72 µs after the SDK's batch.
// The parent starts PROCESSES processes per contender, interleaved, and keeps the median, so
// background load on this shared machine weighs on all of them alike.
const contenders = [
  { name: 'claude-provider prepare(config).buildHttpRequest (50 KB, Bedrock stream, SigV4), body as bytes', n: 400, run: (n) => batch(n, () => prepared.buildHttpRequest({ body: bytes, stream: true, now: NOW })) },
  { name: 'claude-provider buildHttpRequest (config converted and resolved per call), body as bytes', n: 400, run: (n) => batch(n, () => buildHttpRequest({ config, body: bytes, stream: true, now: NOW })) },
  { name: 'claude-provider buildHttpRequest, body as a string', n: 400, run: (n) => batch(n, () => buildHttpRequest({ config, body, stream: true, now: NOW })) },
  { name: 'claude-provider buildRequest (request + full resolution as JS objects)', n: 400, run: (n) => batch(n, () => buildRequest({ config, body: bytes, stream: true, now: NOW })) },
  { name: '@smithy/signature-v4 sign only (native SHA-256)', n: 400, run: (n) => batch(n, () => signer.sign(req, { signingDate: new Date(NOW) })) },
  { name: '@anthropic-ai/bedrock-sdk messages.create up to the signed fetch (pure-JS SHA-256)', n: 40, run: sdkBuildSign },
];
const ROUNDS = 7;
const PROCESSES = 3;
if (process.argv[2] === '--contender') {
  const c = contenders[Number(process.argv[3])];
  await c.run(c.n * 8);
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await c.run(c.n));
  console.log(JSON.stringify({ us: median(rounds) }));
  process.exit(0);
}
const perProcess = contenders.map(() => []);
for (let p = 0; p < PROCESSES; p++) {
  for (const i of contenders.keys()) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--contender', String(i)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bench: contender ${i} failed: ${r.stderr}`);
    perProcess[i].push(JSON.parse(r.stdout.trim().split('\n').at(-1)).us);
  }
}
const rows = contenders.map((c, i) => ({ name: c.name, us: median(perProcess[i]) }));
const [napiPrepared, , , , smithySign, sdkSign] = rows;

// A Bedrock stream of ~6 MB: message events plus many text deltas.
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

// The SDK's stream: its fetch answers with the same event-stream, in the same 16 KB chunks.
const streamingSdk = new AnthropicBedrock({
  awsRegion: 'us-east-1',
  awsAccessKey: 'AKIDEXAMPLE',
  awsSecretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  maxRetries: 0,
  fetch: async () => {
    let i = 0;
    const chunked = new ReadableStream({
      pull(c) {
        if (i < chunks.length) c.enqueue(new Uint8Array(chunks[i++]));
        else c.close();
      },
    });
    return new Response(chunked, { status: 200, headers: { 'content-type': 'application/vnd.amazon.eventstream' } });
  },
});

// Each decoder returns the number of events it produced; like build+sign, they are warmed up
// and timed in interleaved rounds (median round).
const decoders = [
  {
    name: 'claude-provider createStreamDecoder (event-stream → typed events)',
    decode: () => {
      const d = createStreamDecoder('bedrock', 'application/vnd.amazon.eventstream');
      let n = 0;
      for (const c of chunks) n += d.push(c).length;
      d.finish();
      return n;
    },
  },
  {
    name: '@smithy/eventstream-codec + base64 + JSON.parse',
    decode: () => {
      let n = 0;
      for (const f of frames) {
        const m = codec.decode(f);
        const outer = JSON.parse(toUtf8(m.body));
        JSON.parse(Buffer.from(outer.bytes, 'base64').toString('utf8'));
        n++;
      }
      return n;
    },
  },
  {
    name: '@anthropic-ai/bedrock-sdk messages.create({ stream: true }) iterated',
    decode: async () => {
      const s = await streamingSdk.messages.create({ model: 'us.anthropic.claude-opus-5-5', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }], stream: true });
      let n = 0;
      for await (const _ of s) n++;
      return n;
    },
  },
];
const produced = decoders.map(() => 0);
const secs = decoders.map(() => []);
for (const d of decoders) await d.decode();
for (let r = 0; r < ROUNDS; r++) {
  for (const [i, d] of decoders.entries()) {
    const t0 = process.hrtime.bigint();
    produced[i] = await d.decode();
    secs[i].push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
}
const tp = decoders.map((d, i) => ({ name: d.name, mbps: mb / median(secs[i]), events: produced[i] }));
const [napiStream, smithyStream, sdkStreamRow] = tp;

// `claude-provider status` cold start: a fresh Node process each time, with an empty home.
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'cli', 'main.js');
const home = mkdtempSync(join(tmpdir(), 'cp-bench-'));
const starts = [];
for (let i = 0; i < 15; i++) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, 'status'], { env: { PATH: process.env.PATH, HOME: home, CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1' }, cwd: home, encoding: 'utf8' });
  if (r.error || r.status === null) throw r.error ?? new Error('status did not exit');
  starts.push(Number(process.hrtime.bigint() - t) / 1e6);
}
starts.sort((a, b) => a - b);
const coldMs = starts[Math.floor(starts.length / 2)];

console.log(`Node ${process.version}, ${new Date().toISOString()}`);
console.log('\nBuild + SigV4-sign a 50 KB Bedrock streaming request (µs per request, lower is better)');
for (const r of rows) console.log(`  ${r.us.toFixed(1).padStart(8)} µs  ${r.name}`);
console.log(`\nDecode a ${mb.toFixed(1)} MB Bedrock event-stream (${events.length} events) into Anthropic events (MB/s, higher is better)`);
for (const r of tp) console.log(`  ${r.mbps.toFixed(1).padStart(8)} MB/s  ${r.name} (${r.events} events)`);
console.log(`\n\`claude-provider status\` cold start (median of ${starts.length} runs): ${coldMs.toFixed(0)} ms (min ${starts[0].toFixed(0)}, max ${starts.at(-1).toFixed(0)})`);

const x = (a, b) => `${(a / b).toFixed(1)}×`;
const verdict = (ok) => (ok ? 'met' : 'NOT met');
console.log('\nTargets (issue #4)');
console.log(`  build+sign ≥ 20× faster than the SDK: ${x(sdkSign.us, napiPrepared.us)} (prepared) — ${verdict(sdkSign.us / napiPrepared.us >= 20)}`);
console.log(`  build+sign faster than @smithy/signature-v4 alone: ${napiPrepared.us.toFixed(1)} vs ${smithySign.us.toFixed(1)} µs (prepared) — ${verdict(napiPrepared.us < smithySign.us)}`);
console.log(`  stream decode ≥ 10× the SDK's stream: ${x(napiStream.mbps, sdkStreamRow.mbps)} — ${verdict(napiStream.mbps / sdkStreamRow.mbps >= 10)}`);
console.log(`  stream decode ≥ 2× @smithy/eventstream-codec: ${x(napiStream.mbps, smithyStream.mbps)} — ${verdict(napiStream.mbps / smithyStream.mbps >= 2)}`);
console.log(`  status cold start < 150 ms: ${coldMs.toFixed(0)} ms — ${verdict(coldMs < 150)}`);
