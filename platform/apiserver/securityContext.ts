/** Container and pod security contexts: enums, id ranges and the combinations the apiserver refuses. */
import { asArray, asInteger, asObject, asString, type Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { refusal, supported, type Path } from './refusal';

const MAX_ID = 2147483647;
const PROC_MOUNTS = ['Default', 'Unmasked'];
const PROFILE_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];

export function securityContextIssues(context: Obj | undefined, at: Path, hostUsers: boolean): Issue[] {
  if (!context) return [];
  const issues = [...idIssues(context, at, ['runAsUser', 'runAsGroup']), ...profileIssues(context, at)];
  const procMount = asString(context.procMount);
  if (procMount !== undefined) {
    if (!PROC_MOUNTS.includes(procMount)) {
      issues.push(refusal({ code: 'proc-mount-unsupported', path: [...at, 'procMount'], reason: 'Unsupported value', value: procMount, detail: supported(PROC_MOUNTS) }));
    } else if (procMount === 'Unmasked' && hostUsers) {
      issues.push(refusal({ code: 'proc-mount-unsupported', path: [...at, 'procMount'], reason: 'Invalid value', value: procMount, detail: '`hostUsers` must be false to use `Unmasked` (set spec.hostUsers: false)' }));
    }
  }
  if (context.allowPrivilegeEscalation === false) {
    if (context.privileged === true) {
      issues.push(refusal({ code: 'privilege-escalation-conflict', path: [...at, 'allowPrivilegeEscalation'], field: at, reason: 'Invalid value', detail: 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true' }));
    }
    if (asArray(asObject(context.capabilities)?.add).includes('CAP_SYS_ADMIN')) {
      issues.push(refusal({ code: 'privilege-escalation-conflict', path: [...at, 'allowPrivilegeEscalation'], field: at, reason: 'Invalid value', detail: 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN' }));
    }
  }
  return issues;
}

export function podSecurityContextIssues(context: Obj | undefined, at: Path): Issue[] {
  if (!context) return [];
  const issues = [...idIssues(context, at, ['runAsUser', 'runAsGroup', 'fsGroup']), ...profileIssues(context, at)];
  asArray(context.supplementalGroups).forEach((group, index) => {
    if (typeof group === 'number' && (group < 0 || group > MAX_ID)) {
      issues.push(refusal({ code: 'id-out-of-range', path: [...at, 'supplementalGroups', index], reason: 'Invalid value', value: group, detail: `must be between 0 and ${MAX_ID}, inclusive` }));
    }
  });
  return issues;
}

function idIssues(context: Obj, at: Path, keys: readonly string[]): Issue[] {
  const issues: Issue[] = [];
  for (const key of keys) {
    const id = asInteger(context[key]);
    if (id !== undefined && (id < 0 || id > MAX_ID)) issues.push(refusal({ code: 'id-out-of-range', path: [...at, key], reason: 'Invalid value', value: id, detail: `must be between 0 and ${MAX_ID}, inclusive` }));
  }
  return issues;
}

/** seccompProfile and appArmorProfile: a type, and a localhostProfile exactly when the type is Localhost. */
function profileIssues(context: Obj, at: Path): Issue[] {
  const issues: Issue[] = [];
  for (const [key, name] of [['seccompProfile', 'seccomp'], ['appArmorProfile', 'AppArmor']] as const) {
    const profile = asObject(context[key]);
    if (!profile) continue;
    const path = [...at, key];
    const type = asString(profile.type);
    const localhost = profile.localhostProfile;
    if (type === undefined) {
      if (profile.type === undefined || profile.type === null) issues.push(refusal({ code: 'profile-type-required', path, on: 'key', field: [...path, 'type'], reason: 'Required value', detail: `type is required when ${key} is set` }));
    } else if (!PROFILE_TYPES.includes(type)) {
      issues.push(refusal({ code: 'profile-type-unsupported', path: [...path, 'type'], reason: 'Unsupported value', value: type, detail: supported(PROFILE_TYPES) }));
    } else if (type === 'Localhost' && (typeof localhost !== 'string' || localhost.trim() === '')) {
      issues.push(refusal({ code: 'profile-localhost-required', path, on: 'key', field: [...path, 'localhostProfile'], reason: 'Required value', detail: `must be set when ${name} type is Localhost` }));
    } else if (type !== 'Localhost' && localhost !== undefined && localhost !== null) {
      issues.push(refusal({ code: 'profile-localhost-forbidden', path: [...path, 'localhostProfile'], reason: 'Invalid value', value: localhost, detail: `can only be set when ${name} type is Localhost` }));
    }
  }
  return issues;
}
