/**
 * An upgrade check's findings as one report: sorted (breaking first, then by where they were
 * found), counted, and written as JSON (`berth upgrade-check --output json`), a text table or
 * a Markdown document (the editor's report). Names come from files and clusters: in Markdown
 * they are escaped, so they show as text and never as links, images or HTML.
 */
import type { Range } from 'vscode-languageserver-types';
import type { FindingSource, UpgradeFinding } from './finding';

/** Where the check looked, for the summary. */
export interface UpgradeScope {
  /** Workspace files read. */
  readonly files?: number;
  /** The live cluster: its context and kube-apiserver version. */
  readonly cluster?: { readonly context: string; readonly serverVersion?: string; readonly objects: number; readonly helmReleases: number; readonly nodes: number };
  /** What could not be checked, and why (a list the identity may not make, a release too large). */
  readonly notes?: readonly string[];
}

export interface UpgradeSummary {
  readonly target: string;
  readonly findings: number;
  readonly breaking: number;
  readonly warnings: number;
  readonly bySource: Readonly<Record<FindingSource, number>>;
  readonly files?: number;
  readonly cluster?: UpgradeScope['cluster'];
  readonly notes: readonly string[];
}

export interface UpgradeReport {
  readonly findings: readonly UpgradeFinding[];
  readonly summary: UpgradeSummary;
}

const SOURCE_ORDER: Readonly<Record<FindingSource, number>> = { workspace: 0, helm: 1, cluster: 2 };

export function upgradeReport(target: string, findings: readonly UpgradeFinding[], scope: UpgradeScope = {}): UpgradeReport {
  const sorted = [...findings].sort(
    (a, b) =>
      Number(a.severity !== 'breaking') - Number(b.severity !== 'breaking') ||
      SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source] ||
      compareText(a.file ?? '', b.file ?? '') ||
      (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0) ||
      compareText(objectLabel(a), objectLabel(b)),
  );
  const bySource: Record<FindingSource, number> = { workspace: 0, cluster: 0, helm: 0 };
  for (const finding of sorted) bySource[finding.source]++;
  const breaking = sorted.filter((f) => f.severity === 'breaking').length;
  return {
    findings: sorted,
    summary: {
      target,
      findings: sorted.length,
      breaking,
      warnings: sorted.length - breaking,
      bySource,
      ...(scope.files === undefined ? {} : { files: scope.files }),
      ...(scope.cluster === undefined ? {} : { cluster: scope.cluster }),
      notes: [...(scope.notes ?? [])],
    },
  };
}

/** `{"findings":[{file, range, object, source, …, message}], "summary":{…}}`: where first, then what, then the fix. */
export function reportJson(report: UpgradeReport): string {
  const findings = report.findings.map((f) => ({
    ...(f.file === undefined ? {} : { file: f.file }),
    ...(f.range === undefined ? {} : { range: f.range }),
    ...(f.object === undefined ? {} : { object: f.object }),
    source: f.source,
    ...(f.release === undefined ? {} : { release: f.release }),
    severity: f.severity,
    code: f.code,
    ...(f.deprecatedIn === undefined ? {} : { deprecatedIn: f.deprecatedIn }),
    ...(f.removedIn === undefined ? {} : { removedIn: f.removedIn }),
    ...(f.replacement === undefined ? {} : { replacement: f.replacement }),
    message: f.message,
  }));
  return JSON.stringify({ findings, summary: report.summary }, null, 2) + '\n';
}

