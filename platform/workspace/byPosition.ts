import type { Diagnostic } from 'vscode-languageserver-types';

/** The order diagnostics are published in: by start line, then start character. */
export function comparePositions(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/** A copy in position order; equal positions keep their order. */
export function sortedByPosition(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(comparePositions);
}

/**
 * The concatenation of `parts`, each already in position order, sorted stably by position: a
 * merge, in which an earlier part's diagnostic goes first among equal positions, as in a stable
 * sort of the concatenation. Linear, where sorting a file's thousands of diagnostics is not.
 */
export function mergeByPosition(parts: readonly (readonly Diagnostic[])[]): readonly Diagnostic[] {
  // A part alone is returned as it is: a huge file's own list has thousands, and this runs on every keystroke.
  let merged: readonly Diagnostic[] = parts[0] ?? [];
  for (const part of parts.slice(1)) {
    if (part.length === 0) continue;
    const out: Diagnostic[] = [];
    let i = 0;
    let j = 0;
    while (i < merged.length && j < part.length) out.push(comparePositions(part[j]!, merged[i]!) < 0 ? part[j++]! : merged[i++]!);
    while (i < merged.length) out.push(merged[i++]!);
    while (j < part.length) out.push(part[j++]!);
    merged = out;
  }
  return merged;
}
