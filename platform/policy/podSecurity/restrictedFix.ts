/**
 * The quick fix for `pod-security` findings the restricted level makes about a pod's
 * securityContext: the pod runs as non-root under the runtime's default seccomp profile, and
 * every container drops all capabilities and cannot escalate its privileges. Values already
 * allowed (a Localhost profile, added NET_BIND_SERVICE) stay.
 */
import { isMap, isSeq, type YAMLMap } from 'yaml';
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { asObject, asString, type Obj } from '../../rules/values';
import type { IssueData } from '../../validate/issue';
import { locate, type ParsedChunk, type PathSegment } from '../../yaml/parseChunk';
import { ensureMap, type EditContext, type OffsetEdit, type WantedMap } from './yamlEdits';

export const RESTRICTED_FIX_TITLE = 'Add the securityContext fields Pod Security "restricted" requires';

/** A document and where its pod spec is, for the diagnostics on it. */
export interface PodDocument {
  readonly parsed: ParsedChunk;
  /** Path of the pod spec in the document. */
  readonly specPath: readonly PathSegment[];
  /** The document's data. */
  readonly value: Obj;
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
const ALLOWED_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);

/** One action per pod, for the fixable `pod-security` diagnostics among those given. */
export function restrictedFixes(document: TextDocument, diagnostics: readonly Diagnostic[], podAt: (line: number) => PodDocument | undefined): CodeAction[] {
  // Documents by where they start: one action per pod, naming every diagnostic it fixes.
  const byPod = new Map<number, { pod: PodDocument; fixed: Diagnostic[] }>();
  for (const diagnostic of diagnostics) {
    if (diagnostic.code !== 'pod-security' || (diagnostic.data as IssueData | undefined)?.podSecurity?.fixable !== true) continue;
    const pod = podAt(diagnostic.range.start.line);
    if (!pod) continue;
    const group = byPod.get(pod.parsed.chunk.startOffset) ?? { pod, fixed: [] };
    group.fixed.push(diagnostic);
    byPod.set(pod.parsed.chunk.startOffset, group);
  }
  const actions: CodeAction[] = [];
  for (const { pod, fixed } of byPod.values()) {
    const edits = restrictedEdits(pod);
    if (edits.length === 0) continue;
    const base = pod.parsed.chunk.startOffset;
    const textEdits: TextEdit[] = edits.map((e) => ({ range: { start: document.positionAt(base + e.start), end: document.positionAt(base + e.end) }, newText: e.text }));
    actions.push({ title: RESTRICTED_FIX_TITLE, kind: CodeActionKind.QuickFix, diagnostics: fixed, isPreferred: true, edit: { changes: { [document.uri]: textEdits } } });
  }
  return actions;
}

/** The edits that make a pod's securityContext fields restricted-compliant (containers first, then the pod). */
export function restrictedEdits(pod: PodDocument): OffsetEdit[] {
  const { doc, lineCounter, chunk } = pod.parsed;
  const context: EditContext = { text: chunk.text, lineCounter, eol: chunk.text.includes('\r\n') ? '\r\n' : '\n' };
  const specNode = locate(doc, pod.specPath);
  if (specNode.depth !== pod.specPath.length || !isMap(specNode.node)) return [];
  const spec = valueAt(pod.value, pod.specPath);
  const edits: OffsetEdit[] = [];
  for (const list of CONTAINER_LISTS) {
    const seq = (specNode.node as YAMLMap).get(list, true);
    if (!isSeq(seq)) continue;
    seq.items.forEach((item, index) => {
      if (!isMap(item)) return;
      const container = asObject(valueAt(spec, [list, index]));
      edits.push(...ensureMap(context, item, { securityContext: containerWanted(asObject(container?.securityContext)) }));
    });
  }
  edits.push(...ensureMap(context, specNode.node as YAMLMap, { securityContext: podWanted(asObject(asObject(spec)?.securityContext)) }));
  return edits;
}

function containerWanted(context: Obj | undefined): WantedMap {
  const wanted: Record<string, WantedMap[string]> = { allowPrivilegeEscalation: false, capabilities: { drop: { includes: 'ALL' } } };
  if (context?.runAsNonRoot === false) wanted.runAsNonRoot = true;
  const seccomp = asObject(context?.seccompProfile);
  if (seccomp && !ALLOWED_SECCOMP.has(asString(seccomp.type) ?? '')) wanted.seccompProfile = { type: 'RuntimeDefault' };
  return wanted;
}

function podWanted(context: Obj | undefined): WantedMap {
  const seccompType = asString(asObject(context?.seccompProfile)?.type) ?? '';
  return { runAsNonRoot: true, ...(ALLOWED_SECCOMP.has(seccompType) ? {} : { seccompProfile: { type: 'RuntimeDefault' } }) };
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof segment === 'number') current = Array.isArray(current) ? current[segment] : undefined;
    else current = asObject(current)?.[segment];
  }
  return current;
}
