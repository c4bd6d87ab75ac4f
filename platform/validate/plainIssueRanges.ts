import { LineCounter } from 'yaml';
import { chunkRange, type ChunkRange } from '../yaml/parseChunk';
import { readPlainNodes, type PlainMapNode, type PlainNode, type PlainPair, type PlainSpan } from '../yaml/plainDocument';
import type { Issue } from './issue';

/**
 * The ranges issueRange would give these issues, from the fast reader's spans instead of the
 * full parse's AST; undefined when the text is not plain or an issue lands where the reader
 * keeps no span (a collection, a flow collection's inside), and the caller parses fully.
 */
export function plainIssueRanges(text: string, issues: readonly Issue[]): ChunkRange[] | undefined {
  const place = plainIssuePlacer(text);
  if (!place) return undefined;
  const ranges: ChunkRange[] = [];
  for (const issue of issues) {
    const range = place(issue);
    if (!range) return undefined;
    ranges.push(range);
  }
  return ranges;
}

/**
 * Places issues on one plain document, read once: undefined when the text is not plain; the
 * placer answers undefined for an issue where the reader keeps no span.
 */
export function plainIssuePlacer(text: string): ((issue: Issue) => ChunkRange | undefined) | undefined {
  const root = readPlainNodes(text);
  if (!root) return undefined;
  let lines: LineCounter | undefined;
  return (issue) => {
    const span = issueSpan(root, issue);
    if (!span) return undefined;
    lines ??= lineCounter(text);
    return chunkRange(lines, span[0], span[1]);
  };
}

/** The rules of issueRange, walked over the reader's nodes. */
function issueSpan(root: PlainMapNode, issue: Issue): PlainSpan | undefined {
  const path = issue.path;
  let node: PlainNode = root;
  let pair: PlainPair | undefined;
  let depth = 0;
  for (const segment of path) {
    if (node.kind === 'map') {
      const found: PlainPair | undefined = node.pairs.get(String(segment));
      if (!found) break;
      pair = found;
      node = found.value;
    } else if (node.kind === 'seq' && typeof segment === 'number' && segment < node.items.length) {
      pair = undefined;
      node = node.items[segment]!;
    } else if (node.kind === 'other') {
      // The AST walks into a flow collection; the reader kept no spans inside it.
      return undefined;
    } else break;
    depth++;
  }
  const complete = depth === path.length;
  if (path.length === 0 || (depth === 0 && !complete)) return root.pairs.get('kind')?.key ?? root.firstKey;
  const onKey = issue.on === 'key' || !complete;
  if (onKey && pair) return pair.key;
  // A list item has no key of its own: its first key stands for it.
  if (onKey && typeof path[depth - 1] === 'number' && node.kind === 'map') return node.firstKey;
  return node.kind === 'scalar' ? node.span : undefined;
}

/** What the parser's LineCounter holds for this text: a line starts after each line break. */
function lineCounter(text: string): LineCounter {
  const counter = new LineCounter();
  counter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) counter.addNewLine(i + 1);
  return counter;
}
