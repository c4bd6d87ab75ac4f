import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import type { SchemaRegistry } from '../schema/schemaRegistry';
import { defaultValue, describe, enumValues, SchemaNavigator, typeLabel, type JsonSchema } from '../schema/schemaNavigator';
import { dottedPath } from '../validate/describeValue';
import { chunkRange, type ParsedChunk } from '../yaml/parseChunk';
import { pathAtOffset } from '../yaml/pathAtOffset';
import { shiftRange } from '../diagnostics';

/** Documentation for the key or value under the cursor: description, type and API group/version. */
export function hover(parsed: ParsedChunk, offset: number, registry: SchemaRegistry, kubernetesVersion: string): Hover | undefined {
  const data = parsed.doc.contents?.toJSON() as Record<string, unknown> | undefined;
  const apiVersion = typeof data?.apiVersion === 'string' ? data.apiVersion : undefined;
  const kind = typeof data?.kind === 'string' ? data.kind : undefined;
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
  const group = registry.platform.isPlatformApiVersion(apiVersion) ? apiVersion : `${apiVersion} (Kubernetes ${kubernetesVersion})`;
  lines.push('', `*${group} ${kind} · ${dottedPath(hit.path)}*`);
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join('\n') },
    range: shiftRange(chunkRange(parsed.lineCounter, hit.span[0], hit.span[1]), parsed.chunk.startLine),
  };
}
