import { Document, LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node, type Pair, type ParsedNode, type YAMLMap } from 'yaml';
import { duplicateKeys, type DuplicateKey } from './duplicateKeys';
import type { YamlChunk } from './splitDocuments';

/** One YAML document parsed with positions. Offsets are relative to the chunk's text. */
export interface ParsedChunk {
  readonly chunk: YamlChunk;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** Keys repeated within a map: not a parse error, since kubectl reads such a file (the last value wins). */
  readonly duplicateKeys: readonly DuplicateKey[];
}

/** Aliases beyond this count (per document) are treated as an alias bomb, as kubectl does. */
export const MAX_ALIAS_COUNT = 100;

export function parseChunk(chunk: YamlChunk): ParsedChunk {
  const lineCounter = new LineCounter();
  // The library's uniqueKeys check is quadratic in a map's size: duplicates are found here instead.
  const doc = parseDocument(chunk.text, { lineCounter, prettyErrors: false, uniqueKeys: false, keepSourceTokens: false, logLevel: 'silent' });
  return { chunk, doc, lineCounter, duplicateKeys: duplicateKeys(doc.contents) };
}

/** A chunk-relative position: `line` counts from the chunk's first line. */
export interface ChunkPosition {
  readonly line: number;
  readonly character: number;
}
export interface ChunkRange {
  readonly start: ChunkPosition;
  readonly end: ChunkPosition;
}

export function chunkPosition(lineCounter: LineCounter, offset: number): ChunkPosition {
  const { line, col } = lineCounter.linePos(offset);
  return { line: line - 1, character: col - 1 };
}

export function chunkRange(lineCounter: LineCounter, start: number, end: number): ChunkRange {
  return { start: chunkPosition(lineCounter, start), end: chunkPosition(lineCounter, Math.max(start, end)) };
}

export type PathSegment = string | number;

/** Where a path leads in the AST: the node at the path and the map pair that holds it, if any. */
export interface NodeLocation {
  readonly node: Node | null;
  readonly pair: Pair<ParsedNode, ParsedNode | null> | undefined;
  /** How many segments of the path exist in the document. */
  readonly depth: number;
}

export function locate(doc: Document.Parsed, path: readonly PathSegment[]): NodeLocation {
  let node: Node | null = doc.contents;
  let pair: LocatedPair | undefined;
  let depth = 0;
  for (const segment of path) {
    if (isMap(node)) {
      const found = pairsByKey(node).get(String(segment));
      if (!found) break;
      pair = found;
      node = found.value;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      pair = undefined;
      node = node.items[segment] as Node | null;
    } else {
      break;
    }
    depth++;
  }
  return { node, pair, depth };
}

type LocatedPair = Pair<ParsedNode, ParsedNode | null>;

/** Each map's pairs by key text, built on the first lookup: a document with thousands of issues looks up thousands of keys. */
const pairIndexes = new WeakMap<YAMLMap, Map<string, LocatedPair>>();

function pairsByKey(map: YAMLMap): Map<string, LocatedPair> {
  let index = pairIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const item of map.items) {
      const key = isPair(item) ? keyText(item.key) : undefined;
      // Of duplicate keys the last is found: its value is the one the data (and kubectl) keeps.
      if (key !== undefined) index.set(key, item as LocatedPair);
    }
    pairIndexes.set(map, index);
  }
  return index;
}

export function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return undefined;
}

/** [start, end] offsets of a node's value (without trailing comments or blank lines). */
export function nodeSpan(node: Node | null | undefined): [number, number] | undefined {
  const range = node?.range;
  return range ? [range[0], range[1]] : undefined;
}
