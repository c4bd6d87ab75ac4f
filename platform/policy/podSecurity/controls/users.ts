/** Restricted controls on the user a pod's processes run as. */
import type { Control, FieldFinding, Forbidden } from '../control';
import { containerContextPath, containersOf, containersPhrase, inUserNamespace, podContextPath, podSecurityContext, type PodParts } from '../pod';

function runAsNonRoot(pod: PodParts): Forbidden | undefined {
  const setters: string[] = [];
  const explicit: FieldFinding[] = [];
  const allowed = 'true (on the pod, or on every container)';
  const podValue = podSecurityContext(pod)?.runAsNonRoot;
  if (podValue === false) {
    setters.push('pod');
    explicit.push({ path: podContextPath(pod, 'runAsNonRoot'), on: 'value', message: 'pod must not set securityContext.runAsNonRoot=false', allowed, fixable: true });
  }
  const explicitlyBad: string[] = [];
  const implicitlyBad: FieldFinding[] = [];
  const implicitNames: string[] = [];
  for (const c of containersOf(pod)) {
    const value = c.securityContext?.runAsNonRoot;
    if (typeof value === 'boolean') {
      if (value) continue;
      explicitlyBad.push(c.name);
      explicit.push({ path: containerContextPath(c, 'runAsNonRoot'), on: 'value', message: `container "${c.name}" must not set securityContext.runAsNonRoot=false`, allowed, fixable: true });
    } else if (podValue !== true) {
      implicitNames.push(c.name);
      implicitlyBad.push({ path: containerContextPath(c, 'runAsNonRoot'), on: 'value', message: `pod or container "${c.name}" must set securityContext.runAsNonRoot=true`, allowed, fixable: true });
    }
  }
  if (explicitlyBad.length > 0) setters.push(containersPhrase(explicitlyBad));
  if (setters.length > 0) return { reason: 'runAsNonRoot != true', detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`, findings: explicit };
  if (implicitNames.length === 0) return undefined;
  return { reason: 'runAsNonRoot != true', detail: `pod or ${containersPhrase(implicitNames)} must set securityContext.runAsNonRoot=true`, findings: implicitlyBad };
}

function runAsUser(pod: PodParts): Forbidden | undefined {
  const setters: string[] = [];
  const findings: FieldFinding[] = [];
  const allowed = 'a non-zero user id or unset';
  if (podSecurityContext(pod)?.runAsUser === 0) {
    setters.push('pod');
    findings.push({ path: podContextPath(pod, 'runAsUser'), on: 'value', message: 'pod must not set runAsUser=0', allowed });
  }
  const containers: string[] = [];
  for (const c of containersOf(pod)) {
    if (c.securityContext?.runAsUser !== 0) continue;
    containers.push(c.name);
    findings.push({ path: containerContextPath(c, 'runAsUser'), on: 'value', message: `container "${c.name}" must not set runAsUser=0`, allowed });
  }
  if (containers.length > 0) setters.push(containersPhrase(containers));
  if (setters.length === 0) return undefined;
  return { reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0`, findings };
}

/** From v1.35 a pod in a user namespace (`hostUsers: false`) may run as root inside it. */
const outsideUserNamespace =
  (check: (pod: PodParts) => Forbidden | undefined) =>
  (pod: PodParts): Forbidden | undefined =>
    inUserNamespace(pod) ? undefined : check(pod);

export const USER_CONTROLS: readonly Control[] = [
  {
    id: 'runAsNonRoot',
    level: 'restricted',
    versions: [
      { since: 0, check: runAsNonRoot },
      { since: 35, check: outsideUserNamespace(runAsNonRoot) },
    ],
  },
  {
    id: 'runAsUser',
    level: 'restricted',
    versions: [
      { since: 23, check: runAsUser },
      { since: 35, check: outsideUserNamespace(runAsUser) },
    ],
  },
];
