// The playground page. It only gathers inputs, calls the wasm core and shows the results:
// every decision about providers is the core's.
import init, * as core from "../pkg/web/claude_provider_wasm.js";
import {
  LAYERS, parseEnvBlock, locateProblem, encodeShare, decodeShare, parseTime, settingsInvalidProblem,
  readCapture, providerStreamFormat, pageCredentialHelp,
  parseSettingsText, parseBetas, FIELD_NAMES,
} from "./lib.js";
import { PRESETS, DEFAULT_BODY, DEFAULT_BETAS, betasFor } from "./presets.js";
import { COMPARISON, SUPPORT } from "./compare.js";

const $ = (id) => document.getElementById(id);
const PROVIDER_NAMES = {
  anthropic: "Anthropic API",
  bedrock: "Amazon Bedrock",
  vertex: "Google Vertex AI",
  foundry: "Microsoft Foundry",
  mantle: "Amazon Bedrock Mantle",
  "anthropic-aws": "Claude Platform on AWS",
  "anthropic-google-cloud": "Claude Platform on Google Cloud",
};
const FIELD_LABELS = { env: "Environment", "aws-config": "~/.aws/config", "aws-credentials": "~/.aws/credentials" };
const CRED_FIELDS = {
  awsAccessKeyId: "cred-aws-id",
  awsSecretAccessKey: "cred-aws-secret",
  awsSessionToken: "cred-aws-token",
  googleAccessToken: "cred-google",
  azureAccessToken: "cred-azure",
  apiKeyHelper: "cred-helper",
};

/** Creates an element with text or children. */
function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const k of kids.flat()) if (k != null) e.append(k);
  return e;
}
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
const code = (t) => el("code", {}, ...wbr(t));
/** Text with line-break opportunities after `_`, `/`, `.` and `:` (long names and IDs wrap). */
function wbr(t) {
  const parts = String(t).split(/(?<=[_/.:,])/);
  return parts.flatMap((p, i) => (i ? [document.createElement("wbr"), p] : [p]));
}

/**
 * On narrow screens style.css shows a `table.stack`'s rows as stacked cells: each cell gets its
 * column's name (`data-label`), and explicit ARIA roles keep it a table for screen readers when
 * its CSS display is no longer a table's.
 */
function stackable(table) {
  const heads = table.tHead ? [...table.tHead.rows[0].cells].map((c) => c.textContent.trim()) : [];
  table.setAttribute("role", "table");
  for (const section of [table.tHead, ...table.tBodies]) section?.setAttribute("role", "rowgroup");
  for (const row of table.rows) {
    row.setAttribute("role", "row");
    [...row.cells].forEach((c, i) => {
      c.setAttribute("role", c.tagName === "TD" ? "cell" : c.scope === "row" ? "rowheader" : "columnheader");
      if (c.tagName === "TD" && heads[i]) c.dataset.label = heads[i];
    });
  }
}

// ------------------------------------------------------------------ inputs
function buildLayerInputs() {
  const box = $("layers");
  for (const { scope, path } of LAYERS) {
    const id = `settings-${scope}`;
    box.append(
      el("details", { class: "layer", id: `${id}-box` },
        el("summary", {}, `${scope} `, el("span", { class: "hint" }, path)),
        el("div", { class: "field" },
          el("label", { for: id, class: "sr-only" }, `${scope} settings (${path})`),
          el("textarea", { id, rows: "6", spellcheck: "false", autocomplete: "off", "aria-describedby": `${id}-err`, "data-scope": scope }),
          el("p", { class: "err", id: `${id}-err`, "aria-live": "polite" }))));
  }
}

function readInputs() {
  const settings = {};
  for (const { scope } of LAYERS) settings[scope] = $(`settings-${scope}`).value;
  const credentials = {};
  for (const [k, id] of Object.entries(CRED_FIELDS)) credentials[k] = $(id).value.trim();
  return {
    env: $("env").value,
    settings,
    awsConfig: $("aws-config").value,
    awsCredentials: $("aws-credentials").value,
    body: $("body").value,
    stream: $("stream").checked,
    betas: $("betas").value,
    time: $("time").value,
    credentials,
  };
}

