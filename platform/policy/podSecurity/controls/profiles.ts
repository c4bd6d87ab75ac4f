/** Controls on the security profiles a pod runs under: AppArmor, seccomp and SELinux. */
import { asObject, asString, type Obj } from '../../../rules/values';
import type { PathSegment } from '../../../yaml/parseChunk';
import type { Control, FieldFinding, Forbidden } from '../control';
import { annotationsOf, containerContextPath, containersOf, containersPhrase, goQuote, isWindowsPod, joinQuote, pluralize, podContextPath, podSecurityContext, sortedSet, type PodParts } from '../pod';

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function appArmorProfile(pod: PodParts): Forbidden | undefined {
  const setters: string[] = [];
  const values: string[] = [];
  const findings: FieldFinding[] = [];
  const allowed = 'RuntimeDefault, Localhost or unset';
  const check = (context: Obj | undefined, path: PathSegment[], who: string): boolean => {
    const profile = asObject(context?.appArmorProfile);
    if (!profile) return true;
    const type = asString(profile.type) ?? '';
    if (type === 'RuntimeDefault' || type === 'Localhost') return true;
    values.push(type);
    findings.push({ path, on: type === '' ? 'key' : 'value', message: `${who} must not set securityContext.appArmorProfile.type to "${type}"`, allowed });
    return false;
  };
  if (!check(podSecurityContext(pod), podContextPath(pod, 'appArmorProfile', 'type'), 'pod')) setters.push('pod');
  const containers = containersOf(pod).filter((c) => !check(c.securityContext, containerContextPath(c, 'appArmorProfile', 'type'), `container "${c.name}"`));
  if (containers.length > 0) setters.push(containersPhrase(containers.map((c) => c.name)));

  const annotations: string[] = [];
  for (const [key, value] of annotationsOf(pod)) {
    if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX) || value === '' || value === 'runtime/default' || value.startsWith('localhost/')) continue;
    annotations.push(`${key}=${goQuote(value)}`);
    findings.push({ path: [...pod.metadataPath, 'annotations', key], on: 'value', message: `annotation ${key} must not be "${value}"`, allowed: '"runtime/default", "localhost/<profile>", empty or unset' });
  }
  const valueList = sortedSet(values);
  if (annotations.length > 0) {
    valueList.push(...annotations.sort());
    setters.push(pluralize('annotation', 'annotations', annotations.length));
  }
  if (setters.length === 0) return undefined;
  return {
    reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', valueList.length),
    detail: `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(valueList)}`,
    findings,
  };
}

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function validSeccompAnnotation(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

/** Before v1.19 the profile was chosen by alpha annotations. */
function seccompAnnotations(pod: PodParts): Forbidden | undefined {
  const annotations = new Map(annotationsOf(pod));
  const forbidden: string[] = [];
  const findings: FieldFinding[] = [];
  const check = (key: string): void => {
    const value = annotations.get(key);
    if (value === undefined || validSeccompAnnotation(value)) return;
    forbidden.push(`${key}=${goQuote(value)}`);
    findings.push({ path: [...pod.metadataPath, 'annotations', key], on: 'value', message: `annotation ${key} must not be "${value}"`, allowed: '"runtime/default", "docker/default", "localhost/<profile>" or unset' });
  };
  check(SECCOMP_POD_ANNOTATION);
  for (const c of containersOf(pod)) check(SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name);
  if (forbidden.length === 0) return undefined;
  const distinct = sortedSet(forbidden);
  return { reason: 'seccompProfile', detail: `forbidden ${pluralize('annotation', 'annotations', distinct.length)} ${distinct.join(', ')}`, findings };
}

interface SeccompVerdict {
  readonly setters: string[];
  readonly values: string[];
  readonly findings: FieldFinding[];
  /** Containers that set no profile, while the pod sets no allowed one. */
  readonly unset: { name: string; path: PathSegment[] }[];
}

/** The seccomp profile types set on the pod and its containers that are neither RuntimeDefault nor Localhost. */
function seccompFields(pod: PodParts, allowed: string): SeccompVerdict {
  const verdict: SeccompVerdict = { setters: [], values: [], findings: [], unset: [] };
  const check = (context: Obj | undefined, path: PathSegment[], who: string): 'valid' | 'invalid' | 'unset' => {
    const profile = asObject(context?.seccompProfile);
    if (!profile) return 'unset';
    const type = asString(profile.type) ?? '';
    if (type === 'RuntimeDefault' || type === 'Localhost') return 'valid';
    verdict.values.push(type);
    verdict.findings.push({ path, on: type === '' ? 'key' : 'value', message: `${who} must not set securityContext.seccompProfile.type to "${type}"`, allowed, fixable: true });
    return 'invalid';
  };
  const podProfile = check(podSecurityContext(pod), podContextPath(pod, 'seccompProfile', 'type'), 'pod');
  if (podProfile === 'invalid') verdict.setters.push('pod');
  const bad: string[] = [];
  for (const c of containersOf(pod)) {
    const result = check(c.securityContext, containerContextPath(c, 'seccompProfile', 'type'), `container "${c.name}"`);
    if (result === 'invalid') bad.push(c.name);
    else if (result === 'unset' && podProfile !== 'valid') verdict.unset.push({ name: c.name, path: containerContextPath(c, 'seccompProfile') });
  }
  if (bad.length > 0) verdict.setters.push(containersPhrase(bad));
  return verdict;
}

function seccompBaseline(pod: PodParts): Forbidden | undefined {
  const verdict = seccompFields(pod, 'RuntimeDefault, Localhost or unset');
  if (verdict.setters.length === 0) return undefined;
  return { reason: 'seccompProfile', detail: `${verdict.setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(verdict.values))}`, findings: verdict.findings };
}

function seccompRestricted(pod: PodParts): Forbidden | undefined {
  const verdict = seccompFields(pod, 'RuntimeDefault or Localhost');
  if (verdict.setters.length > 0) {
    return { reason: 'seccompProfile', detail: `${verdict.setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(verdict.values))}`, findings: verdict.findings };
  }
  if (verdict.unset.length === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `pod or ${containersPhrase(verdict.unset.map((c) => c.name))} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    findings: verdict.unset.map((c) => ({
      path: c.path,
      on: 'key',
      message: `pod or container "${c.name}" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      allowed: 'RuntimeDefault or Localhost (on the pod or the container)',
      fixable: true,
    })),
  };
}

