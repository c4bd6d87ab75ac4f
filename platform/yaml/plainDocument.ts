/**
 * A fast reader for the plain YAML that nearly every manifest is written in: block mappings and
 * sequences, single-line plain and quoted scalars, literal and simple folded block scalars,
 * one-line flow lists of scalars, comments. It builds the document's data directly, with the
 * `yaml` library's YAML 1.2 core schema resolution, without a token stream, a CST or an AST:
 * reading a manifest this way costs a fraction of a full parse.
 *
 * It answers only when it is certain: anything beyond that subset (anchors, aliases, tags,
 * multi-line plain or quoted scalars, flow mappings, repeated keys, tabs in indentation, a
 * structure the full parser would call an error) makes it give up, and the caller parses the
 * document fully. So where it answers, its data equals what `parseDocument(text).toJS()` gives,
 * that parse has no errors or warnings, and the offsets it reports are the AST's: a
 * differential fuzz test holds it to that.
 */

/** The data of a plain document and the offsets a document symbol needs. */
export interface PlainDocument {
  /** The top-level mapping's data, as `toJS()` gives it. */
  readonly value: Record<string, unknown>;
  /** Where the top-level mapping starts and ends (the AST's `contents.range[0]` and `[2]`). */
  readonly start: number;
  readonly end: number;
  /** The span of the scalar naming the document: `metadata.name`, else `kind` (as the AST's `range[0..1]`). */
  readonly nameSpan: readonly [number, number] | undefined;
}

/** A node's place in the text, as the AST's `range[0..1]`. */
export type PlainSpan = readonly [number, number];

/**
 * Where the reader found each node of a plain document, for placing diagnostics without the
 * full parse. Only what a diagnostic can land on is kept: keys and scalars. A flow collection
 * is `other`: the AST descends into it, the reader does not.
 */
export type PlainNode = PlainMapNode | PlainSeqNode | { readonly kind: 'scalar'; readonly span: PlainSpan } | { readonly kind: 'other' };
export interface PlainMapNode {
  readonly kind: 'map';
  readonly pairs: ReadonlyMap<string, PlainPair>;
  /** The first key's span: a list item that is a mapping is pointed at by it. */
  readonly firstKey: PlainSpan;
}
export interface PlainSeqNode {
  readonly kind: 'seq';
  readonly items: readonly PlainNode[];
}
export interface PlainPair {
  readonly key: PlainSpan;
  readonly value: PlainNode;
}

const OTHER: PlainNode = { kind: 'other' };

/** Data nested deeper than this is left to the full parser (which reports it), as is a key longer than the apiserver would take. */
const MAX_DEPTH = 200;
const MAX_KEY_LENGTH = 1000;

/** Tabs, carriage returns, other control characters, a byte order mark and the line separators of YAML 1.1: only the full parser handles them right wherever they appear. */
const UNUSUAL_CHARACTERS = /[\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]/;

/** Thrown inside the reader to give up; never escapes it. */
class NotPlain {}
const NOT_PLAIN = new NotPlain();

/** What nextContentLine answers at the end of the text: below every indent. */
const END = -1;
const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const NEWLINE = 10;

/**
 * The document's data when `text` (one YAML document, as splitDocuments cuts it) is plain
 * enough to read without a full parse and has a mapping at its top; undefined otherwise.
 */
export function readPlainDocument(text: string): PlainDocument | undefined {
  return readWith(new PlainReader(text, false), text);
}

/**
 * The nodes of a document readPlainDocument answers for, with their spans: read again only for
 * a document with something to report, so that the common clean document pays nothing for them.
 */
export function readPlainNodes(text: string): PlainMapNode | undefined {
  const reader = new PlainReader(text, true);
  return readWith(reader, text) && reader.root();
}