function writeInputs(v) {
  $("env").value = v.env ?? "";
  for (const { scope } of LAYERS) {
    const t = v.settings?.[scope] ?? "";
    $(`settings-${scope}`).value = t;
    if (t) $(`settings-${scope}-box`).open = true;
  }
  $("aws-config").value = v.awsConfig ?? "";
  $("aws-credentials").value = v.awsCredentials ?? "";
  if (v.awsConfig || v.awsCredentials) $("home").open = true;
  $("body").value = v.body ?? "";
  $("stream").checked = v.stream ?? true;
  $("betas").value = v.betas ?? DEFAULT_BETAS;
  $("time").value = v.time ?? "";
  for (const [k, id] of Object.entries(CRED_FIELDS)) $(id).value = v.credentials?.[k] ?? "";
  if (Object.values(v.credentials ?? {}).some(Boolean)) $("creds").open = true;
}

/** The core's ConfigInput from the page, plus what the page needs to point at lines. */
function configFromInputs(v) {
  const parsed = parseEnvBlock(v.env);
  const settings = [];
  const problems = [];
  for (const { scope, path } of LAYERS) {
    const text = v.settings[scope];
    const err = $(`settings-${scope}-err`);
    const ta = $(`settings-${scope}`);
    err.textContent = "";
    ta.classList.remove("has-error");
    ta.removeAttribute("aria-invalid");
    if (!text.trim()) continue;
    try {
      settings.push({ scope, path, settings: parseSettingsText(text) });
    } catch {
      // Listed with the core's problems (SETTINGS_INVALID, as the core and the CLI name it).
      const p = settingsInvalidProblem(core, text, path) ?? { code: "SETTINGS_INVALID", severity: "error", message: `${path}: invalid JSON; Claude Code ignores the whole file.`, help: `Fix ${path}: settings files are plain JSON.`, file: path };
      problems.push(p);
      err.textContent = `Not JSON, so this layer is left out${p.line ? ` (line ${p.line})` : ""}: see SETTINGS_INVALID in Problems.`;
      ta.classList.add("has-error");
      ta.setAttribute("aria-invalid", "true");
    }
  }
  const home = {};
  if (v.awsConfig.trim()) home.awsConfig = { path: "~/.aws/config", text: v.awsConfig };
  if (v.awsCredentials.trim()) home.awsCredentials = { path: "~/.aws/credentials", text: v.awsCredentials };
  return { config: { processEnv: parsed.env, settings, home }, envLines: parsed.lines, envNotes: parsed.notes, problems };
}

function credentialsFrom(c) {
  const out = {};
  if (c.awsAccessKeyId && c.awsSecretAccessKey) {
    out.aws = { accessKeyId: c.awsAccessKeyId, secretAccessKey: c.awsSecretAccessKey };
    if (c.awsSessionToken) out.aws.sessionToken = c.awsSessionToken;
  }
  if (c.googleAccessToken) out.googleAccessToken = c.googleAccessToken;
  if (c.azureAccessToken) out.azureAccessToken = c.azureAccessToken;
  if (c.apiKeyHelper) out.apiKeyHelper = c.apiKeyHelper;
  return out;
}

// ------------------------------------------------------------------ outputs
function sourceLabel(src, envVar) {
  if (!src) return "";
  const v = envVar ? `${envVar} ` : "";
  switch (src.kind) {
    case "process": return `${v}(shell env)`;
    case "settings": return `${v}(${src.scope} settings${src.path ? `: ${src.path}` : ""})`;
    case "file": return `${v}(${src.path})`;
    case "credentials": return `${v}(credentials)`;
    default: return "default";
  }
}

function renderSummary(r) {
  const dl = $("summary");
  dl.replaceChildren();
  const row = (term, ...desc) => dl.append(el("dt", {}, term), el("dd", {}, ...desc));
  const src = (s) => el("span", { class: "src" }, " ", sourceLabel(s.source, s.envVar));
  row("Provider",
    el("span", { class: "provider", id: "out-provider", "data-provider": r.provider }, PROVIDER_NAMES[r.provider] ?? r.provider),
    r.gateway ? el("span", { class: "src" }, " (LLM gateway)") : null,
    r.selectedBy ? src(r.selectedBy) : el("span", { class: "src" }, " (no CLAUDE_CODE_USE_* selector: the default)"));
  if (r.region) row("Region", el("span", { id: "out-region" }, r.region.value), src(r.region));
  // The resolution carries the URL and commands as given (a runtime needs them whole): shown
  // here with passwords and command secrets masked, as everywhere else on the page.
  if (r.endpoint) row("Endpoint", el("code", { id: "out-endpoint" }, core.shareableValue("ANTHROPIC_BASE_URL", r.endpoint.baseUrl)), src(r.endpoint));
  else row("Endpoint", el("span", { id: "out-endpoint" }, "none: see the problems"));
  const d = r.details ?? {};
  for (const [k, label] of [["project", "Project"], ["resource", "Resource"], ["workspaceId", "Workspace"], ["serviceTier", "Service tier"]]) {
    if (d[k]) row(label, code(shownPlain(d[k].value)), src(d[k]));
  }
  row("Auth", el("span", { id: "out-auth" }, r.auth.summary), r.auth.source ? el("span", { class: "src" }, " ", sourceLabel(r.auth.source)) : null);
  for (const s of r.credentialSteps ?? []) row(s.key, code(core.shareableValue(s.key, s.command)), el("span", { class: "src" }, ` ${s.runs}`));
}