const SELINUX_TYPES_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const SELINUX_TYPES_1_31 = [...SELINUX_TYPES_1_0, 'container_engine_t'];

function seLinuxOptions(allowedTypes: readonly string[]) {
  const allowedText = `${allowedTypes.filter((t) => t !== '').join(', ')} or unset`;
  return (pod: PodParts): Forbidden | undefined => {
    const setters: string[] = [];
    const types: string[] = [];
    let setUser = false;
    let setRole = false;
    const findings: FieldFinding[] = [];
    const valid = (context: Obj | undefined, path: PathSegment[], who: string): boolean => {
      const options = asObject(context?.seLinuxOptions);
      if (!options) return true;
      let ok = true;
      const type = asString(options.type) ?? '';
      if (!allowedTypes.includes(type)) {
        ok = false;
        types.push(type);
        findings.push({ path: [...path, 'type'], on: 'value', message: `${who} must not set securityContext.seLinuxOptions.type to "${type}"`, allowed: allowedText });
      }
      for (const key of ['user', 'role'] as const) {
        const value = asString(options[key]) ?? '';
        if (value === '') continue;
        ok = false;
        if (key === 'user') setUser = true;
        else setRole = true;
        findings.push({ path: [...path, key], on: 'value', message: `${who} must not set securityContext.seLinuxOptions.${key}`, allowed: 'empty or unset' });
      }
      return ok;
    };
    if (!valid(podSecurityContext(pod), podContextPath(pod, 'seLinuxOptions'), 'pod')) setters.push('pod');
    const containers = containersOf(pod).filter((c) => !valid(c.securityContext, containerContextPath(c, 'seLinuxOptions'), `container "${c.name}"`));
    if (containers.length > 0) setters.push(containersPhrase(containers.map((c) => c.name)));
    if (setters.length === 0) return undefined;
    const data: string[] = [];
    const distinct = sortedSet(types);
    if (distinct.length > 0) data.push(`${pluralize('type', 'types', distinct.length)} ${joinQuote(distinct)}`);
    if (setUser) data.push('user may not be set');
    if (setRole) data.push('role may not be set');
    return { reason: 'seLinuxOptions', detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`, findings };
  };
}

export const PROFILE_CONTROLS: readonly Control[] = [
  { id: 'appArmorProfile', level: 'baseline', versions: [{ since: 0, check: appArmorProfile }] },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    versions: [
      { since: 0, check: seccompAnnotations },
      { since: 19, check: seccompBaseline },
    ],
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    versions: [
      { since: 19, check: seccompRestricted, overrides: ['seccompProfile_baseline'] },
      { since: 25, check: (pod) => (isWindowsPod(pod) ? undefined : seccompRestricted(pod)), overrides: ['seccompProfile_baseline'] },
    ],
  },
  {
    id: 'seLinuxOptions',
    level: 'baseline',
    versions: [
      { since: 0, check: seLinuxOptions(SELINUX_TYPES_1_0) },
      { since: 31, check: seLinuxOptions(SELINUX_TYPES_1_31) },
    ],
  },
];
