import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import { isMap, isScalar } from 'yaml';
import type { SchemaRegistry } from '../schema/schemaRegistry';
import { defaultValue, describe, enumValues, SchemaNavigator, typeLabel, type JsonSchema } from '../schema/schemaNavigator';
import { dottedPath } from '../validate/describeValue';
import { chunkRange, type ParsedChunk } from '../yaml/parseChunk';
import { pathAtOffset } from '../yaml/pathAtOffset';
import { shiftRange } from '../diagnostics';

/** Documentation for the key or value under the cursor: description, type and API group/version. */
export function hover(parsed: ParsedChunk, offset: number, registry: SchemaRegistry, kubernetesVersion: string): Hover | undefined {
  const apiVersion = topLevelString(parsed, 'apiVersion');
  const kind = topLevelString(parsed, 'kind');
  if (!apiVersion || !kind) return undefined;
  const hit = pathAtOffset(parsed, offset);
  if (!hit) return undefined;
  const lookup = registry.lookup(apiVersion, kind, kubernetesVersion);
  if (lookup.status !== 'schema') return undefined;
  const navigator = new SchemaNavigator(lookup.schema as JsonSchema);
  const isRoot = hit.path.length === 1 && (hit.path[0] === 'kind' || hit.path[0] === 'apiVersion');
  const parts = navigator.at(hit.path);
  const description = isRoot ? lookup.description : describe(parts);
  if (!description && parts.length === 0) return undefined;

  const name = hit.path[hit.path.length - 1];
  const lines = [`**${typeof name === 'number' ? dottedPath(hit.path) : String(name)}**: \`${typeLabel(parts)}\``];
  if (description) lines.push('', description);
  const allowed = enumValues(parts);
  if (allowed.length > 0) lines.push('', `Allowed: ${allowed.map((v) => `\`${String(v)}\``).join(', ')}`);
  const fallback = defaultValue(parts);
  if (fallback !== undefined && typeof fallback !== 'object') lines.push('', `Default: \`${String(fallback)}\``);
  const group = registry.platform.isPlatformApiVersion(apiVersion) || lookup.origin !== undefined ? apiVersion : `${apiVersion} (Kubernetes ${kubernetesVersion})`;
  lines.push('', `*${group} ${kind} · ${dottedPath(hit.path)}*`);
  if (lookup.origin !== undefined) lines.push('', `schema: ${lookup.origin}`);
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join('\n') },
    range: shiftRange(chunkRange(parsed.lineCounter, hit.span[0], hit.span[1]), parsed.chunk.startLine),
  };
}

/**
 * A top-level string field, read from the node: converting the whole document to JSON on every
 * hover cost milliseconds per request on large documents full of aliases (found by the fuzz tier).
 * A field that is not a plain scalar (an alias, say) takes the slow, exact path.
 */
function topLevelString(parsed: ParsedChunk, key: 'apiVersion' | 'kind'): string | undefined {
  const node: unknown = isMap(parsed.doc.contents) ? parsed.doc.contents.get(key, true) : undefined;
  if (isScalar(node)) return typeof node.value === 'string' ? node.value : undefined;
  if (node === undefined) return undefined;
  const value = (parsed.doc.contents?.toJSON() as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' ? value : undefined;
}
