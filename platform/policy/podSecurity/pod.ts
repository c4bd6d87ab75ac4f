/**
 * The parts of a pod the Pod Security controls read, with Go's decoding in mind: a field the
 * apiserver decodes to nil (absent or null) reads as undefined here, a boolean is set only when
 * it is the boolean itself, and a missing string is the empty string.
 */
import { asArray, asObject, asString, type Obj } from '../../rules/values';
import type { PathSegment } from '../../yaml/parseChunk';

/** A pod's metadata and spec, with the paths they sit at in their document. */
export interface PodParts {
  readonly metadata: Obj;
  readonly spec: Obj;
  readonly metadataPath: readonly PathSegment[];
  readonly specPath: readonly PathSegment[];
  /** A Pod itself, not a template: the apiserver gives its ports host ports under hostNetwork before admission. */
  readonly isPod?: boolean;
}

export interface ContainerRef {
  readonly container: Obj;
  /** The container's name ("" when it has none, as Go reads it). */
  readonly name: string;
  /** Path of the container in the document. */
  readonly path: readonly PathSegment[];
  /** Its securityContext, when set. */
  readonly securityContext: Obj | undefined;
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** Every container of the pod in the plugin's order: init containers, containers, ephemeral containers. */
export function containersOf(pod: PodParts): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const list of CONTAINER_LISTS) {
    asArray(pod.spec[list]).forEach((item, index) => {
      const container = asObject(item);
      if (!container) return;
      out.push({ container, name: asString(container.name) ?? '', path: [...pod.specPath, list, index], securityContext: asObject(container.securityContext) });
    });
  }
  return out;
}

/** The pod-level securityContext, when set. */
export function podSecurityContext(pod: PodParts): Obj | undefined {
  return asObject(pod.spec.securityContext);
}

/** Path of a field of the pod-level securityContext. */
export function podContextPath(pod: PodParts, ...rest: PathSegment[]): PathSegment[] {
  return [...pod.specPath, 'securityContext', ...rest];
}

/** Path of a field of a container's securityContext. */
export function containerContextPath(container: ContainerRef, ...rest: PathSegment[]): PathSegment[] {
  return [...container.path, 'securityContext', ...rest];
}

/** A Windows pod (`spec.os.name: windows`): the Linux-only restricted controls skip it from v1.25. */
export function isWindowsPod(pod: PodParts): boolean {
  return asObject(pod.spec.os)?.name === 'windows';
}

/** A pod in a user namespace (`hostUsers: false`): some controls relax for it from v1.35. */
export function inUserNamespace(pod: PodParts): boolean {
  return pod.spec.hostUsers === false;
}

/** The annotations of the pod's metadata, string values only (as the apiserver decodes them). */
export function annotationsOf(pod: PodParts): [string, string][] {
  return Object.entries(asObject(pod.metadata.annotations) ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
}

/** `"a", "b"` */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** `container "a"` / `containers "a", "b"` */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

/** Distinct values in byte order, as Go's string sets list them. */
export function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Go's %q for the plain strings labels and annotations hold. */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}
