// End-to-end tests of the playground in real headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core), served by playground/serve.mjs on 127.0.0.1.
//
//   node --test test/e2e.test.mjs        (after npm run build; scripts/test-wasm.sh runs it)
//
// The expected SigV4 signature comes from the Rust core itself (core/examples/build_request.rs,
// run with cargo), never from this file. Every request the browser makes is recorded and must
// be same-origin. Screenshots of the main states go to artifacts/ at the repository root.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../playground/serve.mjs";
import { defaultBetas } from "../playground/presets.js";
import { parseBetas } from "../playground/lib.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const ARTIFACTS = join(root, "artifacts");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];

const TIME = "2026-01-15T12:00:00Z";
const NOW_MS = Date.parse(TIME);
const BEDROCK_ENV = {
  CLAUDE_CODE_USE_BEDROCK: "1",
  AWS_REGION: "eu-west-1",
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  ANTHROPIC_DEFAULT_HAIKU_MODEL: "us.anthropic.claude-haiku-4-5-20251001-v1:0",
};
// What the page asks for unless told otherwise: a streaming request with Claude Code's betas.
const defaults = (provider) => ({ stream: true, betas: parseBetas(defaultBetas(provider)) });
const BODY = JSON.stringify({
  model: "sonnet",
  max_tokens: 512,
  messages: [{ role: "user", content: "What is SigV4?" }],
});

/** What the Rust core builds for `input` (a BuildInput), secrets included. */
function rustBuild(input) {
  const r = spawnSync("cargo", ["run", "--release", "-q", "-p", "claude-provider-core", "--example", "build_request"],
    { cwd: root, input: JSON.stringify(input), encoding: "utf8", maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `cargo run --example build_request failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** What the Rust core decodes from `bytes` (core/examples/decode_stream.rs). */
function rustDecode(provider, contentType, bytes) {
  const r = spawnSync("cargo", ["run", "--release", "-q", "-p", "claude-provider-core", "--example", "decode_stream", "--", provider, contentType ?? ""],
    { cwd: root, input: bytes, maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `cargo run --example decode_stream failed: ${r.stderr}`);
  return JSON.parse(r.stdout.toString("utf8"));
}

/**
 * Runs in the page: every visible piece of text (and form control value and placeholder) whose
 * colour is below WCAG 2.2 AA contrast on what it is drawn on: 4.5:1, or 3:1 for large text
 * (>= 24px, or bold >= 18.66px). The background is the stack of ancestors' background colours
 * composited over white, as the page has no background images.
 */
function lowContrastInPage(mode = "text") {
  const parse = (css) => {
    const m = /rgba?\(([^)]+)\)/.exec(css);
    if (!m) throw new Error(`unexpected colour ${css}`);
    const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const over = (top, below) => {
    const mix = (k) => top[k] * top.a + below[k] * (1 - top.a);
    return { r: mix("r"), g: mix("g"), b: mix("b"), a: 1 };
  };
  const backgroundOf = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.a > 0) layers.push(c);
      if (c.a >= 1) break;
    }
    return layers.reverse().reduce((below, top) => over(top, below), { r: 255, g: 255, b: 255, a: 1 });
  };
  const luminance = ({ r, g, b }) => {
    const lin = (v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const failures = [];
  const check = (el, colour, what) => {
    const style = getComputedStyle(el);
    if (style.visibility !== "visible" || el.getClientRects().length === 0 || el.closest("[hidden]")) return;
    const bg = backgroundOf(el);
    const fg = over(parse(colour), bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (Number(style.fontWeight) >= 700 && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) {
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className ? `.${String(el.className).replace(/\s+/g, ".")}` : ""}`;
      failures.push(`${name} ${what}: ${ratio.toFixed(2)}:1`);
    }
  };
  if (mode === "focus") {
    // The keyboard focus outline (3px, 1px outside the element) against what it is drawn on,
    // for every control that can take focus: WCAG 2.2 1.4.11 asks 3:1.
    const focus = getComputedStyle(document.documentElement).getPropertyValue("--focus").trim();
    const probe = document.createElement("i");
    probe.style.color = focus;
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    for (const el of document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]")) {
      const style = getComputedStyle(el);
      if (style.visibility !== "visible" || el.getClientRects().length === 0 || el.closest("[hidden]") || !el.parentElement) continue;
      const bg = backgroundOf(el.parentElement);
      const [hi, lo] = [luminance(parse(colour)), luminance(bg)].sort((x, y) => y - x);
      const ratio = (hi + 0.05) / (lo + 0.05);
      if (ratio < 3) failures.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} focus outline: ${ratio.toFixed(2)}:1`);
    }
    return failures;
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || seen.has(el) || !n.textContent.trim() || ["SCRIPT", "STYLE", "OPTION"].includes(el.tagName)) continue;
    seen.add(el);
    check(el, getComputedStyle(el).color, JSON.stringify(n.textContent.trim().slice(0, 40)));
  }
  for (const el of document.querySelectorAll("textarea, input:not([type=checkbox]):not([type=radio]):not([type=file]), select")) {
    check(el, getComputedStyle(el).color, "value");
    if (el.placeholder) check(el, getComputedStyle(el, "::placeholder").color, "placeholder");
  }
  return failures;
}

let server, origin, context, page;
const requests = [];

async function shot(name) {
  await page.screenshot({ path: join(ARTIFACTS, `playground-${name}.png`), fullPage: true });
}

async function waitUpdated() {
  // the page updates 120 ms after the last keystroke; wait for it to settle
  await page.waitForTimeout(250);
  await page.waitForFunction(() => document.body.dataset.ready === "true");
}

/** Picks the request format by its visible label, as a person would. */
async function format(f) {
  await page.click(`label[for="fmt-${f}"]`);
  assert.ok(await page.isChecked(`#fmt-${f}`));
}

/** Picks a preset in the list and applies it with the button, as a person would. */
async function applyPreset(id) {
  await page.selectOption("#preset", id);
  await page.click("#preset-apply");
  await waitUpdated();
}

async function setEnv(text) {
  await page.fill("#env", text);
  await waitUpdated();
}

/** Opens a settings layer's box and writes `text` into it. */
async function setSettings(scope, text) {
  await page.evaluate((s) => {
    document.getElementById(`settings-${s}-box`).open = true;
  }, scope);
  await page.fill(`#settings-${scope}`, text);
  await waitUpdated();
}

