/**
 * The checks of one container: its image, resources, security context, environment, ports and
 * probes. Each reads only the container and the pod it belongs to.
 */
import { asArray, asInteger, asObject, asString, type Obj } from '../../rules/values';
import { parseQuantity } from '../../rules/quantity';
import type { PathSegment } from '../../yaml/parseChunk';
import type { Enabled, Finding } from './finding';
import { shown } from './levels';
import { containerAnchor, longLived, type PodContainer, type WorkloadPod } from './workloads';

export function containerFindings(pod: WorkloadPod, container: PodContainer, on: Enabled): Finding[] {
  const out: Finding[] = [];
  const name = `Container ${shown(container.name)}`;
  const windows = asString(asObject(pod.spec.os)?.name) === 'windows';
  if (on('latest-tag')) out.push(...imageFindings(container, name));
  if (longLived(container)) out.push(...resourceFindings(container, name, on));
  if (!windows) out.push(...securityFindings(pod, container, name, on));
  if (on('env-var-secret') || on('duplicate-env-var')) out.push(...envFindings(container, name, on));
  if (on('ssh-port')) out.push(...sshFindings(container, name));
  if (longLived(container)) out.push(...probeFindings(pod, container, name, on));
  if (on('pull-policy-not-always') && container.container.imagePullPolicy !== 'Always') {
    const set = container.container.imagePullPolicy !== undefined;
    out.push({
      id: 'pull-policy-not-always',
      ...(set ? { path: [...container.path, 'imagePullPolicy'], on: 'value' as const } : containerAnchor(container)),
      message: `${name} ${set ? `pulls its image ${shown(String(container.container.imagePullPolicy))}` : 'has no imagePullPolicy'}: set imagePullPolicy: Always so the node never runs a stale cached image.`,
    });
  }
  return out;
}

/** How an image reference names its version. */
export function imageVersion(image: string): 'digest' | 'latest' | 'none' | 'tag' {
  if (image.includes('@')) return 'digest';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  if (colon === -1) return 'none';
  return lastSegment.slice(colon + 1) === 'latest' ? 'latest' : 'tag';
}

function imageFindings(container: PodContainer, name: string): Finding[] {
  const image = asString(container.container.image);
  if (image === undefined || image.trim() === '') return [];
  const version = imageVersion(image.trim());
  if (version === 'digest' || version === 'tag') return [];
  return [
    {
      id: 'latest-tag',
      path: [...container.path, 'image'],
      on: 'value',
      message: `${name} runs ${shown(image)}, ${version === 'none' ? 'which has no tag (so :latest)' : 'tagged latest'}: pin a version tag or a digest so every pod runs the same image.`,
    },
  ];
}

const RESOURCE_CHECKS = [
  { id: 'unset-cpu-request', group: 'requests', resource: 'cpu', words: 'no CPU request' },
  { id: 'unset-cpu-limit', group: 'limits', resource: 'cpu', words: 'no CPU limit' },
  { id: 'unset-memory-request', group: 'requests', resource: 'memory', words: 'no memory request' },
  { id: 'unset-memory-limit', group: 'limits', resource: 'memory', words: 'no memory limit' },
] as const;

function resourceFindings(container: PodContainer, name: string, on: Enabled): Finding[] {
  const resources = asObject(container.container.resources);
  const out: Finding[] = [];
  for (const check of RESOURCE_CHECKS) {
    if (!on(check.id)) continue;
    const value = asObject(resources?.[check.group])?.[check.resource];
    // A zero quantity reserves or caps nothing: it counts as unset.
    const quantity = parseQuantity(value);
    if (value !== undefined && value !== null && (quantity === undefined || quantity > 0)) continue;
    const anchor = resources ? { path: [...container.path, 'resources'], on: 'key' as const } : containerAnchor(container);
    out.push({ id: check.id, ...anchor, message: `${name} sets ${check.words} (resources.${check.group}.${check.resource}).` });
  }
  return out;
}

/** A security context field as it takes effect: the container's, else the pod's (where the pod has the field). */
function effective(pod: WorkloadPod, container: PodContainer, key: string): { value: unknown; path: readonly PathSegment[] } | undefined {
  const own = asObject(container.container.securityContext);
  if (own && own[key] !== undefined && own[key] !== null) return { value: own[key], path: [...container.path, 'securityContext', key] };
  const podContext = asObject(pod.spec.securityContext);
  if (podContext && podContext[key] !== undefined && podContext[key] !== null) return { value: podContext[key], path: [...pod.specPath, 'securityContext', key] };
  return undefined;
}