function readWith(reader: PlainReader, text: string): PlainDocument | undefined {
  if (UNUSUAL_CHARACTERS.test(text)) return undefined;
  try {
    return reader.document();
  } catch (error) {
    if (error === NOT_PLAIN) return undefined;
    // A stack overflow on absurd nesting is also the full parser's business.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

class PlainReader {
  /** Start of the line being read. */
  private lineStart = 0;
  /** Offset after the last character of content (not comments or blank lines) read so far: after its line break when it has one. */
  private contentEnd = 0;
  private nameSpan: [number, number] | undefined;
  private kindSpan: [number, number] | undefined;
  private lastSpan: [number, number] = [0, 0];
  /** The node of the value read last, when recording. */
  private lastNode: PlainNode = OTHER;

  constructor(
    private readonly text: string,
    private readonly recording: boolean,
  ) {}

  /** The top-level mapping's node, after document() when recording. */
  root(): PlainMapNode | undefined {
    return this.lastNode.kind === 'map' ? this.lastNode : undefined;
  }

  document(): PlainDocument | undefined {
    const text = this.text;
    if (text.startsWith('---')) {
      const end = this.lineEnd(0);
      if (text.slice(3, end).trim() !== '') return undefined;
      this.lineStart = end + 1;
    }
    if (this.nextContentLine() !== 0) return undefined;
    const start = this.lineStart;
    const value = this.mapping(0, start, 0, 'top');
    if (this.nextContentLine() !== END || this.indentedCommentAfter(this.contentEnd)) throw NOT_PLAIN;
    return { value, start, end: this.contentEnd, nameSpan: this.nameSpan ?? this.kindSpan };
  }

  /**
   * Whether an indented comment follows the last content: the full parser counts some of those
   * into the mapping's extent, by rules of its own, so such a document is left to it.
   */
  private indentedCommentAfter(from: number): boolean {
    const text = this.text;
    for (let lineStart = from; lineStart < text.length; lineStart = this.afterLine(lineStart)) {
      let i = lineStart;
      while (text.charCodeAt(i) === SPACE) i++;
      if (i > lineStart && text.charCodeAt(i) === HASH) return true;
      if (i >= text.length) break;
    }
    return false;
  }

  // ---- lines

  private lineEnd(from: number): number {
    const newline = this.text.indexOf('\n', from);
    return newline === -1 ? this.text.length : newline;
  }

  /** Offset after a line's break, or the text's end. */
  private afterLine(from: number): number {
    const end = this.lineEnd(from);
    return end < this.text.length ? end + 1 : end;
  }

  /**
   * Skips blank and comment lines from lineStart; returns the next content line's indent, or
   * END at the end. A line starting a new document or ending this one gives up.
   */
  private nextContentLine(): number {
    const text = this.text;
    while (this.lineStart < text.length) {
      let i = this.lineStart;
      while (text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (i >= text.length || c === NEWLINE || c === HASH) {
        this.lineStart = this.afterLine(i);
        continue;
      }
      const indent = i - this.lineStart;
      if (indent === 0 && (text.startsWith('---', i) || text.startsWith('...', i) || c === 37 /* % */)) throw NOT_PLAIN;
      return indent;
    }
    return END;
  }

  // ---- block collections

  /**
   * A block mapping whose keys sit at column `indent`; its first key starts at `at` (a line's
   * content, or just after a sequence's dash).
   */
  private mapping(indent: number, at: number, depth: number, role: 'top' | 'metadata' | 'other'): Record<string, unknown> {
    if (depth > MAX_DEPTH) throw NOT_PLAIN;
    const map: Record<string, unknown> = {};
    const pairs = this.recording ? new Map<string, PlainPair>() : undefined;
    let keyAt = at;
    for (;;) {
      const key = this.key(keyAt);
      // A repeated key, or one an object inherits (`constructor`), is the full parser's business; no value read here is undefined.
      if (map[key.text] !== undefined) throw NOT_PLAIN;
      const childRole = role === 'top' && key.text === 'metadata' ? 'metadata' : 'other';
      const value = this.valueAfterIndicator(key.after, indent, depth + 1, childRole);
      // The document symbol's name: only a scalar has the span the AST would give.
      if ((role === 'top' && key.text === 'kind') || (role === 'metadata' && key.text === 'name')) {
        if (value === null || typeof value === 'object') throw NOT_PLAIN;
        if (role === 'top') this.kindSpan = [...this.lastSpan];
        else this.nameSpan = [...this.lastSpan];
      }
      map[key.text] = value;
      pairs?.set(key.text, { key: [keyAt, key.end], value: this.lastNode });
      const next = this.nextContentLine();
      if (next < indent) break;
      if (next > indent) throw NOT_PLAIN;
      keyAt = this.lineStart + indent;
      // A dash at the mapping's own column ends it: the caller decides whether that is a sequence it owns.
      if (this.isDash(keyAt)) break;
    }
    if (pairs) this.lastNode = { kind: 'map', pairs, firstKey: pairs.values().next().value!.key };
    return map;
  }

  private isDash(at: number): boolean {
    const next = this.text.charCodeAt(at + 1);
    return this.text.charCodeAt(at) === DASH && (next === SPACE || next === NEWLINE || at + 1 >= this.text.length);
  }

  /** A block sequence whose dashes sit at column `indent`; lineStart is the first dash's line. */
  private sequence(indent: number, depth: number): unknown[] {
    if (depth > MAX_DEPTH) throw NOT_PLAIN;
    const items: unknown[] = [];
    const nodes: PlainNode[] | undefined = this.recording ? [] : undefined;
    for (;;) {
      const dash = this.lineStart + indent;
      let at = dash + 1;
      while (this.text.charCodeAt(at) === SPACE) at++;
      items.push(this.item(at, at - this.lineStart, indent, depth + 1));
      nodes?.push(this.lastNode);
      const next = this.nextContentLine();
      if (next < indent) break;
      if (next > indent || !this.isDash(this.lineStart + indent)) {
        // A key at the sequence's column ends a sequence that is a mapping's value at that column.
        if (next === indent) break;
        throw NOT_PLAIN;
      }
    }
    if (nodes) this.lastNode = { kind: 'seq', items: nodes };
    return items;
  }

  /** A sequence item starting at `at` (column `column`), after its dash. */
  private item(at: number, column: number, dashIndent: number, depth: number): unknown {
    const c = this.text.charCodeAt(at);
    if (at >= this.text.length || c === NEWLINE || c === HASH) {
      if (c === HASH && this.text.charCodeAt(at - 1) !== SPACE) throw NOT_PLAIN;
      return this.nestedBlock(at, dashIndent, depth, false, c === HASH);
    }
    if (this.isDash(at)) throw NOT_PLAIN;
    if (this.looksLikeKey(at)) return this.mapping(column, at, depth, 'other');
    return this.inlineValue(at, dashIndent);
  }

  /** After `key:`, the value: on the same line, or a block on the lines below, or null. */
  private valueAfterIndicator(after: number, indent: number, depth: number, role: 'metadata' | 'other'): unknown {
    const text = this.text;
    let at = after;
    while (text.charCodeAt(at) === SPACE) at++;
    const c = text.charCodeAt(at);
    if (at >= text.length || c === NEWLINE || c === HASH) {
      if (c === HASH && at === after) throw NOT_PLAIN;
      return this.nestedBlock(at, indent, depth, true, c === HASH, role);
    }
    if (at === after) throw NOT_PLAIN;
    return this.inlineValue(at, indent);
  }

  /**
   * The value on the lines after a key or dash with nothing after it: a more indented block, a
   * sequence at the key's own column (YAML allows that for a mapping's value), or null, whose
   * node the AST puts at `emptyAt`, the first character after the indicator's spaces.
   */
  private nestedBlock(emptyAt: number, parentIndent: number, depth: number, mappingValue: boolean, commented: boolean, role: 'metadata' | 'other' = 'other'): unknown {
    const ownLineEnd = this.lineEnd(this.lineStart);
    // Where the parser ends an empty value: at its line's end, or after the line when a comment closes it.
    this.contentEnd = commented ? this.afterLine(this.lineStart) : ownLineEnd;
    this.lineStart = this.afterLine(ownLineEnd);
    const next = this.nextContentLine();
    if (next !== END) {
      const at = this.lineStart + next;
      if (next > parentIndent) {
        if (this.isDash(at)) return this.sequence(next, depth);
        if (!this.looksLikeKey(at)) throw NOT_PLAIN;
        return this.mapping(next, at, depth, role);
      }
      if (mappingValue && next === parentIndent && this.isDash(at)) return this.sequence(next, depth);
    }
    // An empty value: null.
    this.lastSpan = [emptyAt, emptyAt];
    if (this.recording) this.lastNode = { kind: 'scalar', span: [emptyAt, emptyAt] };
    return null;
  }

  // ---- keys

  /** Whether a mapping key (plain or quoted, followed by `:` and a space or the line's end) starts at `at`. */
  private looksLikeKey(at: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(at);
    // A flow collection is a value (a colon inside it is its own); as a key it is the full parser's business.
    if (c === 91 || c === 123) return false;
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const close = this.quotedEnd(at);
      return close !== undefined && text.charCodeAt(close) === COLON && this.endsIndicator(close + 1);
    }
    const end = this.lineEnd(at);
    for (let i = at; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === COLON && this.endsIndicator(i + 1)) return true;
      if (ch === HASH && text.charCodeAt(i - 1) === SPACE) return false;
    }
    return false;
  }

  private endsIndicator(at: number): boolean {
    const c = this.text.charCodeAt(at);
    return at >= this.text.length || c === SPACE || c === NEWLINE;
  }

  /** The key at `at`: its text, where it ends, and the offset after its colon. */
  private key(at: number): { text: string; end: number; after: number } {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === 34 || c === 39) {
      const close = this.quotedEnd(at);
      if (close === undefined || text.charCodeAt(close) !== COLON || !this.endsIndicator(close + 1)) throw NOT_PLAIN;
      const key = this.quoted(at, close);
      return { text: checkedKey(key), end: close, after: close + 1 };
    }
    if (startsSpecially(c)) throw NOT_PLAIN;
    const end = this.lineEnd(at);
    for (let i = at; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === COLON && this.endsIndicator(i + 1)) {
        const raw = text.slice(at, i);
        // Trailing spaces before the colon, or a key the core schema reads as other than a string, are the full parser's business.
        if (raw.endsWith(' ') || typeof resolvePlain(raw) !== 'string') throw NOT_PLAIN;
        return { text: checkedKey(raw), end: i, after: i + 1 };
      }
      if (ch === HASH && text.charCodeAt(i - 1) === SPACE) break;
    }
    throw NOT_PLAIN;
  }

  // ---- scalars

  /** A value that starts on its key's or dash's line at `at`; `parentIndent` is that key's or dash's column. */
  private inlineValue(at: number, parentIndent: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(at);
    let value: unknown;
    let end: number;
    let flow = false;
    if (c === 124 /* | */ || c === 62 /* > */) return this.blockScalar(at, parentIndent);
    if (c === 34 || c === 39) {
      const close = this.quotedEnd(at);
      if (close === undefined) throw NOT_PLAIN;
      value = this.quoted(at, close);
      end = close;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      const collection = this.flow(at);
      value = collection.value;
      end = collection.end;
      flow = true;
    } else {
      if (!this.startsPlain(at)) throw NOT_PLAIN;
      const lineEnd = this.lineEnd(at);
      let stop = lineEnd;
      for (let i = at; i < lineEnd; i++) {
        const ch = text.charCodeAt(i);
        if (ch === HASH && text.charCodeAt(i - 1) === SPACE) {
          stop = i;
          break;
        }
        // A second `key:` on the line is an error the full parser reports.
        if (ch === COLON && this.endsIndicator(i + 1)) throw NOT_PLAIN;
      }
      end = stop;
      while (end > at && text.charCodeAt(end - 1) === SPACE) end--;
      value = resolvePlain(text.slice(at, end));
    }
    this.lastSpan = [at, end];
    if (this.recording) this.lastNode = flow ? OTHER : { kind: 'scalar', span: [at, end] };
    this.finishLine(end);
    // A scalar continued on more indented lines is multi-line: the full parser's business.
    if (this.nextContentLine() > parentIndent) throw NOT_PLAIN;
    return value;
  }

  /** After a value ending at `end`: only spaces and a comment may follow on its line. */
  private finishLine(end: number): void {
    const text = this.text;
    let i = end;
    while (text.charCodeAt(i) === SPACE) i++;
    const c = text.charCodeAt(i);
    if (i < text.length && c !== NEWLINE) {
      if (c !== HASH || i === end) throw NOT_PLAIN;
    }
    const lineEnd = this.lineEnd(i);
    this.contentEnd = lineEnd < text.length ? lineEnd + 1 : lineEnd;
    this.lineStart = this.contentEnd;
  }

  /** Offset after the closing quote of a quoted scalar opening at `at`, on the same line; undefined if it does not close there. */
  private quotedEnd(at: number): number | undefined {
    const text = this.text;
    const quote = text.charCodeAt(at);
    const end = this.lineEnd(at);
    for (let i = at + 1; i < end; i++) {
      const c = text.charCodeAt(i);
      if (quote === 34 && c === 92 /* \ */) {
        i++;
        continue;
      }
      if (c === quote) {
        if (quote === 39 && text.charCodeAt(i + 1) === 39) {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return undefined;
  }

  /** The value of the quoted scalar from its opening quote at `at` to `close`, after its closing one. */
  private quoted(at: number, close: number): string {
    return this.text.charCodeAt(at) === 34 ? this.doubleQuoted(at + 1, close - 1) : this.singleQuoted(at + 1, close - 1);
  }

  /** Whether a plain scalar may start at `at`: not on an indicator, except a dash followed by a non-space (`-1`, `-c`). */
  private startsPlain(at: number): boolean {
    const c = this.text.charCodeAt(at);
    return !startsSpecially(c) || (c === DASH && !this.endsIndicator(at + 1));
  }

  private singleQuoted(from: number, to: number): string {
    return this.text.slice(from, to).replace(/''/g, "'");
  }

  private doubleQuoted(from: number, to: number): string {
    const raw = this.text.slice(from, to);
    if (!raw.includes('\\')) return raw;
    return raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, escape: string) => {
      const simple = DOUBLE_QUOTED_ESCAPES[escape];
      if (simple !== undefined) return simple;
      if (escape.length > 1) return String.fromCodePoint(parseInt(escape.slice(1), 16));
      throw NOT_PLAIN;
    });
  }

  /**
   * A flow collection (`[a, b]`, `{k: v}`, nested) that closes on its own line; `at` is its
   * opening bracket. Entries without a value, empty entries, a trailing comma and a colon
   * without a space after it are left to the full parser.
   */
  private flow(at: number, depth = 0): { value: unknown; end: number } {
    if (depth > MAX_DEPTH) throw NOT_PLAIN;
    const text = this.text;
    const mapping = text.charCodeAt(at) === 123;
    const close = mapping ? 125 /* } */ : 93; /* ] */
    const items: unknown[] = [];
    const map: Record<string, unknown> = {};
    let i = at + 1;
    for (let first = true; ; first = false) {
      while (text.charCodeAt(i) === SPACE) i++;
      if (first && text.charCodeAt(i) === close) return { value: mapping ? map : items, end: i + 1 };
      if (mapping) {
        const key = this.flowScalar(i, depth, true);
        if (typeof key.value !== 'string' || map[key.value] !== undefined) throw NOT_PLAIN;
        checkedKey(key.value);
        i = key.end;
        while (text.charCodeAt(i) === SPACE) i++;
        if (text.charCodeAt(i) !== COLON || text.charCodeAt(i + 1) !== SPACE) throw NOT_PLAIN;
        i += 2;
        while (text.charCodeAt(i) === SPACE) i++;
        const value = this.flowScalar(i, depth, false);
        map[key.value] = value.value;
        i = value.end;
      } else {
        const item = this.flowScalar(i, depth, false);
        items.push(item.value);
        i = item.end;
      }
      while (text.charCodeAt(i) === SPACE) i++;
      const separator = text.charCodeAt(i);
      if (separator === close) return { value: mapping ? map : items, end: i + 1 };
      if (separator !== 44 /* , */) throw NOT_PLAIN;
      i++;
    }
  }

  /** One entry of a flow collection starting at `at`: a nested collection, a quoted scalar, or a plain one (a key's ends at its colon). */
  private flowScalar(at: number, depth: number, key: boolean): { value: unknown; end: number } {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === 91 || c === 123) {
      if (key) throw NOT_PLAIN;
      return this.flow(at, depth + 1);
    }
    if (c === 34 || c === 39) {
      const close = this.quotedEnd(at);
      if (close === undefined) throw NOT_PLAIN;
      return { value: this.quoted(at, close), end: close };
    }
    if (!this.startsPlain(at)) throw NOT_PLAIN;
    const lineEnd = this.lineEnd(at);
    let i = at;
    while (i < lineEnd) {
      const ch = text.charCodeAt(i);
      if (ch === 44 || ch === 93 || ch === 91 || ch === 123 || ch === 125 || ch === COLON || (ch === HASH && text.charCodeAt(i - 1) === SPACE)) break;
      i++;
    }
    // A colon inside a value (`[a: b]`, `{k: a:b}`) or a comment before the collection closes: the full parser's business.
    if (i >= lineEnd || (text.charCodeAt(i) === COLON && !key) || text.charCodeAt(i) === HASH) throw NOT_PLAIN;
    let end = i;
    while (end > at && text.charCodeAt(end - 1) === SPACE) end--;
    if (end === at) throw NOT_PLAIN;
    const source = text.slice(at, end);
    const value = resolvePlain(source);
    if (key && typeof value !== 'string') throw NOT_PLAIN;
    return { value, end };
  }

  /**
   * A literal (`|`, `|-`) or folded (`>`, `>-`) block scalar whose header is at `at`. Explicit
   * indentation, keep chomping, and folded text with more indented lines are left to the full parser.
   */
  private blockScalar(at: number, parentIndent: number): string {
    const text = this.text;
    const folded = text.charCodeAt(at) === 62;
    let i = at + 1;
    let strip = false;
    if (text.charCodeAt(i) === DASH) {
      strip = true;
      i++;
    }
    const headerEnd = this.lineEnd(at);
    let rest = i;
    while (text.charCodeAt(rest) === SPACE) rest++;
    if (rest < headerEnd && !(text.charCodeAt(rest) === HASH && rest > i)) throw NOT_PLAIN;
    if (headerEnd >= text.length) throw NOT_PLAIN;

    const lines: string[] = [];
    let blockIndent = -1;
    let lineStart = headerEnd + 1;
    let lastContentEnd = headerEnd + 1;
    let leadingBlankMax = 0;
    while (lineStart < text.length) {
      const lineEnd = this.lineEnd(lineStart);
      let j = lineStart;
      while (text.charCodeAt(j) === SPACE) j++;
      const blank = j === lineEnd;
      if (blank) {
        if (blockIndent === -1) leadingBlankMax = Math.max(leadingBlankMax, lineEnd - lineStart);
        // Spaces beyond the block's indentation are content: rare enough to leave to the full parser.
        else if (lineEnd - lineStart > blockIndent) throw NOT_PLAIN;
        lines.push('');
      } else {
        const indent = j - lineStart;
        if (blockIndent === -1) {
          if (indent <= parentIndent || leadingBlankMax > indent) break;
          blockIndent = indent;
        } else if (indent < blockIndent) break;
        if (folded && indent > blockIndent) throw NOT_PLAIN;
        lines.push(text.slice(lineStart + blockIndent, lineEnd));
        lastContentEnd = lineEnd < text.length ? lineEnd + 1 : lineEnd;
      }
      lineStart = lineEnd < text.length ? lineEnd + 1 : lineEnd;
      if (lineEnd >= text.length) break;
    }
    if (blockIndent === -1 || (folded && lines[0] === '')) throw NOT_PLAIN;
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    let value: string;
    if (folded) {
      value = '';
      for (let k = 0; k < lines.length; k++) {
        const line = lines[k]!;
        if (k === 0) value = line;
        else if (line === '') value += '\n';
        else value += lines[k - 1] === '' ? line : ` ${line}`;
      }
    } else value = lines.join('\n');
    // The full parser ends a clipped block with a line break even where the text ends without one.
    if (!strip) value += '\n';
    this.lastSpan = [at, lastContentEnd];
    if (this.recording) this.lastNode = { kind: 'scalar', span: [at, lastContentEnd] };
    this.contentEnd = lastContentEnd;
    this.lineStart = lastContentEnd;
    // Blank lines inside the block were consumed up to its last content line; what follows is read as usual.
    return value;
  }
}

