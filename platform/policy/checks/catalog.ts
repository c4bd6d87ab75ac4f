/**
 * Berth's best-practice checks: one stable ID each, the level it is reported at unless settings
 * say otherwise, what it finds and how to fix it, and the names kube-linter and Polaris give the
 * same finding (their suppression annotations name those).
 */

/** How a check is reported: `off` runs it not at all. */
export type CheckLevel = 'off' | 'information' | 'warning' | 'error';
export const CHECK_LEVELS: readonly CheckLevel[] = ['off', 'information', 'warning', 'error'];

export interface CheckDefinition {
  /** The stable ID: the diagnostic code, the key in `berth.policy.checks` and `berth.dev/ignore-checks`. */
  readonly id: string;
  readonly defaultLevel: CheckLevel;
  /** One line: what is found. */
  readonly summary: string;
  /** Why it matters. */
  readonly description: string;
  readonly remediation: string;
  /** `document`: one object decides it; `workspace`: other documents of the workspace do too. */
  readonly scope: 'document' | 'workspace';
  /** kube-linter check names whose `ignore-check.kube-linter.io/<name>` annotation suppresses this check. */
  readonly kubeLinter: readonly string[];
  /** Polaris check IDs whose `polaris.fairwinds.com/<id>-exempt: "true"` annotation suppresses this check. */
  readonly polaris: readonly string[];
}

/** Where the README documents each check: its row carries an anchor `check-<id>`. */
export const CHECKS_HELP_BASE = 'https://berth.dev/README.md';

export function checkHelpUri(id: string): string {
  return `${CHECKS_HELP_BASE}#check-${id}`;
}

const check = (
  id: string,
  scope: CheckDefinition['scope'],
  summary: string,
  description: string,
  remediation: string,
  kubeLinter: readonly string[],
  polaris: readonly string[],
): CheckDefinition => ({ id, defaultLevel: 'warning', scope, summary, description, remediation, kubeLinter, polaris });