/**
 * A note of the page's own (not a core problem): an AWS profile is named but the page cannot
 * read ~/.aws, so what the profile holds is unchecked unless the files are pasted.
 */
function renderPageNote(r, v) {
  const profile = r.vars.find((x) => x.name === "AWS_PROFILE" && !x.blank);
  const aws = ["bedrock", "mantle", "anthropic-aws"].includes(r.provider);
  const show = aws && profile && !v.awsConfig.trim() && !v.awsCredentials.trim();
  const name = show ? shownPlain(profile.value) : null;
  setBox($("page-note"), name, () => [
    `This page cannot read your ~/.aws/config, so what the profile “${name}” (AWS_PROFILE) holds (its region, SSO session or keys) is not checked. Paste your ~/.aws/config (and ~/.aws/credentials) into the AWS files box to check it. `,
    el("button", { type: "button", class: "link", id: "open-aws-files", onclick: () => {
      $("home").open = true;
      $("aws-config").focus();
      $("aws-config").scrollIntoView({ block: "center" });
    } }, "Open the AWS files box")]);
}

function focusLine(field, line) {
  const id = field;
  const ta = $(id);
  if (!ta) return;
  if (id.startsWith("settings-")) $(`${id}-box`).open = true;
  if (id.startsWith("aws-")) $("home").open = true;
  const lines = ta.value.split("\n");
  const n = Math.min(Math.max(line, 1), Math.max(lines.length, 1));
  const start = lines.slice(0, n - 1).reduce((a, l) => a + l.length + 1, 0);
  const end = start + (lines[n - 1]?.length ?? 0);
  ta.focus();
  ta.setSelectionRange(start, end);
  const lh = parseFloat(getComputedStyle(ta).lineHeight) || 20;
  ta.scrollTop = Math.max(0, (n - 3) * lh);
  ta.scrollIntoView({ block: "center" });
}

// A plain value as shown: a credential pasted as a model or project
// (CREDENTIAL_IN_PLAIN_VARIABLE) is `<redacted>`, like every secret on the page.
const shownPlain = (v) => core.shareableValue("ANTHROPIC_MODEL", v);

function renderProblems(r, ctx) {
  const ul = $("problems");
  ul.replaceChildren();
  const counts = { error: 0, warning: 0, info: 0 };
  for (const p of r.problems) counts[p.severity]++;
  $("problem-count").textContent = r.problems.length
    ? `(${plural(counts.error, "error")}, ${plural(counts.warning, "warning")}, ${plural(counts.info, "note")})`
    : "";
  if (!r.problems.length) {
    ul.append(el("li", { class: "none" }, "No problems found."));
    return;
  }
  for (const p of r.problems) {
    const where = locateProblem(p, ctx, r.vars);
    const fieldLabel = where && (FIELD_LABELS[where.field] ?? `${where.field.replace("settings-", "")} settings`);
    ul.append(el("li", { class: p.severity, "data-code": p.code },
      el("span", { class: "sev" }, p.severity), " ", el("code", { class: "pcode" }, p.code),
      p.envVar ? el("span", { class: "src" }, " · ", p.envVar) : null,
      p.file ? el("span", { class: "src" }, " · ", p.file) : null,
      el("p", { class: "msg" }, p.message),
      el("p", { class: "fix" }, p.help),
      where ? el("button", { type: "button", class: "link goto", "data-field": where.field, "data-line": String(where.line), onclick: () => focusLine(where.field, where.line) },
        `Go to line ${where.line} of ${fieldLabel}`) : null));
  }
}

