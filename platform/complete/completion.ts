import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Range } from 'vscode-languageserver-types';
import type { SchemaRegistry } from '../schema/schemaRegistry';
import { defaultValue, describe, enumValues, SchemaNavigator, typeLabel, type JsonSchema } from '../schema/schemaNavigator';
import { cursorContext, type CursorContext } from './yamlContext';
import type { DocumentSnippet } from './snippets';
import { clusterNameItems, clusterNameSlot, uriPath, type CompletionWorkspace } from './clusterNames';
import { listedClusters } from '../render/distribution';
import { asObject, type Obj } from '../rules/values';

export interface CompletionRequest {
  /** The document's lines (only the document under the cursor). */
  readonly lines: readonly string[];
  /** Cursor, relative to the document's first line. */
  readonly line: number;
  readonly character: number;
  /** Line of the document's first line in the file, to place edits. */
  readonly startLine: number;
  readonly kubernetesVersion: string;
  /** The document as last parsed, when it parsed (a document being typed may not). */
  readonly value?: Obj | undefined;
}

/**
 * Keys, enum values, apiVersion/kind pairs and document snippets for the cursor's position; with
 * the workspace, the names of its Clusters and known contexts where a cluster is named.
 */
export function complete(request: CompletionRequest, registry: SchemaRegistry, snippets: readonly DocumentSnippet[], workspace?: CompletionWorkspace): CompletionItem[] {
  const context = cursorContext(request.lines, request.line, request.character);
  if (context.kind === 'none') return [];
  const identity = rootIdentity(request.lines);
  if (workspace && identity.apiVersion?.startsWith('berth.dev/')) {
    const slot = clusterNameSlot(identity.kind, context, request.lines, request.line, request.character);
    if (slot) {
      const line = request.startLine + request.line;
      const range: Range = { start: { line, character: slot.start }, end: { line, character: request.character } };
      const preferred = new Set(listedClusters(asObject(request.value?.['spec'])) ?? []);
      return clusterNameItems(workspace.clusterNames(), slot, range, workspace.displayPath ?? uriPath, preferred);
    }
  }
  const replace = prefixRange(request, context);
  if (context.kind === 'value') {
    if (context.path.length === 1 && context.path[0] === 'apiVersion') return apiVersionItems(registry, request.kubernetesVersion, identity.kind, replace);
    if (context.path.length === 1 && context.path[0] === 'kind') return kindItems(registry, request.kubernetesVersion, identity.apiVersion, replace);
  }
  const schema = identity.apiVersion && identity.kind ? schemaFor(registry, identity.apiVersion, identity.kind, request.kubernetesVersion) : undefined;
  if (context.kind === 'value') return schema ? valueItems(new SchemaNavigator(schema), context.path, replace) : [];
  const items: CompletionItem[] = [];
  if (context.path.length === 0 && (!identity.apiVersion || !identity.kind)) {
    items.push(...documentStartItems(registry, request, snippets, replace, identity));
  }
  if (schema) items.push(...keyItems(new SchemaNavigator(schema), context.path, context.existingKeys, replace));
  return items;
}

function schemaFor(registry: SchemaRegistry, apiVersion: string, kind: string, version: string): JsonSchema | undefined {
  const lookup = registry.lookup(apiVersion, kind, version);
  return lookup.status === 'schema' ? (lookup.schema as JsonSchema) : undefined;
}

/** apiVersion and kind as written at the document's top level, read from text so half-typed documents work. */
export function rootIdentity(lines: readonly string[]): { apiVersion: string | undefined; kind: string | undefined } {
  let apiVersion: string | undefined;
  let kind: string | undefined;
  for (const line of lines) {
    const match = /^(apiVersion|kind):[ \t]*["']?([^"'#\s]+)/.exec(line);
    if (!match) continue;
    if (match[1] === 'apiVersion') apiVersion ??= match[2];
    else kind ??= match[2];
  }
  return { apiVersion, kind };
}

function prefixRange(request: CompletionRequest, context: Exclude<CursorContext, { kind: 'none' }>): Range {
  const line = request.startLine + request.line;
  return { start: { line, character: request.character - context.prefix.length }, end: { line, character: request.character } };
}

function keyItems(navigator: SchemaNavigator, path: (string | number)[], existing: Set<string>, replace: Range): CompletionItem[] {
  const required = navigator.required(path);
  const items: CompletionItem[] = [];
  for (const [name, property] of navigator.properties(path)) {
    if (existing.has(name) || name === 'status') continue;
    const parts = navigator.expand(property);
    const type = typeLabel(parts);
    const isRequired = required.has(name);
    const description = describe(parts);
    items.push({
      label: name,
      kind: CompletionItemKind.Property,
      detail: `${type}${isRequired ? ' (required)' : ''}`,
      ...(description ? { documentation: { kind: MarkupKind.Markdown, value: description } } : {}),
      sortText: `${isRequired ? '0' : '1'}${name}`,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range: replace, newText: keySnippet(name, parts) },
    });
  }
  return items;
}

