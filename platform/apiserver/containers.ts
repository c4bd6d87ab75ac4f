/**
 * One container of a pod spec (regular, init or ephemeral): what the apiserver's
 * validateContainerCommon and the per-group rules refuse.
 */
import { parseQuantity } from '../rules/quantity';
import { asArray, asInteger, asObject, asString, type Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { dnsLabelErrors, envVarNameErrors, portNameErrors, portNumberErrors } from './formats';
import { refusal, supported, type Path } from './refusal';
import { securityContextIssues } from './securityContext';

export type ContainerGroup = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerContext {
  readonly group: ContainerGroup;
  /** Names of the pod's volumes, for volume mounts. */
  readonly volumes: ReadonlySet<string>;
  /** Whether the pod shares the host's user namespace (`hostUsers` not false). */
  readonly hostUsers: boolean;
  readonly isPod: boolean;
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const EPHEMERAL_FORBIDDEN = ['ports', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'resources'];
const ENV_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'];

export function containerIssues(container: Obj, at: Path, context: ContainerContext): Issue[] {
  const issues: Issue[] = [];
  const name = asString(container.name);
  if (name !== undefined && name !== '') {
    for (const error of dnsLabelErrors(name)) issues.push(refusal({ code: 'container-name-invalid', path: [...at, 'name'], reason: 'Invalid value', value: name, detail: error }));
  }
  const image = container.image;
  if (image === undefined || image === null || image === '') {
    issues.push(refusal({ code: 'container-image-required', path: image === undefined || image === null ? at : [...at, 'image'], on: image === '' ? 'value' : 'key', field: [...at, 'image'], reason: 'Required value', detail: 'a container needs an image' }));
  } else if (context.isPod && typeof image === 'string' && image.trim() !== image) {
    issues.push(refusal({ code: 'container-image-whitespace', path: [...at, 'image'], reason: 'Invalid value', value: image, detail: 'must not have leading or trailing whitespace' }));
  }
  issues.push(...portIssues(container.ports, [...at, 'ports']));
  issues.push(...envIssues(container.env, [...at, 'env']));
  issues.push(...volumeMountIssues(container.volumeMounts, [...at, 'volumeMounts'], context.volumes));
  issues.push(...resourceIssues(asObject(container.resources), [...at, 'resources']));
  issues.push(...securityContextIssues(asObject(container.securityContext), [...at, 'securityContext'], context.hostUsers));

  const sidecar = context.group === 'initContainers' && container.restartPolicy === 'Always';
  if (context.group === 'ephemeralContainers') {
    for (const key of EPHEMERAL_FORBIDDEN) {
      if (container[key] !== undefined && container[key] !== null) issues.push(refusal({ code: 'ephemeral-container-field-forbidden', path: [...at, key], on: 'key', reason: 'Forbidden', detail: 'cannot be set for an Ephemeral Container' }));
    }
  } else if (context.group === 'initContainers' && !sidecar) {
    for (const key of ['lifecycle', ...PROBES]) {
      if (container[key] !== undefined && container[key] !== null) {
        issues.push(refusal({ code: 'init-container-field-forbidden', path: [...at, key], on: 'key', reason: 'Forbidden', detail: 'may not be set for init containers without restartPolicy=Always (only sidecars have probes and lifecycle hooks)' }));
      }
    }
  } else {
    for (const probe of PROBES) issues.push(...probeIssues(asObject(container[probe]), [...at, probe], probe));
    const lifecycle = asObject(container.lifecycle);
    for (const hook of ['postStart', 'preStop']) {
      const handler = asObject(lifecycle?.[hook]);
      if (handler) issues.push(...handlerIssues(handler, [...at, 'lifecycle', hook], LIFECYCLE_HANDLERS));
    }
  }
  return issues;
}

function portIssues(ports: unknown, at: Path): Issue[] {
  const issues: Issue[] = [];
  const names = new Set<string>();
  asArray(ports).forEach((item, index) => {
    const port = asObject(item);
    if (!port) return;
    const path = [...at, index];
    const name = asString(port.name);
    if (name !== undefined && name !== '') {
      const errors = portNameErrors(name);
      for (const error of errors) issues.push(refusal({ code: 'port-name-invalid', path: [...path, 'name'], reason: 'Invalid value', value: name, detail: error }));
      if (errors.length === 0 && names.has(name)) issues.push(refusal({ code: 'port-name-duplicate', path: [...path, 'name'], reason: 'Duplicate value', value: name, detail: 'port names are unique within a container' }));
      names.add(name);
    }
    for (const key of ['containerPort', 'hostPort'] as const) {
      const number = asInteger(port[key]);
      if (number === undefined || (key === 'hostPort' && number === 0)) continue;
      if (key === 'containerPort' && number === 0) {
        issues.push(refusal({ code: 'port-out-of-range', path: [...path, key], reason: 'Required value', detail: 'containerPort must be set (1 to 65535)' }));
        continue;
      }
      for (const error of portNumberErrors(number)) issues.push(refusal({ code: 'port-out-of-range', path: [...path, key], reason: 'Invalid value', value: number, detail: error }));
    }
    const protocol = asString(port.protocol);
    if (protocol !== undefined && !PROTOCOLS.includes(protocol)) {
      issues.push(refusal({ code: 'port-protocol-unsupported', path: [...path, 'protocol'], reason: 'Unsupported value', value: protocol, detail: supported(PROTOCOLS) }));
    }
  });
  return issues;
}

function envIssues(env: unknown, at: Path): Issue[] {
  const issues: Issue[] = [];
  asArray(env).forEach((item, index) => {
    const variable = asObject(item);
    if (!variable) return;
    const path = [...at, index];
    const name = asString(variable.name);
    if (name !== undefined) {
      for (const error of envVarNameErrors(name)) issues.push(refusal({ code: 'env-name-invalid', path: name === '' ? path : [...path, 'name'], on: name === '' ? 'key' : 'value', field: [...path, 'name'], reason: name === '' ? 'Required value' : 'Invalid value', ...(name === '' ? {} : { value: name }), detail: error }));
    }
    const valueFrom = asObject(variable.valueFrom);
    if (!valueFrom) return;
    const sources = ENV_SOURCES.filter((key) => valueFrom[key] !== undefined && valueFrom[key] !== null).length;
    const at2 = [...path, 'valueFrom'];
    if (sources === 0) {
      issues.push(refusal({ code: 'env-value-from-invalid', path: at2, on: 'key', reason: 'Invalid value', value: '', detail: 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`' }));
    } else if (typeof variable.value === 'string' && variable.value !== '') {
      issues.push(refusal({ code: 'env-value-from-invalid', path: at2, on: 'key', reason: 'Invalid value', value: '', detail: 'may not be specified when `value` is not empty (a variable has a value or a valueFrom, not both)' }));
    } else if (sources > 1) {
      issues.push(refusal({ code: 'env-value-from-invalid', path: at2, on: 'key', reason: 'Invalid value', value: '', detail: 'may not have more than one field specified at a time' }));
    }
  });
  return issues;
}

function volumeMountIssues(mounts: unknown, at: Path, volumes: ReadonlySet<string>): Issue[] {
  const issues: Issue[] = [];
  const mountPaths = new Set<string>();
  asArray(mounts).forEach((item, index) => {
    const mount = asObject(item);
    if (!mount) return;
    const path = [...at, index];
    const name = asString(mount.name);
    if (name !== undefined && !volumes.has(name)) {
      const known = volumes.size > 0 ? `the pod's volumes are ${[...volumes].join(', ')}` : 'the pod has no volumes';
      issues.push(refusal({ code: 'volume-mount-not-found', path: [...path, 'name'], reason: 'Not found', value: name, detail: `a volume mount names a volume of the pod; ${known}` }));
    }
    const mountPath = asString(mount.mountPath);
    if (mountPath !== undefined) {
      if (mountPaths.has(mountPath)) issues.push(refusal({ code: 'mount-path-duplicate', path: [...path, 'mountPath'], reason: 'Invalid value', value: mountPath, detail: 'must be unique' }));
      mountPaths.add(mountPath);
    }
    const subPath = asString(mount.subPath);
    const subPathExpr = asString(mount.subPathExpr);
    if (subPath && subPathExpr) {
      issues.push(refusal({ code: 'sub-path-conflict', path: [...path, 'subPathExpr'], reason: 'Invalid value', value: subPathExpr, detail: 'subPathExpr and subPath are mutually exclusive' }));
    }
    for (const [key, value] of [['subPath', subPath], ['subPathExpr', subPathExpr]] as const) {
      if (!value) continue;
      const error = value.startsWith('/') ? 'must be a relative path' : value.split(/[\\/]/).includes('..') ? "must not contain '..'" : undefined;
      if (error) issues.push(refusal({ code: 'sub-path-invalid', path: [...path, key], field: [...at, key], reason: 'Invalid value', value, detail: error }));
    }
  });
  return issues;
}

function probeIssues(probe: Obj | undefined, at: Path, kind: (typeof PROBES)[number]): Issue[] {
  if (!probe) return [];
  const issues = handlerIssues(probe, at, PROBE_HANDLERS);
  const threshold = asInteger(probe.successThreshold);
  // Liveness and startup probes count one success; 0 means unset (defaulted to 1).
  if (kind !== 'readinessProbe' && threshold !== undefined && threshold !== 0 && threshold !== 1) {
    issues.push(refusal({ code: 'probe-success-threshold', path: [...at, 'successThreshold'], reason: 'Invalid value', value: threshold, detail: `must be 1 for a ${kind}` }));
  }
  for (const key of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    const value = asInteger(probe[key]);
    if (value !== undefined && value < 0) issues.push(refusal({ code: 'negative-value', path: [...at, key], reason: 'Invalid value', value, detail: 'must be greater than or equal to 0' }));
  }
  return issues;
}

/** Probes and lifecycle hooks take exactly one handler. */
function handlerIssues(handler: Obj, at: Path, kinds: readonly string[]): Issue[] {
  const present = kinds.filter((key) => handler[key] !== undefined && handler[key] !== null);
  if (present.length === 0) {
    return [refusal({ code: 'probe-handler-required', path: at, on: 'key', reason: 'Required value', detail: `must specify a handler type (one of ${kinds.join(', ')})` })];
  }
  const issues = present.slice(1).map((key) =>
    refusal({ code: 'probe-handler-multiple', path: [...at, key], on: 'key', reason: 'Forbidden', detail: `may not specify more than 1 handler type (${present.join(' and ')} are set)` }),
  );
  for (const key of ['httpGet', 'tcpSocket']) {
    const port = asObject(handler[key])?.port;
    if (port === undefined || !present.includes(key)) continue;
    issues.push(...portNumberOrNameIssues(port, [...at, key, 'port']));
  }
  return issues;
}

/** An IntOrString port: a number in range or an IANA service name (a string of digits is a name, and invalid). */
export function portNumberOrNameIssues(port: unknown, at: Path): Issue[] {
  if (typeof port === 'number') {
    return portNumberErrors(port).map((error) => refusal({ code: 'port-out-of-range', path: at, reason: 'Invalid value', value: port, detail: error }));
  }
  if (typeof port === 'string') {
    return portNameErrors(port).map((error) => refusal({ code: 'port-name-invalid', path: at, reason: 'Invalid value', value: port, detail: /^[0-9]+$/.test(port) ? `${error} (a quoted number is a port name: write the number unquoted)` : error }));
  }
  return [];
}

/** Requests at most the limits; extended resources (not overcommitted) request exactly their limit. */
function resourceIssues(resources: Obj | undefined, at: Path): Issue[] {
  if (!resources) return [];
  const limits = asObject(resources.limits) ?? {};
  const requests = asObject(resources.requests) ?? {};
  const issues: Issue[] = [];
  for (const [name, requested] of Object.entries(requests)) {
    const request = parseQuantity(requested);
    const limitValue = limits[name];
    const overcommit = isOvercommitAllowed(name);
    if (limitValue === undefined || limitValue === null) {
      if (!overcommit) issues.push(refusal({ code: 'resources-limit-required', path: [...at, 'requests', name], on: 'key', field: [...at, 'limits'], reason: 'Required value', detail: `Limit must be set for non overcommitable resources (${name})` }));
      continue;
    }
    const limit = parseQuantity(limitValue);
    if (request === undefined || limit === undefined) continue;
    const tolerance = Math.max(Math.abs(limit), Math.abs(request)) * 1e-12;
    if (!overcommit && Math.abs(request - limit) > tolerance) {
      issues.push(refusal({ code: 'resources-request-exceeds-limit', path: [...at, 'requests', name], field: [...at, 'requests'], reason: 'Invalid value', value: String(requested), detail: `must be equal to ${name} limit of ${String(limitValue)}` }));
    } else if (request - limit > tolerance) {
      issues.push(refusal({ code: 'resources-request-exceeds-limit', path: [...at, 'requests', name], field: [...at, 'requests'], reason: 'Invalid value', value: String(requested), detail: `must be less than or equal to ${name} limit of ${String(limitValue)}` }));
    }
  }
  return issues;
}

/** Native resources (no domain, or a kubernetes.io domain) other than huge pages may be overcommitted. */
function isOvercommitAllowed(name: string): boolean {
  const native = !name.includes('/') || name.includes('kubernetes.io/');
  return native && !name.startsWith('hugepages-');
}
