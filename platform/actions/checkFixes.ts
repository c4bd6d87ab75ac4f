/**
 * Quick fixes for best-practice checks: pin an image to a tag the workspace already uses for it,
 * and add placeholder resource requests and limits to a container.
 */
import { isMap, isPair, isScalar, type Node, type YAMLMap } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../diagnostics';
import { imageRepository } from '../policy/checks/pinnedImages';
import { parseQuantity } from '../rules/quantity';
import { keyText, locate, type ParsedChunk, type PathSegment } from '../yaml/parseChunk';
import { pathAtOffset } from '../yaml/pathAtOffset';

/** What the fixes need from the workspace. */
export interface CheckFixContext {
  /** The parsed document at a line of the file, with its offset in the file. */
  readonly parsedAt: (line: number) => { readonly parsed: ParsedChunk; readonly startOffset: number } | undefined;
  /** Pinned references (`repo:tag`, `repo@digest`) the workspace uses for an image repository. */
  readonly pinnedImages: (repository: string) => readonly string[];
}

const RESOURCE_CODES: Readonly<Record<string, { group: 'requests' | 'limits'; resource: 'cpu' | 'memory' }>> = {
  'unset-cpu-request': { group: 'requests', resource: 'cpu' },
  'unset-cpu-limit': { group: 'limits', resource: 'cpu' },
  'unset-memory-request': { group: 'requests', resource: 'memory' },
  'unset-memory-limit': { group: 'limits', resource: 'memory' },
};

/** Placeholders: small enough to schedule anywhere, meant to be tuned. */
const PLACEHOLDER = { cpu: '100m', memory: '128Mi' } as const;

export function checkFixes(document: TextDocument, diagnostics: readonly Diagnostic[], context: CheckFixContext): CodeAction[] {
  const actions: CodeAction[] = [];
  const ours = diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
  for (const diagnostic of ours.filter((d) => d.code === 'latest-tag')) actions.push(...pinActions(document, diagnostic, context));
  // All resource findings of one container are fixed by one edit.
  const byContainer = new Map<string, { diagnostics: Diagnostic[]; wanted: Set<string> }>();
  for (const diagnostic of ours) {
    const wanted = typeof diagnostic.code === 'string' ? RESOURCE_CODES[diagnostic.code] : undefined;
    if (!wanted) continue;
    const key = `${diagnostic.range.start.line}:${diagnostic.range.start.character}`;
    let entry = byContainer.get(key);
    if (!entry) byContainer.set(key, (entry = { diagnostics: [], wanted: new Set() }));
    entry.diagnostics.push(diagnostic);
    entry.wanted.add(`${wanted.group}.${wanted.resource}`);
  }
  for (const { diagnostics: found, wanted } of byContainer.values()) {
    const edits = resourcesEdits(document, found[0]!, wanted, context);
    if (edits.length > 0) {
      actions.push({
        title: `Add placeholder resources (${[...wanted].sort().reverse().join(', ')})`,
        kind: CodeActionKind.QuickFix,
        diagnostics: found,
        edit: { changes: { [document.uri]: edits } },
      });
    }
  }
  return actions;
}

