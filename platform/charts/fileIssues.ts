import type { ChunkDiagnostic } from '../validate/analyzeChunk';
import type { Issue } from '../validate/issue';
import { issueRange } from '../validate/issueRanges';
import { isScalar } from 'yaml';
import { locate, MAX_ALIAS_COUNT, type ParsedChunk, type PathSegment } from '../yaml/parseChunk';

/**
 * The data of a chart or kustomize file, or undefined when its YAML is broken: the document's
 * own diagnostics already say so, and checking half a document would only add noise.
 */
export function documentData(parsed: ParsedChunk): { readonly value: unknown } | undefined {
  if (parsed.doc.errors.length > 0) return undefined;
  try {
    return { value: parsed.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown };
  } catch {
    return undefined;
  }
}

/** Issues placed on the narrowest range of the key or value they are about. */
export function issueDiagnostics(parsed: ParsedChunk, issues: readonly Issue[]): ChunkDiagnostic[] {
  return issues.map((issue) => ({
    range: issueRange(parsed.doc, parsed.lineCounter, issue),
    severity: issue.severity,
    code: issue.code,
    message: issue.message,
    ...(issue.data ? { data: issue.data } : {}),
  }));
}

/** A YAML mapping's data (not a list, scalar or null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A plain (unquoted) scalar's text as written, for telling what YAML 1.1 tools make of it. */
export function sourceText(parsed: ParsedChunk, path: readonly PathSegment[]): string | undefined {
  const node = locate(parsed.doc, path).node;
  if (!isScalar(node) || node.type !== 'PLAIN' || !node.range) return undefined;
  return parsed.chunk.text.slice(node.range[0], node.range[1]);
}
