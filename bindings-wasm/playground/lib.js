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
    const rest = rest0.trimEnd();
    let value;
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
      value = q === '"' ? unquoteDouble(body.slice(0, endAt)) : body.slice(0, endAt);
      i = j;
    } else {
      // unquoted: up to a ` #` comment
      value = rest.replace(/\s+#.*$/, "").trim();
    }
    env[name] = value;
    lines[name] = lineNo;
    entries.push({ name, value, start, end: i, prefix });
  }
  return { env, lines, entries, notes };
}

/** The 1-based line of `"name"` as a JSON key in `text`, or 0. */
export function jsonKeyLine(text, name) {
  const i = text.indexOf(JSON.stringify(name));
  return i < 0 ? 0 : text.slice(0, i).split("\n").length;
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
 * The env block with every secret value replaced (`shareable(name, value)` decides). Only what
 * the parser understood is shared, each assignment rebuilt from its parsed value: comments
 * (trailing ones too), and lines that are not an assignment (an unclosed quote, `KEY: value`),
 * can hold a secret no rule recognizes, so they are left out and counted in a closing comment.
 */
export function shareableEnvText(text, shareable) {
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
 * headers); unparsable text is dropped. Always re-serialized: the original text can hold a
 * duplicate key that JSON.parse dropped.
 */
export function shareableSettingsText(text, shareable) {
  if (!text.trim()) return "";
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return "";
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return JSON.stringify(emptyOfKind(doc));
  const out = {};
  if ("env" in doc) {
    const env = doc.env;
    if (env && typeof env === "object" && !Array.isArray(env)) {
      out.env = {};
      for (const [k, v] of Object.entries(env)) {
        // A number or boolean is kept where the variable is not secret (it is then shown in
        // the core's "quote the value" help anyway); a secret one becomes 0 or false, still
        // not a string, so it still means what it meant: a value Claude Code ignores.
        const asText = typeof v === "number" || typeof v === "boolean" ? String(v) : null;
        out.env[k] =
          typeof v === "string" ? shareable(k, v)
          : asText !== null ? (shareable(k, asText) === asText ? v : typeof v === "number" ? 0 : false)
          : emptyOfKind(v);
      }
    } else out.env = emptyOfKind(env);
  }
  for (const k of SHARED_SETTINGS_KEYS) {
    if (!(k in doc)) continue;
    out[k] = typeof doc[k] === "string" ? shareable(k, doc[k]) : emptyOfKind(doc[k]);
  }
  for (const k of SHARED_SETTINGS_MAPS) {
    if (!(k in doc)) continue;
    const map = doc[k];
    out[k] =
      map && typeof map === "object" && !Array.isArray(map)
        ? Object.fromEntries(Object.entries(map).map(([id, v]) => [id, typeof v === "string" ? v : emptyOfKind(v)]))
        : emptyOfKind(map);
  }
  return JSON.stringify(out, null, 2);
}

/**
 * An AWS INI file as shared: section headers, blank lines and `key = value` lines with secret
 * values replaced; comments and other lines are left out.
 */
export function shareableIniText(text, shareable) {
  const out = [];
  for (const l of text.replace(/\r\n?/g, "\n").split("\n")) {
    const m = /^(\s*)([A-Za-z0-9_.-]+)(\s*[=:]\s*)(.*)$/.exec(l);
    if (m) {
      const safe = shareable(m[2], m[4]);
      out.push(safe === m[4] ? l : `${m[1]}${m[2]}${m[3]}${safe}`);
    } else if (!l.trim()) out.push(l);
    else {
      // A section header without what follows it (a comment).
      const section = /^\s*\[[^\]]*\]/.exec(l);
      if (section) out.push(section[0]);
    }
  }
  return out.join("\n");
}

/**
 * The URL fragment for `inputs` (never the test credentials; secrets replaced).
 * @param inputs { env, settings: {scope: text}, awsConfig, awsCredentials, body, stream, time, preset }
 */
export function encodeShare(inputs, shareable) {
  const settings = {};
  for (const { scope } of LAYERS) {
    const t = shareableSettingsText(inputs.settings[scope] ?? "", shareable);
    if (t) settings[scope] = t;
  }
  const doc = {
    v: 1,
    env: shareableEnvText(inputs.env, shareable),
    settings,
    awsConfig: shareableIniText(inputs.awsConfig ?? "", shareable),
    awsCredentials: shareableIniText(inputs.awsCredentials ?? "", shareable),
    body: inputs.body ?? "",
    stream: !!inputs.stream,
    time: inputs.time ?? "",
  };
  return "#s=" + b64urlEncode(JSON.stringify(doc));
}

/** The inputs of a fragment made by `encodeShare`, or null. */
export function decodeShare(hash) {
  const m = /^#?s=([A-Za-z0-9_-]+)$/.exec(hash);
  if (!m) return null;
  try {
    const doc = JSON.parse(b64urlDecode(m[1]));
    if (doc.v !== 1) return null;
    return {
      env: String(doc.env ?? ""),
      settings: Object.fromEntries(LAYERS.map(({ scope }) => [scope, String(doc.settings?.[scope] ?? "")])),
      awsConfig: String(doc.awsConfig ?? ""),
      awsCredentials: String(doc.awsCredentials ?? ""),
      body: String(doc.body ?? ""),
      stream: !!doc.stream,
      time: String(doc.time ?? ""),
    };
  } catch {
    return null;
  }
}

/** The signing time: ISO text (UTC) or empty for now. NaN when unreadable. */
export function parseTime(text, now = Date.now()) {
  const t = text.trim();
  if (!t) return now;
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t}Z`);
}
