/**
 * The offsets at which a text's lines start, kept in blocks of about a thousand lines, each
 * block's starts relative to its first line. An edit rewrites the starts of the blocks it touches
 * and moves the later blocks by their base: its cost follows the edit and the number of blocks,
 * not the number of lines after it (one keystroke near the top of a 200,000-line file would
 * otherwise shift 200,000 numbers).
 *
 * Lines break after `\n`, `\r\n` and a lone `\r`, as in vscode-languageserver-textdocument.
 */
const BLOCK = 1024;

interface Block {
  /** The line number of the block's first line. */
  firstLine: number;
  /** The offset of the block's first line. */
  base: number;
  /** The starts of the block's lines, relative to `base` (the first is 0). */
  starts: number[];
}

export class LineStarts {
  private constructor(
    private blocks: Block[],
    private lines: number,
  ) {}

  static of(text: string): LineStarts {
    const starts = lineStartsIn(text, 0, [0]);
    return new LineStarts(toBlocks(starts, 0), starts.length);
  }

  get lineCount(): number {
    return this.lines;
  }

  /** The offset of a line's start; `line` is clamped to the text's lines. */
  start(line: number): number {
    const clamped = Math.max(0, Math.min(line, this.lines - 1));
    const block = this.blocks[this.blockOfLine(clamped)]!;
    return block.base + block.starts[clamped - block.firstLine]!;
  }

  /** The line an offset is on: the last line that starts at or before it. */
  lineAt(offset: number): number {
    const block = this.blocks[lastWhere(this.blocks.length, (b) => this.blocks[b]!.base <= offset)]!;
    return block.firstLine + lastWhere(block.starts.length, (i) => block.starts[i]! <= offset - block.base);
  }

  /**
   * Text from somewhere on `startLine` to somewhere on `endLine` was replaced: the lines after
   * `startLine` up to `endLine` are gone, `added` (offsets in the new text) start after
   * `startLine`, and every later line moved by `delta` characters.
   */
  replace(startLine: number, endLine: number, added: readonly number[], delta: number): void {
    const first = this.blockOfLine(startLine);
    let last = this.blockOfLine(endLine);
    const removed = endLine - startLine;
    const lineDelta = added.length - removed;
    const block = this.blocks[first]!;
    if (first === last && lineDelta === 0) {
      // The common keystroke: the block's own starts rewritten, the later blocks moved.
      const from = startLine - block.firstLine;
      for (let i = 0; i < added.length; i++) block.starts[from + 1 + i] = added[i]! - block.base;
      if (delta !== 0) for (let i = from + 1 + added.length; i < block.starts.length; i++) block.starts[i]! += delta;
    } else {
      // Several blocks, or lines added or removed: the touched blocks are written out and cut again.
      // A block left small takes in the next one, so that blocks stay about BLOCK lines long.
      const kept = endLineOf(this.blocks[last]!) - endLine + (startLine - block.firstLine + 1) + added.length;
      if (kept < BLOCK / 2 && last + 1 < this.blocks.length) last++;
      const starts: number[] = [];
      for (let b = first; b <= last; b++) {
        const { firstLine, base, starts: relative } = this.blocks[b]!;
        for (let i = 0; i < relative.length; i++) {
          const line = firstLine + i;
          if (line <= startLine) starts.push(base + relative[i]!);
          else if (line > endLine) starts.push(base + relative[i]! + delta);
          if (line === startLine) for (const start of added) starts.push(start);
        }
      }
      const rebuilt = toBlocks(starts, block.firstLine);
      this.blocks.splice(first, last - first + 1, ...rebuilt);
      last = first + rebuilt.length - 1;
    }
    for (let b = last + 1; b < this.blocks.length; b++) {
      const later = this.blocks[b]!;
      later.firstLine += lineDelta;
      later.base += delta;
    }
    this.lines += lineDelta;
  }

  private blockOfLine(line: number): number {
    return lastWhere(this.blocks.length, (b) => this.blocks[b]!.firstLine <= line);
  }
}

/** The starts of the lines a text begins after each of its line breaks, as offsets from `at`, pushed onto `starts`. */
export function lineStartsIn(text: string, at: number, starts: number[] = []): number[] {
  if (text.indexOf('\r') === -1) {
    // The usual text: a native search per line, not a loop over every character.
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', newline + 1)) starts.push(at + newline + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 10 /* \n */ && code !== 13 /* \r */) continue;
    if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
    starts.push(at + i + 1);
  }
  return starts;
}

/** Absolute line starts cut into blocks: one block up to twice BLOCK lines, else pieces of about BLOCK. */
function toBlocks(starts: readonly number[], firstLine: number): Block[] {
  const pieces = starts.length <= 2 * BLOCK ? 1 : Math.ceil(starts.length / BLOCK);
  const size = Math.ceil(starts.length / pieces);
  const blocks: Block[] = [];
  for (let from = 0; from < starts.length; from += size) {
    const base = starts[from]!;
    const relative: number[] = [];
    for (let i = from; i < Math.min(from + size, starts.length); i++) relative.push(starts[i]! - base);
    blocks.push({ firstLine: firstLine + from, base, starts: relative });
  }
  return blocks;
}

function endLineOf(block: Block): number {
  return block.firstLine + block.starts.length - 1;
}

/** The last index below `count` where `holds` is true, it being true up to some index (and at 0) and false after. */
function lastWhere(count: number, holds: (index: number) => boolean): number {
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (holds(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}
