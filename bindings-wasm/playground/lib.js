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

/** The text of bash's ANSI-C quoting (`$'…'`) with its escapes decoded. */
function unquoteAnsiC(s) {
  const simple = { a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", "'": "'", '"': '"', "?": "?" };
  return s.replace(/\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{1,4})|U([0-9A-Fa-f]{1,8})|c(.)|(.))/gs, (all, oct, hex, u4, u8, ctl, ch) => {
    if (oct) return String.fromCharCode(parseInt(oct, 8) & 0xff);
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    const cp = u4 ?? u8;
    if (cp) {
      const n = parseInt(cp, 16);
      return n <= 0x10ffff ? String.fromCodePoint(n) : all;
    }
    if (ctl) return String.fromCharCode(ctl.charCodeAt(0) & 0x1f);
    return simple[ch] ?? all;
  });
}

// A `$NAME`, `${…}`, `$(…)` or backquoted command, which bash would expand (and the page does not).
const EXPANSION = /(^|[^\\])(\$[A-Za-z_{(]|`)/;

/**
 * One shell word of `t` from `p` (a non-blank character), as bash reads it: quotes (`'…'`,
 * `"…"`, `$'…'`), backslash escapes and line continuations (a backslash before a line break,
 * removed). Ends before an unquoted blank, line break or one of `;&|`; `<>()` end it only as its
 * first character (an operator there), and are kept inside a word (`x(y)`, which bash refuses):
 * the share link writes such a value unquoted and must read it back the same.
 * @returns {{ value: string, end: number, quote: string, plain: boolean, expands: boolean,
 *   dotenvEscapes: boolean, unclosed?: { quote: string, at: number } }}
 *   `quote`: the quote the word ends with ("" when it ends unquoted); `plain`: no quote or
 *   backslash in it; `dotenvEscapes`: `\n`, `\r` or `\t` inside double quotes (read as a line
 *   break or tab, as dotenv does, where bash keeps the backslash).
 */
function shellWord(t, p) {
  const first = p;
  let value = "";
  let quote = "";
  let plain = true;
  let expands = false;
  let dotenvEscapes = false;
  const n = t.length;
  while (p < n) {
    const c = t[p];
    if (/[\s;&|]/.test(c) || (p === first && /[<>()]/.test(c))) break;
    if (c === "\\") {
      plain = false;
      quote = "";
      if (t[p + 1] === "\n") p += 2;
      else if (p + 1 < n) {
        value += t[p + 1];
        p += 2;
      } else {
        value += c;
        p++;
      }
    } else if (c === "'") {
      const j = t.indexOf("'", p + 1);
      if (j < 0) return { value, end: n, quote, plain: false, expands, dotenvEscapes, unclosed: { quote: "'", at: p } };
      value += t.slice(p + 1, j);
      p = j + 1;
      quote = "'";
      plain = false;
    } else if (c === "$" && t[p + 1] === "'") {
      let k = p + 2;
      while (k < n && t[k] !== "'") k += t[k] === "\\" ? 2 : 1;
      if (k >= n) return { value, end: n, quote, plain: false, expands, dotenvEscapes, unclosed: { quote: "$'", at: p } };
      value += unquoteAnsiC(t.slice(p + 2, k));
      p = k + 1;
      quote = "'";
      plain = false;
    } else if (c === '"' || (c === "$" && t[p + 1] === '"')) {
      const open = c === "$" ? p + 1 : p;
      let k = open + 1;
      while (k < n && t[k] !== '"') k += t[k] === "\\" ? 2 : 1;
      if (k >= n) return { value, end: n, quote, plain: false, expands, dotenvEscapes, unclosed: { quote: '"', at: p } };
      const raw = t.slice(open + 1, k).replace(/\\\n/g, "");
      if (EXPANSION.test(raw)) expands = true;
      if (/(^|[^\\])(\\\\)*\\[nrt]/.test(raw)) dotenvEscapes = true;
      value += unquoteDouble(raw);
      p = k + 1;
      quote = '"';
      plain = false;
    } else {
      if (c === "`" || (c === "$" && /[A-Za-z_{(]/.test(t[p + 1] ?? ""))) expands = true;
      value += c;
      quote = "";
      p++;
    }
  }
  return { value, end: p, quote, plain, expands, dotenvEscapes };
}