function renderModels(r) {
  const tb = $("models").tBodies[0];
  tb.replaceChildren();
  const slots = [["main", "Main"], ["opus", "Opus"], ["sonnet", "Sonnet"], ["haiku", "Haiku"], ["fable", "Fable"], ["smallFast", "Small/fast (background)"],
    ["subagent", "Subagents"]];
  for (const [k, label] of slots) {
    const m = r.models[k];
    if (!m) continue;
    const from = [sourceLabel(m.source, m.envVar)];
    if (m.pinVar) from.push(`pinned by ${m.pinVar}`);
    if (m.regionVar) from.push(`region ${m.region} from ${m.regionVar}`);
    else if (m.region) from.push(`region ${m.region}`);
    tb.append(el("tr", {}, el("th", { scope: "row" }, label), el("td", {}, ...wbr(shownPlain(m.requested))),
      el("td", {}, code(m.id ? shownPlain(m.id) : "(unusable)")), el("td", {}, ...wbr(from.join("; ")))));
  }
  stackable($("models"));
}

function renderVars(r) {
  const tb = $("vars").tBodies[0];
  tb.replaceChildren();
  for (const v of r.vars) {
    tb.append(el("tr", {}, el("th", { scope: "row" }, code(v.name)),
      el("td", {}, v.blank ? "(blank: unset)" : code(v.value)),
      el("td", {}, ...wbr(sourceLabel(v.source))),
      el("td", {}, ...wbr((v.overrides ?? []).map((o) => `${o.value} ${sourceLabel(o.source)}`).join("; ")))));
  }
  stackable($("vars"));
}

let lastRequest = null;
function renderRequest() {
  const pre = $("request");
  if (!lastRequest) {
    pre.textContent = "";
    return;
  }
  const reveal = $("reveal").checked;
  const fmt = document.querySelector('input[name="format"]:checked').value;
  if (fmt === "json") {
    const r = reveal ? lastRequest : core.redactRequest(lastRequest);
    pre.textContent = JSON.stringify(r, null, 2);
  } else {
    pre.textContent = core.renderRequest(lastRequest, fmt, reveal);
  }
}

function renderRequestFrom(config, v) {
  lastRequest = null;
  const nowMs = parseTime(v.time);
  const invalid = Number.isNaN(nowMs) ? "true" : "false";
  if ($("time").getAttribute("aria-invalid") !== invalid) $("time").setAttribute("aria-invalid", invalid);
  let failure = null;
  try {
    if (Number.isNaN(nowMs)) throw Object.assign(new Error("The signing time is not a date."), { code: "PLAYGROUND", help: "Write it as 2026-01-15T12:00:00Z, or leave it empty for now." });
    const out = core.buildRequest({
      ...config,
      request: { body: v.body.trim() ? v.body : DEFAULT_BODY, stream: v.stream, betas: parseBetas(v.betas), nowMs, credentials: credentialsFrom(v.credentials) },
    });
    lastRequest = out.request;
  } catch (e) {
    failure = e;
  }
  // The core's fix names its API (`credentials.aws`); here it is the Test credentials section.
  const help = failure && pageCredentialHelp(failure.help);
  setBox($("request-error"), failure && [failure.code, failure.message, help.text], () => [
    el("strong", {}, "No request: "), failure.code ? el("code", {}, failure.code) : null, " ", failure.message,
    help.text ? el("p", {}, el("strong", {}, "Fix: "), help.text) : null,
    help.field ? el("button", { type: "button", class: "link", id: "open-creds", onclick: () => openCredential(help.field) },
      `Open Test credentials: ${$(help.field).labels[0].textContent}`) : null]);
  // A request that carries a credential while a share link's placeholder stands for one.
  const stand = lastRequest?.headers.some((h) => h.secret)
    ? sharedInEffect(v).filter((r) => core.isSecretVar(r.name) || /access_key_id$/i.test(r.name)).map((r) => r.name)
    : [];
  setText($("request-note"), stand.length
    ? `Made with placeholder credentials: the share link this page was opened from replaced the values of ${[...new Set(stand)].join(", ")}, so the credentials in this request, and its signature, are not the ones the sender's configuration makes.`
    : "");
  renderRequest();
}

// ------------------------------------------------------------------ opened from a share link
// What the share link this page was opened from replaced ({ field, name }), and each field's
// text as the link gave it: a replacement counts while its field is as the link gave it.
let shared = null;

const fieldText = (v, field) =>
  field === "env" ? v.env : field === "aws-config" ? v.awsConfig : field === "aws-credentials" ? v.awsCredentials
  : v.settings[field.replace("settings-", "")] ?? "";

