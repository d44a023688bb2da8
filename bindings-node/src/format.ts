// Words for where a value came from, shared by the CLI and the VS Code extension. Pure (no
// native addon), so the extension's activation bundle can import it: `claude-provider/format`.
import type { Source } from '../types/index.js';

/** `/home/me/x` → `~/x`, for display. */
export function tildify(path: string, home: string): string {
  return home && (path === home || path.startsWith(home + '/')) ? '~' + path.slice(home.length) : path;
}

/** Where a value came from, in words. */
export function sourceLabel(s: Source, home: string): string {
  switch (s.kind) {
    case 'process':
      return 'process env';
    case 'settings':
      return s.path ? `${s.scope} settings (${tildify(s.path, home)})` : `${s.scope} settings`;
    case 'file':
      return tildify(s.path, home);
    case 'default':
      return 'default';
    case 'credentials':
      return 'credentials';
  }
}