/** `p` past blanks and line continuations (a backslash before a line break). */
function skipBlanks(t, p) {
  for (;;) {
    if (t[p] === " " || t[p] === "\t") p++;
    else if (t[p] === "\\" && t[p + 1] === "\n") p += 2;
    else return p;
  }
}

/**
 * Reads an env block: dotenv (`NAME=value`), shell (`export NAME=value`, `export NAME="…"`),
 * PowerShell (`$env:NAME = "value"`), cmd (`set NAME=value`) and csh (`setenv NAME value`)
 * lines. Comments (`#`) and blank lines are skipped; a double- or single-quoted value may span
 * lines. A later line wins. Shell lines are read as bash reads them: several assignments on a
 * line (`export A=1 B=2`), commands joined by `;` or `&&`, a backslash at the end of a line
 * continuing it, `'…'`, `"…"` and `$'…'` quoting and backslash escapes. Two exceptions, each
 * noted: `\n`, `\r` and `\t` inside double quotes are a line break and tabs, as dotenv reads them
 * (bash keeps the backslash), and `$NAME`, `${…}`, `$(…)` are taken as written. A dotenv value
 * may hold blanks (`NAME=two words`).
 * @returns {{ env: Record<string,string>, lines: Record<string,number>,
 *   entries: {name:string, value:string, start:number, end:number, prefix:string}[],
 *   notes: {line:number, text:string}[] }}
 *   `lines`: the 1-based line each variable was (last) set on; `entries`: every assignment with
 *   its 0-based first and last line and the text before its value; `notes`: what was not
 *   understood (each names its line), and what is read otherwise than bash would.
 */
