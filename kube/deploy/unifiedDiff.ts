/**
 * Two texts as `diff -u` and `kubectl diff` print them, over the `diff` package's line diff.
 * Line ends are compared as lines (CRLF like LF, a missing final newline is no difference), and
 * hunk headers follow GNU diff: a one-line range has no count, an empty range is numbered by the
 * line before it.
 */
import { structuredPatch } from 'diff';

export interface UnifiedDiffOptions {
  /** Header names, e.g. "live/apps.v1.Deployment.shop.web". */
  readonly beforeLabel?: string;
  readonly afterLabel?: string;
  /** Unchanged lines shown around each change; default 3. */
  readonly context?: number;
}

function asLines(text: string): string {
  const lf = text.replace(/\r\n/g, '\n');
  return lf === '' || lf.endsWith('\n') ? lf : `${lf}\n`;
}

function range(start: number, count: number): string {
  const from = count === 0 ? start - 1 : start;
  return count === 1 ? String(from) : `${from},${count}`;
}

/**
 * `diff -u before after`: "" when the texts have the same lines, otherwise the ---/+++ header
 * and @@ hunks. An empty `before` is a file that does not exist yet (every line added).
 */
export function unifiedDiff(before: string, after: string, options: UnifiedDiffOptions = {}): string {
  const beforeLabel = options.beforeLabel ?? 'before';
  const afterLabel = options.afterLabel ?? 'after';
  const patch = structuredPatch(beforeLabel, afterLabel, asLines(before), asLines(after), undefined, undefined, { context: Math.max(0, options.context ?? 3) });
  if (patch.hunks.length === 0) return '';
  const out = [`--- ${beforeLabel}`, `+++ ${afterLabel}`];
  for (const hunk of patch.hunks) {
    out.push(`@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`, ...hunk.lines);
  }
  return out.join('\n') + '\n';
}
