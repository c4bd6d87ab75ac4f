/**
 * Which controls a level and version runs, and their verdict on a pod, as the PodSecurity
 * admission plugin (k8s.io/pod-security-admission) computes them: restricted runs the baseline
 * controls its own do not replace; a version newer than the newest the cluster knows is that one.
 */
import type { Control, Forbidden } from './control';
import { HOST_ACCESS_CONTROLS } from './controls/hostAccess';
import { POD_RESOURCE_CONTROLS } from './controls/podResources';
import { PRIVILEGE_CONTROLS } from './controls/privileges';
import { PROFILE_CONTROLS } from './controls/profiles';
import { USER_CONTROLS } from './controls/users';
import type { LevelVersion } from './levels';
import type { PodParts } from './pod';

/** Every control, baseline first, each level's in the plugin's order (by id). */
export const CONTROLS: readonly Control[] = (() => {
  const all = [...HOST_ACCESS_CONTROLS, ...PRIVILEGE_CONTROLS, ...PROFILE_CONTROLS, ...USER_CONTROLS, ...POD_RESOURCE_CONTROLS];
  const byId = (a: Control, b: Control): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...all.filter((c) => c.level === 'baseline').sort(byId), ...all.filter((c) => c.level === 'restricted').sort(byId)];
})();

/** The newest policy version any control was revised for. */
export const NEWEST_POLICY_MINOR = Math.max(...CONTROLS.flatMap((c) => c.versions.map((v) => v.since)));

/** A control's verdict: it forbids the pod. */
export interface Violation extends Forbidden {
  readonly control: string;
  readonly level: 'baseline' | 'restricted';
}

/**
 * The policy minor a level's version means on a cluster of `kubernetesMinor`: `latest` and newer
 * versions are the newest that cluster knows (its own minor, or the newest revision if older).
 */
export function effectiveMinor(version: LevelVersion['version'], kubernetesMinor: number): number {
  const newest = Math.min(NEWEST_POLICY_MINOR, kubernetesMinor);
  return version === 'latest' || version.minor > newest ? newest : version.minor;
}

const cache = new Map<string, readonly { control: Control; check: Control['versions'][number]['check'] }[]>();

/** The checks a level runs at a policy minor, in the plugin's order. */
function checksFor(level: 'baseline' | 'restricted', minor: number): readonly { control: Control; check: Control['versions'][number]['check'] }[] {
  const key = `${level}:${minor}`;
  let checks = cache.get(key);
  if (!checks) {
    const active = CONTROLS.flatMap((control) => {
      const revision = [...control.versions].reverse().find((v) => v.since <= minor);
      return revision ? [{ control, revision }] : [];
    });
    const overridden = new Set(active.filter((a) => a.control.level === 'restricted').flatMap((a) => a.revision.overrides ?? []));
    checks = active
      .filter((a) => (level === 'baseline' ? a.control.level === 'baseline' : a.control.level === 'restricted' || !overridden.has(a.control.id)))
      .map((a) => ({ control: a.control, check: a.revision.check }));
    cache.set(key, checks);
  }
  return checks;
}

/** The controls of the level that forbid the pod (none at privileged). */
export function evaluatePod(lv: LevelVersion, pod: PodParts, kubernetesMinor: number): Violation[] {
  if (lv.level === 'privileged') return [];
  const violations: Violation[] = [];
  for (const { control, check } of checksFor(lv.level, effectiveMinor(lv.version, kubernetesMinor))) {
    const forbidden = check(pod);
    if (forbidden) violations.push({ ...forbidden, control: control.id, level: control.level });
  }
  return violations;
}

/** The plugin's one-line detail for a pod: `reason (detail), reason (detail)`. */
export function forbiddenDetail(violations: readonly Violation[]): string {
  return violations.map((v) => (v.detail === '' ? v.reason : `${v.reason} (${v.detail})`)).join(', ');
}
