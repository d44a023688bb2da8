// Where a variable is in a settings file, for diagnostics and "open at the line". Pure.
import { findNodeAtLocation, parseTree } from 'jsonc-parser';

export interface Span {
  /** 0-based line and character of the start; length in characters on that line. */
  line: number;
  character: number;
  length: number;
}

function spanAt(text: string, offset: number, length: number): Span {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart, length };
}

/**
 * The key `"NAME"` of `env.NAME` (or, without a name, the top-level `env` key, else the start
 * of the file). Never throws on broken JSON: it falls back to a text search, then line 0.
 */
export function locateVariable(text: string, name?: string): Span {
  const tree = parseTree(text);
  if (tree) {
    const node = name ? findNodeAtLocation(tree, ['env', name]) : findNodeAtLocation(tree, ['env']);
    const key = node?.parent?.children?.[0];
    if (key) return spanAt(text, key.offset, key.length);
  }
  if (name) {
    const i = text.indexOf(JSON.stringify(name));
    if (i >= 0) return spanAt(text, i, name.length + 2);
  }
  return { line: 0, character: 0, length: 0 };
}

/**
 * The editor span of a JSON mistake the core found (`settingsSyntax`: 1-based line, column in
 * characters), in the text without its BOM. VS Code counts UTF-16 units, so a character
 * outside the BMP before the mistake counts twice.
 */
export function syntaxSpan(text: string, line: number, column: number): Span {
  const lines = text.split('\n');
  const at = Math.min(Math.max(line - 1, 0), lines.length - 1);
  const before = Array.from(lines[at] ?? '').slice(0, Math.max(column - 1, 0));
  return { line: at, character: before.join('').length, length: 1 };
}
