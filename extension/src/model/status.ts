// The status bar item's text, state and tooltip for a resolution. Pure.
import type { Problem, Resolution } from 'claude-provider';
import { type MaskUrl, type MaskValue, modelLabel, SHORT_NAME, sourceLabel, tildify } from './labels.js';

export type Level = 'ok' | 'warning' | 'error';

export interface StatusView {
  /** e.g. `Bedrock · us-east-1 · opus` (no icon). */
  label: string;
  level: Level;
  /** Codicon for the level. */
  icon: string;
  /** Markdown for the tooltip (codicons, command links). */
  tooltip: string;
  /** The same facts and every problem as plain text, for "Show Status". */
  text: string;
  errors: number;
  warnings: number;
}

export interface StatusContext {
  home: string;
  showModel: boolean;
  /** Variables the process env got from `claudeCode.environmentVariables`. */
  fromVsCode?: ReadonlySet<string>;
  /** Files that could not be read (invalid JSON…), as problems. */
  loadProblems?: Problem[];
  /** The core's URL masker: every URL shown goes through it. */
  maskUrl: MaskUrl;
  /** The core's value masker (`shareableValue`): every other value shown goes through it, so a
   * credential pasted as a model or project (CREDENTIAL_IN_PLAIN_VARIABLE) is not shown. */
  maskValue: MaskValue;
  /** In a multi-root workspace, the folder whose project and local settings are read, of how many. */
  folder?: { name: string; path: string; of: number };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The facts that identify the route, most telling first. */
export function keyFacts(r: Resolution, maskUrl: MaskUrl, maskValue: MaskValue): string[] {
  const facts: string[] = [];
  const region = r.region?.value;
  switch (r.provider) {
    case 'anthropic':
      if (r.gateway && r.endpoint) facts.push(`gateway ${hostOf(maskUrl(r.endpoint.baseUrl))}`);
      break;
    case 'vertex':
    case 'anthropic-google-cloud':
      if (r.details.project) facts.push(maskValue('ANTHROPIC_VERTEX_PROJECT_ID', r.details.project.value));
      if (region) facts.push(region);
      break;
    case 'foundry':
      if (r.details.resource) facts.push(maskValue('ANTHROPIC_FOUNDRY_RESOURCE', r.details.resource.value));
      else if (r.endpoint) facts.push(hostOf(maskUrl(r.endpoint.baseUrl)));
      break;
    default:
      if (region) facts.push(region);
  }
  return facts;
}

export function statusView(r: Resolution, ctx: StatusContext): StatusView {
  const problems = [...(ctx.loadProblems ?? []), ...r.problems];
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  const level: Level = errors ? 'error' : warnings ? 'warning' : 'ok';
  const parts = [SHORT_NAME[r.provider], ...keyFacts(r, ctx.maskUrl, ctx.maskValue)];
  if (ctx.showModel) parts.push(modelLabel(r.models.main, ctx.maskValue));
  const icon = level === 'error' ? 'error' : level === 'warning' ? 'warning' : 'cloud';
  const label = parts.join(' · ');
  const rows = statusRows(r, ctx);
  return { label, level, icon, tooltip: tooltipOf(rows, problems, ctx), text: textOf(label, rows, problems, ctx), errors, warnings };
}

/**
 * Markdown-escapes text that comes from files or the environment. `:` too, so that a URL in
 * it is no autolink (an autolink shows the escapes inside it as backslashes).
 */
export function md(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>:]/g, (c) => '\\' + c);
}

/** A piece of a row: text, a code span (model IDs), or the provider's name (bold). */
type Seg = string | { code: string } | { strong: string };
interface Row {
  label: string;
  value: Seg[];
}

