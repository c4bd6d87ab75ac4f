/**
 * Splits a multi-document YAML text into per-document chunks without parsing it.
 *
 * A line that starts with `---` (followed by a space or the end of the line) at column 0
 * always starts a new document: YAML forbids such a line inside any content, so this split is
 * exact and lets each document be parsed, cached and validated on its own. A `...` line ends
 * the document it closes. Chunks start at a line start, so a chunk-local column is the file's
 * column and only the line needs shifting.
 */
export interface YamlChunk {
  /** The document's own text, including its `---` marker line. */
  readonly text: string;
  /** Offset of the chunk's first character in the file. */
  readonly startOffset: number;
  /** 0-based line of the chunk's first character in the file. */
  readonly startLine: number;
  /** Number of line breaks inside the chunk. */
  readonly lineCount: number;
}

const DOC_START = /^---(?:[ \t\r]|$)/;
const DOC_END = /^\.\.\.(?:[ \t\r]|$)/;

export function splitDocuments(text: string): YamlChunk[] {
  const chunks: YamlChunk[] = [];
  let chunkStart = 0;
  let chunkStartLine = 0;
  let line = 0;
  let lineStart = 0;
  const push = (end: number, endLine: number): void => {
    if (end > chunkStart) {
      chunks.push({ text: text.slice(chunkStart, end), startOffset: chunkStart, startLine: chunkStartLine, lineCount: endLine - chunkStartLine });
    }
    chunkStart = end;
    chunkStartLine = endLine;
  };
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const first = text.charCodeAt(lineStart);
    // Only lines beginning with '-' or '.' can be markers; checking the char first keeps this fast.
    if (first === 45 /* - */ && lineStart > chunkStart && DOC_START.test(text.slice(lineStart, Math.min(lineEnd, lineStart + 4)))) {
      push(lineStart, line);
    } else if (first === 46 /* . */ && DOC_END.test(text.slice(lineStart, Math.min(lineEnd, lineStart + 4)))) {
      const next = newline === -1 ? text.length : newline + 1;
      push(next, newline === -1 ? line : line + 1);
    }
    if (newline === -1) break;
    lineStart = newline + 1;
    line++;
  }
  push(text.length, line);
  if (chunks.length === 0) chunks.push({ text: '', startOffset: 0, startLine: 0, lineCount: 0 });
  return chunks;
}
