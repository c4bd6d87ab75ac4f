/**
 * Which Application document of a file the cursor is in. A PlatformDocument only carries the range
 * of its `metadata.name`, so the file is cut at its `---` separators and the cursor's piece is
 * matched with the piece holding each name. Pure.
 */
import type { PlatformDocument } from '../../../../protocol/protocol';

/** A YAML document separator at the start of a line (optionally followed by a comment or content). */
const SEPARATOR = /^---(\s|$)/;

/** The 0-based index of the `---`-separated piece that line `line` belongs to (a separator line starts a piece). */
export function pieceOfLine(lines: readonly string[], line: number): number {
  let piece = 0;
  for (let i = 0; i <= line && i < lines.length; i++) if (i > 0 && SEPARATOR.test(lines[i]!)) piece++;
  return piece;
}

/** The Application among `applications` (documents of this file) whose document holds `line`. */
export function applicationAt(text: string, line: number, applications: readonly PlatformDocument[]): PlatformDocument | undefined {
  const lines = text.split(/\r?\n/);
  const piece = pieceOfLine(lines, line);
  return applications.find((a) => a.kind === 'Application' && pieceOfLine(lines, a.range.start.line) === piece);
}
