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
  /** Markdown for the tooltip. */
  tooltip: string;
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
  return { label: parts.join(' · '), level, icon, tooltip: tooltipOf(r, problems, ctx), errors, warnings };
}

/** Markdown-escapes text that comes from files or the environment. */
export function md(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => '\\' + c);
}

function tooltipOf(r: Resolution, problems: Problem[], ctx: StatusContext): string {
  const from = (s: Parameters<typeof sourceLabel>[0], name?: string | null) => md(sourceLabel(s, ctx.home, ctx.fromVsCode, name ?? undefined));
  const rows: [string, string][] = [];
  const sel = r.selectedBy;
  rows.push([
    'Provider',
    `**${md(SHORT_NAME[r.provider])}**${r.gateway ? ' via a gateway' : ''} — ${sel ? `${md(sel.envVar ?? '')}=${md(sel.value)} from ${from(sel.source, sel.envVar)}` : 'default (no CLAUDE\\_CODE\\_USE\\_\\* selector)'}`,
  ]);
  if (r.region) rows.push(['Region', `${md(r.region.value)} — ${r.region.envVar ? md(r.region.envVar) + ', ' : ''}${from(r.region.source, r.region.envVar)}`]);
  for (const [k, v] of [['Project', r.details.project], ['Resource', r.details.resource], ['Workspace', r.details.workspaceId]] as const) {
    if (v) rows.push([k, `${md(ctx.maskValue(v.envVar ?? k, v.value))} — ${from(v.source, v.envVar)}`]);
  }
  rows.push(['Endpoint', r.endpoint ? `${md(ctx.maskUrl(r.endpoint.baseUrl))} — ${from(r.endpoint.source, r.endpoint.envVar)}` : 'none (see the problems)']);
  const m = r.models;
  const slots = [['Model', m.main], ['Opus', m.opus], ['Sonnet', m.sonnet], ['Haiku', m.haiku], ['Small/fast', m.smallFast]] as const;
  for (const [k, c] of m.subagent ? [...slots, ['Subagents', m.subagent] as const] : slots) {
    rows.push([k, `\`${ctx.maskValue(c.envVar ?? 'model', c.id).replace(/`/g, "'")}\` — ${c.envVar ? md(c.envVar) + ', ' : ''}${from(c.source, c.envVar)}`]);
  }
  rows.push(['Auth', `${md(r.auth.summary)}${r.auth.source ? ` — ${from(r.auth.source)}` : ''}`]);
  const lines = ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
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
