/** The checks of a pod as a whole: host namespaces, host mounts, sysctls, its service account, its spread over nodes. */
import { selectorMatches } from '../../apiserver/labelSelector';
import { asArray, asObject, asString, field, type Obj } from '../../rules/values';
import type { Enabled, Finding } from './finding';
import { shown } from './levels';
import type { WorkloadPod } from './workloads';

const HOST_NAMESPACES = [
  { key: 'hostNetwork', id: 'host-network', words: 'network' },
  { key: 'hostPID', id: 'host-pid', words: 'process' },
  { key: 'hostIPC', id: 'host-ipc', words: 'IPC' },
] as const;

/** kube-linter's sensitive directories, each matched exactly (a subdirectory such as /etc/ssl is not one). */
const SENSITIVE_DIRECTORIES = new Set(['/', '/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr']);
const RUNTIME_SOCKET = /(?:^|\/)(?:docker|containerd|crio)\.sock$/;

/** The kubelet's safe sysctls (namespaced and isolated per pod), as of Kubernetes 1.32. */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);

const HOSTNAME_TOPOLOGY = 'kubernetes.io/hostname';

export function podFindings(pod: WorkloadPod, on: Enabled): Finding[] {
  const out: Finding[] = [];
  for (const host of HOST_NAMESPACES) {
    if (on(host.id) && pod.spec[host.key] === true) {
      out.push({ id: host.id, path: [...pod.specPath, host.key], on: 'value', message: `This pod shares the node's ${host.words} namespace (${host.key}: true).` });
    }
  }
  if (on('sensitive-host-mounts') || on('docker-sock')) out.push(...hostMountFindings(pod, on));
  if (on('unsafe-sysctls')) out.push(...sysctlFindings(pod));
  if (on('deprecated-service-account-field')) out.push(...serviceAccountFieldFindings(pod));
  if (on('no-anti-affinity')) out.push(...antiAffinityFindings(pod));
  return out;
}

function hostMountFindings(pod: WorkloadPod, on: Enabled): Finding[] {
  const mountedBy = new Map<string, string[]>();
  for (const group of ['initContainers', 'containers'] as const) {
    for (const raw of asArray(pod.spec[group])) {
      const container = asObject(raw);
      for (const mount of asArray(container?.volumeMounts)) {
        const volume = asString(asObject(mount)?.name);
        if (volume === undefined) continue;
        let names = mountedBy.get(volume);
        if (!names) mountedBy.set(volume, (names = []));
        names.push(asString(container?.name) ?? '?');
      }
    }
  }
  const out: Finding[] = [];
  asArray(pod.spec.volumes).forEach((raw, index) => {
    const volume = asObject(raw);
    const hostPath = asString(field(volume, 'hostPath', 'path'));
    const containers = mountedBy.get(asString(volume?.name) ?? '');
    if (hostPath === undefined || !containers) return;
    const normalized = hostPath.length > 1 ? hostPath.replace(/\/+$/, '') || '/' : hostPath;
    const who = `container${containers.length > 1 ? 's' : ''} ${containers.map((c) => shown(c)).join(', ')}`;
    const path = [...pod.specPath, 'volumes', index, 'hostPath', 'path'];
    if (on('docker-sock') && RUNTIME_SOCKET.test(normalized)) {
      out.push({ id: 'docker-sock', path, on: 'value', message: `The container runtime's socket ${shown(hostPath)} is mounted into ${who}: whoever reaches it controls the node.` });
    } else if (on('sensitive-host-mounts') && SENSITIVE_DIRECTORIES.has(normalized)) {
      out.push({ id: 'sensitive-host-mounts', path, on: 'value', message: `The host's ${shown(hostPath)} is mounted into ${who}.` });
    }
  });
  return out;
}

function sysctlFindings(pod: WorkloadPod): Finding[] {
  const out: Finding[] = [];
  asArray(field(pod.spec, 'securityContext', 'sysctls')).forEach((raw, index) => {
    const name = asString(asObject(raw)?.name);
    if (name === undefined || SAFE_SYSCTLS.has(canonicalSysctl(name))) return;
    out.push({ id: 'unsafe-sysctls', path: [...pod.specPath, 'securityContext', 'sysctls', index, 'name'], on: 'value', message: `Sysctl ${shown(name)} is not one of the kubelet's safe sysctls: the pod starts only where the kubelet allows it, and it may affect the whole node.` });
  });
  return out;
}

/** `net/ipv4/tcp_syncookies` is `net.ipv4.tcp_syncookies`: a name that begins with a slash-separated part uses slashes throughout. */
function canonicalSysctl(name: string): string {
  const slash = name.indexOf('/');
  const dot = name.indexOf('.');
  if (slash === -1 || (dot !== -1 && dot < slash)) return name;
  return name.replace(/[./]/g, (c) => (c === '/' ? '.' : '/'));
}

function serviceAccountFieldFindings(pod: WorkloadPod): Finding[] {
  const deprecated = asString(pod.spec.serviceAccount);
  const name = asString(pod.spec.serviceAccountName);
  if (deprecated === undefined || deprecated === '' || deprecated === name) return [];
  const message = name === undefined || name === ''
    ? `serviceAccount (${shown(deprecated)}) is a deprecated field: use serviceAccountName.`
    : `serviceAccount (${shown(deprecated)}) and serviceAccountName (${shown(name)}) differ; serviceAccount is deprecated: remove it.`;
  return [{ id: 'deprecated-service-account-field', path: [...pod.specPath, 'serviceAccount'], on: 'key', message }];
}

/**
 * As kube-linter: a workload of two replicas or more needs an anti-affinity term over
 * kubernetes.io/hostname that selects its own pods. A topology spread constraint over that key
 * selecting them spreads them as well, and counts too.
 */
function antiAffinityFindings(pod: WorkloadPod): Finding[] {
  if (pod.replicas === undefined || pod.replicas < 2) return [];
  const antiAffinity = asObject(field(pod.spec, 'affinity', 'podAntiAffinity'));
  const terms: Obj[] = [
    ...asArray(antiAffinity?.requiredDuringSchedulingIgnoredDuringExecution).map(asObject),
    ...asArray(antiAffinity?.preferredDuringSchedulingIgnoredDuringExecution).map((p) => asObject(asObject(p)?.podAffinityTerm)),
  ].filter((t): t is Obj => t !== undefined);
  const selectsOwnPods = (selector: unknown): boolean => {
    const s = asObject(selector);
    return s !== undefined && selectorMatches(s, pod.labels);
  };
  const spreadByAffinity = terms.some((term) => {
    const namespaces = asArray(term.namespaces).map(String);
    const inNamespace = namespaces.length === 0 || namespaces.includes(pod.namespace) || term.namespaceSelector !== undefined;
    return term.topologyKey === HOSTNAME_TOPOLOGY && inNamespace && selectsOwnPods(term.labelSelector);
  });
  const spreadByConstraint = asArray(pod.spec.topologySpreadConstraints).some((raw) => {
    const constraint = asObject(raw);
    return constraint?.topologyKey === HOSTNAME_TOPOLOGY && selectsOwnPods(constraint.labelSelector);
  });
  if (spreadByAffinity || spreadByConstraint) return [];
  const why = terms.length === 0 ? 'no pod anti-affinity' : `no pod anti-affinity term over ${HOSTNAME_TOPOLOGY} that selects its own pods`;
  return [
    {
      id: 'no-anti-affinity',
      path: ['spec', 'replicas'],
      on: 'value',
      message: `This ${pod.kind} runs ${pod.replicas} replicas with ${why}: the scheduler may put them all on one node.`,
    },
  ];
}
