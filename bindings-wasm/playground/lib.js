// Pure helpers of the playground (no DOM): reading the env block, the share-link fragment,
// and finding the input line a problem is about. Provider behaviour is never decided here:
// that is the core's (through the wasm package).

/** Settings layers, lowest precedence first, with the path Claude Code reads each from. */
export const LAYERS = [
  { scope: "user", path: "~/.claude/settings.json" },
  { scope: "project", path: ".claude/settings.json" },
  { scope: "local", path: ".claude/settings.local.json" },
  { scope: "cli", path: "claude --settings FILE" },
  { scope: "managed", path: "/etc/claude-code/managed-settings.json" },
];

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function unquoteDouble(s) {
  return s.replace(/\\([\\"nrt$`])/g, (_, c) => ({ n: "\n", r: "\r", t: "\t" })[c] ?? c);
}

/**
 * Reads an env block: dotenv (`NAME=value`), shell (`export NAME=value`, `export NAME="…"`),
 * PowerShell (`$env:NAME = "value"`), cmd (`set NAME=value`) and csh (`setenv NAME value`)
 * lines. Comments (`#`) and blank lines are skipped; a double- or single-quoted value may span
 * lines. A later line wins.
 * @returns {{ env: Record<string,string>, lines: Record<string,number>,
 *   entries: {name:string, value:string, start:number, end:number, prefix:string}[],
 *   notes: {line:number, text:string}[] }}
 *   `lines`: the 1-based line each variable was (last) set on; `entries`: every assignment with
 *   its 0-based first and last line and the text before its value; `notes`: lines not understood.
 */
export function parseEnvBlock(text) {
  const env = {};
  const lines = {};
  const entries = [];
  const notes = [];
  const set = (name, value, start, end, prefix) => {
    env[name] = value;
    lines[name] = start + 1;
    entries.push({ name, value, start, end, prefix });
  };
  const src = text.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < src.length; i++) {
    const lineNo = i + 1;
    const raw = src[i];
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m =
      /^(\s*(?:(?:export|set|declare\s+-x)\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*)(.*)$/.exec(raw) ||
      /^(\s*\$env:([A-Za-z_][A-Za-z0-9_]*)\s*=\s*)(.*)$/i.exec(raw) ||
      /^(\s*setenv\s+([A-Za-z_][A-Za-z0-9_]*)\s+)(.*)$/.exec(raw);
    if (!m) {
      notes.push({ line: lineNo, text: `line ${lineNo} is not NAME=value; ignored` });
      continue;
    }
    const [, prefix, name, rest0] = m;
    // A shell line (`NAME=…`, `export NAME=…`) may hold several assignments; cmd's `set`,
    // PowerShell and csh lines hold one.
    const shell = !/^\s*(?:\$env:|set\s|setenv\s)/i.test(prefix);
    const command = /^\s*(?:export|declare\s+-x)\s+/.exec(prefix)?.[0].trimStart() ?? "";
    const rest = rest0.trimEnd();
    const start = i;
    const q = rest[0];
    if (q === '"' || q === "'") {
      // quoted, possibly over several lines
      let body = rest.slice(1);
      const close = () => (q === '"' ? /(^|[^\\])(\\\\)*"/.exec(body) : /'/.exec(body));
      let c = close();
      let j = i;
      while (!c && j + 1 < src.length) {
        j++;
        body += "\n" + src[j];
        c = close();
      }
      if (!c) {
        notes.push({ line: lineNo, text: `line ${lineNo}: ${q} is never closed; ignored` });
        continue;
      }
      const endAt = q === '"' ? c.index + c[0].length - 1 : c.index;
      const value = q === '"' ? unquoteDouble(body.slice(0, endAt)) : body.slice(0, endAt);
      i = j;
      set(name, value, start, i, prefix);
      const tail = body.slice(endAt + 1);
      if (!tail.trim() || /^\s+#/.test(tail)) continue;
      const more = shell && /^\s/.test(tail) ? shellAssignments(tail) : null;
      if (more?.length) for (const a of more) set(a.name, a.value, i, i, `${command}${a.name}=`);
      else notes.push({ line: i + 1, text: `line ${i + 1}: the text after the closing ${q} is not understood; ignored` });
    } else {
      // unquoted: up to a ` #` comment; on a shell line, `A=1 B=2` is two assignments
      const first = /^\S*/.exec(rest)[0];
      const more = shell && !/['"\\]/.test(first) ? shellAssignments(rest.slice(first.length)) : null;
      if (more?.length) {
        set(name, first, start, i, prefix);
        for (const a of more) set(a.name, a.value, i, i, `${command}${a.name}=`);
      } else set(name, rest.replace(/\s+#.*$/, "").trim(), start, i, prefix);
    }
  }
  return { env, lines, entries, notes };
}

/**
 * The shell assignments in `s` (` B=2 C="x y" # comment`), words quoted as the shell quotes
 * them, or null when `s` holds anything else (then it is not a list of assignments).
 */
function shellAssignments(s) {
  const out = [];
  let i = 0;
  const n = s.length;
  for (;;) {
    while (i < n && /\s/.test(s[i])) i++;
    if (i >= n || s[i] === "#") return out;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(s.slice(i));
    if (!m) return null;
    i += m[0].length;
    let v = "";
    while (i < n && !/\s/.test(s[i])) {
      const c = s[i];
      if (c === "'") {
        const j = s.indexOf("'", i + 1);
        if (j < 0) return null;
        v += s.slice(i + 1, j);
        i = j + 1;
      } else if (c === '"') {
        const r = /^"((?:[^"\\]|\\.)*)"/.exec(s.slice(i));
        if (!r) return null;
        v += unquoteDouble(r[1]);
        i += r[0].length;
      } else if (c === "\\" && i + 1 < n) {
        v += s[i + 1];
        i += 2;
      } else {
        v += c;
        i++;
      }
    }
    out.push({ name: m[1], value: v });
  }
}

/**
 * The 1-based line of `"name"` as a JSON key in `text` (followed by `:`), or 0. The last one:
 * of two equal keys JSON.parse (and Claude Code) keeps the last.
 */
export function jsonKeyLine(text, name) {
  const key = JSON.stringify(name).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  let last = -1;
  for (const m of text.matchAll(new RegExp(`${key}\\s*:`, "g"))) last = m.index;
  if (last < 0) last = text.lastIndexOf(JSON.stringify(name));
  return last < 0 ? 0 : text.slice(0, last).split("\n").length;
}

/** `text` without a leading UTF-8 byte order mark, which Claude Code skips in a settings file. */
export const withoutBom = (text) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** A settings layer's text as Claude Code reads it (a leading BOM skipped); throws when not JSON. */
export const parseSettingsText = (text) => JSON.parse(withoutBom(text));

/**
 * A settings layer that is not JSON, as the core names it (`settingsSyntax`: code
 * `SETTINGS_INVALID`, the line and column of the mistake, the fix), with its `line` for the
 * editor link. The layer is left out, as Claude Code ignores the file. `core` is the wasm module.
 */
export function settingsInvalidProblem(core, text, path) {
  const found = core.settingsSyntax(withoutBom(text), path);
  if (!found) return null;
  return { ...found.problem, line: found.line };
}

/** The 1-based line of INI key or section `name` in `text`, or 0. */
export function iniLine(text, name) {
  const lines = text.split("\n");
  const k = lines.findIndex((l) => {
    const t = l.trim();
    return t.startsWith(name) || t === `[${name}]` || t === `[profile ${name}]`;
  });
  return k + 1;
}

/**
 * Where to point a person for a problem: `{ field, line }` with `field` one of `env`,
 * `settings-<scope>`, `aws-config`, `aws-credentials`, or null when no input line says it.
 * @param problem  a core Problem ({ envVar?, file? })
 * @param state    { envText, envLines, settingsText: {scope: text}, awsConfig, awsCredentials }
 * @param vars     resolution.vars (where each variable's effective value came from)
 */
export function locateProblem(problem, state, vars) {
  const name = problem.envVar;
  const layerOfFile = (file) => LAYERS.find((l) => l.path === file);
  if (problem.line && problem.file && layerOfFile(problem.file)) {
    return { field: `settings-${layerOfFile(problem.file).scope}`, line: problem.line };
  }
  if (name) {
    const v = vars.find((x) => x.name === name);
    const src = v?.source;
    if (src?.kind === "settings") {
      const line = jsonKeyLine(state.settingsText[src.scope] ?? "", name);
      if (line) return { field: `settings-${src.scope}`, line };
    }
    if (src?.kind === "process" && state.envLines[name]) return { field: "env", line: state.envLines[name] };
    // the problem's file first, then anywhere the name is written
    const layer = problem.file && layerOfFile(problem.file);
    if (layer) {
      const line = jsonKeyLine(state.settingsText[layer.scope] ?? "", name);
      if (line) return { field: `settings-${layer.scope}`, line };
    }
    if (state.envLines[name]) return { field: "env", line: state.envLines[name] };
    for (const l of [...LAYERS].reverse()) {
      const line = jsonKeyLine(state.settingsText[l.scope] ?? "", name);
      if (line) return { field: `settings-${l.scope}`, line };
    }
    // The variable is not set (MTLS_INCOMPLETE, AWS_KEYS_INCOMPLETE: "X is set but Y is not"):
    // the line of a variable the message names that is set, its partner.
    if (!problem.partnerOf) {
      for (const [other] of String(problem.message ?? "").matchAll(/\b[A-Z][A-Z0-9_]*_[A-Z0-9_]+\b/g)) {
        if (other === name || !(vars.some((x) => x.name === other) || state.envLines[other])) continue;
        const at = locateProblem({ envVar: other, file: problem.file, partnerOf: name }, state, vars);
        if (at) return at;
      }
    }
  }
  if (problem.file) {
    const layer = layerOfFile(problem.file);
    if (layer) return { field: `settings-${layer.scope}`, line: 1 };
    if (/credentials$/.test(problem.file)) return { field: "aws-credentials", line: 1 };
    if (/config$/.test(problem.file)) {
      const prof = /AWS_PROFILE=([^\s]+)/.exec(state.envText)?.[1];
      return { field: "aws-config", line: (prof && iniLine(state.awsConfig, prof)) || 1 };
    }
  }
  return null;
}

// ---------------------------------------------------------------- share link

function b64urlEncode(str) {
  const bytes = new TextEncoder().encode(str);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function b64urlDecode(s) {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/**
 * The env block with every secret value replaced (`shareable(name, value)` decides: the core's
 * `shareableConfigValue`). Only what the parser understood is shared, each assignment rebuilt
 * from its parsed value: comments (trailing ones too), and lines that are not an assignment (an
 * unclosed quote, `KEY: value`), can hold a secret no rule recognizes, so they are left out and
 * counted in a closing comment. `replaced(name)` is told of each value that was changed.
 */
export function shareableEnvText(text, shareable, replaced = () => {}) {
  const src = text.replace(/\r\n?/g, "\n").split("\n");
  const { entries } = parseEnvBlock(text);
  const out = [];
  let next = 0;
  let dropped = 0;
  const keepBlank = (from, to) => {
    for (const l of src.slice(from, to)) {
      if (l.trim()) dropped++;
      else out.push(l);
    }
  };
  for (const e of entries) {
    keepBlank(next, e.start);
    // Rebuilt from the parsed value, not copied: the line may end in a comment.
    const safe = shareable(e.name, e.value);
    if (safe !== e.value) replaced(e.name);
    const quote = /\$env:/i.test(e.prefix) || /[\s#"'\\<>|&;]/.test(safe) ? JSON.stringify(safe) : safe;
    out.push(e.prefix + quote);
    next = e.end + 1;
  }
  keepBlank(next, src.length);
  while (out.length && !out[out.length - 1].trim()) out.pop();
  if (dropped) out.push(`# (${dropped} line${dropped === 1 ? "" : "s"} not shared: comments and lines that are not NAME=value)`);
  return out.join("\n");
}

/** The settings keys the core reads besides `env`: commands (masked) and the model. */
const SHARED_SETTINGS_KEYS = ["apiKeyHelper", "awsCredentialExport", "awsAuthRefresh", "gcpAuthRefresh", "otelHeadersHelper", "model"];

/** The settings objects the core reads, whose string values are model IDs (kept as they are). */
const SHARED_SETTINGS_MAPS = ["modelOverrides"];

/** A JSON value that is not a string, kept only as its kind: it may hold anything. */
function emptyOfKind(v) {
  return Array.isArray(v) ? [] : v !== null && typeof v === "object" ? {} : typeof v === "string" ? "" : v;
}

/**
 * A settings file's text as shared: the keys the core reads, secret values replaced (commands
 * masked), other keys left out (they can hold secrets no rule knows, such as MCP server
 * headers); unparsable text is dropped (a leading BOM is skipped, as Claude Code skips it).
 * Always re-serialized: the original text can hold a duplicate key that JSON.parse dropped.
 * An `env` key written with its value (`"NAME=value"`) keeps only the name. `replaced(name)` is
 * told of each value that was changed.
 */
export function shareableSettingsText(text, shareable, replaced = () => {}) {
  if (!text.trim()) return "";
  let doc;
  try {
    doc = parseSettingsText(text);
  } catch {
    return "";
  }
  const changed = (name, from, to) => {
    if (JSON.stringify(from) !== JSON.stringify(to)) replaced(name);
    return to;
  };
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return JSON.stringify(emptyOfKind(doc));
  const out = {};
  if ("env" in doc) {
    const env = doc.env;
    if (env && typeof env === "object" && !Array.isArray(env)) {
      out.env = {};
      for (const [k0, v] of Object.entries(env)) {
        // `"NAME=value"` as a key (a shell line pasted whole): the value part can be a secret.
        const eq = k0.indexOf("=");
        const k = eq >= 0 && k0.slice(eq + 1).trim() ? `${k0.slice(0, eq + 1)}<redacted>` : k0;
        const name = eq >= 0 ? k0.slice(0, eq).trim() : k0;
        if (k !== k0) replaced(name);
        // A number or boolean is kept where the variable is not secret (it is then shown in
        // the core's "quote the value" help anyway); a secret one becomes 0 or false, still
        // not a string, so it still means what it meant: a value Claude Code ignores.
        const asText = typeof v === "number" || typeof v === "boolean" ? String(v) : null;
        out.env[k] = changed(name, v,
          typeof v === "string" ? shareable(k0, v)
          : asText !== null ? (shareable(k0, asText) === asText ? v : typeof v === "number" ? 0 : false)
          : emptyOfKind(v));
      }
    } else out.env = emptyOfKind(env);
  }
  for (const k of SHARED_SETTINGS_KEYS) {
    if (!(k in doc)) continue;
    out[k] = changed(k, doc[k], typeof doc[k] === "string" ? shareable(k, doc[k]) : emptyOfKind(doc[k]));
  }
  for (const k of SHARED_SETTINGS_MAPS) {
    if (!(k in doc)) continue;
    const map = doc[k];
    out[k] = changed(k, map,
      map && typeof map === "object" && !Array.isArray(map)
        ? Object.fromEntries(Object.entries(map).map(([id, v]) => [id, typeof v === "string" ? v : emptyOfKind(v)]))
        : emptyOfKind(map));
  }
  return JSON.stringify(out, null, 2);
}

/**
 * An AWS INI file as shared: section headers, blank lines and `key = value` lines with secret
 * values replaced; comments (a trailing ` #`/` ;` one too, as the AWS SDKs read it) and other
 * lines are left out. `replaced(name)` is told of each value that was changed.
 */
export function shareableIniText(text, shareable, replaced = () => {}) {
  const out = [];
  for (const l of text.replace(/\r\n?/g, "\n").split("\n")) {
    const m = /^(\s*)([A-Za-z0-9_.-]+)(\s*[=:]\s*)(.*)$/.exec(l);
    if (m) {
      const value = m[4].replace(/\s+[#;].*$/, "");
      const safe = shareable(m[2], value);
      if (safe !== value) replaced(m[2]);
      out.push(`${m[1]}${m[2]}${m[3]}${safe}`);
    } else if (!l.trim()) out.push(l);
    else {
      // A section header without what follows it (a comment).
      const section = /^\s*\[[^\]]*\]/.exec(l);
      if (section) out.push(section[0]);
    }
  }
  return out.join("\n");
}

/** Where each shared text came from, as the share note names it. */
export const FIELD_NAMES = {
  env: "Environment",
  "aws-config": "~/.aws/config",
  "aws-credentials": "~/.aws/credentials",
  ...Object.fromEntries(LAYERS.map(({ scope }) => [`settings-${scope}`, `${scope} settings`])),
};

/**
 * The URL fragment for `inputs` (never the test credentials; values replaced by `shareable`, the
 * core's `shareableConfigValue`). It lists the variables whose values were replaced (`replaced`:
 * `{ field, name }`), so the page it opens says so.
 * @param inputs { env, settings: {scope: text}, awsConfig, awsCredentials, body, stream, betas, time }
 */
export function encodeShare(inputs, shareable) {
  const replaced = [];
  const note = (field) => (name) => {
    if (!replaced.some((r) => r.field === field && r.name === name)) replaced.push({ field, name });
  };
  const env = shareableEnvText(inputs.env, shareable, note("env"));
  const settings = {};
  for (const { scope } of LAYERS) {
    const t = shareableSettingsText(inputs.settings[scope] ?? "", shareable, note(`settings-${scope}`));
    if (t) settings[scope] = t;
  }
  const doc = {
    v: 1,
    env,
    settings,
    awsConfig: shareableIniText(inputs.awsConfig ?? "", shareable, note("aws-config")),
    awsCredentials: shareableIniText(inputs.awsCredentials ?? "", shareable, note("aws-credentials")),
    body: inputs.body ?? "",
    stream: !!inputs.stream,
    betas: inputs.betas ?? "",
    time: inputs.time ?? "",
    replaced,
  };
  return "#s=" + b64urlEncode(JSON.stringify(doc));
}

/**
 * The inputs of a fragment made by `encodeShare`, or null. A link that does not say otherwise
 * asks for a streaming request (Claude Code's main call streams) and leaves `betas` undefined
 * (the page's default then applies).
 */
export function decodeShare(hash) {
  const m = /^#?s=([A-Za-z0-9_-]+)$/.exec(hash);
  if (!m) return null;
  try {
    const doc = JSON.parse(b64urlDecode(m[1]));
    if (doc.v !== 1) return null;
    const replaced = (Array.isArray(doc.replaced) ? doc.replaced : [])
      .filter((r) => r && typeof r.name === "string" && Object.hasOwn(FIELD_NAMES, r.field))
      .map((r) => ({ field: r.field, name: r.name.slice(0, 200) }));
    return {
      env: String(doc.env ?? ""),
      settings: Object.fromEntries(LAYERS.map(({ scope }) => [scope, String(doc.settings?.[scope] ?? "")])),
      awsConfig: String(doc.awsConfig ?? ""),
      awsCredentials: String(doc.awsCredentials ?? ""),
      body: String(doc.body ?? ""),
      stream: typeof doc.stream === "boolean" ? doc.stream : true,
      betas: typeof doc.betas === "string" ? doc.betas : undefined,
      time: String(doc.time ?? ""),
      replaced,
    };
  } catch {
    return null;
  }
}

/** The betas typed in the page's betas field (separated by commas or spaces). */
export const parseBetas = (text) => String(text ?? "").split(/[\s,]+/).filter(Boolean);

/** The signing time: ISO text (UTC) or empty for now. NaN when unreadable. */
export function parseTime(text, now = Date.now()) {
  const t = text.trim();
  if (!t) return now;
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t}Z`);
}

// ---------------------------------------------------------------- stream format

/**
 * What a captured response body looks like: `"sse"` (text whose first line is an SSE field:
 * `event:`, `data:`, `id:`, `retry:` or a `:` comment), `"event-stream"` (AWS event-stream: a
 * 12-byte prelude whose total length covers the headers and the 16 bytes of prelude and CRC),
 * or null. Named as the core's `StreamDecoder.format` names them.
 */
export function sniffStreamFormat(bytes) {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  const head = new TextDecoder().decode(bytes.subarray(i, i + 8));
  if (/^(?:event:|data:|id:|retry:|:)/.test(head)) return "sse";
  if (bytes.length >= 12) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const total = view.getUint32(0);
    const headers = view.getUint32(4);
    if (total >= 16 && total <= 16 * 1024 * 1024 && headers <= total - 16) return "event-stream";
  }
  return null;
}

/** The format a provider's streaming response comes in (Bedrock's Invoke API: event-stream). */
export const providerStreamFormat = (provider) => (provider === "bedrock" ? "event-stream" : "sse");

// ---------------------------------------------------------------- credentials help

/** The page's test credential fields, by the core's `credentials` key. */
export const CREDENTIAL_FIELDS = {
  aws: { id: "cred-aws-id", label: "AWS access key ID and AWS secret access key" },
  googleAccessToken: { id: "cred-google", label: "Google access token" },
  azureAccessToken: { id: "cred-azure", label: "Microsoft Entra ID token" },
  apiKeyHelper: { id: "cred-helper", label: "apiKeyHelper output" },
};

/**
 * The core's fix for missing runtime credentials speaks of its API (`pass it as
 * credentials.googleAccessToken`); on the page it is the Test credentials section.
 * @returns {{ text: string, field: string | null }} the fix in the page's words, and the id of
 *   the field to fill in (null when the fix names none).
 */
export function pageCredentialHelp(help) {
  let field = null;
  const text = String(help ?? "").replace(
    /pass (it|them|its output) as `?credentials\.(aws|googleAccessToken|azureAccessToken|apiKeyHelper)`?/,
    (_, what, key) => {
      field = CREDENTIAL_FIELDS[key].id;
      const verb = what === "them" ? "enter them" : `paste ${what}`;
      return `${verb} under Test credentials on this page (${CREDENTIAL_FIELDS[key].label})`;
    },
  );
  return { text, field };
}
