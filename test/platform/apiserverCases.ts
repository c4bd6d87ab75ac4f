/**
 * Documents the apiserver refuses, each beside the nearest one it accepts: the unit tests hold
 * Berth's verdict to them, and the same table was dry-run against a v1.36 apiserver.
 */
export interface RefusalCase {
  readonly title: string;
  /** The refused document. */
  readonly refused: string;
  readonly code: string;
  /** The source text the error's range covers. */
  readonly at: string;
  /** Words the message contains (the apiserver's field path and reason). */
  readonly message: string;
  /** The nearest document the apiserver accepts. */
  readonly accepted: string;
}

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: work
          image: busybox:1.36
`;

const CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: work
              image: busybox:1.36
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - port: 80
      targetPort: 8080
`;

const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port: {number: 80}
`;

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  log.level: info
`;

const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: credentials
data:
  password: aHVudGVyMg==
`;

const PDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 50%
  selector:
    matchLabels: {app: web}
`;

const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 5
`;

function edit(base: string, from: string, to: string): string {
  if (!base.includes(from)) throw new Error(`case fixture does not contain ${JSON.stringify(from)}`);
  return base.replace(from, to);
}

const container = '    - name: web\n      image: nginx:1.27\n';
const templateContainer = '        - name: web\n          image: nginx:1.27\n';

export const REFUSAL_CASES: readonly RefusalCase[] = [
  // Pod spec and containers.
  {
    title: 'a container without an image',
    refused: edit(POD, '      image: nginx:1.27\n', ''),
    code: 'container-image-required',
    at: 'name',
    message: 'spec.containers[0].image: Required value',
    accepted: POD,
  },
  {
    title: 'an init container without an image',
    refused: edit(POD, 'spec:\n', 'spec:\n  initContainers:\n    - name: setup\n'),
    code: 'container-image-required',
    at: 'name',
    message: 'spec.initContainers[0].image: Required value',
    accepted: edit(POD, 'spec:\n', 'spec:\n  initContainers:\n    - name: setup\n      image: busybox:1.36\n'),
  },
  {
    title: 'a container name that is not a DNS label',
    refused: edit(POD, '- name: web', '- name: Web_1'),
    code: 'container-name-invalid',
    at: 'Web_1',
    message: 'spec.containers[0].name: Invalid value: "Web_1"',
    accepted: edit(POD, '- name: web', '- name: web-1'),
  },
  {
    title: 'two containers with one name',
    refused: POD + container,
    code: 'container-name-duplicate',
    at: 'web',
    message: 'spec.containers[1].name: Duplicate value: "web"',
    accepted: POD + container.replace('name: web', 'name: sidecar'),
  },
  {
    title: 'an init container named like a container',
    refused: edit(POD, 'spec:\n', 'spec:\n  initContainers:\n    - name: web\n      image: busybox:1.36\n'),
    code: 'container-name-duplicate',
    at: 'web',
    message: 'spec.initContainers[0].name: Duplicate value: "web"',
    accepted: edit(POD, 'spec:\n', 'spec:\n  initContainers:\n    - name: setup\n      image: busybox:1.36\n'),
  },
  {
    title: 'a container port out of range',
    refused: `${POD}      ports:\n        - containerPort: 70000\n`,
    code: 'port-out-of-range',
    at: '70000',
    message: 'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    accepted: `${POD}      ports:\n        - containerPort: 7000\n`,
  },
  {
    title: 'a port name longer than 15 characters',
    refused: `${POD}      ports:\n        - {name: metrics-endpoint1, containerPort: 9090}\n`,
    code: 'port-name-invalid',
    at: 'metrics-endpoint1',
    message: 'spec.containers[0].ports[0].name: Invalid value: "metrics-endpoint1"',
    accepted: `${POD}      ports:\n        - {name: metrics, containerPort: 9090}\n`,
  },
  {
    title: 'two ports with one name',
    refused: `${POD}      ports:\n        - {name: http, containerPort: 80}\n        - {name: http, containerPort: 8080}\n`,
    code: 'port-name-duplicate',
    at: 'http',
    message: 'spec.containers[0].ports[1].name: Duplicate value: "http"',
    accepted: `${POD}      ports:\n        - {name: http, containerPort: 80}\n        - {name: http-alt, containerPort: 8080}\n`,
  },
  {
    title: 'an environment variable name with "="',
    refused: `${POD}      env:\n        - {name: "A=B", value: x}\n`,
    code: 'env-name-invalid',
    at: '"A=B"',
    message: 'spec.containers[0].env[0].name: Invalid value: "A=B"',
    accepted: `${POD}      env:\n        - {name: "A.B", value: x}\n`,
  },
  {
    title: 'an environment variable with both value and valueFrom',
    refused: `${POD}      env:\n        - name: MODE\n          value: fast\n          valueFrom: {configMapKeyRef: {name: settings, key: mode}}\n`,
    code: 'env-value-from-invalid',
    at: 'valueFrom',
    message: 'spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
    accepted: `${POD}      env:\n        - name: MODE\n          valueFrom: {configMapKeyRef: {name: settings, key: mode}}\n`,
  },
  {
    title: 'a volume mount naming no volume',
    refused: `${POD}      volumeMounts:\n        - {name: data, mountPath: /data}\n`,
    code: 'volume-mount-not-found',
    at: 'data',
    message: 'spec.containers[0].volumeMounts[0].name: Not found: "data"',
    accepted: `${POD}      volumeMounts:\n        - {name: data, mountPath: /data}\n  volumes:\n    - {name: data, emptyDir: {}}\n`,
  },
  {
    title: 'two volumes with one name',
    refused: `${POD}  volumes:\n    - {name: data, emptyDir: {}}\n    - {name: data, emptyDir: {}}\n`,
    code: 'volume-name-duplicate',
    at: 'data',
    message: 'spec.volumes[1].name: Duplicate value: "data"',
    accepted: `${POD}  volumes:\n    - {name: data, emptyDir: {}}\n    - {name: cache, emptyDir: {}}\n`,
  },
  {
    title: 'a volume with two sources',
    refused: `${POD}  volumes:\n    - {name: data, emptyDir: {}, configMap: {name: settings}}\n`,
    code: 'volume-multiple-sources',
    at: 'configMap',
    message: 'spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type',
    accepted: `${POD}  volumes:\n    - {name: data, configMap: {name: settings}}\n`,
  },
  {
    title: 'a probe without a handler',
    refused: `${POD}      readinessProbe:\n        periodSeconds: 5\n`,
    code: 'probe-handler-required',
    at: 'readinessProbe',
    message: 'spec.containers[0].readinessProbe: Required value: must specify a handler type',
    accepted: `${POD}      readinessProbe:\n        periodSeconds: 5\n        httpGet: {path: /healthz, port: 8080}\n`,
  },
  {
    title: 'a probe with two handlers',
    refused: `${POD}      livenessProbe:\n        httpGet: {path: /healthz, port: 8080}\n        tcpSocket: {port: 8080}\n`,
    code: 'probe-handler-multiple',
    at: 'tcpSocket',
    message: 'spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
    accepted: `${POD}      livenessProbe:\n        tcpSocket: {port: 8080}\n`,
  },
  {
    title: 'a probe port given as a quoted number',
    refused: `${POD}      livenessProbe:\n        httpGet: {path: /healthz, port: "8080"}\n`,
    code: 'port-name-invalid',
    at: '"8080"',
    message: 'spec.containers[0].livenessProbe.httpGet.port: Invalid value: "8080"',
    accepted: `${POD}      livenessProbe:\n        httpGet: {path: /healthz, port: 8080}\n`,
  },
  {
    title: 'a liveness probe that needs more than one success',
    refused: `${POD}      livenessProbe:\n        successThreshold: 2\n        tcpSocket: {port: 8080}\n`,
    code: 'probe-success-threshold',
    at: '2',
    message: 'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
    accepted: `${POD}      livenessProbe:\n        successThreshold: 1\n        tcpSocket: {port: 8080}\n`,
  },
  {
    title: 'a probe on an init container that is not a sidecar',
    refused: edit(POD, 'spec:\n', 'spec:\n  initContainers:\n    - name: setup\n      image: busybox:1.36\n      readinessProbe: {exec: {command: ["true"]}}\n'),
    code: 'init-container-field-forbidden',
    at: 'readinessProbe',
    message: 'spec.initContainers[0].readinessProbe: Forbidden',
    accepted: edit(POD, 'spec:\n', 'spec:\n  initContainers:\n    - name: setup\n      image: busybox:1.36\n      restartPolicy: Always\n      readinessProbe: {exec: {command: ["true"]}}\n'),
  },
  {
    title: 'a request above its limit',
    refused: `${POD}      resources:\n        requests: {cpu: "2"}\n        limits: {cpu: 1500m}\n`,
    code: 'resources-request-exceeds-limit',
    at: '"2"',
    message: 'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1500m',
    accepted: `${POD}      resources:\n        requests: {cpu: "1"}\n        limits: {cpu: 1500m}\n`,
  },
  {
    title: 'a memory request above its limit in other units',
    refused: `${POD}      resources:\n        requests: {memory: 1Gi}\n        limits: {memory: 512Mi}\n`,
    code: 'resources-request-exceeds-limit',
    at: '1Gi',
    message: 'must be less than or equal to memory limit of 512Mi',
    accepted: `${POD}      resources:\n        requests: {memory: 512Mi}\n        limits: {memory: 1Gi}\n`,
  },
  {
    title: 'an extended resource requested without a limit',
    refused: `${POD}      resources:\n        requests: {example.com/gpu: 1}\n`,
    code: 'resources-limit-required',
    at: 'example.com/gpu',
    message: 'spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources',
    accepted: `${POD}      resources:\n        requests: {example.com/gpu: 1}\n        limits: {example.com/gpu: 1}\n`,
  },
  {
    title: 'a procMount that does not exist',
    refused: `${POD}      securityContext: {procMount: Other}\n`,
    code: 'proc-mount-unsupported',
    at: 'Other',
    message: 'spec.containers[0].securityContext.procMount: Unsupported value: "Other"',
    accepted: `${POD}      securityContext: {procMount: Default}\n`,
  },
  {
    title: 'an unmasked /proc while sharing the host user namespace',
    refused: `${POD}      securityContext: {procMount: Unmasked}\n`,
    code: 'proc-mount-unsupported',
    at: 'Unmasked',
    message: '`hostUsers` must be false to use `Unmasked`',
    accepted: `${POD}      securityContext: {procMount: Unmasked}\n  hostUsers: false\n`,
  },
  {
    title: 'privileged without privilege escalation',
    refused: `${POD}      securityContext: {privileged: true, allowPrivilegeEscalation: false}\n`,
    code: 'privilege-escalation-conflict',
    at: 'false',
    message: 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
    accepted: `${POD}      securityContext: {privileged: true}\n`,
  },
  {
    title: 'a Localhost seccomp profile without its file',
    refused: `${POD}      securityContext:\n        seccompProfile: {type: Localhost}\n`,
    code: 'profile-localhost-required',
    at: 'seccompProfile',
    message: 'spec.containers[0].securityContext.seccompProfile.localhostProfile: Required value',
    accepted: `${POD}      securityContext:\n        seccompProfile: {type: Localhost, localhostProfile: profiles/audit.json}\n`,
  },
  {
    title: 'a run-as user id out of range',
    refused: `${POD}  securityContext: {runAsUser: -1}\n`,
    code: 'id-out-of-range',
    at: '-1',
    message: 'spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive',
    accepted: `${POD}  securityContext: {runAsUser: 1000}\n`,
  },
  {
    title: 'host process containers without the host network',
    refused: `${POD}  securityContext:\n    windowsOptions: {hostProcess: true, runAsUserName: "NT AUTHORITY\\\\SYSTEM"}\n`,
    code: 'host-process-requires-host-network',
    at: 'spec',
    message: 'spec.hostNetwork: Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers',
    accepted: `${POD}  hostNetwork: true\n  securityContext:\n    windowsOptions: {hostProcess: true, runAsUserName: "NT AUTHORITY\\\\SYSTEM"}\n`,
  },
  {
    title: 'a host port other than the container port on the host network',
    refused: `${POD}      ports:\n        - {containerPort: 80, hostPort: 8080}\n  hostNetwork: true\n`,
    code: 'host-port-mismatch',
    at: '8080',
    message: 'spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true',
    accepted: `${POD}      ports:\n        - {containerPort: 80, hostPort: 80}\n  hostNetwork: true\n`,
  },
  {
    title: 'an AppArmor annotation naming no container',
    refused: edit(POD, '  name: web\n', '  name: web\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/app: runtime/default\n'),
    code: 'apparmor-container-not-found',
    at: 'container.apparmor.security.beta.kubernetes.io/app',
    message: 'metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]: Invalid value: "app": container not found',
    accepted: edit(POD, '  name: web\n', '  name: web\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/web: runtime/default\n'),
  },
  {
    title: 'an AppArmor annotation in a template naming no container',
    refused: edit(DEPLOYMENT, '      labels: {app: web}\n', '      labels: {app: web}\n      annotations:\n        container.apparmor.security.beta.kubernetes.io/app: runtime/default\n'),
    code: 'apparmor-container-not-found',
    at: 'container.apparmor.security.beta.kubernetes.io/app',
    message: 'spec.template.annotations[container.apparmor.security.beta.kubernetes.io/app]: Invalid value: "app"',
    accepted: edit(DEPLOYMENT, '      labels: {app: web}\n', '      labels: {app: web}\n      annotations:\n        container.apparmor.security.beta.kubernetes.io/web: runtime/default\n'),
  },
  {
    title: 'ephemeral containers in a new Pod',
    refused: `${POD}  ephemeralContainers:\n    - {name: debug, image: busybox:1.36}\n`,
    code: 'ephemeral-containers-forbidden',
    at: 'ephemeralContainers',
    message: 'spec.ephemeralContainers: Forbidden: cannot be set on create',
    accepted: POD,
  },
  {
    title: 'an empty container list',
    refused: edit(POD, `  containers:\n${container}`, '  containers: []\n'),
    code: 'containers-required',
    at: '[]',
    message: 'spec.containers: Required value',
    accepted: POD,
  },
  // Workloads.
  {
    title: 'a Deployment without a spec',
    refused: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
    code: 'spec-required',
    at: 'kind',
    message: 'spec.selector: Required value',
    accepted: DEPLOYMENT,
  },
  {
    title: 'a Deployment whose selector does not match its template labels',
    refused: edit(DEPLOYMENT, 'labels: {app: web}', 'labels: {app: website}'),
    code: 'selector-mismatch',
    at: '{app: website}',
    message: 'spec.template.metadata.labels: Invalid value: {"app":"website"}: `selector` does not match template `labels`',
    accepted: edit(DEPLOYMENT, 'labels: {app: web}', 'labels: {app: web, tier: front}'),
  },
  {
    title: 'a selector expression the template labels do not satisfy',
    refused: edit(DEPLOYMENT, 'matchLabels: {app: web}', 'matchExpressions: [{key: tier, operator: In, values: [front]}]'),
    code: 'selector-mismatch',
    at: '{app: web}',
    message: '`selector` does not match template `labels`',
    accepted: edit(DEPLOYMENT, 'matchLabels: {app: web}', 'matchExpressions: [{key: app, operator: In, values: [web, api]}]'),
  },
  {
    title: 'an empty Deployment selector',
    refused: edit(DEPLOYMENT, 'matchLabels: {app: web}', 'matchLabels: {}'),
    code: 'selector-empty',
    at: 'selector',
    message: 'spec.selector: Invalid value',
    accepted: DEPLOYMENT,
  },
  {
    title: 'a selector expression In without values',
    refused: edit(DEPLOYMENT, 'matchLabels: {app: web}', 'matchLabels: {app: web}\n    matchExpressions: [{key: tier, operator: In}]'),
    code: 'selector-values-required',
    at: 'key',
    message: 'spec.selector.matchExpressions[0].values: Required value',
    accepted: edit(DEPLOYMENT, 'matchLabels: {app: web}', 'matchLabels: {app: web}\n    matchExpressions: [{key: tier, operator: DoesNotExist}]'),
  },
  {
    title: 'a Deployment template with restartPolicy Never',
    refused: edit(DEPLOYMENT, '    spec:\n      containers:', '    spec:\n      restartPolicy: Never\n      containers:'),
    code: 'restart-policy-unsupported',
    at: 'Never',
    message: 'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    accepted: edit(DEPLOYMENT, '    spec:\n      containers:', '    spec:\n      restartPolicy: Always\n      containers:'),
  },
  {
    title: 'a template container without an image',
    refused: edit(DEPLOYMENT, '          image: nginx:1.27\n', ''),
    code: 'container-image-required',
    at: 'name',
    message: 'spec.template.spec.containers[0].image: Required value',
    accepted: DEPLOYMENT,
  },
  {
    title: 'a negative replica count',
    refused: edit(DEPLOYMENT, 'spec:\n  selector', 'spec:\n  replicas: -1\n  selector'),
    code: 'negative-value',
    at: '-1',
    message: 'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    accepted: edit(DEPLOYMENT, 'spec:\n  selector', 'spec:\n  replicas: 0\n  selector'),
  },
  {
    title: 'a rolling update that can neither add nor remove a pod',
    refused: edit(DEPLOYMENT, 'spec:\n  selector', 'spec:\n  strategy:\n    rollingUpdate: {maxUnavailable: 0, maxSurge: 0}\n  selector'),
    code: 'strategy-invalid',
    at: '0',
    message: 'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    accepted: edit(DEPLOYMENT, 'spec:\n  selector', 'spec:\n  strategy:\n    rollingUpdate: {maxUnavailable: 0, maxSurge: 1}\n  selector'),
  },
  {
    title: 'a DaemonSet whose selector does not match',
    refused: edit(edit(DEPLOYMENT, 'kind: Deployment', 'kind: DaemonSet'), 'labels: {app: web}', 'labels: {app: agent}'),
    code: 'selector-mismatch',
    at: '{app: agent}',
    message: 'spec.template.metadata.labels: Invalid value',
    accepted: edit(DEPLOYMENT, 'kind: Deployment', 'kind: DaemonSet'),
  },
  {
    title: 'a StatefulSet whose service name is not a DNS label',
    refused: edit(edit(DEPLOYMENT, 'kind: Deployment', 'kind: StatefulSet'), 'spec:\n  selector', 'spec:\n  serviceName: Web_Headless\n  selector'),
    code: 'service-name-invalid',
    at: 'Web_Headless',
    message: 'spec.serviceName: Invalid value: "Web_Headless"',
    accepted: edit(edit(DEPLOYMENT, 'kind: Deployment', 'kind: StatefulSet'), 'spec:\n  selector', 'spec:\n  serviceName: web-headless\n  selector'),
  },
  {
    title: 'a ReplicationController without selector or template labels',
    refused: 'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - {name: web, image: nginx:1.27}\n',
    code: 'selector-required',
    at: 'spec',
    message: 'spec.selector: Required value',
    accepted: 'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - {name: web, image: nginx:1.27}\n',
  },
  {
    title: 'a ReplicationController selector that its template labels do not match',
    refused: 'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n        - {name: web, image: nginx:1.27}\n',
    code: 'selector-mismatch',
    at: '{app: api}',
    message: 'spec.template.metadata.labels: Invalid value: {"app":"api"}: `selector` does not match template `labels`',
    accepted: 'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - {name: web, image: nginx:1.27}\n',
  },
  {
    title: 'a Job with the default restart policy',
    refused: edit(JOB, '      restartPolicy: Never\n', ''),
    code: 'job-restart-policy',
    at: 'spec',
    message: 'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    accepted: JOB,
  },
  {
    title: 'a Job with restartPolicy Always',
    refused: edit(JOB, 'restartPolicy: Never', 'restartPolicy: Always'),
    code: 'job-restart-policy',
    at: 'Always',
    message: 'spec.template.spec.restartPolicy: Required value',
    accepted: edit(JOB, 'restartPolicy: Never', 'restartPolicy: OnFailure'),
  },
  {
    title: 'a Job with negative parallelism',
    refused: edit(JOB, 'spec:\n  template', 'spec:\n  parallelism: -2\n  template'),
    code: 'negative-value',
    at: '-2',
    message: 'spec.parallelism: Invalid value: -2: must be greater than or equal to 0',
    accepted: edit(JOB, 'spec:\n  template', 'spec:\n  parallelism: 0\n  template'),
  },
  {
    title: 'a cron schedule with six fields',
    refused: edit(CRONJOB, '"0 3 * * *"', '"0 0 3 * * *"'),
    code: 'cron-schedule-invalid',
    at: '"0 0 3 * * *"',
    message: 'spec.schedule: Invalid value: "0 0 3 * * *": expected exactly 5 fields, found 6',
    accepted: CRONJOB,
  },
  {
    title: 'a cron schedule out of range',
    refused: edit(CRONJOB, '"0 3 * * *"', '"0 24 * * *"'),
    code: 'cron-schedule-invalid',
    at: '"0 24 * * *"',
    message: 'end of range (24) above maximum (23)',
    accepted: edit(CRONJOB, '"0 3 * * *"', '"0 23 * * 1-5"'),
  },
  {
    title: 'an unknown cron descriptor',
    refused: edit(CRONJOB, '"0 3 * * *"', '"@fortnightly"'),
    code: 'cron-schedule-invalid',
    at: '"@fortnightly"',
    message: 'unrecognized descriptor: @fortnightly',
    accepted: edit(CRONJOB, '"0 3 * * *"', '"@weekly"'),
  },
  {
    title: 'a time zone inside the schedule',
    refused: edit(CRONJOB, '"0 3 * * *"', '"CRON_TZ=Europe/Berlin 0 3 * * *"'),
    code: 'cron-schedule-invalid',
    at: '"CRON_TZ=Europe/Berlin 0 3 * * *"',
    message: 'spec.schedule: Invalid value',
    accepted: edit(CRONJOB, 'schedule: "0 3 * * *"', 'schedule: "0 3 * * *"\n  timeZone: Europe/Berlin'),
  },
  {
    title: 'a CronJob whose Job has restartPolicy Always',
    refused: edit(CRONJOB, 'restartPolicy: OnFailure', 'restartPolicy: Always'),
    code: 'job-restart-policy',
    at: 'Always',
    message: 'spec.jobTemplate.spec.template.spec.restartPolicy: Required value',
    accepted: CRONJOB,
  },
  {
    title: 'a CronJob name longer than 52 characters',
    refused: edit(CRONJOB, 'name: nightly', `name: ${'n'.repeat(53)}`),
    code: 'cronjob-name-too-long',
    at: 'n'.repeat(53),
    message: 'metadata.name: Invalid value',
    accepted: edit(CRONJOB, 'name: nightly', `name: ${'n'.repeat(52)}`),
  },
  // Services.
  {
    title: 'a Service without ports',
    refused: edit(SERVICE, '  ports:\n    - port: 80\n      targetPort: 8080\n', ''),
    code: 'service-ports-required',
    at: 'spec',
    message: 'spec.ports: Required value',
    accepted: edit(SERVICE, '  ports:\n    - port: 80\n      targetPort: 8080\n', '  clusterIP: None\n'),
  },
  {
    title: 'a Service port out of range',
    refused: edit(SERVICE, 'port: 80', 'port: 0'),
    code: 'port-out-of-range',
    at: '0',
    message: 'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    accepted: SERVICE,
  },
  {
    title: 'a target port out of range',
    refused: edit(SERVICE, 'targetPort: 8080', 'targetPort: 80800'),
    code: 'port-out-of-range',
    at: '80800',
    message: 'spec.ports[0].targetPort: Invalid value: 80800',
    accepted: SERVICE,
  },
  {
    title: 'several Service ports, one without a name',
    refused: `${SERVICE}    - port: 443\n      name: https\n`,
    code: 'service-port-name-required',
    at: 'port',
    message: 'spec.ports[0].name: Required value',
    accepted: edit(`${SERVICE}    - port: 443\n      name: https\n`, '- port: 80\n', '- port: 80\n      name: http\n'),
  },
  {
    title: 'two Service ports with one name',
    refused: `${edit(SERVICE, '- port: 80\n', '- port: 80\n      name: web\n')}    - {port: 443, name: web}\n`,
    code: 'service-port-name-duplicate',
    at: 'web',
    message: 'spec.ports[1].name: Duplicate value: "web"',
    accepted: `${edit(SERVICE, '- port: 80\n', '- port: 80\n      name: web\n')}    - {port: 443, name: web-tls}\n`,
  },
  {
    title: 'a cluster IP that is not an IP',
    refused: edit(SERVICE, 'spec:\n', 'spec:\n  clusterIP: auto\n'),
    code: 'cluster-ip-invalid',
    at: 'auto',
    message: 'spec.clusterIPs[0]: Invalid value: "auto"',
    accepted: edit(SERVICE, 'spec:\n', 'spec:\n  clusterIP: ""\n'),
  },
  {
    title: 'a node port on a ClusterIP Service',
    refused: edit(SERVICE, 'targetPort: 8080', 'targetPort: 8080\n      nodePort: 30080'),
    code: 'node-port-forbidden',
    at: '30080',
    message: "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    accepted: edit(SERVICE, 'spec:\n', 'spec:\n  type: NodePort\n'),
  },
  {
    title: 'an ExternalName Service without externalName',
    refused: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  type: ExternalName\n',
    code: 'external-name-required',
    at: 'ExternalName',
    message: 'spec.externalName: Required value',
    accepted: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  type: ExternalName\n  externalName: db.example.com\n',
  },
  {
    title: 'an externalName that is not a DNS name',
    refused: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  type: ExternalName\n  externalName: https://db.example.com\n',
    code: 'external-name-invalid',
    at: 'https://db.example.com',
    message: 'spec.externalName: Invalid value: "https://db.example.com"',
    accepted: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  type: ExternalName\n  externalName: db.example.com.\n',
  },
  // Ingresses.
  {
    title: 'an Ingress host with a placeholder',
    refused: edit(INGRESS, 'shop.example.com', '__INGRESS_HOST__'),
    code: 'ingress-host-invalid',
    at: '__INGRESS_HOST__',
    message: 'spec.rules[0].host: Invalid value: "__INGRESS_HOST__"',
    accepted: INGRESS,
  },
  {
    title: 'an Ingress host with a wildcard inside',
    refused: edit(INGRESS, 'shop.example.com', 'shop.*.example.com'),
    code: 'ingress-host-invalid',
    at: 'shop.*.example.com',
    message: "a wildcard DNS-1123 subdomain must start with '*.'",
    accepted: edit(INGRESS, 'shop.example.com', '"*.example.com"'),
  },
  {
    title: 'an Ingress host that is an IP address',
    refused: edit(INGRESS, 'shop.example.com', '10.0.0.1'),
    code: 'ingress-host-invalid',
    at: '10.0.0.1',
    message: 'must be a DNS name, not an IP address',
    accepted: INGRESS,
  },
  {
    title: 'a Prefix path that does not start with /',
    refused: edit(INGRESS, 'path: /', 'path: api'),
    code: 'ingress-path-invalid',
    at: 'api',
    message: 'spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path',
    accepted: edit(INGRESS, 'path: /', 'path: /api'),
  },
  {
    title: 'a backend with both a service and a resource',
    refused: edit(INGRESS, '              service:', '              resource: {kind: Bucket, name: assets}\n              service:'),
    code: 'ingress-backend-invalid',
    at: 'backend',
    message: 'spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both resource and service backends',
    accepted: INGRESS,
  },
  {
    title: 'a service backend without a port',
    refused: edit(INGRESS, '                port: {number: 80}\n', ''),
    code: 'ingress-backend-invalid',
    at: 'service',
    message: 'spec.rules[0].http.paths[0].backend: Required value: port name or number is required',
    accepted: edit(INGRESS, 'port: {number: 80}', 'port: {name: http}'),
  },
  {
    title: 'an Ingress with neither rules nor a default backend',
    refused: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  ingressClassName: nginx\n',
    code: 'ingress-rules-required',
    at: 'spec',
    message: 'either `defaultBackend` or `rules` must be specified',
    accepted: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  ingressClassName: nginx\n  defaultBackend:\n    service: {name: web, port: {number: 80}}\n',
  },
  // ConfigMaps and Secrets.
  {
    title: 'a ConfigMap key with a slash',
    refused: edit(CONFIGMAP, 'log.level: info', 'conf/app.yaml: "a: 1"'),
    code: 'config-key-invalid',
    at: 'conf/app.yaml',
    message: 'data[conf/app.yaml]: Invalid value: "conf/app.yaml"',
    accepted: edit(CONFIGMAP, 'log.level: info', 'app.yaml: "a: 1"'),
  },
  {
    title: 'Secret data that is not base64',
    refused: edit(SECRET, 'aHVudGVyMg==', 'hunter2!'),
    code: 'secret-data-not-base64',
    at: 'hunter2!',
    message: 'data[password]',
    accepted: edit(SECRET, 'data:\n  password: aHVudGVyMg==', 'stringData:\n  password: hunter2!'),
  },
  {
    title: 'a TLS Secret without its key',
    refused: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\ntype: kubernetes.io/tls\ndata:\n  tls.crt: Y2VydA==\n',
    code: 'secret-key-required',
    at: 'data',
    message: 'data[tls.key]: Required value',
    accepted: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\ntype: kubernetes.io/tls\ndata:\n  tls.crt: Y2VydA==\n  tls.key: a2V5\n',
  },
  // Disruption budgets and autoscalers.
  {
    title: 'a disruption budget above 100%',
    refused: edit(PDB, '50%', '150%'),
    code: 'int-or-percent-invalid',
    at: '150%',
    message: 'spec.minAvailable: Invalid value: "150%": must not be greater than 100%',
    accepted: edit(PDB, '50%', '100%'),
  },
  {
    title: 'a disruption budget with a malformed percentage',
    refused: edit(PDB, '50%', '"50 %"'),
    code: 'int-or-percent-invalid',
    at: '"50 %"',
    message: 'spec.minAvailable: Invalid value: "50 %"',
    accepted: PDB,
  },
  {
    title: 'a disruption budget with both minAvailable and maxUnavailable',
    refused: edit(PDB, 'minAvailable: 50%', 'minAvailable: 50%\n  maxUnavailable: 1'),
    code: 'pdb-both-set',
    at: 'maxUnavailable',
    message: 'minAvailable and maxUnavailable cannot be both set',
    accepted: edit(PDB, 'minAvailable: 50%', 'maxUnavailable: 1'),
  },
  {
    title: 'an autoscaler whose maximum is below its minimum',
    refused: edit(HPA, 'maxReplicas: 5', 'maxReplicas: 1'),
    code: 'hpa-replicas-invalid',
    at: '1',
    message: 'spec.maxReplicas: Invalid value: 1: must be greater than or equal to `minReplicas`',
    accepted: edit(HPA, 'maxReplicas: 5', 'maxReplicas: 2'),
  },
  {
    title: 'an autoscaler scaling to zero',
    refused: edit(HPA, 'minReplicas: 2', 'minReplicas: 0'),
    code: 'hpa-replicas-invalid',
    at: '0',
    message: 'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
    accepted: edit(HPA, 'minReplicas: 2', 'minReplicas: 1'),
  },
  // Metadata.
  {
    title: 'a label value with "@"',
    refused: edit(CONFIGMAP, '  name: settings\n', '  name: settings\n  labels:\n    owner: ops@example.com\n'),
    code: 'label-value-invalid',
    at: 'ops@example.com',
    message: 'metadata.labels: Invalid value: "ops@example.com"',
    accepted: edit(CONFIGMAP, '  name: settings\n', '  name: settings\n  labels:\n    owner: ops.example.com\n'),
  },
  {
    title: 'a label value longer than 63 characters',
    refused: edit(CONFIGMAP, '  name: settings\n', `  name: settings\n  labels:\n    note: ${'a'.repeat(64)}\n`),
    code: 'label-value-invalid',
    at: 'a'.repeat(64),
    message: 'must be no more than 63 bytes',
    accepted: edit(CONFIGMAP, '  name: settings\n', `  name: settings\n  labels:\n    note: ${'a'.repeat(63)}\n`),
  },
  {
    title: 'a label key with two slashes',
    refused: edit(CONFIGMAP, '  name: settings\n', '  name: settings\n  labels:\n    example.com/team/name: ops\n'),
    code: 'label-key-invalid',
    at: 'example.com/team/name',
    message: 'metadata.labels: Invalid value: "example.com/team/name"',
    accepted: edit(CONFIGMAP, '  name: settings\n', '  name: settings\n  labels:\n    example.com/team-name: ops\n'),
  },
  {
    title: 'a template label value with a space',
    refused: edit(DEPLOYMENT, 'labels: {app: web}\n    spec', 'labels: {app: web, note: "two words"}\n    spec'),
    code: 'label-value-invalid',
    at: '"two words"',
    message: 'spec.template.labels: Invalid value: "two words"',
    accepted: edit(DEPLOYMENT, 'labels: {app: web}\n    spec', 'labels: {app: web, note: two-words}\n    spec'),
  },
  {
    title: 'an annotation key with a space',
    refused: edit(CONFIGMAP, '  name: settings\n', '  name: settings\n  annotations:\n    "owner team": ops\n'),
    code: 'annotation-key-invalid',
    at: '"owner team"',
    message: 'metadata.annotations: Invalid value: "owner team"',
    accepted: edit(CONFIGMAP, '  name: settings\n', '  name: settings\n  annotations:\n    Owner-Team: ops\n'),
  },
  {
    title: 'annotations larger than 256 KiB',
    refused: edit(CONFIGMAP, '  name: settings\n', `  name: settings\n  annotations:\n    blob: ${'x'.repeat(262141)}\n`),
    code: 'annotations-too-large',
    at: 'annotations',
    message: 'metadata.annotations: Too long: may not be more than 262144 bytes',
    accepted: edit(CONFIGMAP, '  name: settings\n', `  name: settings\n  annotations:\n    blob: ${'x'.repeat(262139)}\n`),
  },
  {
    title: 'a generateName with an underscore',
    refused: edit(CONFIGMAP, '  name: settings\n', '  generateName: settings_\n'),
    code: 'invalid-generate-name',
    at: 'settings_',
    message: 'metadata.generateName: Invalid value: "settings_"',
    accepted: edit(CONFIGMAP, '  name: settings\n', '  generateName: settings-\n'),
  },
  {
    title: 'a Role name with a slash',
    refused: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: team/reader\nrules: []\n',
    code: 'invalid-name',
    at: 'team/reader',
    message: "metadata.name: Invalid value: \"team/reader\": a Role name may not contain '/'",
    accepted: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: "team:reader"\nrules: []\n',
  },
];