function sharedInEffect(v) {
  return shared ? shared.replaced.filter((r) => fieldText(v, r.field) === shared.texts[r.field]) : [];
}

/** Remembers the replacements of the share link `s` just written into the inputs. */
function openedFromShare(s) {
  const v = readInputs();
  shared = { replaced: s.replaced, texts: Object.fromEntries(Object.keys(FIELD_NAMES).map((f) => [f, fieldText(v, f)])) };
}

/** The note naming the variables whose values the share link replaced (while they still are). */
function renderShareNote(v) {
  const live = sharedInEffect(v);
  const byField = new Map();
  for (const r of live) byField.set(r.field, [...(byField.get(r.field) ?? []), r.name]);
  setBox($("share-note"), live.length ? live : null, () => [
    el("strong", {}, "Opened from a share link: "),
    "the sender's values of these were replaced by placeholders before sharing (secrets, credentials, and variables Claude Code does not read), so a problem about what they held may not show here: ",
    ...[...byField].flatMap(([field, names], i) => [i ? "; " : "", ...names.flatMap((n, j) => [j ? ", " : "", code(n)]), ` (${FIELD_NAMES[field]})`]),
    "."]);
}

/** Opens the Test credentials section and puts the cursor in field `id`. */
function openCredential(id) {
  $("creds").open = true;
  $(id).focus();
  $(id).scrollIntoView({ block: "center" });
}

// What each message box shows, so that an update that leaves the message as it was touches
// nothing: a live region re-announces (and a screen reader may repeat) whatever is rewritten.
const boxShows = new WeakMap();

/** Shows `build()` in `box` (hidden when `key` is null), only when `key` changed. */
function setBox(box, key, build) {
  const k = key == null ? null : JSON.stringify(key);
  if (boxShows.has(box) && boxShows.get(box) === k) return;
  boxShows.set(box, k);
  if (k === null) {
    if (!box.hidden) box.hidden = true;
    if (box.firstChild) box.replaceChildren();
    return;
  }
  box.replaceChildren(...build().filter((n) => n != null));
  box.hidden = false;
}

// ------------------------------------------------------------------ stream panel
let streamFile = null; // { name, bytes } of the file opened, which is decoded instead of the text
let resolvedProvider = "anthropic";