/** What typing a key inserts: a nested block for objects and lists, a choice of values for enums. */
function keySnippet(name: string, parts: JsonSchema[]): string {
  const type = typeLabel(parts);
  if (type === 'object') return `${name}:\n  $0`;
  if (type === 'list') return `${name}:\n  - $0`;
  const values = enumValues(parts);
  if (values.length > 0) return `${name}: \${1|${values.map((v) => String(v).replace(/[,|\\]/g, '\\$&')).join(',')}|}`;
  return `${name}: $0`;
}

function valueItems(navigator: SchemaNavigator, path: (string | number)[], replace: Range): CompletionItem[] {
  const parts = navigator.at(path);
  const values = enumValues(parts);
  const candidates = values.length > 0 ? values : typeLabel(parts) === 'boolean' ? [true, false] : [];
  const fallback = defaultValue(parts);
  const items: CompletionItem[] = candidates.map((value, i) => ({
    label: String(value),
    kind: CompletionItemKind.EnumMember,
    sortText: String(i).padStart(4, '0'),
    ...(value === fallback ? { detail: 'default' } : {}),
    textEdit: { range: replace, newText: String(value) },
  }));
  if (items.length === 0 && fallback !== undefined && typeof fallback !== 'object') {
    items.push({ label: String(fallback), kind: CompletionItemKind.Value, detail: 'default', textEdit: { range: replace, newText: String(fallback) } });
  }
  return items;
}

function apiVersionItems(registry: SchemaRegistry, version: string, kind: string | undefined, replace: Range): CompletionItem[] {
  const kinds = registry.kinds(version).filter((k) => !kind || k.kind === kind);
  const seen = new Set<string>();
  return kinds.flatMap((k, i) => {
    if (seen.has(k.apiVersion)) return [];
    seen.add(k.apiVersion);
    return [{ label: k.apiVersion, kind: CompletionItemKind.Module, sortText: String(i).padStart(5, '0'), textEdit: { range: replace, newText: k.apiVersion } }];
  });
}

function kindItems(registry: SchemaRegistry, version: string, apiVersion: string | undefined, replace: Range): CompletionItem[] {
  const kinds = registry.kinds(version).filter((k) => !apiVersion || k.apiVersion === apiVersion);
  const seen = new Set<string>();
  return kinds.flatMap((k) => {
    if (seen.has(k.kind)) return [];
    seen.add(k.kind);
    return [
      {
        label: k.kind,
        kind: CompletionItemKind.Class,
        detail: k.apiVersion,
        documentation: { kind: MarkupKind.Markdown, value: k.description },
        textEdit: { range: replace, newText: k.kind },
      },
    ];
  });
}

/** At the top of a document with no kind yet: whole-document snippets and apiVersion/kind pairs. */
function documentStartItems(
  registry: SchemaRegistry,
  request: CompletionRequest,
  snippets: readonly DocumentSnippet[],
  replace: Range,
  identity: { apiVersion: string | undefined; kind: string | undefined },
): CompletionItem[] {
  const items: CompletionItem[] = [];
  const documentIsBlank = !identity.apiVersion && !identity.kind;
  if (documentIsBlank) {
    for (const snippet of snippets) {
      items.push({
        label: snippet.prefix,
        kind: CompletionItemKind.Snippet,
        detail: snippet.name,
        documentation: { kind: MarkupKind.Markdown, value: `${snippet.description}\n\n\`\`\`yaml\n${snippet.body}\n\`\`\`` },
        sortText: `0${snippet.prefix}`,
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range: replace, newText: snippet.body },
      });
    }
    for (const k of registry.kinds(request.kubernetesVersion)) {
      items.push({
        label: `${k.kind} (${k.apiVersion})`,
        filterText: `${k.kind} ${k.apiVersion}`,
        kind: CompletionItemKind.Class,
        detail: `apiVersion: ${k.apiVersion}, kind: ${k.kind}`,
        documentation: { kind: MarkupKind.Markdown, value: k.description },
        sortText: `1${k.kind}`,
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range: replace, newText: `apiVersion: ${k.apiVersion}\nkind: ${k.kind}\nmetadata:\n  name: \${1:name}\n$0` },
      });
    }
  } else {
    for (const key of ['apiVersion', 'kind'] as const) {
      if (identity[key]) continue;
      items.push({ label: key, kind: CompletionItemKind.Property, detail: 'string (required)', sortText: `0${key}`, textEdit: { range: replace, newText: `${key}: ` } });
    }
  }
  return items;
}
