/**
 * A line diff (Myers' O(ND) algorithm) and its unified-diff text, as `diff -u` and
 * `kubectl diff` print it. Pure; no dependency, so the CLI and the extension share it.
 */

export type LineEdit = { readonly op: 'same' | 'removed' | 'added'; readonly line: string };

/** The lines of a text; a final newline does not make an extra empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The shortest edit script turning `before` into `after`, as one entry per line (removals before
 * additions within a change, as diff prints them).
 */
export function diffLines(before: readonly string[], after: readonly string[]): LineEdit[] {
  // Common prefix and suffix cost nothing; Myers runs on what is left between them.
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  const a = before.slice(start, endBefore);
  const b = after.slice(start, endAfter);
  const middle = myers(a, b);
  return [
    ...before.slice(0, start).map((line) => ({ op: 'same' as const, line })),
    ...middle,
    ...before.slice(endBefore).map((line) => ({ op: 'same' as const, line })),
  ];
}

function myers(a: readonly string[], b: readonly string[]): LineEdit[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((line) => ({ op: 'added', line }));
  if (m === 0) return a.map((line) => ({ op: 'removed', line }));
  const max = n + m;
  const offset = max;
  let v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
    v = next;
  }
  // Walk the trace back from (n, m) to (0, 0), collecting edits in reverse.
  const edits: LineEdit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      edits.push({ op: 'same', line: a[x - 1]! });
      x--;
      y--;
    }
    if (d === 0) break;
    if (x === prevX) edits.push({ op: 'added', line: b[y - 1]! });
    else edits.push({ op: 'removed', line: a[x - 1]! });
    x = prevX;
    y = prevY;
  }
  edits.reverse();
  return groupChanges(edits);
}

/** Within each run of changes, removals first: the order readers of diff expect. */
function groupChanges(edits: LineEdit[]): LineEdit[] {
  const out: LineEdit[] = [];
  let removed: LineEdit[] = [];
  let added: LineEdit[] = [];
  const flush = () => {
    out.push(...removed, ...added);
    removed = [];
    added = [];
  };
  for (const e of edits) {
    if (e.op === 'same') {
      flush();
      out.push(e);
    } else if (e.op === 'removed') removed.push(e);
    else added.push(e);
  }
  flush();
  return out;
}

export interface UnifiedDiffOptions {
  /** Header names, e.g. "live/apps.v1.Deployment.shop.web". */
  readonly beforeLabel?: string;
  readonly afterLabel?: string;
  /** Unchanged lines shown around each change; default 3. */
  readonly context?: number;
}

/**
 * `diff -u before after`: "" when the texts have the same lines, otherwise the ---/+++ header
 * and @@ hunks. An empty `before` is a file that does not exist yet (every line added).
 */
export function unifiedDiff(before: string, after: string, options: UnifiedDiffOptions = {}): string {
  const edits = diffLines(splitLines(before), splitLines(after));
  if (edits.every((e) => e.op === 'same')) return '';
  const context = Math.max(0, options.context ?? 3);
  const out = [`--- ${options.beforeLabel ?? 'before'}`, `+++ ${options.afterLabel ?? 'after'}`];
  // Line numbers (1-based) of each edit in both texts.
  const positions: { beforeLine: number; afterLine: number }[] = [];
  let bl = 1;
  let al = 1;
  for (const e of edits) {
    positions.push({ beforeLine: bl, afterLine: al });
    if (e.op !== 'added') bl++;
    if (e.op !== 'removed') al++;
  }
  let i = 0;
  while (i < edits.length) {
    if (edits[i]!.op === 'same') {
      i++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change
    // that is no more than 2*context unchanged lines away.
    const from = Math.max(0, i - context);
    let to = i;
    let j = i;
    while (j < edits.length) {
      if (edits[j]!.op !== 'same') {
        to = j;
        j++;
        continue;
      }
      let run = 0;
      while (j + run < edits.length && edits[j + run]!.op === 'same') run++;
      if (j + run >= edits.length || run > 2 * context) break;
      j += run;
    }
    const end = Math.min(edits.length, to + 1 + context);
    const hunk = edits.slice(from, end);
    const beforeCount = hunk.filter((e) => e.op !== 'added').length;
    const afterCount = hunk.filter((e) => e.op !== 'removed').length;
    const start = positions[from]!;
    // diff numbers an empty range by the line before it.
    const beforeStart = beforeCount === 0 ? start.beforeLine - 1 : start.beforeLine;
    const afterStart = afterCount === 0 ? start.afterLine - 1 : start.afterLine;
    out.push(`@@ -${range(beforeStart, beforeCount)} +${range(afterStart, afterCount)} @@`);
    for (const e of hunk) out.push(`${e.op === 'same' ? ' ' : e.op === 'removed' ? '-' : '+'}${e.line}`);
    i = end;
  }
  return out.join('\n') + '\n';
}

function range(start: number, count: number): string {
  return count === 1 ? String(start) : `${start},${count}`;
}
