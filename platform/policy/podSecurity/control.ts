import type { PathSegment } from '../../yaml/parseChunk';
import type { PodParts } from './pod';

/** One offending (or missing) field of a pod. */
export interface FieldFinding {
  /** Path of the field in the document; when it is missing, the deepest part that exists carries the finding. */
  readonly path: readonly PathSegment[];
  /** `value`: the offending value; `key`: a field that is missing or offends by being there. */
  readonly on: 'key' | 'value';
  /** What must change, e.g. `container "web" must set securityContext.allowPrivilegeEscalation=false`. */
  readonly message: string;
  /** The values the control allows for this field. */
  readonly allowed: string;
  /** A field the restricted quick fix sets (a missing or wrong runAsNonRoot, seccomp profile, drop ALL, allowPrivilegeEscalation). */
  readonly fixable?: boolean;
}

/** A control's verdict on a pod that it forbids: the plugin's reason and detail, and the fields to blame. */
export interface Forbidden {
  /** The plugin's short reason, e.g. `allowPrivilegeEscalation != false`. */
  readonly reason: string;
  /** The plugin's detail, e.g. `container "web" must set securityContext.allowPrivilegeEscalation=false`. */
  readonly detail: string;
  readonly findings: readonly FieldFinding[];
}

export type CheckPod = (pod: PodParts) => Forbidden | undefined;

export interface VersionedCheck {
  /** The first policy minor version (1.x) this revision applies to. */
  readonly since: number;
  readonly check: CheckPod;
  /** Baseline controls this restricted revision replaces. */
  readonly overrides?: readonly string[];
}

/** A Pod Security control: its id as the plugin names it, its level, and its revisions by version. */
export interface Control {
  readonly id: string;
  readonly level: 'baseline' | 'restricted';
  /** Strictly increasing `since`. */
  readonly versions: readonly VersionedCheck[];
}
