/** Controls on what a container's process may do: privileged mode, capabilities, privilege escalation, /proc masks. */
import { asArray, asObject } from '../../../rules/values';
import type { Control, FieldFinding, Forbidden } from '../control';
import { containerContextPath, containersOf, containersPhrase, inUserNamespace, isWindowsPod, joinQuote, sortedSet, type PodParts } from '../pod';

function privileged(pod: PodParts): Forbidden | undefined {
  const containers: string[] = [];
  const findings: FieldFinding[] = [];
  for (const c of containersOf(pod)) {
    if (c.securityContext?.privileged !== true) continue;
    containers.push(c.name);
    findings.push({ path: containerContextPath(c, 'privileged'), on: 'value', message: `container "${c.name}" must not set securityContext.privileged=true`, allowed: 'false or unset' });
  }
  if (containers.length === 0) return undefined;
  return { reason: 'privileged', detail: `${containersPhrase(containers)} must not set securityContext.privileged=true`, findings };
}

/** The capabilities a container runtime grants by default: baseline lets a container add only these. */
export const DEFAULT_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];
const DEFAULT_CAPABILITY_SET = new Set(DEFAULT_CAPABILITIES);

/** The items of a capability list, as the strings Go decodes (other items are refused by validation first). */
function capabilityItems(capabilities: unknown, list: 'add' | 'drop'): { value: string; index: number }[] {
  return asArray(asObject(capabilities)?.[list]).flatMap((value, index) => (typeof value === 'string' ? [{ value, index }] : []));
}

function capabilitiesBaseline(pod: PodParts): Forbidden | undefined {
  const containers: string[] = [];
  const added: string[] = [];
  const findings: FieldFinding[] = [];
  for (const c of containersOf(pod)) {
    const bad = capabilityItems(c.securityContext?.capabilities, 'add').filter((item) => !DEFAULT_CAPABILITY_SET.has(item.value));
    if (bad.length === 0) continue;
    containers.push(c.name);
    for (const item of bad) {
      added.push(item.value);
      findings.push({
        path: containerContextPath(c, 'capabilities', 'add', item.index),
        on: 'value',
        message: `container "${c.name}" must not add capability ${item.value}`,
        allowed: `the default set (${DEFAULT_CAPABILITIES.join(', ')})`,
      });
    }
  }
  if (containers.length === 0) return undefined;
  return { reason: 'non-default capabilities', detail: `${containersPhrase(containers)} must not include ${joinQuote(sortedSet(added))} in securityContext.capabilities.add`, findings };
}

function capabilitiesRestricted(pod: PodParts): Forbidden | undefined {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbidden: string[] = [];
  const findings: FieldFinding[] = [];
  for (const c of containersOf(pod)) {
    const capabilities = asObject(c.securityContext?.capabilities);
    if (!capabilities || !capabilityItems(capabilities, 'drop').some((item) => item.value === 'ALL')) {
      missingDropAll.push(c.name);
      findings.push({ path: containerContextPath(c, 'capabilities', 'drop'), on: 'key', message: `container "${c.name}" must set securityContext.capabilities.drop=["ALL"]`, allowed: 'a list that includes "ALL"', fixable: true });
    }
    const bad = capabilityItems(capabilities, 'add').filter((item) => item.value !== 'NET_BIND_SERVICE');
    if (bad.length === 0) continue;
    addingForbidden.push(c.name);
    for (const item of bad) {
      forbidden.push(item.value);
      findings.push({ path: containerContextPath(c, 'capabilities', 'add', item.index), on: 'value', message: `container "${c.name}" must not add capability ${item.value}`, allowed: 'NET_BIND_SERVICE only' });
    }
  }
  const details: string[] = [];
  if (missingDropAll.length > 0) details.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  if (addingForbidden.length > 0) details.push(`${containersPhrase(addingForbidden)} must not include ${joinQuote(sortedSet(forbidden))} in securityContext.capabilities.add`);
  if (details.length === 0) return undefined;
  return { reason: 'unrestricted capabilities', detail: details.join('; '), findings };
}

function allowPrivilegeEscalation(pod: PodParts): Forbidden | undefined {
  const containers: string[] = [];
  const findings: FieldFinding[] = [];
  for (const c of containersOf(pod)) {
    if (c.securityContext?.allowPrivilegeEscalation === false) continue;
    containers.push(c.name);
    findings.push({
      path: containerContextPath(c, 'allowPrivilegeEscalation'),
      on: 'value',
      message: `container "${c.name}" must set securityContext.allowPrivilegeEscalation=false`,
      allowed: 'false',
      fixable: true,
    });
  }
  if (containers.length === 0) return undefined;
  return { reason: 'allowPrivilegeEscalation != false', detail: `${containersPhrase(containers)} must set securityContext.allowPrivilegeEscalation=false`, findings };
}

const skipWindows =
  (check: (pod: PodParts) => Forbidden | undefined) =>
  (pod: PodParts): Forbidden | undefined =>
    isWindowsPod(pod) ? undefined : check(pod);

function procMountCheck(allowed: string) {
  return (pod: PodParts): Forbidden | undefined => {
    const containers: string[] = [];
    const types: string[] = [];
    const findings: FieldFinding[] = [];
    for (const c of containersOf(pod)) {
      const procMount = c.securityContext?.procMount;
      if (typeof procMount !== 'string' || procMount === 'Default') continue;
      containers.push(c.name);
      types.push(procMount);
      findings.push({ path: containerContextPath(c, 'procMount'), on: 'value', message: `container "${c.name}" must not set securityContext.procMount to "${procMount}"`, allowed });
    }
    if (containers.length === 0) return undefined;
    return { reason: 'procMount', detail: `${containersPhrase(containers)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}`, findings };
  };
}

const procMount = procMountCheck('"Default" or unset');
const procMountInUserNamespace = procMountCheck('"Default" or unset (any value with hostUsers: false)');

export const PRIVILEGE_CONTROLS: readonly Control[] = [
  { id: 'privileged', level: 'baseline', versions: [{ since: 0, check: privileged }] },
  { id: 'capabilities_baseline', level: 'baseline', versions: [{ since: 0, check: capabilitiesBaseline }] },
  {
    id: 'procMount',
    level: 'baseline',
    versions: [
      { since: 0, check: procMount },
      { since: 35, check: (pod) => (inUserNamespace(pod) ? undefined : procMountInUserNamespace(pod)) },
    ],
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    versions: [
      { since: 22, check: capabilitiesRestricted, overrides: ['capabilities_baseline'] },
      { since: 25, check: skipWindows(capabilitiesRestricted), overrides: ['capabilities_baseline'] },
    ],
  },
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    versions: [
      { since: 8, check: allowPrivilegeEscalation },
      { since: 25, check: skipWindows(allowPrivilegeEscalation) },
    ],
  },
  { id: 'procMount_restricted', level: 'restricted', versions: [{ since: 35, check: procMount, overrides: ['procMount'] }] },
];