describe("playground in headless Chromium", () => {
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ({ server } = await startServer({ port: 0, quiet: true }));
    origin = `http://127.0.0.1:${server.address().port}`;
    const profile = mkdtempSync(join(tmpdir(), "claude-provider-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 900 },
    });
    context.on("request", (r) => requests.push(r.url()));
    page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (e) => {
      throw e;
    });
    await page.goto(`${origin}/playground/`);
    await page.waitForFunction(() => document.body.dataset.ready === "true", null, { timeout: 30000 });
    after(() => rmSync(profile, { recursive: true, force: true }));
  });

  after(async () => {
    await context?.close();
    server?.close();
  });

  test("loads with the Bedrock preset and says nothing leaves the page", async () => {
    assert.equal(await page.getAttribute("#out-provider", "data-provider"), "bedrock");
    // the default request: no model in the body (the main model is sent), streaming, the betas
    assert.equal(JSON.parse(await page.inputValue("#body")).model, undefined);
    assert.ok(await page.isChecked("#stream"));
    assert.equal(await page.inputValue("#betas"), defaultBetas("bedrock"), "the betas Claude Code asked for on Bedrock");
    assert.match(await page.textContent("#request"), /^POST \/model\/[^ ]+\/invoke-with-response-stream HTTP\/1\.1\n/);
    assert.match(await page.textContent("#privacy"), /nothing you type is sent anywhere/);
    assert.ok((await page.textContent("#version")).length > 0);
    await shot("start");
  });

  test("typing a Bedrock env shows the provider, the problems and the core's exact signed request", async () => {
    await page.fill("#time", TIME);
    await page.fill("#body", BODY);
    await page.fill("#env", "");
    // typed key by key, as a person would: the page updates as you type
    const lines = Object.entries(BEDROCK_ENV).map(([k, v]) => `export ${k}=${v}`);
    await page.locator("#env").pressSequentially(lines.join("\n"), { delay: 0 });
    await waitUpdated();

    assert.equal(await page.getAttribute("#out-provider", "data-provider"), "bedrock");
    assert.equal(await page.textContent("#out-region"), "eu-west-1");
    assert.equal(await page.textContent("#out-endpoint"), "https://bedrock-runtime.eu-west-1.amazonaws.com");
    const codes = await page.$$eval("#problems li[data-code]", (lis) => lis.map((l) => l.dataset.code));
    assert.ok(codes.includes("BEDROCK_MODEL_PREFIX_REGION_MISMATCH"), `problems: ${codes}`);

    // the problem links to the line at fault
    const mismatch = page.locator('#problems li[data-code="BEDROCK_MODEL_PREFIX_REGION_MISMATCH"] button.goto');
    assert.equal(await mismatch.getAttribute("data-line"), "5");
    await mismatch.click();
    const selected = await page.evaluate(() => {
      const t = document.getElementById("env");
      return { focused: document.activeElement === t, text: t.value.slice(t.selectionStart, t.selectionEnd) };
    });
    assert.deepEqual(selected, { focused: true, text: lines[4] });
    await shot("bedrock-typed");

    // redacted by default
    const http = await page.textContent("#request");
    assert.match(http, /^POST \/model\/[^ ]+\/invoke-with-response-stream HTTP\/1\.1\nHost: bedrock-runtime\.eu-west-1\.amazonaws\.com\n/);
    assert.match(http, /Signature=<redacted>/);
    assert.ok(!http.includes(BEDROCK_ENV.AWS_SECRET_ACCESS_KEY));

    // revealed, as JSON: equal to what the Rust core builds for the same inputs and now
    await page.check("#reveal");
    await format("json");
    const shown = JSON.parse(await page.textContent("#request"));
    const expected = rustBuild({ processEnv: BEDROCK_ENV, request: { body: BODY, nowMs: NOW_MS, ...defaults("bedrock") } });
    assert.deepEqual(shown, expected.request);
    const auth = shown.headers.find((h) => h.name === "authorization").value;
    assert.match(auth, /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260115\/eu-west-1\/bedrock\/aws4_request, .*Signature=[0-9a-f]{64}$/);
    assert.equal(auth, expected.request.headers.find((h) => h.name === "authorization").value);
    await shot("bedrock-request-revealed");

    // curl renders the same signature
    await format("curl");
    const curl = await page.textContent("#request");
    assert.ok(curl.startsWith("curl -X POST 'https://bedrock-runtime.eu-west-1.amazonaws.com/model/"));
    assert.ok(curl.includes(auth));
    await page.uncheck("#reveal");
    await format("http");
  });

  test("test credentials sign a profile-based Bedrock request, and stay out of the share link", async () => {
    await setEnv("CLAUDE_CODE_USE_BEDROCK=1\nAWS_PROFILE=dev\nAWS_REGION=us-west-2");
    assert.match(await page.textContent("#request-error"), /CREDENTIALS_MISSING/);
    // the fix speaks of the page's Test credentials, not the API's `credentials.aws`
    const fix = await page.textContent("#request-error p");
    assert.ok(!fix.includes("credentials.aws"), fix);
    assert.match(fix, /under Test credentials on this page \(AWS access key ID and AWS secret access key\)/);
    assert.ok(!(await page.evaluate(() => document.getElementById("creds").open)));
    await page.click("#open-creds");
    assert.ok(await page.evaluate(() => document.getElementById("creds").open));
    assert.equal(await page.evaluate(() => document.activeElement.id), "cred-aws-id");
    await page.fill("#cred-aws-id", "AKIDPLAYGROUND");
    await page.fill("#cred-aws-secret", "CANARY-playground-secret-key");
    await waitUpdated();
    assert.ok(await page.isHidden("#request-error"));
    await page.check("#reveal");
    await format("json");
    const shown = JSON.parse(await page.textContent("#request"));
    const expected = rustBuild({
      processEnv: { CLAUDE_CODE_USE_BEDROCK: "1", AWS_PROFILE: "dev", AWS_REGION: "us-west-2" },
      request: { body: BODY, nowMs: NOW_MS, ...defaults("bedrock"), credentials: { aws: { accessKeyId: "AKIDPLAYGROUND", secretAccessKey: "CANARY-playground-secret-key" } } },
    });
    assert.deepEqual(shown, expected.request);
    await page.uncheck("#reveal");
    await format("http");

    await page.click("#share");
    await page.waitForFunction(() => location.hash.startsWith("#s="));
    const hash = await page.evaluate(() => location.hash);
    const doc = JSON.parse(Buffer.from(hash.slice(3), "base64url").toString("utf8"));
    assert.ok(!JSON.stringify(doc).includes("CANARY"), "no test credential in the link");
    assert.equal(doc.env, "CLAUDE_CODE_USE_BEDROCK=1\nAWS_PROFILE=dev\nAWS_REGION=us-west-2");
    await page.fill("#cred-aws-id", "");
    await page.fill("#cred-aws-secret", "");
  });

  test("the share link never carries a secret and restores the inputs", async () => {
    // The last line is a key pasted as a model: shown nowhere but the input, not in the link.
    await setEnv("ANTHROPIC_BASE_URL=https://gw.example.com\nANTHROPIC_AUTH_TOKEN=sk-CANARY-gateway-token\nHTTPS_PROXY=http://me:CANARY@proxy.corp.example:3128\nANTHROPIC_DEFAULT_HAIKU_MODEL=sk-ant-api03-CANARY-pasted-0123456789");
    await page.click("#settings-user-box summary");
    await page.fill("#settings-user", JSON.stringify({ env: { ANTHROPIC_API_KEY: "sk-ant-CANARY", ANTHROPIC_MODEL: "opus" } }, null, 2));
    await waitUpdated();
    assert.ok(await page.locator('#problems li[data-code="CREDENTIAL_IN_PLAIN_VARIABLE"]').count() === 1);
    const shown = await page.$$eval("#summary, #models, #problems, #vars", (els) => els.map((e) => e.textContent).join("\n"));
    assert.ok(!shown.includes("CANARY"), shown);
    await page.click("#share");
    await page.waitForFunction(() => location.hash.startsWith("#s="));
    const link = page.url();
    assert.ok(!Buffer.from(link.split("#s=")[1], "base64url").toString("utf8").includes("CANARY"));
    const other = await context.newPage();
    await other.goto(link);
    await other.waitForFunction(() => document.body.dataset.ready === "true");
    const env = await other.inputValue("#env");
    assert.match(env, /ANTHROPIC_AUTH_TOKEN=<redacted>|ANTHROPIC_AUTH_TOKEN="<redacted>"/);
    assert.match(env, /HTTPS_PROXY=http:\/\/\*\*\*@proxy\.corp\.example:3128/);
    assert.equal(await other.getAttribute("#out-provider", "data-provider"), "anthropic");
    assert.match(await other.inputValue("#settings-user"), /"ANTHROPIC_MODEL": "opus"/);
    await other.close();
  });

  test("the request sends the main model unless the body names one, streams, and says which headers it leaves out", async () => {
    await page.fill("#body", "");
    await setSettings("user", "");
    await setEnv("ANTHROPIC_API_KEY=sk-ant-api03-EXAMPLE0000000000000000000000\nANTHROPIC_MODEL=opus");
    const main = await page.textContent("#models tbody tr:first-child td:nth-child(3)");
    assert.match(main, /^claude-opus-/);
    await format("json");
    const shown = JSON.parse(await page.textContent("#request"));
    assert.equal(JSON.parse(shown.body).model, main, "the request goes to the main model the page shows");
    // the prefilled betas followed the provider from Bedrock to the Anthropic API
    assert.equal(await page.inputValue("#betas"), defaultBetas("anthropic"));
    assert.equal(shown.headers.find((h) => h.name === "anthropic-beta").value, defaults("anthropic").betas.join(","));
    await format("http");
    // an application inference profile as the main model: its own URL, the streaming call
    const arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123";
    await setEnv(`CLAUDE_CODE_USE_BEDROCK=1\nAWS_REGION=us-east-1\nAWS_ACCESS_KEY_ID=AKIDEXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\nANTHROPIC_MODEL=${arn}`);
    assert.ok((await page.textContent("#request")).startsWith(`POST /model/${arn.replace("/abc123", "%2Fabc123")}/invoke-with-response-stream HTTP/1.1\n`));
    // a body that names a model is sent as it is
    await page.fill("#body", BODY);
    await waitUpdated();
    assert.match(await page.textContent("#request"), /^POST \/model\/[^ ]*sonnet[^ ]*\/invoke-with-response-stream /);
    await page.uncheck("#stream");
    await waitUpdated();
    assert.match(await page.textContent("#request"), /^POST \/model\/[^ ]*\/invoke HTTP/);
    await page.check("#stream");
    await waitUpdated();
    const hint = await page.textContent("#request-hint");
    for (const h of ["User-Agent", "x-app", "X-Stainless-*"]) assert.ok(hint.includes(h), h);
    assert.match(await page.textContent("#body-hint"), /main model/);
  });

  test("the share link: variables Claude Code does not read, header lists and helper flags carry no value; the page it opens says what was replaced and finds the same problems", async () => {
    const env = [
      "CLAUDE_CODE_USE_BEDROCK=1",
      "AWS_REGION=us-east-1",
      "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
      "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer OTELSECRET",
      "DATABASE_URL=postgres://u:DBPASS@db/x",
      "SENTRY_DSN=https://SENTRYKEY@o1.ingest.sentry.io/1",
      "GH_PAT=ghp_abcdefghijklmnopqrstuvwxyz0123456789",
      "ANTHROPIC_CUSTOM_HEADERS=X-Api-Team: payments",
      "ANTHROPIC_DEFAULT_HAIKU_MODEL=sk-ant-api03-PASTEDKEY000000000000000000000",
    ].join("\n");
    await page.fill("#env", env);
    await setSettings("user", JSON.stringify({ otelHeadersHelper: "/bin/get --secret=OTELHELPERSECRET" }));
    const codes = async (p) => (await p.$$eval("#problems li[data-code]", (lis) => lis.map((l) => l.dataset.code))).sort();
    const sent = await codes(page);
    assert.ok(sent.includes("CREDENTIAL_IN_PLAIN_VARIABLE"), sent);
    await page.click("#share");
    await page.waitForFunction(() => location.hash.startsWith("#s="));
    const link = page.url();
    const raw = Buffer.from(link.split("#s=")[1], "base64url").toString("utf8");
    for (const secret of ["OTELSECRET", "DBPASS", "SENTRYKEY", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "OTELHELPERSECRET", "PASTEDKEY", "wJalrXUtnFEMI", "payments"]) {
      assert.ok(!raw.includes(secret), `${secret} in the link`);
    }
    const other = await context.newPage();
    other.on("pageerror", (e) => {
      throw e;
    });
    await other.goto(link);
    await other.waitForFunction(() => document.body.dataset.ready === "true");
    const sharedEnv = await other.inputValue("#env");
    for (const name of ['OTEL_EXPORTER_OTLP_HEADERS="<redacted>"', 'DATABASE_URL="<redacted>"', 'GH_PAT="<redacted>"', 'ANTHROPIC_CUSTOM_HEADERS="X-Api-Team: <redacted>"']) {
      assert.ok(sharedEnv.includes(name), `${name} in ${sharedEnv}`);
    }
    // the same diagnosis: no new MODEL_UNRECOGNIZED or CUSTOM_HEADER_DROPPED, the pasted key still found
    assert.deepEqual(await codes(other), sent);
    const note = await other.textContent("#share-note");
    for (const name of ["OTEL_EXPORTER_OTLP_HEADERS", "DATABASE_URL", "SENTRY_DSN", "GH_PAT", "ANTHROPIC_CUSTOM_HEADERS", "ANTHROPIC_DEFAULT_HAIKU_MODEL", "AWS_SECRET_ACCESS_KEY", "otelHeadersHelper"]) {
      assert.ok(note.includes(name), `${name} in ${note}`);
    }
    assert.match(note, /\(Environment\).*otelHeadersHelper \(user settings\)/);
    // (a pasted credential stops the request, as it stopped the sender's)
    assert.match(await other.textContent("#request-error"), /CREDENTIAL_IN_PLAIN_VARIABLE/);

    // Without the pasted key: the request is signed with the placeholders, and says so.
    await setEnv(env.replace(/\nANTHROPIC_DEFAULT_HAIKU_MODEL=.*/, ""));
    await page.click("#share");
    await page.waitForFunction((l) => location.href !== l, link);
    const link2 = page.url();
    await other.goto(link2);
    await other.waitForFunction(() => document.body.dataset.ready === "true");
    assert.ok(await other.isHidden("#request-error"));
    assert.match(await other.textContent("#request-note"), /^Made with placeholder credentials: .*AWS_SECRET_ACCESS_KEY/);
    const tmp = page;
    page = other;
    await shot("share-opened");
    // "Skip to results" moves the focus and leaves the share link in the URL
    await other.focus("a.skip");
    await other.keyboard.press("Enter");
    assert.equal(await other.evaluate(() => document.activeElement.id), "outputs");
    assert.equal(other.url(), link2);
    const sharedEnv2 = await other.inputValue("#env");
    await other.reload();
    await other.waitForFunction(() => document.body.dataset.ready === "true");
    assert.equal(await other.inputValue("#env"), sharedEnv2, "a reload keeps the shared inputs");
    // once the replaced values are the person's own, the notes go
    await setEnv("CLAUDE_CODE_USE_BEDROCK=1\nAWS_REGION=us-east-1\nAWS_ACCESS_KEY_ID=AKIDEXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    assert.ok(await other.isHidden("#request-note"));
    assert.ok(!(await other.textContent("#share-note")).includes("DATABASE_URL"));
    assert.match(await other.textContent("#share-note"), /otelHeadersHelper \(user settings\)/);
    page = tmp;
    await other.close();
    await setSettings("user", "");
  });

  test("a settings layer that starts with a byte order mark is read, as Claude Code reads it, and shared", async () => {
    await setEnv("CLAUDE_CODE_USE_BEDROCK=1\nAWS_ACCESS_KEY_ID=AKIDEXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    await setSettings("user", '\ufeff{"env":{"AWS_REGION":"eu-west-1"}}');
    assert.equal(await page.locator('#problems li[data-code="SETTINGS_INVALID"]').count(), 0);
    assert.equal(await page.textContent("#out-region"), "eu-west-1");
    await page.click("#share");
    await page.waitForFunction(() => location.hash.startsWith("#s="));
    const doc = JSON.parse(Buffer.from(page.url().split("#s=")[1], "base64url").toString("utf8"));
    assert.deepEqual(JSON.parse(doc.settings.user), { env: { AWS_REGION: "eu-west-1" } });
    await setSettings("user", "");
  });

  test("Skip to results moves the focus and keeps a share link in the URL", async () => {
    await page.click("#share");
    await page.waitForFunction(() => location.hash.startsWith("#s="));
    const link = page.url();
    await page.focus("a.skip");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement.id), "outputs");
    assert.equal(page.url(), link);
  });

  test("presets: each provider, and the common mistakes with their problems", async () => {
    const cases = [
      ["vertex", "vertex", []],
      ["foundry", "foundry", []],
      ["anthropic-aws", "anthropic-aws", []],
      ["mistake-base-url-v1", "anthropic", ["BASE_URL_ENDS_WITH_V1"]],
      ["mistake-settings-shadow", "bedrock", ["SETTINGS_SHADOWS_SHELL"]],
      ["mistake-foundry", "foundry", ["FOUNDRY_BASE_URL_NO_ANTHROPIC"]],
      ["mistake-vertex", "vertex", ["VERTEX_PROJECT_MISSING"]],
    ];
    for (const [id, provider, codes] of cases) {
      await applyPreset(id);
      assert.equal(await page.getAttribute("#out-provider", "data-provider"), provider, id);
      const shownCodes = await page.$$eval("#problems li[data-code]", (lis) => lis.map((l) => l.dataset.code));
      for (const c of codes) assert.ok(shownCodes.includes(c), `${id}: ${c} in ${shownCodes}`);
      if (id === "vertex" || id === "mistake-base-url-v1" || id === "mistake-settings-shadow") await shot(`preset-${id}`);
    }
    // a settings-file problem links into that layer's editor
    await applyPreset("mistake-settings-shadow");
    const go = page.locator('#problems li[data-code="SETTINGS_SHADOWS_SHELL"] button.goto');
    assert.equal(await go.getAttribute("data-field"), "settings-user");
    await go.click();
    assert.equal(await page.evaluate(() => document.activeElement.id), "settings-user");
  });

  test("a settings layer that is not JSON is listed as SETTINGS_INVALID, counted, and linked to its line", async () => {
    await applyPreset("bedrock");
    await page.click("#settings-project-box summary");
    await page.fill("#settings-project", '{\n  "env": {\n    "AWS_REGION": "us-east-1",\n  }\n}');
    await waitUpdated();
    const item = page.locator('#problems li[data-code="SETTINGS_INVALID"]');
    assert.equal(await item.count(), 1);
    assert.equal(await item.getAttribute("class"), "error");
    assert.match(await item.textContent(), /\.claude\/settings\.json:3:\d+: invalid JSON \(a trailing comma\)/);
    assert.match(await item.locator(".fix").textContent(), /Remove the comma/);
    assert.ok(!(await page.textContent("#problems")).includes("No problems found"));
    assert.match(await page.textContent("#problem-count"), /^\(1 error, /);
    assert.match(await page.textContent("#status"), /[1-9]\d* problems?\.$/);
    assert.doesNotMatch(await page.textContent("#status"), / 0 problems/);
    const go = item.locator("button.goto");
    assert.equal(await go.getAttribute("data-field"), "settings-project");
    assert.equal(await go.getAttribute("data-line"), "3");
    await page.click("#settings-project-box summary"); // closed: the link opens it
    await go.click();
    const selected = await page.evaluate(() => {
      const t = document.activeElement;
      return { id: t.id, text: t.value.slice(t.selectionStart, t.selectionEnd) };
    });
    assert.deepEqual(selected, { id: "settings-project", text: '    "AWS_REGION": "us-east-1",' });
    await shot("settings-invalid");
    await page.fill("#settings-project", "");
    await waitUpdated();
    assert.equal(await page.locator('#problems li[data-code="SETTINGS_INVALID"]').count(), 0);
  });

  test("decodes a pasted Bedrock event-stream capture and an uploaded one", async () => {
    await applyPreset("bedrock");
    const hello = readFileSync(join(root, "tests/fixtures/eventstream/stream-hello.bin"));
    await page.check("#stream-b64");
    await page.fill("#stream-text", hello.toString("base64"));
    await page.waitForFunction(() => document.querySelectorAll("#stream-events tbody tr").length > 0);
    const want = rustDecode("bedrock", "", hello);
    assert.equal(want.error, null);
    const rows = await page.$$eval("#stream-events tbody tr", (trs) => trs.map((t) => t.dataset.type));
    assert.deepEqual(rows, want.events.map((e) => e.type));
    const text = want.events.filter((e) => e.delta_type === "text_delta").map((e) => JSON.parse(e.data).delta.text).join("");
    assert.ok(text.length > 0);
    assert.ok((await page.textContent("#stream-summary")).includes(`Text: ${text}`));
    assert.ok(await page.isHidden("#stream-error"));
    await page.locator("#stream-h").scrollIntoViewIfNeeded();
    await shot("stream-pasted");

    // an uploaded capture that throttles midway: the provider's error is an event
    const file = join(root, "tests/fixtures/eventstream/stream-throttled-midway.bin");
    await page.setInputFiles("#stream-file", file);
    const want2 = rustDecode("bedrock", "", readFileSync(file));
    await page.waitForFunction((n) => document.querySelectorAll("#stream-events tbody tr").length === n, want2.events.length);
    const rows2 = await page.$$eval("#stream-events tbody tr", (trs) => trs.map((t) => t.dataset.type));
    assert.deepEqual(rows2, want2.events.map((e) => e.type));
    assert.ok(rows2.includes("error"));

    // SSE pasted as Bedrock's answer: the content-type guard, as Claude Code
    await page.setInputFiles("#stream-file", []);
    await page.uncheck("#stream-b64");
    await page.fill("#stream-ct", "text/event-stream");
    await page.fill("#stream-text", 'event: message_start\ndata: {"type":"message_start","message":{}}\n\n');
    await page.waitForFunction(() => !document.getElementById("stream-error").hidden);
    assert.match(await page.textContent("#stream-error"), /STREAM_CONTENT_TYPE/);
    await page.fill("#stream-ct", "");
    await page.fill("#stream-text", "");
  });

  test("a capture in the other format is decoded as what it is, and the page says so", async () => {
    await applyPreset("bedrock");
    await page.setInputFiles("#stream-file", []);
    await page.uncheck("#stream-b64");
    await page.fill("#stream-ct", "");
    // SSE text with Bedrock resolved: read as SSE, not as event-stream bytes (no CRC error)
    const sse = readFileSync(join(root, "tests/fixtures/eventstream/sse/litellm-anthropic-stream.sse"), "utf8");
    await page.fill("#stream-text", sse);
    await page.waitForFunction(() => document.querySelectorAll("#stream-events tbody tr").length > 0);
    const want = rustDecode("anthropic", "text/event-stream", Buffer.from(sse));
    const rows = await page.$$eval("#stream-events tbody tr", (trs) => trs.map((t) => t.dataset.type));
    assert.deepEqual(rows, want.events.map((e) => e.type));
    assert.ok(await page.isHidden("#stream-error"), await page.textContent("#stream-error"));
    assert.equal(await page.textContent("#stream-note"), "This looks like SSE, but Amazon Bedrock sends AWS event-stream; decoded as SSE.");
    assert.match(await page.textContent("#stream-summary"), / from SSE /);
    await page.locator("#stream-h").scrollIntoViewIfNeeded();
    await shot("stream-other-format");
    // event-stream bytes with an SSE provider: decoded, not "0 events"
    await page.fill("#stream-text", "");
    await page.selectOption("#stream-provider", "vertex");
    const hello = join(root, "tests/fixtures/eventstream/stream-hello.bin");
    await page.setInputFiles("#stream-file", hello);
    const want2 = rustDecode("bedrock", "", readFileSync(hello));
    await page.waitForFunction((n) => document.querySelectorAll("#stream-events tbody tr").length === n, want2.events.length);
    assert.ok(want2.events.length > 0);
    assert.equal(await page.textContent("#stream-note"), "This looks like AWS event-stream, but Google Vertex AI sends SSE; decoded as AWS event-stream.");
    assert.ok(await page.isHidden("#stream-error"));
    // a capture in the provider's own format: no note
    await page.selectOption("#stream-provider", "");
    await page.waitForFunction(() => document.getElementById("stream-note").hidden);
    await page.setInputFiles("#stream-file", []);
    await page.selectOption("#stream-provider", "");
  });

  test("input that is not a stream is named as such; a curl -i capture is read past its headers; a file replaces the text", async () => {
    await applyPreset("bedrock");
    await page.setInputFiles("#stream-file", []);
    await page.uncheck("#stream-b64");
    await page.fill("#stream-ct", "");
    await page.selectOption("#stream-provider", "");
    // plain text: neither format, not a network fault
    await page.fill("#stream-text", "hello this is not a stream");
    await page.waitForFunction(() => !document.getElementById("stream-error").hidden);
    let err = await page.textContent("#stream-error");
    assert.match(err, /^Not decoded: this is neither SSE text .* nor an AWS event-stream/);
    assert.doesNotMatch(err, /STREAM_|proxy|transit/);
    assert.match(await page.textContent("#stream-summary"), /^Not decoded \(26 bytes, Amazon Bedrock\)\.$/);
    assert.equal(await page.locator("#stream-events tbody tr").count(), 0);
    // base64 pasted without the box ticked
    const hello = join(root, "tests/fixtures/eventstream/stream-hello.bin");
    await page.fill("#stream-text", readFileSync(hello).toString("base64"));
    await page.waitForFunction(() => /base64/.test(document.getElementById("stream-error").textContent));
    assert.match(await page.textContent("#stream-error"), /tick “The pasted text is base64”/);
    // a curl -i capture (status line and headers, then SSE) with Bedrock resolved
    const sse = readFileSync(join(root, "tests/fixtures/eventstream/sse/litellm-anthropic-stream.sse"), "utf8");
    await page.fill("#stream-text", `HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\n\r\n${sse}`);
    const want = rustDecode("anthropic", "text/event-stream", Buffer.from(sse));
    await page.waitForFunction((n) => document.querySelectorAll("#stream-events tbody tr").length === n, want.events.length);
    assert.deepEqual(await page.$$eval("#stream-events tbody tr", (trs) => trs.map((t) => t.dataset.type)), want.events.map((e) => e.type));
    assert.ok(await page.isHidden("#stream-error"), await page.textContent("#stream-error"));
    const note = await page.textContent("#stream-note");
    assert.match(note, /^Read as an HTTP response \(as curl -i prints it\): its status line \(200\) and 2 headers \(Content-Type: text\/event-stream\) are left out/);
    assert.match(note, /This looks like SSE, but Amazon Bedrock sends AWS event-stream; decoded as SSE\.$/);
    // a captured error answer: what it means, in the core's words
    await page.fill("#stream-text", 'HTTP/2 529\ncontent-type: application/json\n\n{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}');
    await page.waitForFunction(() => /PROVIDER_ERROR/.test(document.getElementById("stream-error").textContent));
    assert.match(await page.textContent("#stream-error"), /529 overloaded_error: Overloaded/);
    // an event-stream read as SSE because of the Content-Type typed: not "an empty body"
    await page.selectOption("#stream-provider", "vertex");
    await page.fill("#stream-ct", "text/event-stream");
    await page.fill("#stream-text", "data: {}\n\n");
    await page.setInputFiles("#stream-file", hello);
    await page.waitForFunction(() => /file stream-hello\.bin/.test(document.getElementById("stream-summary").textContent));
    err = await page.textContent("#stream-error");
    assert.doesNotMatch(err, /empty body|proxy/);
    assert.match(err, /^STREAM_TRUNCATED Read as SSE, this AWS event-stream capture has no event/);
    assert.match(err, /Empty the Content-Type to decode it as AWS event-stream/);
    // the file is what is decoded: the text box no longer shows other text
    assert.equal(await page.inputValue("#stream-text"), "");
    assert.match(await page.textContent("#stream-summary"), /^0 events from SSE \(file stream-hello\.bin, \d+ bytes, Google Vertex AI\)$/);
    await page.locator("#stream-h").scrollIntoViewIfNeeded();
    await shot("stream-not-a-stream");
    await page.fill("#stream-ct", "");
    await page.waitForFunction(() => document.getElementById("stream-error").hidden);
    assert.ok((await page.locator("#stream-events tbody tr").count()) > 0);
    await page.setInputFiles("#stream-file", []);
    await page.selectOption("#stream-provider", "");
    await page.fill("#stream-text", "");
  });

  test("message boxes are touched only when their message changes (no screen-reader repeats)", async () => {
    await applyPreset("bedrock");
    await setEnv("CLAUDE_CODE_USE_VERTEX=1\nCLOUD_ML_REGION=global\nANTHROPIC_VERTEX_PROJECT_ID=p");
    assert.match(await page.textContent("#request-error"), /CREDENTIALS_MISSING/);
    assert.equal(await page.getAttribute("#request-error", "role"), null, "not an alert: it changes as you type");
    assert.equal(await page.getAttribute("#request-error", "aria-live"), "polite");
    await page.selectOption("#stream-provider", "bedrock");
    await page.fill("#stream-ct", "text/event-stream");
    await page.fill("#stream-text", "data: {}\n\n");
    await page.waitForFunction(() => !document.getElementById("stream-error").hidden);
    assert.match(await page.textContent("#stream-error"), /STREAM_CONTENT_TYPE/);
    await page.evaluate(() => {
      window.boxMutations = 0;
      const mo = new MutationObserver((ms) => (window.boxMutations += ms.length));
      for (const id of ["request-error", "stream-error", "stream-summary", "stream-note"]) {
        mo.observe(document.getElementById(id), { childList: true, subtree: true, characterData: true, attributes: true });
      }
    });
    // 21 characters typed as a comment line: every update leaves both messages as they were
    await page.locator("#env").press("End");
    await page.locator("#env").pressSequentially("\n# still the same env", { delay: 20 });
    await waitUpdated();
    assert.equal(await page.evaluate(() => window.boxMutations), 0);
    // a change of message does touch it
    assert.match(await page.textContent("#request-error"), /paste it under Test credentials on this page \(Google access token\)/);
    await page.click("#open-creds");
    assert.equal(await page.evaluate(() => document.activeElement.id), "cred-google");
    await page.fill("#cred-google", "ya29.EXAMPLE-token");
    await waitUpdated();
    assert.ok(await page.isHidden("#request-error"));
    assert.ok(await page.evaluate(() => window.boxMutations) > 0);
    await page.fill("#cred-google", "");
    await page.selectOption("#stream-provider", "");
    await page.fill("#stream-ct", "");
    await page.fill("#stream-text", "");
  });

  test("the env block reads bash's continuations, `;` and $'…' as bash does, and names every line it cannot read", async () => {
    await applyPreset("bedrock");
    // a backslash continuation: the base URL no longer ends in " \" (BASE_URL_INVALID before)
    await setEnv("export ANTHROPIC_BASE_URL=https://gw.example.com \\\n  ANTHROPIC_AUTH_TOKEN=tok\nexport ANTHROPIC_CUSTOM_HEADERS=$'X-A: 1\\nX-B: 2'");
    assert.equal(await page.getAttribute("#out-provider", "data-provider"), "anthropic");
    assert.equal(await page.textContent("#out-endpoint"), "https://gw.example.com");
    const codes = await page.$$eval("#problems li[data-code]", (lis) => lis.map((l) => l.dataset.code));
    assert.ok(!codes.includes("BASE_URL_INVALID"), codes.join());
    // $'…' decoded: two headers on the request (their values redacted, as custom headers are)
    const http = await page.textContent("#request");
    assert.match(http, /^X-A: \S+\nX-B: \S+$/m);
    assert.ok(await page.isHidden("#env-notes"), "nothing to note");
    // `;` between exports
    await setEnv("export CLAUDE_CODE_USE_BEDROCK=1;export AWS_REGION=eu-west-3");
    assert.equal(await page.getAttribute("#out-provider", "data-provider"), "bedrock");
    assert.equal(await page.textContent("#out-region"), "eu-west-3");
    // what it cannot read is listed under the input, by line
    await setEnv("CLAUDE_CODE_USE_BEDROCK=1\nexport AWS_REGION=eu-west-3; echo done\nAWS_PROFILE=dev | tee x");
    assert.ok(await page.isVisible("#env-notes"));
    assert.deepEqual(await page.$$eval("#env-notes li", (lis) => lis.map((l) => l.textContent)), [
      'line 2: the command after ";" is not understood (not NAME=value); ignored',
      'line 3: "|" is not understood; the rest of the line is ignored',
    ]);
    assert.equal(await page.getAttribute("#env", "aria-describedby"), "env-notes");
    await page.locator("#env").scrollIntoViewIfNeeded();
    await shot("env-notes");
  });

  test("the live regions are rewritten only when their text changes", async () => {
    await applyPreset("bedrock");
    await setEnv("CLAUDE_CODE_USE_BEDROCK=1\nAWS_REGION=us-east-1\nnot an assignment");
    assert.equal(await page.textContent("#status"), "Updated: Amazon Bedrock, 0 problems.");
    assert.match(await page.textContent("#env-notes"), /^line 3\b/);
    await page.evaluate(() => {
      window.liveMutations = 0;
      const mo = new MutationObserver((ms) => (window.liveMutations += ms.length));
      for (const id of ["status", "env-notes"]) {
        mo.observe(document.getElementById(id), { childList: true, subtree: true, characterData: true, attributes: true });
      }
    });
    // 13 characters typed as a comment: an update each, the same status and notes
    await page.locator("#env").press("End");
    await page.locator("#env").pressSequentially("\n# a comment.", { delay: 150 });
    await waitUpdated();
    assert.equal(await page.evaluate(() => window.liveMutations), 0);
    // a change of text is announced
    await page.locator("#env").pressSequentially("\nCLAUDE_CODE_USE_VERTEX=1", { delay: 0 });
    await waitUpdated();
    assert.match(await page.textContent("#status"), /^Updated: Amazon Bedrock, [1-9]\d* problems?\.$/);
    assert.ok(await page.evaluate(() => window.liveMutations) > 0);
  });

  test("scrolling tables are named regions reachable from the keyboard; on a narrow screen their columns stack", async () => {
    await applyPreset("bedrock");
    const boxes = await page.$$eval(".scroll", (els) => els.map((e) => ({
      table: e.querySelector("table")?.id,
      tabindex: e.getAttribute("tabindex"),
      role: e.getAttribute("role"),
      name: e.getAttribute("aria-label") ?? document.getElementById(e.getAttribute("aria-labelledby") ?? "")?.textContent ?? "",
    })));
    assert.deepEqual(boxes.map((b) => b.table), ["models", "stream-events", "vars", "compare-table", "support-table"]);
    for (const b of boxes) {
      assert.equal(b.tabindex, "0", b.table);
      assert.equal(b.role, "region", b.table);
      assert.ok(b.name.trim().length > 0, `${b.table} has no accessible name`);
    }
    // Tab from the Models heading (made focusable for the test) lands on the table's box
    await page.evaluate(() => document.getElementById("models-h").setAttribute("tabindex", "-1"));
    await page.focus("#models-h");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.querySelector("table")?.id), "models");
    await page.evaluate(() => document.getElementById("models-h").removeAttribute("tabindex"));
    // 360 px: every column of the Models table on screen, each cell named by its column
    await page.setViewportSize({ width: 360, height: 740 });
    const cells = await page.$$eval("#models tbody tr:first-child td", (tds) => tds.map((td) => ({
      label: td.dataset.label,
      before: getComputedStyle(td, "::before").content,
      right: td.getBoundingClientRect().right,
      role: td.getAttribute("role"),
    })));
    assert.deepEqual(cells.map((c) => c.label), ["Asked for", "ID sent", "From"]);
    for (const c of cells) {
      assert.ok(c.right <= 360, `${c.label} ends at ${c.right}px`);
      assert.equal(c.before, `"${c.label}: "`);
      assert.equal(c.role, "cell");
    }
    assert.equal(await page.getAttribute("#models", "role"), "table");
    const scrolls = await page.$$eval(".scroll", (els) => els.map((e) => e.scrollWidth - e.clientWidth));
    assert.deepEqual(scrolls.filter((d) => d > 0), [], "no table scrolls sideways at 360px");
    await page.locator("#models").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, "playground-narrow-models.png") });
    await page.setViewportSize({ width: 1280, height: 900 });
    // wide: a table again
    assert.equal(await page.$eval("#models td", (td) => getComputedStyle(td).display), "table-cell");
  });

  test("the devcontainer snippet of a gateway on localhost says to use host.docker.internal", async () => {
    await applyPreset("gateway");
    assert.match(await page.textContent("#snippet-devcontainer"), /"ANTHROPIC_BASE_URL": "http:\/\/localhost:4000"/);
    // the core's note (configSnippets), shown as one of the snippet notes
    const note = await page.textContent("#snippet-notes");
    assert.match(note, /ANTHROPIC_BASE_URL=http:\/\/localhost:4000 is a loopback address: inside the container that is the container itself/);
    assert.match(note, /set ANTHROPIC_BASE_URL to http:\/\/host\.docker\.internal:4000 in containerEnv/);
    assert.match(note, /--add-host=host\.docker\.internal:host-gateway/);
    await applyPreset("bedrock");
    assert.doesNotMatch(await page.textContent("#snippet-notes"), /loopback/);
    // only the core's notes, each an item
    const notes = await page.$eval("#snippet-notes", (ul) => ({ items: ul.children.length, nodes: ul.childNodes.length, text: ul.textContent }));
    assert.equal(notes.nodes, notes.items, `stray text in the notes: ${notes.text}`);
  });

  test("the Vertex endpoint names the variable its location came from", async () => {
    await applyPreset("vertex");
    const endpoint = await page.$eval("#out-endpoint", (e) => e.parentElement.textContent);
    assert.match(endpoint, /https:\/\/us-east5-aiplatform\.googleapis\.com\/v1 CLOUD_ML_REGION \(shell env\)$/);
  });

  test("an AWS profile the page cannot see is noted; the summary, counts and overrides read as words", async () => {
    await applyPreset("bedrock");
    await setEnv("CLAUDE_CODE_USE_BEDROCK=1\nAWS_REGION=us-east-1\nAWS_PROFILE=prod\nANTHROPIC_MODEL=sonnet\nCLAUDE_CODE_API_KEY_HELPER_TTL_MS=300000");
    assert.ok(await page.isVisible("#page-note"));
    const note = await page.textContent("#page-note");
    assert.match(note, /cannot read your ~\/\.aws\/config, so what the profile “prod” \(AWS_PROFILE\) holds/);
    assert.equal(await page.locator('#problems li[data-code]').filter({ hasText: "cannot read your ~/.aws" }).count(), 0, "a page note, not a core problem");
    await page.click("#open-aws-files");
    assert.equal(await page.evaluate(() => document.activeElement.id), "aws-config");
    await page.fill("#aws-config", "[profile prod]\nregion = us-east-1");
    await waitUpdated();
    assert.ok(await page.isHidden("#page-note"), "the pasted file is checked: no note");
    await page.fill("#aws-config", "");

    // a credential command's timing in words; an override without doubled brackets
    await page.click("#settings-user-box summary");
    await page.fill("#settings-user", JSON.stringify({ apiKeyHelper: "echo hi", awsAuthRefresh: "aws sso login --profile prod", env: { ANTHROPIC_MODEL: "opus" } }));
    await waitUpdated();
    const summary = await page.textContent("#summary");
    assert.match(summary, /runs at start-up and again each time its TTL \(5 minutes\) expires/);
    assert.match(summary, /runs when credentials expire or are rejected/);
    assert.doesNotMatch(summary, /runs (ttl|start|expired)\b/);
    const overrides = await page.$$eval("#vars tbody tr", (trs) => trs.map((t) => t.textContent));
    const model = overrides.find((t) => t.startsWith("ANTHROPIC_MODEL"));
    assert.match(model, /sonnet \(shell env\)/);
    assert.doesNotMatch(model, /\(\(/);
    // counts read "1 error" rather than "1 errors"; the code is text, not a button-like box
    const count = await page.textContent("#problem-count");
    const counted = [...count.matchAll(/(\d+) (?:error|warning|note)(s?)\b/g)];
    assert.equal(counted.length, 3, count);
    for (const [text, n, s] of counted) assert.equal(s === "", n === "1", text);
    const border = await page.$eval("#problems li[data-code] code", (c) => getComputedStyle(c).borderTopStyle);
    assert.equal(border, "none");
    await page.fill("#settings-user", "");
    await waitUpdated();
  });

  test("text contrast meets WCAG AA in the states the page shows", async () => {
    const states = [];
    const record = async (name) => {
      for (const mode of ["text", "focus"]) states.push(...(await page.evaluate(lowContrastInPage, mode)).map((f) => `${name}: ${f}`));
    };
    // problems of every severity, and a request that cannot be built
    for (const id of ["bedrock", "mistake-two-providers", "mistake-vertex", "mistake-proxy-ca"]) {
      await applyPreset(id);
      await record(`preset ${id}`);
    }
    const severities = await page.$$eval("#problems li[data-code]", (lis) => lis.map((l) => l.className));
    assert.ok(severities.length > 0, "the last preset shows problems");
    // every output format, each label checked in turn; the optional panels opened
    await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
    for (const f of ["http", "curl", "json"]) {
      await format(f);
      await record(`format ${f}`);
    }
    // decoded events with a provider error row, and the stream error box
    await applyPreset("bedrock");
    await page.setInputFiles("#stream-file", join(root, "tests/fixtures/eventstream/stream-throttled-midway.bin"));
    await page.waitForFunction(() => document.querySelector("#stream-events tr.ev-error") !== null);
    await record("stream with an error event");
    await page.setInputFiles("#stream-file", []);
    await page.fill("#stream-ct", "text/event-stream");
    await page.fill("#stream-text", "data: {}\n\n");
    await page.waitForFunction(() => !document.getElementById("stream-error").hidden);
    await record("stream error");
    await page.fill("#stream-ct", "");
    await page.fill("#stream-text", "");
    // the page's AWS profile note, and the stream's other-format note
    await setEnv("CLAUDE_CODE_USE_BEDROCK=1\nAWS_REGION=us-east-1\nAWS_PROFILE=prod");
    await page.fill("#stream-text", "data: {}\n\n");
    await page.waitForFunction(() => !document.getElementById("stream-note").hidden && !document.getElementById("page-note").hidden);
    await record("page note and stream note");
    await page.fill("#stream-text", "");
    // the skip link, shown when focused
    await page.focus("a.skip");
    await record("skip link focused");
    assert.deepEqual(states, []);
  });

  test("comparison view shows the chapter's facts", async () => {
    const table = await page.textContent("#compare-table");
    for (const fact of ["FedRAMP", "High", "CloudWatch", "Cloud Monitoring", "Azure Monitor", "Cost Explorer", "Cloud Billing", "Azure Billing", "Per region", "Azure AD", "AWS_BEARER_TOKEN_BEDROCK", "Personal Anthropic account"]) {
      assert.ok(table.includes(fact), fact);
    }
    const heads = (id) => page.$$eval(`#${id} thead th`, (ths) => ths.map((t) => t.textContent));
    assert.deepEqual(await heads("compare-table"), ["", "Anthropic (direct, personal)", "Amazon Bedrock", "Google Vertex AI", "Microsoft Foundry"]);
    assert.deepEqual(await heads("support-table"), ["Feature", "Anthropic API", "Amazon Bedrock", "Google Vertex AI", "Microsoft Foundry", "Amazon Bedrock Mantle", "Claude Platform on AWS", "Claude Platform on Google Cloud"]);
    const support = await page.textContent("#support-table");
    for (const fact of ["Cross-session messaging", "Channels", "Not captured", "Not stated"]) assert.ok(support.includes(fact), fact);
    await page.locator("#compare").scrollIntoViewIfNeeded();
    await page.locator("#compare").screenshot({ path: join(ARTIFACTS, "playground-compare.png") });
  });

  test("keyboard and narrow screens", async () => {
    // every form control has a label
    const unlabeled = await page.$$eval("textarea, input, select", (els) =>
      els.filter((e) => !(e.labels && e.labels.length) && !e.getAttribute("aria-label")).map((e) => e.id || e.name));
    assert.deepEqual(unlabeled, []);
    // the preset list is reachable from the keyboard, and moving through it changes nothing:
    // only Enter (or the Apply button) applies, and inputs it replaces can be restored
    await applyPreset("bedrock");
    const mine = "CLAUDE_CODE_USE_VERTEX=1\nANTHROPIC_VERTEX_PROJECT_ID=my-own-project\nCLOUD_ML_REGION=global";
    await setEnv(mine);
    await page.click("#settings-project-box summary");
    await page.fill("#settings-project", '{"env": {"ANTHROPIC_MODEL": "opus"}}');
    await waitUpdated();
    await page.focus("#preset");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await waitUpdated();
    assert.equal(await page.evaluate(() => document.activeElement.id), "preset");
    assert.equal(await page.inputValue("#env"), mine, "arrow keys in the list leave the inputs alone");
    assert.equal(await page.getAttribute("#out-provider", "data-provider"), "vertex");
    const chosen = await page.inputValue("#preset");
    assert.notEqual(chosen, "bedrock");
    await page.keyboard.press("Enter");
    await waitUpdated();
    assert.notEqual(await page.inputValue("#env"), mine, "Enter applies the preset");
    assert.equal(await page.inputValue("#settings-project"), "");
    assert.match(await page.textContent("#preset-status"), /replaced your inputs/);
    assert.ok(await page.isVisible("#preset-undo"));
    await page.focus("#preset-undo");
    await page.keyboard.press("Enter");
    await waitUpdated();
    assert.equal(await page.inputValue("#env"), mine, "restored");
    assert.equal(await page.inputValue("#settings-project"), '{"env": {"ANTHROPIC_MODEL": "opus"}}');
    assert.equal(await page.getAttribute("#out-provider", "data-provider"), "vertex");
    assert.ok(await page.isHidden("#preset-undo"));
    assert.equal(await page.evaluate(() => document.activeElement.id), "preset");
    // a preset applied over an untouched preset offers no restore (nothing was lost)
    await applyPreset("bedrock");
    await applyPreset("vertex");
    assert.ok(await page.isHidden("#preset-undo"));
    await page.focus("#preset");
    // keyboard focus draws the page's focus outline (its contrast is checked above)
    await page.keyboard.press("Tab");
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return { style: s.outlineStyle, width: s.outlineWidth, colour: s.outlineColor };
    });
    assert.deepEqual(outline, { style: "solid", width: "3px", colour: "rgb(179, 92, 0)" });
    // no preset makes a 360 px screen scroll sideways (long problem texts, names and IDs wrap)
    await page.setViewportSize({ width: 360, height: 740 });
    const wide = [];
    for (const id of await page.$$eval("#preset option", (os) => os.map((o) => o.value).filter(Boolean))) {
      await applyPreset(id);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) wide.push(`${id}: ${overflow}px`);
    }
    assert.deepEqual(wide, [], "presets wider than a 360px screen");
    await page.setViewportSize({ width: 390, height: 844 });
    await applyPreset("bedrock");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than a 390px screen`);
    await shot("narrow");
    await page.screenshot({ path: join(ARTIFACTS, "playground-narrow-top.png") });
    await page.locator("#outputs").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, "playground-narrow-results.png") });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test("nothing was fetched from any other origin", () => {
    assert.ok(requests.length >= 5, `recorded ${requests.length} requests`);
    const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith("data:"));
    assert.deepEqual(foreign, []);
  });
});
