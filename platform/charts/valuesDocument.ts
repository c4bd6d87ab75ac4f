import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { shiftRange } from '../diagnostics';
import type { Range } from 'vscode-languageserver-types';
import { chunkRange, keyText, locate, parseChunk, type ParsedChunk } from '../yaml/parseChunk';
import { splitDocuments } from '../yaml/splitDocuments';

/** A values file parsed once per text: Helm reads its first document. */
export interface ValuesDocument {
  readonly text: string;
  readonly parsed: ParsedChunk | undefined;
}

export function parseValues(text: string): ValuesDocument {
  const chunk = splitDocuments(text).find((c) => c.text.trim() !== '' && c.text.trim() !== '---');
  return { text, parsed: chunk ? parseChunk(chunk) : undefined };
}

/** What a values file holds at a path: where its key is, and its text as written. */
export interface ValueAt {
  /** The key's range in the file (the file's start for the root). */
  readonly keyRange: Range;
  /** The key and its value as written in the file, dedented, at most MAX_SHOWN_LINES lines. */
  readonly shown: string;
  readonly node: Node | null;
}

const MAX_SHOWN_LINES = 30;

export function valueAt(values: ValuesDocument, path: readonly string[]): ValueAt | undefined {
  const parsed = values.parsed;
  if (!parsed || path.length === 0) return undefined;
  const location = locate(parsed.doc, path);
  if (location.depth !== path.length || !location.pair) return undefined;
  const keyNode = location.pair.key;
  const keySpan = keyNode.range;
  if (!keySpan) return undefined;
  const end = location.node?.range?.[1] ?? keySpan[1];
  const keyRange = shiftRange(chunkRange(parsed.lineCounter, keySpan[0], keySpan[1]), parsed.chunk.startLine);
  return { keyRange, shown: dedent(parsed.chunk.text.slice(keySpan[0], end).replace(/\s+$/, ''), keyRange.start.character), node: location.node };
}

/** The keys of the mapping at a path (the root for []), each with its node. */
export function keysAt(values: ValuesDocument, path: readonly string[]): { key: string; node: Node | null }[] {
  const parsed = values.parsed;
  if (!parsed) return [];
  const location = locate(parsed.doc, path);
  if (location.depth !== path.length || !isMap(location.node)) return [];
  const keys: { key: string; node: Node | null }[] = [];
  for (const item of location.node.items) {
    if (!isPair(item)) continue;
    const key = keyText(item.key);
    if (key !== undefined) keys.push({ key, node: item.value as Node | null });
  }
  return keys;
}

/** A one-line summary of a value for completion details: `3`, `"nginx"`, `{ 3 keys }`, `[ 2 items ]`. */
export function summary(node: Node | null): string {
  if (node === null || (isScalar(node) && node.value === null)) return 'empty';
  if (isScalar(node)) {
    const value = node.value;
    const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
    return text.length > 60 ? `${text.slice(0, 59)}…` : text;
  }
  if (isMap(node)) return node.items.length === 0 ? '{}' : `{ ${node.items.length} ${node.items.length === 1 ? 'key' : 'keys'} }`;
  if (isSeq(node)) return node.items.length === 0 ? '[]' : `[ ${node.items.length} ${node.items.length === 1 ? 'item' : 'items'} ]`;
  return '';
}

/** Lines after the first lose the key's indentation, and the text stops after MAX_SHOWN_LINES lines. */
function dedent(text: string, indent: number): string {
  const lines = text.split('\n').map((line, index) => {
    if (index === 0) return line;
    const spaces = /^ */.exec(line)?.[0].length ?? 0;
    return line.slice(Math.min(spaces, indent));
  });
  return lines.length > MAX_SHOWN_LINES ? [...lines.slice(0, MAX_SHOWN_LINES), '# …'].join('\n') : lines.join('\n');
}

/**
 * The keys leading to the key or value at an offset, stopping at a list (a template reads a
 * list as a whole). A block's end is exclusive: the offset at the start of the next key's line
 * belongs to that key, not to the block above it.
 */
export function keyPathAt(values: ValuesDocument, offset: number): string[] | undefined {
  let node: Node | null | undefined = values.parsed?.doc.contents;
  const path: string[] = [];
  for (let depth = 0; isMap(node) && depth < 256; depth++) {
    let next: Node | null | undefined;
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const key = keyText(item.key);
      const keyRange = (item.key as Node | null)?.range;
      if (key === undefined || !keyRange) continue;
      if (offset >= keyRange[0] && offset <= keyRange[1]) return [...path, key];
      const valueRange = (item.value as Node | null)?.range;
      if (valueRange && offset >= valueRange[0] && (offset < valueRange[1] || (offset === valueRange[1] && isScalar(item.value)))) {
        path.push(key);
        next = item.value as Node | null;
        break;
      }
    }
    // Between keys of a mapping: the mapping's own key is the nearest.
    if (!next) return path.length > 0 ? path : undefined;
    node = next;
  }
  return path.length > 0 ? path : undefined;
}
