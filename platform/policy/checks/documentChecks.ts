import type { Obj } from '../../rules/values';
import type { Issue, IssueSeverity } from '../../validate/issue';
import { CHECKS, type CheckLevel } from './catalog';
import { containerFindings } from './containerChecks';
import type { Finding } from './finding';
import { levelOf, type CheckLevels } from './levels';
import { objectFindings } from './objectChecks';
import { podFindings } from './podChecks';
import { isSuppressed, suppressionsOf, type Suppressions } from './suppression';
import { podContainers, workloadPod } from './workloads';

/** Each settings object's levels, resolved once: the same settings serve thousands of documents. */
const resolved = new WeakMap<CheckLevels, ReadonlyMap<string, CheckLevel>>();
/** Whether any check is on under each settings object's levels. */
const anyOn = new WeakMap<ReadonlyMap<string, CheckLevel>, boolean>();

export function resolvedLevels(levels: CheckLevels): ReadonlyMap<string, CheckLevel> {
  let map = resolved.get(levels);
  if (!map) {
    map = new Map(CHECKS.map((c) => [c.id, levelOf(levels, c)]));
    resolved.set(levels, map);
    anyOn.set(map, [...map.values()].some((l) => l !== 'off'));
  }
  return map;
}

/**
 * The best-practice findings one Kubernetes object decides on its own, at the level settings
 * give each check, less those its annotations suppress. Checks switched off are not run.
 */
export function documentCheckIssues(object: Obj, apiVersion: string, kind: string, levels: CheckLevels): Issue[] {
  const level = resolvedLevels(levels);
  const suppressions = suppressionsOf(object);
  if (!anyOn.get(level)) return [];
  const on = (id: string): boolean => level.get(id) !== 'off' && !isSuppressed(suppressions, id);
  const findings: Finding[] = objectFindings(object, apiVersion, kind, on);
  const pod = workloadPod(object, apiVersion, kind);
  if (pod) {
    findings.push(...podFindings(pod, on));
    for (const container of podContainers(pod)) findings.push(...containerFindings(pod, container, on));
  }
  const issues: Issue[] = [...suppressions.issues];
  for (const finding of findings) {
    const reported = level.get(finding.id);
    if (reported && reported !== 'off') issues.push(findingIssue(finding, reported));
  }
  return issues;
}

export function findingIssue(finding: Finding, level: Exclude<CheckLevel, 'off'>): Issue {
  return {
    path: finding.path,
    on: finding.on,
    severity: level satisfies IssueSeverity,
    code: finding.id,
    message: finding.message,
    ...(finding.related ? { related: finding.related } : {}),
  };
}

/** Suppressions and levels, for the checks that look across documents. */
export function checkPolicy(object: Obj, levels: CheckLevels): { suppressions: Suppressions; level: ReadonlyMap<string, CheckLevel> } {
  return { suppressions: suppressionsOf(object), level: resolvedLevels(levels) };
}