export const CHECKS: readonly CheckDefinition[] = [
  check(
    'latest-tag',
    'document',
    'a container image without a tag, or tagged `latest`',
    'An untagged or `latest` image changes under the workload: two pods of one Deployment may run different code, and a rollback does not roll the image back.',
    'Pin the image to a version tag or a digest (`image@sha256:…`).',
    ['latest-tag'],
    ['tagNotSpecified'],
  ),
  check(
    'unset-cpu-request',
    'document',
    'a container without a CPU request',
    'The scheduler places a pod by its requests: without a CPU request the pod can land on a node with no CPU to spare and is first to starve.',
    'Set `resources.requests.cpu` to what the container needs at steady load.',
    ['unset-cpu-requirements'],
    ['cpuRequestsMissing'],
  ),
  check(
    'unset-cpu-limit',
    'document',
    'a container without a CPU limit',
    'Without a CPU limit one busy container can take every core of its node from its neighbours.',
    'Set `resources.limits.cpu` (or switch the check off where the cluster relies on requests alone).',
    [],
    ['cpuLimitsMissing'],
  ),
  check(
    'unset-memory-request',
    'document',
    'a container without a memory request',
    'Without a memory request the scheduler may overcommit the node, and the pod is among the first evicted under memory pressure.',
    'Set `resources.requests.memory` to what the container uses at steady load.',
    [],
    ['memoryRequestsMissing'],
  ),
  check(
    'unset-memory-limit',
    'document',
    'a container without a memory limit',
    'Without a memory limit a leaking container grows until the node runs out of memory and the kernel kills whatever it picks.',
    'Set `resources.limits.memory` (commonly equal to the request).',
    ['unset-memory-requirements'],
    ['memoryLimitsMissing'],
  ),
  check(
    'run-as-non-root',
    'document',
    'a container that may run as root, or runs with group 0',
    'A process running as root in a container is one kernel or runtime bug away from root on the node.',
    'Set `runAsNonRoot: true` and a non-zero `runAsUser` (and `runAsGroup`) in the pod or container `securityContext`.',
    ['run-as-non-root'],
    ['runAsRootAllowed'],
  ),
  check(
    'privilege-escalation-container',
    'document',
    'a container that allows privilege escalation (explicitly, by being privileged, or with CAP_SYS_ADMIN)',
    'A process that can gain more privileges than its parent (setuid binaries, file capabilities) defeats the container\'s other restrictions.',
    'Set `allowPrivilegeEscalation: false`, drop `privileged` and the `SYS_ADMIN` capability.',
    ['privilege-escalation-container'],
    ['privilegeEscalationAllowed'],
  ),
  check(
    'privileged-container',
    'document',
    'a privileged container',
    'A privileged container has every capability and every device of the node: it is root on the node.',
    'Remove `privileged: true`; add only the capabilities the container needs.',
    ['privileged-container'],
    ['runAsPrivileged'],
  ),
  check(
    'no-read-only-root-fs',
    'document',
    'a container whose root filesystem is writable',
    'A writable root filesystem lets an intruder drop binaries and change configuration inside the container.',
    'Set `readOnlyRootFilesystem: true` in the container `securityContext`; mount an `emptyDir` where the process must write.',
    ['no-read-only-root-fs'],
    ['notReadOnlyRootFilesystem'],
  ),
  check(
    'drop-net-raw-capability',
    'document',
    'a container that lists capabilities but keeps or adds NET_RAW',
    'NET_RAW lets a process craft raw packets (ARP and DNS spoofing on the pod network).',
    'Add `NET_RAW` (or `ALL`) to `securityContext.capabilities.drop`, and do not add it.',
    ['drop-net-raw-capability'],
    [],
  ),
  check(
    'host-network',
    'document',
    "a pod that shares the node's network namespace",
    "With `hostNetwork` the pod sees every interface of the node and can bind its ports; NetworkPolicy no longer isolates it.",
    'Remove `hostNetwork: true`; expose ports through a Service.',
    ['host-network'],
    ['hostNetworkSet'],
  ),
  check(
    'host-pid',
    'document',
    "a pod that shares the node's process namespace",
    "With `hostPID` the pod sees, and may signal or trace, every process of the node.",
    'Remove `hostPID: true`.',
    ['host-pid'],
    ['hostPIDSet'],
  ),
  check(
    'host-ipc',
    'document',
    "a pod that shares the node's IPC namespace",
    "With `hostIPC` the pod can read and write the shared memory of every process of the node.",
    'Remove `hostIPC: true`.',
    ['host-ipc'],
    ['hostIPCSet'],
  ),
  check(
    'sensitive-host-mounts',
    'document',
    'a container that mounts a sensitive host directory (/, /boot, /dev, /etc, /lib, /proc, /sys, /usr)',
    "Mounting the node's system directories hands the container the node's configuration, devices and kernel interfaces.",
    'Remove the `hostPath` volume; use a ConfigMap, Secret or PersistentVolumeClaim.',
    ['sensitive-host-mounts'],
    [],
  ),
  check(
    'docker-sock',
    'document',
    "a container that mounts the container runtime's socket (docker.sock, containerd.sock, crio.sock)",
    'Whoever talks to the runtime socket starts containers of their choosing on the node: full control of the host.',
    'Remove the `hostPath` volume of the socket.',
    ['docker-sock'],
    [],
  ),
  check(
    'unsafe-sysctls',
    'document',
    "a pod that sets a sysctl outside the kubelet's safe set",
    'Unsafe sysctls are not namespaced or not isolated: they change the whole node, and the kubelet refuses the pod unless it allows them.',
    'Remove the sysctl, or run the pod on nodes whose kubelet allows it (`--allowed-unsafe-sysctls`).',
    ['unsafe-sysctls'],
    [],
  ),
  check(
    'env-var-secret',
    'document',
    'an environment variable whose name says secret, with a literal value',
    'A secret written into the manifest ends up in version control, in `kubectl get -o yaml` and in every log of the object.',
    'Read the value from a Secret with `valueFrom.secretKeyRef`, or mount the Secret as a file.',
    ['env-var-secret'],
    ['sensitiveContainerEnvVar'],
  ),
  check(
    'duplicate-env-var',
    'document',
    'an environment variable set twice in one container',
    'Only the last definition takes effect; the earlier one is silently ignored.',
    'Remove one of the definitions.',
    ['duplicate-env-var'],
    [],
  ),
  check(
    'liveness-port',
    'document',
    'a liveness probe on a port the container does not expose',
    'A probe of a port nothing listens on fails, and the kubelet restarts the container over and over.',
    "Probe one of the container's `ports` (by name or number).",
    ['liveness-port'],
    [],
  ),
  check(
    'readiness-port',
    'document',
    'a readiness probe on a port the container does not expose',
    'A probe of a port nothing listens on keeps the pod out of its Services for good.',
    "Probe one of the container's `ports` (by name or number).",
    ['readiness-port'],
    [],
  ),
  check(
    'startup-port',
    'document',
    'a startup probe on a port the container does not expose',
    'A startup probe of a port nothing listens on never succeeds: the container is restarted before it ever starts.',
    "Probe one of the container's `ports` (by name or number).",
    ['startup-port'],
    [],
  ),
  check(
    'ssh-port',
    'document',
    'a container exposing TCP port 22',
    'Port 22 is SSH: a shell into a container bypasses `kubectl exec`, its RBAC and its audit log.',
    'Do not run an SSH server in a container; use `kubectl exec` or `kubectl debug`.',
    ['ssh-port'],
    [],
  ),
  check(
    'no-liveness-probe',
    'document',
    'a long-running container without a liveness probe',
    'Without a liveness probe a deadlocked process keeps its container running, and nothing restarts it.',
    'Add a `livenessProbe` that fails when the process can no longer make progress.',
    ['no-liveness-probe'],
    ['livenessProbeMissing'],
  ),
  check(
    'no-readiness-probe',
    'document',
    'a long-running container without a readiness probe',
    'Without a readiness probe a pod receives traffic as soon as its process starts, before it can serve it, and during every rollout.',
    'Add a `readinessProbe` that succeeds once the container can serve requests.',
    ['no-readiness-probe'],
    ['readinessProbeMissing'],
  ),
  check(
    'pull-policy-not-always',
    'document',
    'a container whose `imagePullPolicy` is not `Always`',
    'With a cached image the node runs whatever it pulled last under that name, which a moved tag no longer is; pulling always also checks the pull credentials.',
    'Set `imagePullPolicy: Always`.',
    [],
    ['pullPolicyNotAlways'],
  ),
  check(
    'deprecated-service-account-field',
    'document',
    'a pod spec using the deprecated `serviceAccount` field',
    '`serviceAccount` is a deprecated alias of `serviceAccountName`; when the two differ, readers cannot tell which account the pod runs as.',
    'Use `serviceAccountName` and remove `serviceAccount`.',
    ['deprecated-service-account-field'],
    [],
  ),
  check(
    'no-anti-affinity',
    'document',
    'a workload of several replicas without pod anti-affinity or a spread over nodes',
    'Without anti-affinity the scheduler may place every replica on one node, which then takes them all down at once.',
    'Add a `podAntiAffinity` term (preferred or required) with `topologyKey: kubernetes.io/hostname` selecting the pods of the workload, or a `topologySpreadConstraints` entry over that key.',
    ['no-anti-affinity'],
    [],
  ),
  check(
    'job-ttl-seconds-after-finished',
    'document',
    'a Job without `ttlSecondsAfterFinished`, or a CronJob whose Jobs set it',
    'A finished standalone Job and its pods stay forever; a CronJob already keeps its history by `successfulJobsHistoryLimit`, which a TTL quietly overrides.',
    'Set `ttlSecondsAfterFinished` on a standalone Job; leave it out of a CronJob\'s `jobTemplate`.',
    ['job-ttl-seconds-after-finished'],
    [],
  ),
  check(
    'pdb-max-unavailable',
    'document',
    'a PodDisruptionBudget with `maxUnavailable` 0',
    'A budget of zero unavailable pods blocks every voluntary eviction: node drains and cluster upgrades hang.',
    'Set `maxUnavailable` to at least 1 (or 1%).',
    ['pdb-max-unavailable'],
    ['pdbDisruptionsIsZero'],
  ),
  check(
    'pdb-unhealthy-pod-eviction-policy',
    'document',
    'a PodDisruptionBudget that does not set `unhealthyPodEvictionPolicy`',
    'By default a pod that never became ready still counts against the budget, so a broken rollout can block every node drain.',
    'Set `unhealthyPodEvictionPolicy: AlwaysAllow`.',
    ['pdb-unhealthy-pod-eviction-policy'],
    [],
  ),
  check(
    'pdb-min-available',
    'workspace',
    'a PodDisruptionBudget whose `minAvailable` is 100% or not below the replicas of a workload it selects',
    'When every replica must stay available no pod may ever be evicted: node drains and cluster upgrades hang.',
    'Lower `minAvailable` below the replica count, or raise the replicas.',
    ['pdb-min-available'],
    ['pdbDisruptionsIsZero'],
  ),
  check(
    'dangling-poddisruptionbudget',
    'workspace',
    'a PodDisruptionBudget whose selector matches no pod template of its namespace in the workspace',
    'A budget that selects no pods protects nothing; usually its labels drifted from the workload\'s.',
    "Make the selector match the workload's pod template labels.",
    [],
    [],
  ),
  check(
    'dangling-service',
    'workspace',
    'a Service whose selector matches no pod template of its namespace in the workspace',
    'A Service that selects no pods has no endpoints: every connection to it fails.',
    "Make the selector match the workload's pod template labels (an ExternalName Service, or one without a selector, is not checked).",
    ['dangling-service'],
    [],
  ),
  check(
    'non-existent-service-account',
    'workspace',
    'a pod running as a ServiceAccount the workspace does not define, in a namespace whose ServiceAccounts it does define',
    'The pod is refused at creation while its ServiceAccount is missing.',
    'Add the ServiceAccount, or correct `serviceAccountName`.',
    ['non-existent-service-account'],
    [],
  ),
];

const BY_ID = new Map(CHECKS.map((c) => [c.id, c]));

export function checkById(id: string): CheckDefinition | undefined {
  return BY_ID.get(id);
}

export function isCheckId(id: string): boolean {
  return BY_ID.has(id);
}

/**
 * kube-linter's default checks that Berth reports as errors, because the apiserver refuses what
 * they find: no level or annotation changes an error.
 */
export const KUBE_LINTER_CHECKS_AS_ERRORS: Readonly<Record<string, string>> = {
  'mismatching-selector': 'selector-mismatch',
  'no-extensions-v1beta': 'removed-api-version',
  'invalid-target-ports': 'port-name-invalid',
};