function streamBytes() {
  if (streamFile) return streamFile.bytes;
  const text = $("stream-text").value;
  if (!$("stream-b64").checked) return new TextEncoder().encode(text);
  const bin = atob(text.replace(/\s+/g, ""));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function decodeStream() {
  const tb = $("stream-events").tBodies[0];
  tb.replaceChildren();
  const show = (summary, note, error) => {
    setText($("stream-summary"), summary);
    setText($("stream-note"), note);
    setBox($("stream-error"), error && [error.code, error.message, error.help], () => [
      error.code ? el("code", {}, error.code) : null, error.code ? " " : null, error.message,
      error.help ? el("p", {}, el("strong", {}, "Fix: "), error.help) : null]);
  };
  let bytes;
  try {
    bytes = streamBytes();
  } catch {
    show("", "", { message: "The pasted text is not base64." });
    return;
  }
  if (!bytes.length) {
    show("", "", null);
    return;
  }
  const provider = $("stream-provider").value || resolvedProvider;
  const name = PROVIDER_NAMES[provider] ?? provider;
  const typedCt = $("stream-ct").value.trim() || undefined;
  const input = streamFile ? `file ${streamFile.name}, ${plural(bytes.length, "byte")}` : plural(bytes.length, "byte");
  // A `curl -i` capture: its status line and headers are taken off, its Content-Type kept.
  const capture = readCapture(bytes);
  const { http, format: sniffed } = capture;
  const notes = [];
  if (http) {
    notes.push(`Read as an HTTP response (as curl -i prints it): its status line (${http.status}) and ${plural(http.headers.length, "header")}${http.contentType ? ` (Content-Type: ${http.contentType})` : ""} are left out, the body after them decoded.`);
  }
  if (!sniffed) {
    let error;
    if (http && http.status >= 300) {
      // an error answer, not a stream: what it means, in the core's words
      try {
        const parsed = core.parseErrorResponse(provider, http.status, http.headers, capture.body);
        error = { code: parsed.problem.code, message: parsed.problem.message, help: parsed.problem.help };
      } catch (e) {
        error = { code: e.code, message: e.message, help: e.help };
      }
    } else if (http && !capture.body.length) {
      error = { message: "Not decoded: the capture ends after the HTTP status line and headers, with no body.", help: "Capture the whole response: curl -i -N (or without -i: the body alone)." };
    } else {
      error = {
        message: `Not decoded: this is neither SSE text (lines such as event: and data:) nor an AWS event-stream (binary frames with a 12-byte prelude)${http ? " after the HTTP status line and headers" : ""}.`,
        help: capture.base64
          ? "It is base64 of an AWS event-stream: tick “The pasted text is base64”."
          : "Paste the response body as it was received (curl -N, or the browser's network panel; a curl -i capture's status line and headers may stay), or open a file with the raw bytes.",
      };
    }
    show(`Not decoded (${input}, ${name}).`, notes.join(" "), error);
    return;
  }
  const ct = typedCt ?? (http?.contentType || undefined);
  // What was pasted decides the decoder when no Content-Type is typed: SSE text pasted for
  // Bedrock, or event-stream bytes for an SSE provider, would otherwise fail or read as nothing.
  // With a Content-Type typed (or one from a capture's headers that fits the provider's format),
  // the core decides as Claude Code would (its content-type guard).
  const usual = providerStreamFormat(provider);
  let decoderProvider = provider;
  let decoderCt = typedCt ?? (sniffed === usual ? ct : undefined);
  let options;
  if (!decoderCt && sniffed !== usual) {
    if (sniffed === "sse") {
      decoderCt = "text/event-stream";
      options = { disableBedrockContentTypeGuard: true };
    } else decoderProvider = "bedrock";
  }
  const events = [];
  let error = null;
  let format = "";
  try {
    const d = core.createStreamDecoder(decoderProvider, decoderCt, options);
    format = d.format;
    try {
      events.push(...d.push(capture.body));
      d.finish();
    } catch (e) {
      error = e;
    } finally {
      d.free();
    }
  } catch (e) {
    error = e;
  }
  let text = "";
  events.forEach((ev, i) => {
    if (ev.delta_type === "text_delta") {
      try { text += JSON.parse(ev.data).delta.text; } catch { /* shown as data */ }
    }
    const detail = ev.error
      ? [el("code", {}, ev.error.code), ` ${ev.error.errorType}: ${ev.error.message}`, ev.error.retryable ? " (retryable)" : ""]
      : [code(ev.data.length > 400 ? `${ev.data.slice(0, 400)}…` : ev.data)];
    tb.append(el("tr", { "data-type": ev.type, class: ev.type === "error" ? "ev-error" : "" },
      el("td", {}, String(i + 1)), el("th", { scope: "row" }, ev.type, ev.delta_type ? ` (${ev.delta_type})` : "", ev.block_type ? ` (${ev.block_type})` : ""),
      el("td", {}, ev.index ?? ""), el("td", {}, ...detail)));
  });
  stackable($("stream-events"));
  let shown = error && { code: error.code ?? "ERROR", message: error.message, help: error.help };
  if (sniffed !== usual && format === sniffed) {
    notes.push(`This looks like ${FORMAT_NAMES[sniffed]}, but ${name} sends ${FORMAT_NAMES[usual]}; decoded as ${FORMAT_NAMES[sniffed]}.`);
  } else if (format && sniffed !== format) {
    const given = typedCt ? "the Content-Type given" : "the Content-Type in its headers";
    notes.push(`This looks like ${FORMAT_NAMES[sniffed]}, but ${given} has it read as ${FORMAT_NAMES[format]}, as Claude Code would${typedCt ? `; empty the Content-Type to decode it as ${FORMAT_NAMES[sniffed]}` : ""}.`);
    // The core's error blames the network (a cut or empty stream): here the bytes are simply in
    // the other format.
    if (shown) {
      shown = {
        code: shown.code,
        message: `Read as ${FORMAT_NAMES[format]}, this ${FORMAT_NAMES[sniffed]} capture has ${events.length ? `only ${plural(events.length, "event")}` : "no event"}: Claude Code, given ${typedCt ?? ct}, would stop with this error. The bytes are ${FORMAT_NAMES[sniffed]}, not a stream cut or altered on the way.`,
        help: `${typedCt ? `Empty the Content-Type to decode it as ${FORMAT_NAMES[sniffed]}. ` : ""}If the server really labels ${FORMAT_NAMES[sniffed]} as ${typedCt ?? ct}, the server or a gateway in between sends the wrong Content-Type.`,
      };
    }
  }
  const summary = `${plural(events.length, "event")}${format ? ` from ${FORMAT_NAMES[format]}` : ""} (${input}, ${name})${text ? `. Text: ${text}` : ""}`;
  show(summary, notes.join(" "), shown);
}

const FORMAT_NAMES = { sse: "SSE", "event-stream": "AWS event-stream" };

/** Sets an element's text only when it changes (each change is read out by a live region). */
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
  if (node.hidden !== !text) node.hidden = !text;
}

