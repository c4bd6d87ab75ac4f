/**
 * One thing an upgrade to a target Kubernetes version would break (or warns about), wherever it
 * was found: a workspace manifest, a live object, a Helm release's manifest, a node.
 */
import type { Range } from 'vscode-languageserver-types';
import { isKubernetesVersioned, type ApiLifecycle, type ApiRef, type ApiStatus } from './apiLifecycle';

export type FindingSource = 'workspace' | 'cluster' | 'helm';

/** `breaking`: fails after the upgrade (exit 1); `warning`: still works, but should change. */
export type FindingSeverity = 'breaking' | 'warning';

/** What kind of problem a finding is; `--output json` names it as `code`. */
export const FINDING_CODES = [
  /** An object of an API version the target no longer serves (or its operator no longer does). */
  'removed-api',
  /** An object of an API version deprecated at the target. */
  'deprecated-api',
  /** The live server still serves an API version the target does not: clients calling it break. */
  'removed-api-served',
  /** A kubelet outside the version skew the target's control plane supports. */
  'kubelet-skew',
  /** The control plane would skip a minor release, or go back. */
  'control-plane-skew',
  /** A node running Docker Engine through dockershim, removed in 1.24. */
  'dockershim',
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];

export interface FindingObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
}

/** The Helm release whose stored manifest holds the object. */
export interface HelmReleaseRef {
  readonly namespace: string;
  readonly name: string;
  readonly revision: number;
  readonly chart?: string;
}

export interface UpgradeFinding {
  readonly source: FindingSource;
  readonly severity: FindingSeverity;
  readonly code: FindingCode;
  /** The workspace file, or the chart template a Helm manifest names in its `# Source:` line. */
  readonly file?: string;
  /** 0-based, as in LSP: the apiVersion value in the file or the release manifest. */
  readonly range?: Range;
  readonly object?: FindingObject;
  readonly release?: HelmReleaseRef;
  readonly deprecatedIn?: string;
  readonly removedIn?: string;
  readonly replacement?: ApiRef | null;
  /** What breaks and what to do about it. */
  readonly message: string;
}

/** The finding for an object of a removed or deprecated API version; `via` says how its version was learnt. */
export function apiFinding(status: ApiStatus, where: Pick<UpgradeFinding, 'source' | 'file' | 'range' | 'object' | 'release'>, via?: string): UpgradeFinding {
  const { entry } = status;
  return {
    ...where,
    severity: status.state === 'removed' ? 'breaking' : 'warning',
    code: status.state === 'removed' ? 'removed-api' : 'deprecated-api',
    ...(entry.deprecatedIn === undefined ? {} : { deprecatedIn: entry.deprecatedIn }),
    ...(entry.removedIn === undefined ? {} : { removedIn: entry.removedIn }),
    replacement: entry.replacement,
    message: `${lifecycleSentence(status)}${via ? ` (${via})` : ''}: ${fixSentence(entry)}`,
  };
}

/** "policy/v1beta1 PodDisruptionBudget is not served from Kubernetes 1.25 on" and its kin. */
export function lifecycleSentence(status: ApiStatus): string {
  const { entry } = status;
  const name = `${entry.apiVersion} ${entry.kind}`;
  const owner = entry.owner === 'kubernetes' || entry.owner === 'kubernetes-config' ? 'Kubernetes' : entry.owner;
  const served = entry.owner === 'kubernetes-config' ? 'read' : 'served';
  if (status.state === 'removed') {
    return isKubernetesVersioned(entry) ? `${name} is not ${served} from ${owner} ${entry.removedIn} on` : `${name} is not served by ${owner} ${entry.removedIn} and later`;
  }
  const removal = entry.removedIn === undefined ? ', with no removal planned' : ` and not ${served} from ${entry.removedIn}`;
  return `${name} is deprecated since ${owner} ${entry.deprecatedIn}${removal}`;
}

/** "use policy/v1 PodDisruptionBudget. In policy/v1 an empty selector …" */
export function fixSentence(entry: ApiLifecycle): string {
  const use = entry.replacement ? `use ${entry.replacement.apiVersion} ${entry.replacement.kind}.` : 'it has no replacement.';
  return entry.notes ? `${use} ${entry.notes}` : use;
}