function statusRows(r: Resolution, ctx: StatusContext): Row[] {
  const from = (s: Parameters<typeof sourceLabel>[0], name?: string | null) => sourceLabel(s, ctx.home, ctx.fromVsCode, name ?? undefined);
  const rows: Row[] = [];
  const sel = r.selectedBy;
  rows.push({
    label: 'Provider',
    value: [{ strong: SHORT_NAME[r.provider] }, `${r.gateway ? ' via a gateway' : ''} — ${sel ? `${sel.envVar ?? ''}=${sel.value} from ${from(sel.source, sel.envVar)}` : 'default (no CLAUDE_CODE_USE_* selector)'}`],
  });
  if (r.region) rows.push({ label: 'Region', value: [`${r.region.value} — ${r.region.envVar ? r.region.envVar + ', ' : ''}${from(r.region.source, r.region.envVar)}`] });
  for (const [k, v] of [['Project', r.details.project], ['Resource', r.details.resource], ['Workspace', r.details.workspaceId]] as const) {
    if (v) rows.push({ label: k, value: [`${ctx.maskValue(v.envVar ?? k, v.value)} — ${from(v.source, v.envVar)}`] });
  }
  rows.push({ label: 'Endpoint', value: [r.endpoint ? `${ctx.maskUrl(r.endpoint.baseUrl)} — ${from(r.endpoint.source, r.endpoint.envVar)}` : 'none (see the problems)'] });
  const m = r.models;
  const slots = [['Model', m.main], ['Opus', m.opus], ['Sonnet', m.sonnet], ['Haiku', m.haiku], ['Small/fast', m.smallFast]] as const;
  for (const [k, c] of m.subagent ? [...slots, ['Subagents', m.subagent] as const] : slots) {
    const where = ` — ${c.envVar ? c.envVar + ', ' : ''}${from(c.source, c.envVar)}`;
    // An unusable ID resolves to no ID: show what was asked for, and that it is not used.
    const id = c.unusable || !c.id ? [{ code: ctx.maskValue(c.envVar ?? 'model', c.requested) }, ' unusable, not sent (see the problems)'] : [{ code: ctx.maskValue(c.envVar ?? 'model', c.id) }];
    rows.push({ label: k, value: [...id, where] });
  }
  if (ctx.folder) {
    rows.push({ label: 'Folder', value: [`${ctx.folder.name} (${tildify(ctx.folder.path, ctx.home)}) — the active editor's, of ${ctx.folder.of} workspace folders: its .claude/ settings are read and written`] });
  }
  rows.push({ label: 'Auth', value: [`${r.auth.summary}${r.auth.source ? ` — ${from(r.auth.source)}` : ''}`] });
  return rows;
}

const mdSeg = (s: Seg): string => (typeof s === 'string' ? md(s) : 'code' in s ? `\`${s.code.replace(/`/g, "'")}\`` : `**${md(s.strong)}**`);
const textSeg = (s: Seg): string => (typeof s === 'string' ? s : 'code' in s ? s.code : s.strong);

function tooltipOf(rows: Row[], problems: Problem[], ctx: StatusContext): string {
  const lines = ['| | |', '|---|---|', ...rows.map((row) => `| ${row.label} | ${row.value.map(mdSeg).join('')} |`)];
  if (problems.length) {
    lines.push('', `**${problems.length} problem${problems.length === 1 ? '' : 's'}**`, '');
    for (const p of problems.slice(0, 5)) {
      const mark = p.severity === 'error' ? '$(error)' : p.severity === 'warning' ? '$(warning)' : '$(info)';
      lines.push(`- ${mark} \`${p.code}\` ${md(p.message)} — *fix:* ${md(p.help)}${p.file ? ` (${md(tildify(p.file, ctx.home))})` : ''}`);
    }
    if (problems.length > 5) lines.push(`- … and ${problems.length - 5} more`);
  }
  lines.push('', '[$(arrow-swap) Switch](command:claudeProvider.switchProvider) · [$(checklist) Problems](command:claudeProvider.showProblems) · [$(plug) Test connection](command:claudeProvider.testConnection)');
  return lines.join('\n');
}

/** "Show Status": plain text (no codicons, links or escapes), every problem. */
function textOf(label: string, rows: Row[], problems: Problem[], ctx: StatusContext): string {
  const width = Math.max(...rows.map((row) => row.label.length)) + 2;
  const lines = [`Claude Provider: ${label}`, '', ...rows.map((row) => `${row.label.padEnd(width)}${row.value.map(textSeg).join('')}`)];
  lines.push('', problems.length ? `${problems.length} problem${problems.length === 1 ? '' : 's'}:` : 'No problems.');
  for (const p of problems) {
    lines.push('', `${p.severity.toUpperCase()} ${p.code}: ${p.message}`, `  fix: ${p.help}${p.file ? ` (${tildify(p.file, ctx.home)})` : ''}`);
  }
  return lines.join('\n') + '\n';
}
