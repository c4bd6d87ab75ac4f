import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { ParsedChunk, PathSegment } from './parseChunk';
import { keyText } from './parseChunk';

/** The data path under an offset, and the key or value node the offset is on. */
export interface PathHit {
  readonly path: PathSegment[];
  readonly on: 'key' | 'value';
  readonly span: [number, number];
  /** The scalar value under the cursor, when on a value. */
  readonly value?: unknown;
}

export function pathAtOffset(parsed: ParsedChunk, offset: number): PathHit | undefined {
  let node: Node | null = parsed.doc.contents;
  const path: PathSegment[] = [];
  for (let depth = 0; node && depth < 256; depth++) {
    if (isMap(node)) {
      let next: Node | null = null;
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = item.key as Node | null;
        const name = keyText(key);
        const keyRange = key?.range;
        if (name === undefined || !keyRange) continue;
        if (offset >= keyRange[0] && offset <= keyRange[1]) return { path: [...path, name], on: 'key', span: [keyRange[0], keyRange[1]] };
        const value = item.value as Node | null;
        const valueRange = value?.range;
        if (valueRange && offset >= valueRange[0] && offset <= valueRange[1]) {
          path.push(name);
          next = value;
          break;
        }
      }
      node = next;
      continue;
    }
    if (isSeq(node)) {
      const index = node.items.findIndex((item) => {
        const range = (item as Node | null)?.range;
        return range != null && offset >= range[0] && offset <= range[1];
      });
      if (index === -1) return undefined;
      path.push(index);
      node = node.items[index] as Node | null;
      continue;
    }
    if (isScalar(node) && node.range && path.length > 0) return { path, on: 'value', span: [node.range[0], node.range[1]], value: node.value };
    return undefined;
  }
  return undefined;
}