export function parseEnvBlock(text) {
  const env = {};
  const lines = {};
  const entries = [];
  const notes = [];
  const t = text.replace(/\r\n?/g, "\n");
  const starts = [0];
  for (let k = t.indexOf("\n"); k >= 0; k = t.indexOf("\n", k + 1)) starts.push(k + 1);
  /** 0-based line of position `p`. */
  const lineOf = (p) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= p) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  /** Position of the line break ending the line of `p` (or the text's end). */
  const eol = (p) => {
    const k = t.indexOf("\n", p);
    return k < 0 ? t.length : k;
  };
  const note = (line0, text) => notes.push({ line: line0 + 1, text: `line ${line0 + 1}${text}` });
  const set = (name, value, start, end, prefix) => {
    env[name] = value;
    lines[name] = start + 1;
    entries.push({ name, value, start, end, prefix });
  };

  let p = 0;
  let afterSeparator = "";
  while (p < t.length) {
    p = skipBlanks(t, p);
    if (p >= t.length) break;
    if (t[p] === "\n") {
      p++;
      afterSeparator = "";
      continue;
    }
    if (t[p] === "#") {
      p = eol(p);
      continue;
    }
    const line0 = lineOf(p);
    const rest = t.slice(p, eol(p));

    // PowerShell, cmd and csh: one assignment, the value up to the end of the line (or a quoted
    // value, which may span lines).
    const other =
      /^(\$env:([A-Za-z_][A-Za-z0-9_]*)\s*=\s*)/i.exec(rest) ||
      /^(set\s+([A-Za-z_][A-Za-z0-9_]*)\s*=\s*)/.exec(rest) ||
      /^(setenv\s+([A-Za-z_][A-Za-z0-9_]*)\s+)/.exec(rest);
    if (other && !afterSeparator) {
      const [prefix, , name] = other;
      const powershell = prefix.startsWith("$");
      const v = p + prefix.length;
      const q = t[v];
      if (q === '"' || q === "'") {
        // the closing quote (in double quotes, one a backslash does not escape)
        let at = v + 1;
        while (at < t.length && t[at] !== q) at += q === '"' && t[at] === "\\" ? 2 : 1;
        if (at >= t.length) {
          note(line0, `: ${q} is never closed; ignored`);
          p = eol(p) + 1;
          continue;
        }
        const body = t.slice(v + 1, at);
        set(name, q === '"' ? unquoteDouble(body) : body, line0, lineOf(at), prefix);
        const tail = t.slice(at + 1, eol(at));
        if (powershell && /^\s*;/.test(tail)) {
          p = at + 1 + tail.indexOf(";") + 1;
          continue;
        }
        if (tail.trim() && !/^\s+#/.test(tail)) note(lineOf(at), `: the text after the closing ${q} is not understood; ignored`);
        p = eol(at) + 1;
      } else {
        set(name, rest.slice(prefix.length).replace(/\s+#.*$/, "").trim(), line0, line0, prefix);
        p = eol(p) + 1;
      }
      continue;
    }

    // A shell command: `[export|declare -x] NAME=value [NAME=value…]`.
    const m = /^(?:(export|declare\s+-x)\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*/.exec(rest);
    const command = m?.[1] ? `${m[1]} ` : "";
    /** @type {{name?: string, start: number, word: ReturnType<typeof shellWord>}[]} */
    const words = [];
    let q = p;
    if (m) {
      q = p + m[0].length;
      // `NAME= # comment`: the value is empty
      const word = /\s$/.test(m[0]) && t[q] === "#"
        ? { value: "", end: q, quote: "", plain: true, expands: false, dotenvEscapes: false }
        : shellWord(t, q);
      words.push({ name: m[2], start: p, valueAt: q, word, prefix: m[0] });
      q = word.end;
    }
    // the other words of the command, up to a line break, `;`, `&&`, an operator or a comment
    let unclosed = words[0]?.word.unclosed;
    for (;;) {
      if (unclosed) break;
      q = skipBlanks(t, q);
      if (q >= t.length || /[\n;&|<>()#]/.test(t[q])) break;
      const a = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(t.slice(q, q + 300));
      const word = shellWord(t, a ? q + a[0].length : q);
      words.push({ name: a?.[1], start: q, valueAt: a ? q + a[0].length : q, word, prefix: a ? `${command}${a[0]}` : "" });
      unclosed = word.unclosed;
      q = word.end;
    }
    if (unclosed && m) {
      const at = lineOf(unclosed.at);
      note(at, `: ${unclosed.quote} is never closed; ignored`);
      p = eol(unclosed.at) + 1;
      afterSeparator = "";
      continue;
    }
    // how the command ends
    let next = q;
    let sep = "";
    if (t.startsWith("&&", q)) [next, sep] = [q + 2, "&&"];
    else if (t[q] === ";") [next, sep] = [q + 1, ";"];
    else if (q < t.length && /[&|<>()]/.test(t[q])) {
      const op = /^(\|\||[&|<>()])/.exec(t.slice(q))[0];
      note(lineOf(q), `: "${op}" is not understood; the rest of the line is ignored`);
      next = eol(q);
    }
    const where = afterSeparator ? `: the command after "${afterSeparator}" is not understood (not NAME=value); ignored` : ": not understood (not NAME=value); ignored";
    if (!m) {
      note(line0, where);
      if (unclosed) next = eol(p);
    } else {
      const rejected = words.findIndex((w) => !w.name);
      const first = words[0];
      if (rejected > 0 && !command && first.word.plain) {
        // dotenv: `NAME=two words`, the value up to a comment or the end of the command
        const raw = t.slice(first.valueAt, q).replace(/\\\n/g, "").replace(/\s+#.*$/s, "").trim();
        set(first.name, raw, line0, lineOf(Math.max(q - 1, p)), first.prefix);
        if (EXPANSION.test(raw)) note(line0, `: ${first.name}'s value has $… or \`…\` that the shell would expand; taken as written`);
      } else {
        for (const [k, w] of words.entries()) {
          if (!w.name) continue;
          if (rejected >= 0 && k > rejected) continue;
          const start = lineOf(w.start);
          set(w.name, w.word.value, start, lineOf(Math.max(w.word.end - 1, w.start)), w.prefix);
          if (w.word.expands) note(start, `: ${w.name}'s value has $… or \`…\` that the shell would expand; taken as written`);
          if (w.word.dotenvEscapes && command) note(start, `: ${w.name}'s value has \\n, \\r or \\t inside "…": read as a line break or tab, as dotenv does, where bash keeps the backslash (use $'…' for a line break in bash)`);
        }
        if (rejected > 0) {
          const prev = words[rejected - 1];
          const after = prev.word.quote ? `the closing ${prev.word.quote}` : `${prev.name}=…`;
          note(lineOf(words[rejected].start), `: the text after ${after} is not understood; ignored`);
        }
      }
    }
    p = next;
    afterSeparator = sep;
    if (!sep && t[p] === "#") p = eol(p);
  }
  return { env, lines, entries, notes };
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
 * or null: neither (plain text, a JSON error body, an HTTP capture's status line and headers,
 * which `splitHttpResponse` takes off). Named as the core's `StreamDecoder.format` names them.
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

/**
 * A response as `curl -i` prints it: a status line and headers (after any interim response, such
 * as `100 Continue` or a proxy's `200 Connection established`), a blank line, then the body.
 * @returns {{ status: number, headers: [string, string][], contentType: string, body: Uint8Array } | null}
 *   the last response's status and headers and the body after them, or null when `bytes` does
 *   not start with an HTTP status line.
 */
export function splitHttpResponse(bytes) {
  let at = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) at = 3;
  while (at < bytes.length && (bytes[at] === 0x0a || bytes[at] === 0x0d || bytes[at] === 0x20)) at++;
  let found = null;
  for (;;) {
    // the head is ASCII: read up to 16 KiB of it, one character a byte
    const head = new TextDecoder("latin1").decode(bytes.subarray(at, at + 16384));
    const status = /^HTTP\/[0-9.]+ +(\d{3})\b[^\r\n]*\r?\n/.exec(head);
    if (!status) return found;
    const end = /\r?\n\r?\n/.exec(head.slice(status[0].length - 1));
    const headEnd = end ? status[0].length - 1 + end.index : head.length;
    const headers = head
      .slice(status[0].length, headEnd)
      .split(/\r?\n/)
      .map((l) => /^([^:\s]+):[ \t]*(.*?)\s*$/.exec(l))
      .filter(Boolean)
      .map((m) => [m[1].toLowerCase(), m[2]]);
    at += end ? headEnd + end[0].length : head.length;
    found = {
      status: Number(status[1]),
      headers,
      contentType: headers.find(([n]) => n === "content-type")?.[1] ?? "",
      body: bytes.subarray(at),
    };
    if (!end) return found;
  }
}

/**
 * What a pasted or uploaded capture is: `format` as `sniffStreamFormat` says, of the body after
 * the status line and headers of a `curl -i` capture (`http`, else null); `base64`: the text
 * looks like base64 of an AWS event-stream (pasted without ticking "The pasted text is base64").
 * `format` null with `http` null and `base64` false: neither SSE nor an AWS event-stream.
 */
export function readCapture(bytes) {
  const http = splitHttpResponse(bytes);
  const body = http ? http.body : bytes;
  const format = sniffStreamFormat(body);
  let base64 = false;
  if (!format && !http && body.length >= 16) {
    const text = new TextDecoder().decode(body).replace(/\s+/g, "");
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
      try {
        base64 = sniffStreamFormat(Uint8Array.from(atob(text), (c) => c.charCodeAt(0))) === "event-stream";
      } catch {
        base64 = false;
      }
    }
  }
  return { format, body, http, base64 };
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