const DOUBLE_QUOTED_ESCAPES: Record<string, string> = {
  '\\': '\\',
  '"': '"',
  '/': '/',
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  b: '\b',
  f: '\f',
  ' ': ' ',
};

/** A plain scalar or key may not start with an indicator; `-` followed by a non-space may, and is checked by the caller. */
function startsSpecially(c: number): boolean {
  switch (c) {
    case DASH: // -
    case 63: // ?
    case COLON:
    case 44: // ,
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case HASH:
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case 39: // '
    case 34: // "
    case 37: // %
    case 64: // @
    case 96: // `
    case SPACE:
    case NEWLINE:
      return true;
    default:
      return Number.isNaN(c);
  }
}

function checkedKey(key: string): string {
  // `<<` merges in YAML 1.1 and `__proto__` is special to objects: both go through the full parser.
  if (key === '<<' || key === '__proto__' || key.length > MAX_KEY_LENGTH) throw NOT_PLAIN;
  return key;
}

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain scalar's value under the YAML 1.2 core schema, tested in the `yaml` library's order. */
export function resolvePlain(source: string): unknown {
  const c = source.charCodeAt(0);
  // Most scalars start with a letter that no null, boolean or number starts with.
  if ((c >= 97 && c <= 122 && c !== 110 && c !== 116 && c !== 102) || (c >= 65 && c <= 90 && c !== 78 && c !== 84 && c !== 70)) return source;
  if (NULL.test(source)) return null;
  if (BOOL.test(source)) return source[0] === 't' || source[0] === 'T';
  if (INT_OCT.test(source)) return parseInt(source.substring(2), 8);
  if (INT.test(source)) return parseInt(source, 10);
  if (INT_HEX.test(source)) return parseInt(source.substring(2), 16);
  if (FLOAT_NAN.test(source)) return source.slice(-3).toLowerCase() === 'nan' ? NaN : source[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP.test(source) || FLOAT.test(source)) return parseFloat(source);
  return source;
}
