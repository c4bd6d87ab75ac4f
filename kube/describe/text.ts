/** Small pieces of the describe Markdown: tables, label lists, ages, clipped values. Pure. */

export type Json = Record<string, unknown>;

export function get(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const key of path) v = v && typeof v === 'object' ? (v as Json)[key] : undefined;
  return v;
}

/** Link, image, HTML and code-span syntax, and the backslash that would undo an escape. Names stay readable: `-` and `.` are left alone. */
const ACTIVE_MARKDOWN = /[\\`[\]<>]/g;

/** Cluster data as Markdown text that renders as itself, on one line. */
export function markdownText(value: unknown): string {
  return String(value ?? '').replace(/\r?\n/g, ' ').replace(ACTIVE_MARKDOWN, '\\$&');
}

/** Cluster data as a code span that its own backticks cannot close early, on one line. */
export function codeSpan(value: unknown): string {
  const content = String(value ?? '').replace(/\r?\n/g, ' ');
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

export function labelsText(map: Record<string, string> | undefined): string {
  const entries = Object.entries(map ?? {});
  return entries.length === 0 ? '<none>' : entries.map(([k, v]) => codeSpan(`${k}=${v}`)).join(', ');
}

export function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

/** "42s", "5m", "3h", "2d". */
export function age(from: string | undefined, now: Date): string {
  if (!from) return '?';
  const seconds = Math.max(0, Math.floor((now.getTime() - Date.parse(from)) / 1000));
  if (Number.isNaN(seconds)) return '?';
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 120 * 60) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 48 * 3600) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

function cell(text: unknown): string {
  return String(text ?? '').replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim() || '-';
}

export function table(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}