function securityFindings(pod: WorkloadPod, container: PodContainer, name: string, on: Enabled): Finding[] {
  const out: Finding[] = [];
  const context = asObject(container.container.securityContext);
  const at = (key: string): readonly PathSegment[] => [...container.path, 'securityContext', key];
  if (on('run-as-non-root')) out.push(...rootFindings(pod, container, name));
  if (on('privileged-container') && context?.privileged === true) {
    out.push({ id: 'privileged-container', path: at('privileged'), on: 'value', message: `${name} is privileged: it has every capability and device of the node.` });
  }
  if (on('privilege-escalation-container')) {
    const sysAdmin = asArray(asObject(context?.capabilities)?.add).findIndex((c) => capabilityName(c) === 'SYS_ADMIN');
    const finding = (path: readonly PathSegment[], why: string): Finding => ({ id: 'privilege-escalation-container', path, on: 'value', message: `${name} ${why}: its processes can gain more privileges than their parent.` });
    if (context?.allowPrivilegeEscalation === true) out.push(finding(at('allowPrivilegeEscalation'), 'sets allowPrivilegeEscalation: true'));
    else if (context?.privileged === true) out.push(finding(at('privileged'), 'is privileged, which allows privilege escalation'));
    else if (sysAdmin !== -1) out.push(finding([...at('capabilities'), 'add', sysAdmin], 'adds CAP_SYS_ADMIN, which allows privilege escalation'));
  }
  if (on('no-read-only-root-fs') && context?.readOnlyRootFilesystem !== true) {
    const set = context?.readOnlyRootFilesystem !== undefined && context?.readOnlyRootFilesystem !== null;
    out.push({
      id: 'no-read-only-root-fs',
      ...(set ? { path: at('readOnlyRootFilesystem'), on: 'value' as const } : containerAnchor(container)),
      message: `${name} has a writable root filesystem: set securityContext.readOnlyRootFilesystem: true (and mount an emptyDir where it must write).`,
    });
  }
  if (on('drop-net-raw-capability')) out.push(...netRawFindings(container, name));
  return out;
}

/** kube-linter's reading: root group is flagged; a non-zero user passes; otherwise runAsNonRoot must be true (and the user not 0). */
function rootFindings(pod: WorkloadPod, container: PodContainer, name: string): Finding[] {
  const out: Finding[] = [];
  const group = effective(pod, container, 'runAsGroup');
  if (group && group.value === 0) out.push({ id: 'run-as-non-root', path: group.path, on: 'value', message: `${name} runs with group 0 (root): set a non-zero runAsGroup.` });
  const user = effective(pod, container, 'runAsUser');
  const uid = asInteger(user?.value);
  if (uid !== undefined && uid > 0) return out;
  const nonRoot = effective(pod, container, 'runAsNonRoot');
  if (nonRoot?.value === true) {
    if (uid === 0) out.push({ id: 'run-as-non-root', path: user!.path, on: 'value', message: `${name} sets runAsNonRoot but runAsUser 0: the kubelet refuses to start it.` });
    return out;
  }
  const anchor = nonRoot ? { path: nonRoot.path, on: 'value' as const } : uid === 0 ? { path: user!.path, on: 'value' as const } : containerAnchor(container);
  out.push({ id: 'run-as-non-root', ...anchor, message: `${name} may run as root: set runAsNonRoot: true and a non-zero runAsUser in its or the pod's securityContext.` });
  return out;
}

/** `CAP_NET_RAW` and `net_raw` name NET_RAW too. */
function capabilityName(value: unknown): string | undefined {
  const text = asString(value);
  return text === undefined ? undefined : text.toUpperCase().replace(/^CAP_/, '');
}

