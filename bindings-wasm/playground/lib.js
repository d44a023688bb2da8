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

/** The env block with every secret value replaced (`shareable(name, value)` decides). */
export function shareableEnvText(text, shareable) {
  const src = text.replace(/\r\n?/g, "\n").split("\n");
  const { entries } = parseEnvBlock(text);
  const out = [];
  let next = 0;
  for (const e of entries) {
    const safe = shareable(e.name, e.value);
    if (safe === e.value) continue;
    out.push(...src.slice(next, e.start));
    const quote = /\$env:/i.test(e.prefix) || /[\s#"'\\<>|&;]/.test(safe) ? JSON.stringify(safe) : safe;
    out.push(e.prefix + quote);
    next = e.end + 1;
  }
  out.push(...src.slice(next));
  return out.join("\n");
}

/** A settings file's text with secret `env` values replaced; unparsable text is dropped. */
export function shareableSettingsText(text, shareable) {
  if (!text.trim()) return "";
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return "";
  }
  let changed = false;
  if (doc && typeof doc === "object" && doc.env && typeof doc.env === "object") {
    for (const [k, v] of Object.entries(doc.env)) {
      if (typeof v !== "string") continue;
      const safe = shareable(k, v);
      if (safe !== v) {
        doc.env[k] = safe;
        changed = true;
      }
    }
  }
  return changed ? JSON.stringify(doc, null, 2) : text;
}

/** An AWS INI file with secret keys' values replaced. */
export function shareableIniText(text, shareable) {
  return text
    .split("\n")
    .map((l) => {
      const m = /^(\s*)([A-Za-z0-9_.-]+)(\s*=\s*)(.*)$/.exec(l);
      if (!m) return l;
      const safe = shareable(m[2], m[4]);
      return safe === m[4] ? l : `${m[1]}${m[2]}${m[3]}${safe}`;
    })
    .join("\n");
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
