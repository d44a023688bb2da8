// Dotenv files (`--dotenv FILE`). Node's util.parseEnv merges a line without `=` into the next
// key (`GARBAGE` then `export X=1` sets "GARBAGE\nexport X") and an indented comment into the
// next line, silently losing variables: this parser takes the same forms and rejects any other
// line, naming the file and the line (never its text, which may hold a secret).
import { UsageError } from './common.js';

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=[ \t]*(.*)$/;
const QUOTES = `"'\``;

/**
 * Parses a dotenv file: blank lines, `# comments`, `KEY=VALUE` and `export KEY=VALUE`. A value
 * may be quoted with `"`, `'` or a backtick, and a quoted value may span lines (`\n` in a
 * double-quoted value is a newline); an unquoted value is trimmed and a `#` after whitespace
 * starts a comment. Throws `DOTENV_INVALID` (file, line) for anything else.
 */
export function parseDotenv(text: string, file: string, flag = '--dotenv'): Record<string, string> {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/);
  const out: Record<string, string> = {};
  const invalid = (line: number, what: string) =>
    new UsageError(`${flag} ${file}:${line}: ${what}`, {
      code: 'DOTENV_INVALID',
      help: `Fix line ${line} of ${file}: each line must be KEY=VALUE, export KEY=VALUE, a # comment or blank (quote a value that spans lines).`,
      file,
      line,
    });
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const m = ASSIGNMENT.exec(line);
    if (!m) throw invalid(i + 1, 'not a KEY=VALUE line');
    const key = m[1]!;
    const rest = m[2]!;
    const q = rest.charAt(0);
    let value: string;
    if (q !== '' && QUOTES.includes(q)) {
      const start = i;
      let body = rest.slice(1);
      let close = body.indexOf(q);
      while (close < 0 && i + 1 < lines.length) {
        i++;
        const next = lines[i]!;
        const at = next.indexOf(q);
        close = at < 0 ? -1 : body.length + 1 + at;
        body += '\n' + next;
      }
      if (close < 0) throw invalid(start + 1, `the ${q === '`' ? 'backtick' : q === '"' ? 'double' : 'single'}-quoted value of ${key} is never closed`);
      const after = body.slice(close + 1).trim();
      if (after !== '' && !after.startsWith('#')) throw invalid(i + 1, `text after the closing quote of ${key}'s value`);
      value = body.slice(0, close);
      if (q === '"') value = value.replace(/\\n/g, '\n');
    } else {
      const comment = /\s#/.exec(rest);
      value = (comment ? rest.slice(0, comment.index) : rest).trim();
    }
    out[key] = value;
  }
  return out;
}
