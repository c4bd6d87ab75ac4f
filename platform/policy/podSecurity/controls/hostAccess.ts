/** Baseline controls on what a pod may share with its node: namespaces, paths, ports, probe hosts, host processes. */
import { asArray, asObject, asString } from '../../../rules/values';
import type { PathSegment } from '../../../yaml/parseChunk';
import type { Control, FieldFinding, Forbidden } from '../control';
import { containerContextPath, containersOf, containersPhrase, joinQuote, podContextPath, podSecurityContext, pluralize, sortedSet, type PodParts } from '../pod';

const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

function hostNamespaces(pod: PodParts): Forbidden | undefined {
  const set = HOST_NAMESPACES.filter((name) => pod.spec[name] === true);
  if (set.length === 0) return undefined;
  return {
    reason: 'host namespaces',
    detail: set.map((name) => `${name}=true`).join(', '),
    findings: set.map((name) => ({ path: [...pod.specPath, name], on: 'value', message: `pod must not set ${name}=true`, allowed: 'false or unset' })),
  };
}

function hostPathVolumes(pod: PodParts): Forbidden | undefined {
  const names: string[] = [];
  const findings: FieldFinding[] = [];
  asArray(pod.spec.volumes).forEach((item, index) => {
    const volume = asObject(item);
    if (!asObject(volume?.hostPath)) return;
    const name = asString(volume?.name) ?? '';
    names.push(name);
    findings.push({ path: [...pod.specPath, 'volumes', index, 'hostPath'], on: 'key', message: `volume "${name}" must not be a hostPath volume`, allowed: 'unset' });
  });
  if (names.length === 0) return undefined;
  return { reason: 'hostPath volumes', detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`, findings };
}

function hostPorts(pod: PodParts): Forbidden | undefined {
  const containers: string[] = [];
  const ports: string[] = [];
  const findings: FieldFinding[] = [];
  // The apiserver gives each port of a Pod on the host network its containerPort as hostPort.
  const defaulted = pod.isPod === true && pod.spec.hostNetwork === true;
  for (const c of containersOf(pod)) {
    let valid = true;
    asArray(c.container.ports).forEach((item, index) => {
      const port = asObject(item);
      const given = typeof port?.hostPort === 'number' && port.hostPort !== 0 ? port.hostPort : undefined;
      const hostPort = given ?? (defaulted && typeof port?.containerPort === 'number' && port.containerPort !== 0 ? port.containerPort : undefined);
      if (hostPort === undefined) return;
      valid = false;
      ports.push(String(hostPort));
      findings.push(
        given !== undefined
          ? { path: [...c.path, 'ports', index, 'hostPort'], on: 'value', message: `container "${c.name}" must not use hostPort ${hostPort}`, allowed: '0 or unset' }
          : { path: [...c.path, 'ports', index, 'containerPort'], on: 'value', message: `container "${c.name}" must not use hostPort ${hostPort} (on the host network its containerPort is its hostPort)`, allowed: '0 or unset, without hostNetwork' },
      );
    });
    if (!valid) containers.push(c.name);
  }
  if (containers.length === 0) return undefined;
  const distinct = sortedSet(ports);
  return {
    reason: 'hostPort',
    detail: `${containersPhrase(containers)} ${pluralize('uses', 'use', containers.length)} ${pluralize('hostPort', 'hostPorts', distinct.length)} ${distinct.join(', ')}`,
    findings,
  };
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const LIFECYCLE_HANDLERS = ['postStart', 'preStop'] as const;

function hostProbesAndHostLifecycle(pod: PodParts): Forbidden | undefined {
  const containers = new Set<string>();
  const hosts = new Set<string>();
  const findings: FieldFinding[] = [];
  for (const c of containersOf(pod)) {
    const check = (handler: unknown, path: readonly PathSegment[], what: string): void => {
      for (const kind of ['httpGet', 'tcpSocket'] as const) {
        const host = asString(asObject(asObject(handler)?.[kind])?.host);
        if (host === undefined || host === '') continue;
        containers.add(c.name);
        hosts.add(host);
        findings.push({ path: [...path, kind, 'host'], on: 'value', message: `container "${c.name}" must not set ${what}.${kind}.host`, allowed: '"" or unset' });
      }
    };
    for (const probe of PROBES) check(c.container[probe], [...c.path, probe], probe);
    const lifecycle = asObject(c.container.lifecycle);
    for (const handler of LIFECYCLE_HANDLERS) check(lifecycle?.[handler], [...c.path, 'lifecycle', handler], `lifecycle.${handler}`);
  }
  if (containers.size === 0) return undefined;
  return {
    reason: 'probe or lifecycle host',
    detail: `${containersPhrase(sortedSet(containers))} ${pluralize('uses', 'use', containers.size)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', hosts.size)} ${joinQuote(sortedSet(hosts))}`,
    findings,
  };
}

function windowsHostProcess(pod: PodParts): Forbidden | undefined {
  const containers: string[] = [];
  const findings: FieldFinding[] = [];
  const allowed = 'false or unset';
  for (const c of containersOf(pod)) {
    if (asObject(c.securityContext?.windowsOptions)?.hostProcess !== true) continue;
    containers.push(c.name);
    findings.push({ path: containerContextPath(c, 'windowsOptions', 'hostProcess'), on: 'value', message: `container "${c.name}" must not set securityContext.windowsOptions.hostProcess=true`, allowed });
  }
  const setters: string[] = [];
  if (asObject(podSecurityContext(pod)?.windowsOptions)?.hostProcess === true) {
    setters.push('pod');
    findings.unshift({ path: podContextPath(pod, 'windowsOptions', 'hostProcess'), on: 'value', message: 'pod must not set securityContext.windowsOptions.hostProcess=true', allowed });
  }
  if (containers.length > 0) setters.push(containersPhrase(containers));
  if (setters.length === 0) return undefined;
  return { reason: 'hostProcess', detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`, findings };
}

export const HOST_ACCESS_CONTROLS: readonly Control[] = [
  { id: 'hostNamespaces', level: 'baseline', versions: [{ since: 0, check: hostNamespaces }] },
  { id: 'hostPathVolumes', level: 'baseline', versions: [{ since: 0, check: hostPathVolumes }] },
  { id: 'hostPorts', level: 'baseline', versions: [{ since: 0, check: hostPorts }] },
  { id: 'hostProbesAndHostLifecycle', level: 'baseline', versions: [{ since: 34, check: hostProbesAndHostLifecycle }] },
  { id: 'windowsHostProcess', level: 'baseline', versions: [{ since: 0, check: windowsHostProcess }] },
];
