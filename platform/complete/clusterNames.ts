import { CompletionItemKind, type CompletionItem, type Range } from 'vscode-languageserver-types';
import type { CursorContext } from './yamlContext';

/** A name a cluster reference may take: a Cluster document of the workspace, or a kubeconfig context the client knows. */
export type ClusterNameCandidate =
  | { readonly source: 'cluster'; readonly name: string; readonly provider?: string; readonly uri: string }
  | { readonly source: 'context'; readonly name: string };

/** What completion knows beyond the document being edited. */
export interface CompletionWorkspace {
  /** The workspace's Cluster documents, then the known kubeconfig contexts. */
  readonly clusterNames: () => readonly ClusterNameCandidate[];
  /** How a file is named in a detail (its path in the workspace folder); the URI's path when absent. */
  readonly displayPath?: (uri: string) => string;
}

/** Where a cluster name is being typed: what is typed of it, from which column, and the names beside it that should not be offered again. */
export interface ClusterNameSlot {
  readonly prefix: string;
  readonly start: number;
  /** Names already listed in the same `clusters` list or `weights` mapping. */
  readonly listed: ReadonlySet<string>;
  /** Whether the name is inside quotes already, so it is inserted as it is. */
  readonly quoted: boolean;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The cluster-name slot under the cursor, if any: `spec.cluster` of an Application or NodePool,
 * an item of an Application's `spec.clusters` (flow `[a, |]` or block `- |`), `cluster` of an
 * item of `spec.overrides` (block, or one-line flow `[{cluster: |}]`), or a key of `spec.distribution.weights` (block or flow).
 */
export function clusterNameSlot(kind: string | undefined, context: CursorContext, lines: readonly string[], lineIndex: number, character: number): ClusterNameSlot | undefined {
  if (context.kind === 'none' || (kind !== 'Application' && kind !== 'NodePool')) return undefined;
  const line = lines[lineIndex] ?? '';
  const path = context.path.join('/');
  const before = line.slice(0, character);
  const quoted = /["']$/.test(before.slice(0, character - context.prefix.length));
  if (context.kind === 'value') {
    if (path === 'spec/cluster' || (kind === 'Application' && /^spec\/overrides\/\d+\/cluster$/.test(path))) {
      return plainName(context.prefix) ? { prefix: context.prefix, start: character - context.prefix.length, listed: NONE, quoted } : undefined;
    }
    if (kind !== 'Application') return undefined;
    if (path === 'spec/overrides' && context.prefix.startsWith('[')) return flowOverrideCluster(context.prefix, line.slice(character), character);
    // `- {image: x, cluster: |}`: the cursor context reads the item's first key as a key path.
    if (context.path[0] === 'spec' && context.path[1] === 'overrides' && context.path.length === 3 && /^ *- +\{/.test(before)) {
      return flowOverrideCluster(before.slice(before.indexOf('{')), line.slice(character), character);
    }
    if (path === 'spec/clusters' && context.prefix.startsWith('[')) return flowItem(context.prefix, line.slice(character), character);
    if (path === 'spec/distribution/weights' && context.prefix.startsWith('{')) return flowKey(context.prefix, line.slice(character), character);
    return undefined;
  }
  if (kind !== 'Application') return undefined;
  if (path === 'spec/clusters/0' && /^ *- +(?!-)\S*$/.test(before)) {
    return { prefix: context.prefix, start: character - context.prefix.length, listed: blockItems(lines, lineIndex), quoted: false };
  }
  if (path === 'spec/distribution/weights') return { prefix: context.prefix, start: character - context.prefix.length, listed: context.existingKeys, quoted: false };
  return undefined;
}

/** A name being typed as a plain or quoted scalar (not a flow collection, not text with spaces). */
function plainName(prefix: string): boolean {
  return /^[^\s,[\]{}#]*$/.test(prefix);
}

/** `[east, we|` — the item at the cursor of a one-line flow sequence, and the other items. */
function flowItem(before: string, after: string, character: number): ClusterNameSlot | undefined {
  const inside = before.slice(1);
  if (/[\]{}[]/.test(inside)) return undefined;
  const parts = inside.split(',');
  const current = parts.pop()!.trimStart();
  const quoted = /^["']/.test(current);
  const prefix = quoted ? current.slice(1) : current;
  if (!plainName(prefix)) return undefined;
  const end = after.indexOf(']');
  const rest = (end < 0 ? after : after.slice(0, end)).split(',').slice(1);
  return { prefix, start: character - prefix.length, listed: new Set([...parts, ...rest].map(scalar).filter((s) => s !== '')), quoted };
}

/**
 * `[{cluster: ea|` or `- {image: x, cluster: ea|` — the `cluster` value of a one-line flow mapping
 * in `overrides`, and the clusters the other one-line overrides of the line already name.
 */
function flowOverrideCluster(before: string, after: string, character: number): ClusterNameSlot | undefined {
  const current = /\{(?:[^{}[\]]*,)?\s*cluster:\s+(["']?)([^\s,[\]{}#"']*)$/.exec(before);
  if (!current) return undefined;
  const prefix = current[2]!;
  const others = before.slice(0, current.index) + after;
  const listed = new Set([...others.matchAll(/[{,]\s*cluster:\s*([^,{}[\]]+)/g)].map((m) => scalar(m[1]!)).filter((s) => s !== ''));
  return { prefix, start: character - prefix.length, listed, quoted: current[1] !== '' };
}

/** `{east: 2, we|` — the key at the cursor of a one-line flow mapping, and the other keys; undefined at a value. */
function flowKey(before: string, after: string, character: number): ClusterNameSlot | undefined {
  const inside = before.slice(1);
  if (/[\]{}[]/.test(inside)) return undefined;
  const parts = inside.split(',');
  const current = parts.pop()!.trimStart();
  if (current.includes(':')) return undefined;
  const quoted = /^["']/.test(current);
  const prefix = quoted ? current.slice(1) : current;
  if (!plainName(prefix)) return undefined;
  const end = after.indexOf('}');
  const rest = (end < 0 ? after : after.slice(0, end)).split(',').slice(1);
  const keys = [...parts, ...rest].map((entry) => scalar(entry.split(/:(?:\s|$)/)[0] ?? '')).filter((s) => s !== '');
  return { prefix, start: character - prefix.length, listed: new Set(keys), quoted };
}

/** The other items of the block sequence the cursor's `- ` belongs to: lines with a `- ` at the same column, above and below. */
function blockItems(lines: readonly string[], lineIndex: number): ReadonlySet<string> {
  const column = /^ */.exec(lines[lineIndex] ?? '')![0].length;
  const names = new Set<string>();
  for (const step of [-1, 1]) {
    for (let i = lineIndex + step; i >= 0 && i < lines.length; i += step) {
      const text = lines[i]!;
      if (text.trim() === '' || text.trimStart().startsWith('#')) continue;
      const indent = /^ */.exec(text)![0].length;
      const item = indent === column ? /^ *- +(.*)$/.exec(text) : undefined;
      if (item) {
        const name = scalar(item[1]!);
        if (name !== '') names.add(name);
      } else if (indent <= column) {
        break;
      }
    }
  }
  return names;
}

/** A scalar as written (a comment cut, quotes taken off). */
function scalar(text: string): string {
  const trimmed = text.replace(/(^|\s)#.*$/, '').trim();
  return /^(["']).*\1$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
}

/** Names that need no quotes as a YAML plain scalar, in block and flow context alike. */
const PLAIN = /^[A-Za-z0-9][A-Za-z0-9._@/+-]*(?::[A-Za-z0-9._@/+-]+)*$/;

/**
 * The cluster names for a slot: the workspace's Clusters first, then the contexts that are no
 * Cluster's name, leaving out what the slot already lists. `preferred` names (those the
 * Application lists in `spec.clusters`) sort first.
 */
export function clusterNameItems(candidates: readonly ClusterNameCandidate[], slot: ClusterNameSlot, replace: Range, displayPath: (uri: string) => string, preferred: ReadonlySet<string> = NONE): CompletionItem[] {
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const candidate of candidates) {
    const { name } = candidate;
    // Names come from files and the kubeconfig: one with control characters is no name to insert.
    if (name === '' || name.length > 253 || /[\u0000-\u001f\u007f]/.test(name) || seen.has(name) || slot.listed.has(name)) continue;
    seen.add(name);
    const rank = preferred.has(name) ? '0' : candidate.source === 'cluster' ? '1' : '2';
    items.push({
      label: name,
      kind: candidate.source === 'cluster' ? CompletionItemKind.Reference : CompletionItemKind.Value,
      detail: candidate.source === 'cluster' ? `Cluster${candidate.provider !== undefined ? ` (${printable(candidate.provider)})` : ''} in ${printable(displayPath(candidate.uri))}` : 'kubeconfig context',
      sortText: `${rank}${name}`,
      textEdit: { range: replace, newText: slot.quoted || PLAIN.test(name) ? name : JSON.stringify(name) },
    });
  }
  return items;
}

function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, '?');
}

/** The path of a file URI, decoded, for a detail when no workspace folder is known. */
export function uriPath(uri: string): string {
  const path = uri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
