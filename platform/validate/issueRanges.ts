import { isMap, isPair, type Document } from 'yaml';
import { chunkRange, keyText, locate, type ChunkRange } from '../yaml/parseChunk';
import type { LineCounter } from 'yaml';
import type { Issue } from './issue';

/**
 * The narrowest source range for an issue: the offending value, or the key when the issue is
 * about the key itself (unknown field, a missing child of that key). A path that leaves the
 * document stops at the deepest node that exists.
 */
export function issueRange(doc: Document.Parsed, lineCounter: LineCounter, issue: Issue): ChunkRange {
  const location = locate(doc, issue.path);
  const complete = location.depth === issue.path.length;
  if (issue.path.length === 0 || (location.depth === 0 && !complete)) return rootAnchor(doc, lineCounter);
  const onKey = issue.on === 'key' || !complete;
  let target = onKey && location.pair ? location.pair.key : location.node ?? location.pair?.key;
  // A list item has no key of its own: its first key stands for it, so the range stays on one line.
  if (onKey && typeof issue.path[location.depth - 1] === 'number' && isMap(target) && isPair(target.items[0])) {
    target = target.items[0].key as typeof target;
  }
  const range = target?.range;
  if (range) return chunkRange(lineCounter, range[0], range[1]);
  // An empty value (`key:`) has no node: point at its key.
  const keyRange = location.pair?.key?.range;
  if (keyRange) return chunkRange(lineCounter, keyRange[0], keyRange[1]);
  return rootAnchor(doc, lineCounter);
}

/** A document-level issue sits on the `kind` key (or the first key): short, and where a reader looks. */
function rootAnchor(doc: Document.Parsed, lineCounter: LineCounter): ChunkRange {
  const contents = doc.contents;
  if (isMap(contents)) {
    const kindPair = contents.items.find((p) => isPair(p) && keyText(p.key) === 'kind') ?? contents.items[0];
    const key = kindPair?.key as { range?: [number, number, number] } | undefined;
    if (key?.range) return chunkRange(lineCounter, key.range[0], key.range[1]);
  }
  const range = contents?.range;
  if (range) return chunkRange(lineCounter, range[0], Math.min(range[1], range[0] + 1));
  return chunkRange(lineCounter, 0, 0);
}