/** As kube-linter: only a container that lists capabilities is checked; NET_RAW must be dropped and not added. */
function netRawFindings(container: PodContainer, name: string): Finding[] {
  const capabilities = asObject(asObject(container.container.securityContext)?.capabilities);
  if (!capabilities) return [];
  const base = [...container.path, 'securityContext', 'capabilities'];
  const out: Finding[] = [];
  asArray(capabilities.add).forEach((raw, index) => {
    const cap = capabilityName(raw);
    if (cap === 'NET_RAW' || cap === 'ALL') out.push({ id: 'drop-net-raw-capability', path: [...base, 'add', index], on: 'value', message: `${name} adds ${shown(String(raw))}, which includes NET_RAW (raw packets on the pod network).` });
  });
  const dropped = asArray(capabilities.drop).some((raw) => ['NET_RAW', 'ALL'].includes(capabilityName(raw) ?? ''));
  if (!dropped) {
    const anchor = capabilities.drop !== undefined ? [...base, 'drop'] : base;
    out.push({ id: 'drop-net-raw-capability', path: anchor, on: 'key', message: `${name} does not drop NET_RAW: add NET_RAW (or ALL) to securityContext.capabilities.drop.` });
  }
  return out;
}

function envFindings(container: PodContainer, name: string, on: Enabled): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  asArray(container.container.env).forEach((raw, index) => {
    const env = asObject(raw);
    const variable = asString(env?.name);
    if (!env || variable === undefined) return;
    const at = [...container.path, 'env', index];
    if (on('env-var-secret') && /secret/i.test(variable) && typeof env.value === 'string' && env.value !== '') {
      out.push({ id: 'env-var-secret', path: [...at, 'value'], on: 'value', message: `${name} sets ${shown(variable)} to a literal value: read a secret from a Secret (valueFrom.secretKeyRef), not from the manifest.` });
    }
    if (on('duplicate-env-var') && seen.has(variable)) {
      out.push({ id: 'duplicate-env-var', path: [...at, 'name'], on: 'value', message: `${name} sets ${shown(variable)} more than once: only the last definition takes effect.` });
    }
    seen.add(variable);
  });
  return out;
}

function isTcp(port: Obj): boolean {
  return port.protocol === undefined || port.protocol === null || port.protocol === 'TCP';
}

function sshFindings(container: PodContainer, name: string): Finding[] {
  const out: Finding[] = [];
  asArray(container.container.ports).forEach((raw, index) => {
    const port = asObject(raw);
    if (port && port.containerPort === 22 && isTcp(port)) {
      out.push({ id: 'ssh-port', path: [...container.path, 'ports', index, 'containerPort'], on: 'value', message: `${name} exposes TCP port 22 (SSH): use kubectl exec or kubectl debug instead of an SSH server.` });
    }
  });
  return out;
}

const PROBES = [
  { key: 'livenessProbe', portCheck: 'liveness-port', missingCheck: 'no-liveness-probe', words: 'liveness', without: 'nothing restarts it when it hangs' },
  { key: 'readinessProbe', portCheck: 'readiness-port', missingCheck: 'no-readiness-probe', words: 'readiness', without: 'it receives traffic before it can serve it' },
  { key: 'startupProbe', portCheck: 'startup-port', missingCheck: undefined, words: 'startup', without: '' },
] as const;

function probeFindings(pod: WorkloadPod, container: PodContainer, name: string, on: Enabled): Finding[] {
  const out: Finding[] = [];
  let exposed: Set<string | number> | undefined;
  for (const probe of PROBES) {
    const spec = asObject(container.container[probe.key]);
    if (!spec) {
      // Only app containers of long-running pods: a Job's pods end, and sidecars are optional helpers.
      if (probe.missingCheck && on(probe.missingCheck) && !pod.runsToCompletion && !container.init) {
        out.push({ id: probe.missingCheck, ...containerAnchor(container), message: `${name} has no ${probe.key}: ${probe.without}.` });
      }
      continue;
    }
    if (!on(probe.portCheck)) continue;
    exposed ??= exposedPorts(container.container);
    for (const handler of ['httpGet', 'tcpSocket', 'grpc'] as const) {
      const port = asObject(spec[handler])?.port;
      if ((typeof port !== 'number' && typeof port !== 'string') || exposed.has(port)) continue;
      out.push({
        id: probe.portCheck,
        path: [...container.path, probe.key, handler, 'port'],
        on: 'value',
        message: `${name}'s ${probe.words} probe checks port ${shown(String(port))}, which is not one of its TCP ports.`,
      });
    }
  }
  return out;
}

/** A container's TCP ports, by number and by name. */
function exposedPorts(container: Obj): Set<string | number> {
  const ports = new Set<string | number>();
  for (const raw of asArray(container.ports)) {
    const port = asObject(raw);
    if (!port || !isTcp(port)) continue;
    if (typeof port.containerPort === 'number') ports.add(port.containerPort);
    if (typeof port.name === 'string') ports.add(port.name);
  }
  return ports;
}