function renderSnippets(config) {
  const s = core.configSnippets(config);
  $("snippet-settings").textContent = s.settingsJson;
  $("snippet-devcontainer").textContent = s.devcontainerJson;
  $("snippet-notes").replaceChildren(...s.notes.map((n) => el("li", {}, n)));
}

function renderComparison() {
  // A variable setting as code; what the sources leave open ("Not stated"…) set apart.
  const cell = (v) => el("td", /^Not (stated|captured|in the chapter)$/.test(v) ? { class: "unstated" } : {},
    /^[A-Z][A-Z0-9_]*=\S+$/.test(v) ? code(v) : v);
  const t = $("compare-table");
  t.append(el("caption", {}, "Cloud providers at a glance", el("span", { class: "src" }, `Source: ${COMPARISON.source}`)),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, ""), COMPARISON.providers.map((p) => el("th", { scope: "col" }, p)))),
    el("tbody", {}, COMPARISON.rows.map((r) => el("tr", {}, el("th", { scope: "row" }, r.fact),
      r.values.map((v) => cell(v))))));
  const s = $("support-table");
  s.append(el("caption", {}, "What Claude Code supports on each", el("span", { class: "src" }, `Source: ${SUPPORT.source}`)),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Feature"), SUPPORT.providers.map((p) => el("th", { scope: "col" }, p)))),
    el("tbody", {}, SUPPORT.rows.map((r) => el("tr", {}, el("th", { scope: "row" }, r.feature), r.values.map((v) => cell(v))))));
  stackable(t);
  stackable(s);
}

// ------------------------------------------------------------------ update loop
function update() {
  const v = readInputs();
  const { config, envLines, envNotes, problems: pageProblems } = configFromInputs(v);
  // A live region: rewritten only when the notes change, or each keystroke would re-announce them.
  setBox($("env-notes"), envNotes.length ? envNotes.map((n) => n.text) : null, () => envNotes.map((n) => el("li", {}, n.text)));
  let r;
  try {
    r = core.validate({ ...config, credentialsCheck: "notChecked" });
    // A settings layer that is not JSON: first, as the errors are.
    if (pageProblems.length) r = { ...r, problems: [...pageProblems, ...r.problems] };
  } catch (e) {
    setText($("status"), `The core rejected the input: ${e.message}`);
    return;
  }
  // Prefilled betas follow the provider (Claude Code asks for other ones on Bedrock, Vertex…).
  const betas = betasFor(v.betas, r.provider);
  if (betas !== v.betas) $("betas").value = v.betas = betas;
  const ctx = { envText: v.env, envLines, settingsText: v.settings, awsConfig: v.awsConfig, awsCredentials: v.awsCredentials };
  renderShareNote(v);
  renderSummary(r);
  renderPageNote(r, v);
  renderProblems(r, ctx);
  renderModels(r);
  renderVars(r);
  renderRequestFrom(config, v);
  renderSnippets(config);
  resolvedProvider = r.provider;
  decodeStream();
  setText($("status"), `Updated: ${PROVIDER_NAMES[r.provider] ?? r.provider}, ${plural(r.problems.length, "problem")}.`);
  document.body.dataset.ready = "true";
}

let timer = 0;
function scheduleUpdate() {
  clearTimeout(timer);
  timer = setTimeout(update, 120);
}

// The inputs a preset replaces, as they were left by the last preset applied (or the share
// link read): applying another preset over anything else offers "Restore my inputs".
const presetFields = (v) => JSON.stringify([v.env, v.settings, v.awsConfig, v.awsCredentials, v.credentials]);
let presetSnapshot = null;
let undoInputs = null;