/** "PodDisruptionBudget shop/web", "Node kw-1", or "" for a finding about no object. */
export function objectLabel(finding: UpgradeFinding): string {
  const o = finding.object;
  if (!o) return '';
  const name = o.name === undefined ? '(unnamed)' : `${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
  return `${o.kind} ${name}`;
}

/** "deploy/pdb.yaml:3", "Helm shop/web r2 (chart/templates/pdb.yaml:3)", "cluster". */
export function whereLabel(finding: UpgradeFinding): string {
  const line = finding.range ? `:${finding.range.start.line + 1}` : '';
  if (finding.source === 'helm' && finding.release) {
    const r = finding.release;
    return `Helm ${r.namespace}/${r.name} r${r.revision}${finding.file ? ` (${finding.file})` : ''}`;
  }
  if (finding.source === 'workspace' && finding.file) return `${finding.file}${line}`;
  return 'cluster';
}

/** One line per finding, for a terminal: severity, where, object, message. */
export function reportText(report: UpgradeReport): string {
  const rows = report.findings.map((f) => [f.severity === 'breaking' ? 'BREAKING' : 'warning', whereLabel(f), objectLabel(f) || '-', f.message]);
  const lines: string[] = [];
  if (rows.length > 0) {
    const table = [['SEVERITY', 'WHERE', 'OBJECT', 'PROBLEM AND FIX'], ...rows];
    const widths = [0, 1, 2].map((column) => Math.max(...table.map((row) => row[column]!.length)));
    for (const row of table) lines.push(row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '));
    lines.push('');
  }
  lines.push(summaryLine(report));
  for (const note of report.summary.notes) lines.push(`note: ${note}`);
  return lines.join('\n') + '\n';
}

export interface MarkdownOptions {
  /** A link target for a file position (the editor opens it); none: the place is plain text. */
  readonly link?: (file: string, range: Range | undefined) => string | undefined;
}

export function reportMarkdown(report: UpgradeReport, options: MarkdownOptions = {}): string {
  const { summary } = report;
  const lines = [`# Upgrade check: Kubernetes ${text(summary.target)}`, '', text(summaryLine(report)), ''];
  const section = (title: string, findings: readonly UpgradeFinding[]): void => {
    if (findings.length === 0) return;
    lines.push(`## ${title}`, '', '| where | object | API version | problem and fix |', '| --- | --- | --- | --- |');
    for (const f of findings) {
      const where = text(whereLabel(f));
      const target = f.file && f.source === 'workspace' ? options.link?.(f.file, f.range) : undefined;
      const place = target ? `[${where}](<${target.replace(/[<>\s]/g, encodeURIComponent)}>)` : where;
      lines.push(`| ${place} | ${text(objectLabel(f)) || '–'} | ${f.object ? code(f.object.apiVersion) : '–'} | ${text(f.message)} |`);
    }
    lines.push('');
  };
  section('Breaking', report.findings.filter((f) => f.severity === 'breaking'));
  section('Warnings', report.findings.filter((f) => f.severity !== 'breaking'));
  if (summary.findings === 0) lines.push('Nothing found that the upgrade would break.', '');
  if (summary.notes.length > 0) {
    lines.push('## Not checked', '');
    for (const note of summary.notes) lines.push(`- ${text(note)}`);
    lines.push('');
  }
  lines.push(
    'Live objects count once each, by the API version they were last applied with (the `kubectl.kubernetes.io/last-applied-configuration` annotation, as pluto reads it, or a server-side apply\'s managed fields): the server converts every stored object to each version it serves, so the version an object is listed at says nothing. Objects created without either keep no trace of the version their author used.',
    '',
  );
  return lines.join('\n');
}

function summaryLine(report: UpgradeReport): string {
  const s = report.summary;
  const scope: string[] = [];
  if (s.files !== undefined) scope.push(`${s.files} workspace file${s.files === 1 ? '' : 's'}`);
  if (s.cluster) {
    const c = s.cluster;
    scope.push(`context ${c.context}${c.serverVersion ? ` (Kubernetes ${c.serverVersion})` : ''}: ${c.objects} objects, ${c.helmReleases} Helm releases, ${c.nodes} nodes`);
  }
  const counts = `${s.breaking} breaking, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}`;
  return `Upgrade to Kubernetes ${s.target}: ${counts}${scope.length > 0 ? ` in ${scope.join(' and ')}` : ''}.`;
}

/** Punctuation is backslash-escaped and line breaks flattened, so the text renders as exactly itself. */
function text(value: string): string {
  return value.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

function code(value: string): string {
  // A table cell ends at an unescaped pipe, even inside a code span.
  const line = value.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').replace(/\|/g, '\\|');
  const fence = '`'.repeat(Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  return `${fence} ${line} ${fence}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
