/**
 * A pod spec, in a Pod or any pod template (ValidatePodSpec and the pod-specific annotations):
 * containers of the three groups, volumes, host networking and host process, AppArmor and
 * seccomp annotations, and the scalar fields with a format.
 */
import { asArray, asInteger, asObject, asString, type Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { containerIssues, type ContainerGroup } from './containers';
import { dnsLabelErrors, dnsSubdomainErrors } from './formats';
import { labelMapIssues } from './labelSelector';
import { labelsAndAnnotationsIssues } from './metadata';
import { refusal, type Path } from './refusal';
import { claimSpecIssues } from './pvc';
import { podSecurityContextIssues } from './securityContext';

const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const GROUPS: readonly ContainerGroup[] = ['containers', 'initContainers', 'ephemeralContainers'];

export interface PodSpecPlace {
  /** Where the pod spec is (`spec`, `spec.template.spec`...). */
  readonly path: Path;
  /** The metadata beside it (the Pod's, or the template's), for its annotations. */
  readonly metadata: Obj | undefined;
  readonly metadataPath: Path;
  /** How the apiserver names that metadata: `metadata`, or `spec.template` for a template. */
  readonly metadataApiPath: Path;
  readonly isPod: boolean;
  /**
   * A StatefulSet's volumeClaimTemplates: each is a volume of the pod (replacing a template
   * volume of the same name), and the controller sets hostname and subdomain itself.
   */
  readonly claimTemplates?: ReadonlySet<string>;
}

/** A Pod's spec (`spec`) with its metadata. */
export function podIssues(object: Obj): Issue[] {
  const spec = asObject(object.spec);
  const place = { path: ['spec'], metadata: asObject(object.metadata), metadataPath: ['metadata'], metadataApiPath: ['metadata'], isPod: true };
  if (!spec) return [missingContainers(place)];
  const issues = podSpecIssues(spec, place);
  if (asArray(spec.ephemeralContainers).length > 0) {
    issues.push(refusal({ code: 'ephemeral-containers-forbidden', path: ['spec', 'ephemeralContainers'], on: 'key', reason: 'Forbidden', detail: 'cannot be set on create (ephemeral containers are added to a running pod with kubectl debug)' }));
  }
  return issues;
}

/** A pod template (`spec.template` and the like): its labels and annotations, then its spec. */
export function podTemplateIssues(template: Obj | undefined, at: Path, claimTemplates?: ReadonlySet<string>): Issue[] {
  const metadata = asObject(template?.metadata);
  const place = { path: [...at, 'spec'], metadata, metadataPath: [...at, 'metadata'], metadataApiPath: at, isPod: false, ...(claimTemplates ? { claimTemplates } : {}) };
  const issues = metadata ? labelsAndAnnotationsIssues(metadata, [...at, 'metadata'], at) : [];
  const spec = asObject(template?.spec);
  if (!spec) return [...issues, missingContainers(place)];
  issues.push(...podSpecIssues(spec, place));
  if (asArray(spec.ephemeralContainers).length > 0) {
    issues.push(refusal({ code: 'ephemeral-containers-forbidden', path: [...at, 'spec', 'ephemeralContainers'], on: 'key', reason: 'Forbidden', detail: 'ephemeral containers not allowed in pod template' }));
  }
  return issues;
}

function missingContainers(place: PodSpecPlace): Issue {
  return refusal({ code: 'containers-required', path: place.path, on: 'key', field: [...place.path, 'containers'], reason: 'Required value', detail: 'a pod needs at least one container' });
}

export function podSpecIssues(spec: Obj, place: PodSpecPlace): Issue[] {
  const at = place.path;
  const issues: Issue[] = [];
  const securityContext = asObject(spec.securityContext);
  const hostUsers = spec.hostUsers !== false;
  const volumes = volumeNames(spec, at, issues, place.claimTemplates);

  if (Array.isArray(spec.containers) && spec.containers.length === 0) {
    issues.push(refusal({ code: 'containers-required', path: [...at, 'containers'], reason: 'Required value', detail: 'a pod needs at least one container' }));
  }
  const seen = new Set<string>();
  const containerNames = new Set<string>();
  for (const group of GROUPS) {
    // Regular and init container names are unique together; ephemeral ones across all three.
    asArray(spec[group]).forEach((item, index) => {
      const container = asObject(item);
      if (!container) return;
      const path = [...at, group, index];
      issues.push(...containerIssues(container, path, { group, volumes, hostUsers, isPod: place.isPod }));
      const name = asString(container.name);
      if (name === undefined || name === '') return;
      if (seen.has(name)) issues.push(refusal({ code: 'container-name-duplicate', path: [...path, 'name'], reason: 'Duplicate value', value: name, detail: 'container names are unique across containers, initContainers and ephemeralContainers' }));
      seen.add(name);
      containerNames.add(name);
    });
  }

  issues.push(...podSecurityContextIssues(securityContext, [...at, 'securityContext']));
  issues.push(...hostNetworkIssues(spec, at));
  issues.push(...hostProcessIssues(spec, at));
  issues.push(...labelMapIssues(spec.nodeSelector, [...at, 'nodeSelector']));
  for (const key of place.claimTemplates ? [] : ['hostname', 'subdomain']) {
    const value = asString(spec[key]);
    if (value) for (const error of dnsLabelErrors(value)) issues.push(refusal({ code: 'pod-field-invalid', path: [...at, key], reason: 'Invalid value', value, detail: error }));
  }
  for (const key of ['serviceAccountName', 'nodeName']) {
    const value = asString(spec[key]);
    if (value) for (const error of dnsSubdomainErrors(value)) issues.push(refusal({ code: 'pod-field-invalid', path: [...at, key], reason: 'Invalid value', value, detail: error }));
  }
  const deadline = asInteger(spec.activeDeadlineSeconds);
  if (deadline !== undefined && (deadline < 1 || deadline > 2147483647)) {
    issues.push(refusal({ code: 'pod-field-invalid', path: [...at, 'activeDeadlineSeconds'], reason: 'Invalid value', value: deadline, detail: 'must be between 1 and 2147483647, inclusive' }));
  }
  if (spec.dnsPolicy === 'None' && !asObject(spec.dnsConfig)) {
    issues.push(refusal({ code: 'dns-config-required', path: [...at, 'dnsPolicy'], field: [...at, 'dnsConfig'], reason: 'Required value', detail: 'must provide `dnsConfig` when `dnsPolicy` is None' }));
  }
  if (place.metadata) issues.push(...annotationIssues(place, containerNames));
  return issues;
}

/** Volume names (unique DNS labels) and their sources (at most one each; none defaults to emptyDir). */
function volumeNames(spec: Obj, at: Path, issues: Issue[], claimTemplates: ReadonlySet<string> = new Set()): Set<string> {
  const names = new Set<string>(claimTemplates);
  asArray(spec.volumes).forEach((item, index) => {
    const volume = asObject(item);
    if (!volume) return;
    const path = [...at, 'volumes', index];
    const name = asString(volume.name);
    if (name !== undefined && claimTemplates.has(name)) return;
    const ephemeral = asObject(volume.ephemeral);
    if (ephemeral) {
      const template = asObject(ephemeral.volumeClaimTemplate);
      if (!template) issues.push(refusal({ code: 'ephemeral-template-required', path: [...path, 'ephemeral'], on: 'key', field: [...path, 'ephemeral', 'volumeClaimTemplate'], reason: 'Required value', detail: 'an ephemeral volume is a claim made from this template' }));
      else issues.push(...claimSpecIssues(template.spec, [...path, 'ephemeral', 'volumeClaimTemplate', 'spec'], [...path, 'ephemeral', 'volumeClaimTemplate']));
    }
    const sources = Object.keys(volume).filter((key) => key !== 'name' && volume[key] !== null && volume[key] !== undefined);
    for (const source of sources.slice(1)) {
      issues.push(refusal({ code: 'volume-multiple-sources', path: [...path, source], on: 'key', reason: 'Forbidden', detail: `may not specify more than 1 volume type (${sources.join(' and ')} are set)` }));
    }
    if (name === undefined || name === '') return;
    for (const error of dnsLabelErrors(name)) issues.push(refusal({ code: 'volume-name-invalid', path: [...path, 'name'], reason: 'Invalid value', value: name, detail: error }));
    if (names.has(name)) issues.push(refusal({ code: 'volume-name-duplicate', path: [...path, 'name'], reason: 'Duplicate value', value: name, detail: 'volume names are unique within a pod' }));
    names.add(name);
  });
  return names;
}

/** With the host's network, a container's host port is its container port. */
function hostNetworkIssues(spec: Obj, at: Path): Issue[] {
  if (spec.hostNetwork !== true) return [];
  const issues: Issue[] = [];
  asArray(spec.containers).forEach((item, index) => {
    asArray(asObject(item)?.ports).forEach((portItem, portIndex) => {
      const port = asObject(portItem);
      const hostPort = asInteger(port?.hostPort);
      const containerPort = asInteger(port?.containerPort);
      if (hostPort === undefined || hostPort === 0 || containerPort === undefined || hostPort === containerPort) return;
      issues.push(refusal({ code: 'host-port-mismatch', path: [...at, 'containers', index, 'ports', portIndex, 'hostPort'], reason: 'Invalid value', value: hostPort, detail: 'must match `containerPort` when `hostNetwork` is true' }));
    });
  });
  return issues;
}

/** Windows host-process pods: all containers or none, and on the host's network. */
function hostProcessIssues(spec: Obj, at: Path): Issue[] {
  const podHostProcess = asObject(asObject(asObject(spec.securityContext)?.windowsOptions))?.hostProcess;
  let containers = 0;
  let hostProcess = 0;
  const issues: Issue[] = [];
  for (const group of GROUPS) {
    asArray(spec[group]).forEach((item, index) => {
      const container = asObject(item);
      if (!container) return;
      containers++;
      const own = asObject(asObject(container.securityContext)?.windowsOptions)?.hostProcess;
      if (typeof podHostProcess === 'boolean' && typeof own === 'boolean' && own !== podHostProcess) {
        issues.push(refusal({ code: 'host-process-mismatch', path: [...at, group, index, 'securityContext', 'windowsOptions', 'hostProcess'], reason: 'Invalid value', value: own, detail: `pod hostProcess value must be identical if both are specified, was ${podHostProcess}` }));
      }
      if (own === true || (own === undefined && podHostProcess === true)) hostProcess++;
    });
  }
  if (hostProcess === 0) return issues;
  if (hostProcess !== containers) {
    issues.push(refusal({ code: 'host-process-mismatch', path: at, on: 'key', reason: 'Invalid value', value: '', detail: 'If pod contains any hostProcess containers then all containers must be HostProcess containers' }));
  }
  if (spec.hostNetwork !== true) {
    issues.push(refusal({ code: 'host-process-requires-host-network', path: spec.hostNetwork === undefined ? at : [...at, 'hostNetwork'], on: spec.hostNetwork === undefined ? 'key' : 'value', field: [...at, 'hostNetwork'], reason: 'Invalid value', value: false, detail: 'hostNetwork must be true if pod contains any hostProcess containers' }));
  }
  return issues;
}

/** AppArmor annotations name a container of this pod and a valid profile; seccomp annotations a valid profile. */
function annotationIssues(place: PodSpecPlace, containerNames: ReadonlySet<string>): Issue[] {
  const annotations = asObject(place.metadata?.annotations);
  if (!annotations) return [];
  const issues: Issue[] = [];
  for (const [key, raw] of Object.entries(annotations)) {
    const path = [...place.metadataPath, 'annotations', key];
    const field = [...place.metadataApiPath, 'annotations', key];
    const value = asString(raw) ?? '';
    if (key.startsWith(APPARMOR_PREFIX)) {
      const container = key.slice(APPARMOR_PREFIX.length);
      if (!containerNames.has(container)) {
        const names = containerNames.size > 0 ? `this pod's containers are ${[...containerNames].join(', ')}` : 'this pod has no containers';
        issues.push(refusal({ code: 'apparmor-container-not-found', path, on: 'key', field, reason: 'Invalid value', value: container, detail: `container not found (${names})` }));
      }
      if (value !== '' && value !== 'runtime/default' && value !== 'unconfined' && !value.startsWith('localhost/')) {
        issues.push(refusal({ code: 'apparmor-profile-invalid', path, field, reason: 'Invalid value', value, detail: `invalid AppArmor profile name: ${JSON.stringify(value)} (runtime/default, unconfined or localhost/<profile>)` }));
      }
    } else if (key === SECCOMP_POD || key.startsWith(SECCOMP_CONTAINER_PREFIX)) {
      const valid = ['runtime/default', 'docker/default', 'unconfined'].includes(value) || (value.startsWith('localhost/') && !value.slice('localhost/'.length).startsWith('/') && !value.split('/').includes('..'));
      if (!valid) issues.push(refusal({ code: 'seccomp-profile-invalid', path, field, reason: 'Invalid value', value, detail: 'must be a valid seccomp profile (runtime/default, unconfined or localhost/<profile>)' }));
    }
  }
  return issues;
}