function pinActions(document: TextDocument, diagnostic: Diagnostic, context: CheckFixContext): CodeAction[] {
  const original = document.getText(diagnostic.range);
  const quote = /^["']/.test(original) ? original[0]! : '';
  const image = quote ? original.slice(1, -1) : original;
  return context
    .pinnedImages(imageRepository(image.trim()))
    .slice(0, 3)
    .map((pinned, index) => ({
      title: `Pin the image to ${pinned} (used elsewhere in the workspace)`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: index === 0,
      edit: { changes: { [document.uri]: [{ range: diagnostic.range, newText: `${quote}${pinned}${quote}` }] } },
    }));
}

/** The container (a map under `containers` or `initContainers`) that a position lies in. */
function containerPath(path: readonly PathSegment[]): PathSegment[] | undefined {
  for (let i = path.length - 2; i >= 0; i--) {
    if ((path[i] === 'containers' || path[i] === 'initContainers') && typeof path[i + 1] === 'number') return path.slice(0, i + 2);
  }
  return undefined;
}

function resourcesEdits(document: TextDocument, diagnostic: Diagnostic, wanted: ReadonlySet<string>, context: CheckFixContext): TextEdit[] {
  const at = context.parsedAt(diagnostic.range.start.line);
  if (!at) return [];
  const { parsed, startOffset } = at;
  const hit = pathAtOffset(parsed, document.offsetAt(diagnostic.range.start) - startOffset);
  const path = hit && containerPath(hit.path);
  const container = path && locate(parsed.doc, path).node;
  if (!isMap(container)) return [];
  const resourcesPair = container.items.find((p) => isPair(p) && keyText(p.key) === 'resources');
  const existing = isPair(resourcesPair) && isMap(resourcesPair.value) ? (resourcesPair.value.toJSON() as Record<string, Record<string, unknown> | undefined>) : {};
  const values = placeholders(existing, wanted);
  const position = (n: number): ReturnType<TextDocument['positionAt']> => document.positionAt(startOffset + n);
  const insertAt = (n: number, newText: string): TextEdit[] => [{ range: { start: position(n), end: position(n) }, newText }];
  const entryLines = (entries: Record<string, string>, indent: number): string => Object.entries(entries).map(([k, v]) => `${' '.repeat(indent)}${k}: ${v}`).join('\n');

  if (container.flow) {
    // `- {name: web, image: x}`: the new key goes before the closing brace.
    const end = container.range?.[1];
    const close = end === undefined || isPair(resourcesPair) ? -1 : parsed.chunk.text.lastIndexOf('}', end);
    return close === -1 ? [] : insertAt(close, `, resources: ${flowText(values)}`);
  }
  const indent = keyColumn(document, container, startOffset);
  if (indent === undefined) return [];
  if (!isPair(resourcesPair)) return insertAfter(document, container, startOffset, blockText(values, indent));
  const resources = resourcesPair.value as Node | null;
  if (isMap(resources) && !resources.flow && resources.items.length > 0) {
    // A present block group gets its missing keys; a missing group is a block of its own.
    const childIndent = keyColumn(document, resources, startOffset) ?? indent + 2;
    const edits: TextEdit[] = [];
    const newGroups: string[] = [];
    for (const group of ['requests', 'limits'] as const) {
      const added = values[group];
      if (!added) continue;
      const groupPair = resources.items.find((p) => isPair(p) && keyText(p.key) === group);
      if (!isPair(groupPair)) {
        newGroups.push(`${' '.repeat(childIndent)}${group}:\n${entryLines(added, childIndent + 2)}`);
        continue;
      }
      const groupMap = groupPair.value as Node | null;
      if (!isMap(groupMap) || groupMap.flow || groupMap.items.length === 0) return []; // a flow or empty group: left to the user
      edits.push(...insertAfter(document, groupMap, startOffset, entryLines(added, keyColumn(document, groupMap, startOffset) ?? childIndent + 2)));
    }
    if (newGroups.length > 0) edits.push(...insertAfter(document, resources, startOffset, newGroups.join('\n')));
    return edits;
  }
  // `resources: {}` or `resources:` with nothing: the whole value is written, in flow style on the key's line.
  if (isMap(resources) && resources.items.length === 0 && resources.range) return [{ range: { start: position(resources.range[0]), end: position(resources.range[1]) }, newText: flowText(values) }];
  if (resources !== null && !(isScalar(resources) && resources.value === null)) return [];
  const keyEnd = (resourcesPair.key as Node | null)?.range?.[1];
  const colon = keyEnd === undefined ? -1 : parsed.chunk.text.indexOf(':', keyEnd);
  return colon === -1 ? [] : insertAt(colon + 1, ` ${flowText(values)}`);
}

function flowText(values: Groups): string {
  const groups = (['requests', 'limits'] as const).filter((g) => values[g]);
  return `{${groups.map((g) => `${g}: {${Object.entries(values[g]!).map(([k, v]) => `${k}: ${v}`).join(', ')}}`).join(', ')}}`;
}

type Groups = { requests?: Record<string, string>; limits?: Record<string, string> };

/** Values for the wanted entries: a request no larger than an existing limit, a limit no smaller than an existing request. */
function placeholders(existing: Record<string, Record<string, unknown> | undefined>, wanted: ReadonlySet<string>): Groups {
  const out: Groups = {};
  for (const resource of ['cpu', 'memory'] as const) {
    const request = existing.requests?.[resource];
    const limit = existing.limits?.[resource];
    if (wanted.has(`requests.${resource}`)) {
      const fits = limit !== undefined && (parseQuantity(limit) ?? Infinity) < (parseQuantity(PLACEHOLDER[resource]) ?? 0);
      (out.requests ??= {})[resource] = fits ? String(limit) : PLACEHOLDER[resource];
    }
    if (wanted.has(`limits.${resource}`)) {
      const chosenRequest = request ?? out.requests?.[resource];
      (out.limits ??= {})[resource] = chosenRequest !== undefined && (parseQuantity(chosenRequest) ?? 0) > (parseQuantity(PLACEHOLDER[resource]) ?? 0) ? String(chosenRequest) : PLACEHOLDER[resource];
    }
  }
  return out;
}

function blockText(values: Groups, indent: number): string {
  const pad = ' '.repeat(indent);
  const lines = [`${pad}resources:`];
  for (const group of ['requests', 'limits'] as const) {
    const entries = Object.entries(values[group] ?? {});
    if (entries.length === 0) continue;
    lines.push(`${pad}  ${group}:`, ...entries.map(([k, v]) => `${pad}    ${k}: ${v}`));
  }
  return lines.join('\n');
}

/** The column of a block map's first key. */
function keyColumn(document: TextDocument, map: YAMLMap, startOffset: number): number | undefined {
  const first = map.items[0];
  const start = isPair(first) ? (first.key as Node | null)?.range?.[0] : undefined;
  return start === undefined ? undefined : document.positionAt(startOffset + start).character;
}

/** Inserts lines after a block node's last line. */
function insertAfter(document: TextDocument, node: Node, startOffset: number, lines: string): TextEdit[] {
  const end = node.range?.[1];
  if (end === undefined) return [];
  const last = document.positionAt(startOffset + end);
  // The value's range ends at its last character or just past its newline.
  const line = last.character === 0 && last.line > 0 ? last.line - 1 : last.line;
  const lineEnd = document.offsetAt({ line: line + 1, character: 0 });
  // The text's end and what ends it (a CRLF's `\r\n`, as a position cannot fall between them): the whole text is not read for one fix.
  const textEnd = document.offsetAt({ line: document.lineCount, character: 0 });
  const lastCharacter = textEnd === 0 ? '' : document.getText({ start: document.positionAt(textEnd - 1), end: document.positionAt(textEnd) });
  const atEndWithoutNewline = lineEnd === textEnd && !lastCharacter.endsWith('\n');
  const position = document.positionAt(lineEnd);
  return [{ range: { start: position, end: position }, newText: atEndWithoutNewline ? `\n${lines}` : `${lines}\n` }];
}
