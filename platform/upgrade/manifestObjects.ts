/**
 * The objects a YAML text of manifests declares, with where their apiVersion is written: read
 * from the syntax tree alone (scalars only, no alias is ever expanded), so a hostile document
 * costs its size and nothing more. Items of a `v1 List` are objects of their own.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import { chunkPosition, locate, parseChunk, type ParsedChunk, type PathSegment } from '../yaml/parseChunk';
import { splitDocuments } from '../yaml/splitDocuments';

export interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name?: string;
  readonly namespace?: string;
  /** The `berth.dev/cluster` annotation: the Cluster the object is meant for. */
  readonly cluster?: string;
  /** The apiVersion value, in file positions. */
  readonly range: Range;
  /** The chart template a Helm-rendered document names in its `# Source:` comment. */
  readonly source?: string;
}

const CLUSTER_ANNOTATION = 'berth.dev/cluster';
/** Longer scalars are no name Kubernetes accepts: left out rather than carried into reports. */
const MAX_SCALAR = 1024;
const SOURCE_LINE = /^# Source: ([^\r\n]{1,512})$/m;

export function manifestObjects(text: string): ManifestObject[] {
  const objects: ManifestObject[] = [];
  for (const chunk of splitDocuments(text)) {
    if (!/\S/.test(chunk.text)) continue;
    const parsed = parseChunk(chunk);
    const source = SOURCE_LINE.exec(chunk.text.slice(0, 4096))?.[1]?.trim();
    const top = objectAt(parsed, []);
    if (top) objects.push(source ? { ...top, source } : top);
    // A v1 List holds any objects: kubectl applies each item as an object of its own.
    if (top?.apiVersion === 'v1' && top.kind === 'List') {
      const items = locate(parsed.doc, ['items']).node;
      if (isSeq(items)) {
        for (let index = 0; index < items.items.length; index++) {
          const item = objectAt(parsed, ['items', index]);
          if (item) objects.push(source ? { ...item, source } : item);
        }
      }
    }
  }
  return objects;
}

function objectAt(parsed: ParsedChunk, base: readonly PathSegment[]): ManifestObject | undefined {
  const at = (...path: PathSegment[]): Node | null => {
    const found = locate(parsed.doc, [...base, ...path]);
    return found.depth === base.length + path.length ? found.node : null;
  };
  if (!isMap(at())) return undefined;
  const apiVersionNode = at('apiVersion');
  const apiVersion = scalarText(apiVersionNode);
  const kind = scalarText(at('kind'));
  if (apiVersion === undefined || kind === undefined || !apiVersionNode?.range) return undefined;
  const name = scalarText(at('metadata', 'name'));
  const namespace = scalarText(at('metadata', 'namespace'));
  const cluster = scalarText(at('metadata', 'annotations', CLUSTER_ANNOTATION));
  const [startOffset, endOffset] = apiVersionNode.range;
  const line = parsed.chunk.startLine;
  const start = chunkPosition(parsed.lineCounter, startOffset);
  const end = chunkPosition(parsed.lineCounter, endOffset);
  return {
    apiVersion,
    kind,
    ...(name === undefined ? {} : { name }),
    ...(namespace === undefined ? {} : { namespace }),
    ...(cluster === undefined ? {} : { cluster }),
    range: { start: { line: line + start.line, character: start.character }, end: { line: line + end.line, character: end.character } },
  };
}

function scalarText(node: Node | null): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value);
  return text === '' || text.length > MAX_SCALAR ? undefined : text;
}
