import type { ChunkPosition } from './parseChunk';

/**
 * Positions of offsets in one text, in the parser's LineCounter terms, without a parse: one
 * pass that counts line breaks, for offsets asked in ascending order (what a document symbol
 * needs: its start, its name, its end).
 */
export class LineCursor {
  private offset = 0;
  private line = 0;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  position(offset: number): ChunkPosition {
    if (offset < this.offset) {
      this.offset = 0;
      this.line = 0;
      this.lineStart = 0;
    }
    for (let i = this.text.indexOf('\n', this.offset); i !== -1 && i < offset; i = this.text.indexOf('\n', i + 1)) {
      this.line++;
      this.lineStart = i + 1;
    }
    this.offset = offset;
    return { line: this.line, character: offset - this.lineStart };
  }
}
