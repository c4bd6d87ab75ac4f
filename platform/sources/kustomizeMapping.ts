import type { Location } from 'vscode-languageserver-types';
import { asArray, asObject, asString } from '../rules/values';
import type { PathSegment } from '../yaml/parseChunk';
import { KUSTOMIZATION_FILE_NAMES, type KustomizationRefs, type PatchReference } from './kustomization';
import { resolveRelative } from './uris';

/** A document of a workspace file, as the mapping needs it. */
export interface SourceDocument {
  readonly value: unknown;
  /** The range of the value (or key) at `path`, or of its deepest existing ancestor unless `exact`. */
  locate(path: readonly PathSegment[], exact: boolean): Location | undefined;
}

export interface KustomizeSources {
  /** The kustomization of a folder, by key (uriKey). */
  kustomization(folderKey: string): KustomizationRefs | undefined;
  /** The documents of a workspace file, by key; undefined when the workspace does not hold it. */
  documents(fileKey: string): readonly SourceDocument[] | undefined;
}

interface Patch {
  readonly reference: PatchReference;
  readonly documents: readonly SourceDocument[];
}

interface Tree {
  /** Outermost overlay first: the last patch applied wins, so it is the one to report. */
  readonly patches: Patch[];
  readonly resources: SourceDocument[];
}

/**
 * Where a value of an object that `kustomize build` produced was set: the patch that sets the
 * path (outermost overlay first), else the resource file that holds the object. Objects are
 * matched by kind and by their name before namePrefix/nameSuffix were added.
 */
export function kustomizeSourceLocation(sources: KustomizeSources, folderKey: string, rendered: { kind?: string; name?: string }, path: readonly PathSegment[]): Location | undefined {
  const tree = collect(sources, folderKey);
  const kind = rendered.kind;
  const name = rendered.name ?? '';
  for (const patch of tree.patches) {
    for (const document of patch.documents) {
      const found = Array.isArray(document.value) ? jsonPatchLocation(document, path) : strategicPatchLocation(document, patch.reference, kind, name, path);
      if (found) return found;
    }
  }
  let bestName = -1;
  let best: SourceDocument | undefined;
  for (const document of tree.resources) {
    const value = asObject(document.value);
    const own = asString(asObject(value?.metadata)?.name);
    if (!value || asString(value.kind) !== kind || own === undefined || !name.includes(own) || own.length <= bestName) continue;
    best = document;
    bestName = own.length;
  }
  return best?.locate(path, false);
}

function strategicPatchLocation(document: SourceDocument, reference: PatchReference, kind: string | undefined, name: string, path: readonly PathSegment[]): Location | undefined {
  const value = asObject(document.value);
  if (!value) return undefined;
  const patchKind = reference.target?.kind ?? asString(value.kind);
  const patchName = reference.target?.name ?? asString(asObject(value.metadata)?.name);
  if (patchKind !== undefined && patchKind !== kind) return undefined;
  if (patchName !== undefined && !name.includes(patchName)) return undefined;
  return document.locate(path, true);
}

/** A JSON 6902 patch: the operation whose path is the rendered path or one of its ancestors. */
function jsonPatchLocation(document: SourceDocument, path: readonly PathSegment[]): Location | undefined {
  const operations = asArray(document.value);
  for (let i = operations.length - 1; i >= 0; i--) {
    const operation = asObject(operations[i]);
    const pointer = asString(operation?.path);
    if (!operation || pointer === undefined || !['add', 'replace'].includes(asString(operation.op) ?? '')) continue;
    const segments = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (segments.length > path.length || !segments.every((s, n) => s === String(path[n]) || (s === '-' && typeof path[n] === 'number'))) continue;
    return document.locate([i, 'value', ...path.slice(segments.length)], false);
  }
  return undefined;
}

function collect(sources: KustomizeSources, folderKey: string, seen = new Set<string>()): Tree {
  const tree: Tree = { patches: [], resources: [] };
  if (seen.has(folderKey) || seen.size > 64) return tree;
  seen.add(folderKey);
  const refs = sources.kustomization(folderKey);
  if (!refs) return tree;
  for (const reference of refs.patches) {
    const file = reference.path === undefined ? undefined : resolveRelative(folderKey, reference.path);
    const documents = file === undefined ? undefined : sources.documents(file);
    if (documents) tree.patches.push({ reference, documents });
  }
  for (const resource of refs.resources) {
    const target = resolveRelative(folderKey, resource);
    if (target === undefined) continue;
    const documents = sources.documents(target);
    if (documents) {
      tree.resources.push(...documents);
      continue;
    }
    // A folder: its own kustomization, whose patches apply before this one's.
    if (KUSTOMIZATION_FILE_NAMES.some((name) => sources.documents(`${target}/${name}`)) || sources.kustomization(target)) {
      const inner = collect(sources, target, seen);
      tree.patches.push(...inner.patches);
      tree.resources.push(...inner.resources);
    }
  }
  return tree;
}