function applyPreset(id) {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) {
    $("preset-status").textContent = "Choose a preset in the list first.";
    return;
  }
  const before = readInputs();
  const replaced = presetSnapshot !== null && presetFields(before) !== presetSnapshot;
  for (const { scope } of LAYERS) $(`settings-${scope}-box`).open = false;
  $("home").open = false;
  $("creds").open = false;
  writeInputs({
    env: p.env, settings: p.settings ?? {}, awsConfig: p.awsConfig ?? "", awsCredentials: p.awsCredentials ?? "",
    body: $("body").value || DEFAULT_BODY, stream: $("stream").checked, betas: $("betas").value, time: $("time").value,
    credentials: p.credentials ?? {},
  });
  update();
  presetSnapshot = presetFields(readInputs());
  undoInputs = replaced ? before : null;
  $("preset-undo").hidden = !replaced;
  $("preset-status").textContent = replaced
    ? `Applied the preset “${p.label}”; it replaced your inputs.`
    : `Applied the preset “${p.label}”.`;
}

function restoreInputs() {
  if (!undoInputs) return;
  for (const { scope } of LAYERS) $(`settings-${scope}-box`).open = false;
  writeInputs(undoInputs);
  undoInputs = null;
  update();
  $("preset-undo").hidden = true;
  $("preset-status").textContent = "Your inputs are restored.";
  $("preset").focus();
}

async function share() {
  const v = readInputs();
  const frag = encodeShare(v, core.shareableConfigValue);
  history.replaceState(null, "", frag);
  const url = location.href;
  const what = "test credentials left out; secrets, and values of variables Claude Code does not read, replaced by placeholders";
  try {
    await navigator.clipboard.writeText(url);
    $("share-status").textContent = `Link copied (${what}).`;
  } catch {
    $("share-status").textContent = `Link is in the address bar (${what}).`;
  }
}

async function main() {
  buildLayerInputs();
  const pre = $("preset");
  for (const group of [...new Set(PRESETS.map((p) => p.group))]) {
    pre.append(el("optgroup", { label: group }, PRESETS.filter((p) => p.group === group).map((p) => el("option", { value: p.id }, p.label))));
  }
  renderComparison();
  await init();
  $("version").textContent = core.version();
  const fromLink = decodeShare(location.hash);
  if (fromLink) {
    writeInputs(fromLink);
    openedFromShare(fromLink);
    update();
    presetSnapshot = presetFields(readInputs());
  } else {
    $("body").value = DEFAULT_BODY;
    $("betas").value = DEFAULT_BETAS;
    pre.value = "bedrock";
    applyPreset("bedrock");
  }
  // "Skip to results" moves the focus without changing the URL: a `#outputs` fragment would
  // replace a share link's `#s=…`, and a reload would lose the shared inputs.
  document.querySelector("a.skip").addEventListener("click", (e) => {
    e.preventDefault();
    $("outputs").focus();
    $("outputs").scrollIntoView();
  });
  // Choosing in the list (arrow keys included) changes nothing: the button or Enter applies.
  $("preset-apply").addEventListener("click", () => applyPreset(pre.value));
  pre.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      applyPreset(pre.value);
    }
  });
  $("preset-undo").addEventListener("click", restoreInputs);
  for (const id of ["stream-text", "stream-ct", "stream-provider", "stream-b64"]) {
    $(id).addEventListener(id === "stream-text" || id === "stream-ct" ? "input" : "change", () => {
      if (id === "stream-text") {
        streamFile = null;
        $("stream-file").value = "";
      }
      decodeStream();
    });
  }
  $("stream-file").addEventListener("change", async () => {
    const f = $("stream-file").files[0];
    streamFile = f ? { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) } : null;
    // One input at a time: the file is decoded, so the text box (which typing would decode
    // instead) no longer shows text that is not what the events come from.
    if (f) $("stream-text").value = "";
    decodeStream();
  });
  document.querySelector(".inputs").addEventListener("input", (e) => {
    if (e.target.id !== "preset") scheduleUpdate();
  });
  for (const r of document.querySelectorAll('input[name="format"]')) r.addEventListener("change", renderRequest);
  $("reveal").addEventListener("change", renderRequest);
  $("share").addEventListener("click", share);
  $("copy-request").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText($("request").textContent);
      $("status").textContent = "Request copied.";
    } catch {
      $("status").textContent = "Copy failed: select the request text instead.";
    }
  });
  window.addEventListener("hashchange", () => {
    const s = decodeShare(location.hash);
    if (s) {
      writeInputs(s);
      openedFromShare(s);
      update();
      presetSnapshot = presetFields(readInputs());
    }
  });
}

main().catch((e) => {
  $("status").textContent = `The WebAssembly core could not start: ${e.message}`;
});
