// Each best-practice check that one document decides: it fires on a violating object and stays
// quiet on the nearest object that follows the practice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { CHECKS } from '../../platform/policy/checks/catalog';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { languageService, settings, yamlDocument } from '../helpers/languageService';

type Doc = Record<string, any>;

/** A Deployment that follows every practice the checks know. */
function compliant(): Doc {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 1000 },
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } } }],
            },
          },
          containers: [
            {
              name: 'web',
              image: 'registry.example.com/web:1.2.3',
              imagePullPolicy: 'Always',
              ports: [{ name: 'http', containerPort: 8080 }],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
              securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
              readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
            },
          ],
        },
      },
    },
  };
}

const podSpec = (d: Doc): Doc => d.spec.template.spec;
const container = (d: Doc): Doc => podSpec(d).containers[0];

function changed(change: (d: Doc) => void, base: () => Doc = compliant): Doc {
  const doc = base();
  change(doc);
  return doc;
}

function job(change: (d: Doc) => void = () => undefined): Doc {
  const deployment = compliant();
  const doc: Doc = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once', namespace: 'shop' }, spec: { ttlSecondsAfterFinished: 600, template: deployment.spec.template } };
  podSpec(doc).restartPolicy = 'Never';
  delete podSpec(doc).affinity;
  change(doc);
  return doc;
}

function budget(spec: Doc): Doc {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'web' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow', ...spec } };
}

/** Every diagnostic of the documents (in one file, one workspace), with every check at its default level. */
function diagnosticsOf(...docs: Doc[]): Diagnostic[] {
  const workspace = new BerthWorkspace(languageService());
  const document = yamlDocument(docs.map((d) => stringify(d)).join('---\n'));
  workspace.setFile(document, settings({ checks: {} }));
  return workspace.diagnostics(document.uri);
}

const codes = (docs: Doc[]): string[] => diagnosticsOf(...docs).map((d) => String(d.code));

interface Case {
  readonly id: string;
  readonly bad: readonly Doc[];
  readonly good: readonly Doc[];
}

const mounted = (path: string, mount = true) => (d: Doc): void => {
  podSpec(d).volumes = [{ name: 'host', hostPath: { path } }];
  if (mount) container(d).volumeMounts = [{ name: 'host', mountPath: '/host' }];
};

const CASES: readonly Case[] = [
  {
    id: 'latest-tag',
    bad: ['nginx', 'nginx:latest', 'registry.example.com:5000/web'].map((image) => changed((d) => (container(d).image = image))),
    good: ['registry.example.com:5000/web:1.2', `nginx@sha256:${'a'.repeat(64)}`].map((image) => changed((d) => (container(d).image = image))),
  },
  {
    id: 'unset-cpu-request',
    bad: [changed((d) => delete container(d).resources.requests.cpu), changed((d) => (container(d).resources.requests.cpu = '0'))],
    // An init container runs before the app: its resources are not checked.
    good: [changed((d) => (podSpec(d).initContainers = [{ name: 'init', image: 'busybox:1.36', securityContext: { readOnlyRootFilesystem: true } }]))],
  },
  { id: 'unset-cpu-limit', bad: [changed((d) => delete container(d).resources.limits.cpu)], good: [changed((d) => (container(d).resources.limits.cpu = '2'))] },
  { id: 'unset-memory-request', bad: [changed((d) => delete container(d).resources.requests)], good: [changed((d) => (container(d).resources.requests.memory = '1Gi'))] },
  { id: 'unset-memory-limit', bad: [changed((d) => delete container(d).resources.limits.memory)], good: [changed((d) => (container(d).resources.limits.memory = '1Gi'))] },
  {
    id: 'run-as-non-root',
    bad: [
      changed((d) => delete podSpec(d).securityContext),
      changed((d) => (container(d).securityContext.runAsUser = 0)),
      changed((d) => (podSpec(d).securityContext.runAsGroup = 0)),
      changed((d) => (podSpec(d).securityContext = { runAsNonRoot: false })),
    ],
    // A non-zero user alone is enough; so is runAsNonRoot alone.
    good: [changed((d) => (podSpec(d).securityContext = { runAsUser: 1000 })), changed((d) => (podSpec(d).securityContext = { runAsNonRoot: true }))],
  },
  {
    id: 'privilege-escalation-container',
    bad: [changed((d) => (container(d).securityContext.allowPrivilegeEscalation = true)), changed((d) => (container(d).securityContext.capabilities.add = ['SYS_ADMIN']))],
    good: [changed((d) => delete container(d).securityContext.allowPrivilegeEscalation)],
  },
  {
    id: 'privileged-container',
    bad: [changed((d) => Object.assign(container(d).securityContext, { privileged: true, allowPrivilegeEscalation: true }))],
    good: [changed((d) => (container(d).securityContext.privileged = false))],
  },
  {
    id: 'no-read-only-root-fs',
    bad: [changed((d) => (container(d).securityContext.readOnlyRootFilesystem = false)), changed((d) => delete container(d).securityContext.readOnlyRootFilesystem)],
    good: [changed((d) => (container(d).securityContext = { readOnlyRootFilesystem: true }))],
  },
  {
    id: 'drop-net-raw-capability',
    bad: [changed((d) => (container(d).securityContext.capabilities = { drop: ['CHOWN'] })), changed((d) => (container(d).securityContext.capabilities.add = ['NET_RAW']))],
    good: [changed((d) => (container(d).securityContext.capabilities = { drop: ['NET_RAW'] })), changed((d) => delete container(d).securityContext.capabilities)],
  },
  { id: 'host-network', bad: [changed((d) => (podSpec(d).hostNetwork = true))], good: [changed((d) => (podSpec(d).hostNetwork = false))] },
  { id: 'host-pid', bad: [changed((d) => (podSpec(d).hostPID = true))], good: [changed((d) => (podSpec(d).hostPID = false))] },
  { id: 'host-ipc', bad: [changed((d) => (podSpec(d).hostIPC = true))], good: [changed((d) => (podSpec(d).hostIPC = false))] },
  {
    id: 'sensitive-host-mounts',
    bad: [changed(mounted('/etc')), changed(mounted('/proc/')), changed(mounted('/'))],
    good: [changed(mounted('/var/log')), changed(mounted('/etc/ssl')), changed(mounted('/etc', false))],
  },
  { id: 'docker-sock', bad: [changed(mounted('/var/run/docker.sock')), changed(mounted('/run/containerd/containerd.sock'))], good: [changed(mounted('/var/run/docker.sock', false))] },
  {
    id: 'unsafe-sysctls',
    bad: [changed((d) => (podSpec(d).securityContext.sysctls = [{ name: 'kernel.msgmax', value: '65536' }]))],
    good: [changed((d) => (podSpec(d).securityContext.sysctls = [{ name: 'net.ipv4.tcp_syncookies', value: '1' }, { name: 'net/ipv4/ip_local_port_range', value: '1024 65535' }]))],
  },
  {
    id: 'env-var-secret',
    bad: [changed((d) => (container(d).env = [{ name: 'DB_SECRET', value: 'hunter2' }]))],
    good: [changed((d) => (container(d).env = [{ name: 'DB_SECRET', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }]))],
  },
  {
    id: 'duplicate-env-var',
    bad: [changed((d) => (container(d).env = [{ name: 'LEVEL', value: 'info' }, { name: 'LEVEL', value: 'debug' }]))],
    good: [changed((d) => (container(d).env = [{ name: 'LEVEL', value: 'info' }, { name: 'LEVELS', value: 'debug' }]))],
  },
  {
    id: 'liveness-port',
    bad: [changed((d) => (container(d).livenessProbe.httpGet.port = 9090)), changed((d) => (container(d).livenessProbe = { tcpSocket: { port: 'metrics' } }))],
    good: [changed((d) => (container(d).livenessProbe = { tcpSocket: { port: 8080 } }))],
  },
  { id: 'readiness-port', bad: [changed((d) => (container(d).readinessProbe.httpGet.port = 'admin'))], good: [changed((d) => (container(d).readinessProbe.httpGet.port = 'http'))] },
  { id: 'startup-port', bad: [changed((d) => (container(d).startupProbe = { grpc: { port: 9000 } }))], good: [changed((d) => (container(d).startupProbe = { grpc: { port: 8080 } }))] },
  {
    id: 'ssh-port',
    bad: [changed((d) => container(d).ports.push({ name: 'ssh', containerPort: 22 }))],
    good: [changed((d) => container(d).ports.push({ name: 'syslog', containerPort: 22, protocol: 'UDP' }))],
  },
  // A Job's pods run to completion: they need no probes.
  { id: 'no-liveness-probe', bad: [changed((d) => delete container(d).livenessProbe)], good: [job((d) => delete container(d).livenessProbe)] },
  { id: 'no-readiness-probe', bad: [changed((d) => delete container(d).readinessProbe)], good: [job((d) => delete container(d).readinessProbe)] },
  { id: 'pull-policy-not-always', bad: [changed((d) => (container(d).imagePullPolicy = 'IfNotPresent')), changed((d) => delete container(d).imagePullPolicy)], good: [compliant()] },
  {
    id: 'deprecated-service-account-field',
    bad: [changed((d) => (podSpec(d).serviceAccount = 'web')), changed((d) => Object.assign(podSpec(d), { serviceAccount: 'web', serviceAccountName: 'api' }))],
    good: [changed((d) => Object.assign(podSpec(d), { serviceAccount: 'web', serviceAccountName: 'web' }))],
  },
  {
    id: 'no-anti-affinity',
    bad: [
      changed((d) => delete podSpec(d).affinity),
      changed((d) => (podSpec(d).affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey = 'topology.kubernetes.io/zone')),
      changed((d) => (podSpec(d).affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector = { matchLabels: { app: 'other' } })),
    ],
    good: [
      changed((d) => Object.assign(d.spec, { replicas: 1 }) && delete podSpec(d).affinity),
      changed((d) => {
        delete podSpec(d).affinity;
        podSpec(d).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }];
      }),
    ],
  },
  {
    id: 'job-ttl-seconds-after-finished',
    bad: [
      job((d) => delete d.spec.ttlSecondsAfterFinished),
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly', namespace: 'shop' }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: job().spec } } },
    ],
    good: [job(), { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly', namespace: 'shop' }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: job((d) => delete d.spec.ttlSecondsAfterFinished).spec } } }],
  },
  { id: 'pdb-max-unavailable', bad: [budget({ maxUnavailable: 0 }), budget({ maxUnavailable: '0%' })], good: [budget({ maxUnavailable: 1 })] },
  { id: 'pdb-unhealthy-pod-eviction-policy', bad: [budget({ maxUnavailable: 1, unhealthyPodEvictionPolicy: undefined })], good: [budget({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'IfHealthyBudget' })] },
];

test('a Deployment that follows every practice gets no diagnostic at all', () => {
  assert.deepEqual(diagnosticsOf(compliant()), []);
});

for (const { id, bad, good } of CASES) {
  test(`${id}: fires on the violating object, not on the nearest compliant one`, () => {
    bad.forEach((doc, index) => {
      // Beside the compliant Deployment, so the workspace checks (the budget's selector) are satisfied.
      const found = codes(doc.kind === 'Deployment' ? [doc] : [compliant(), doc]);
      assert.ok(found.includes(id), `violation #${index + 1} of ${id}: ${found.join(', ')}\n${stringify(doc)}`);
    });
    good.forEach((doc, index) => {
      const found = codes(doc.kind === 'Deployment' ? [doc] : [compliant(), doc]);
      assert.ok(!found.includes(id), `compliant #${index + 1} of ${id}: ${found.join(', ')}\n${stringify(doc)}`);
    });
  });
}

test('every check a single document decides has a case above', () => {
  const covered = new Set(CASES.map((c) => c.id));
  assert.deepEqual(CHECKS.filter((c) => c.scope === 'document' && !covered.has(c.id)).map((c) => c.id), []);
});

test('a finding sits on the value at fault and names the container', () => {
  const document = yamlDocument(stringify(changed((d) => (container(d).image = 'nginx'))));
  const workspace = new BerthWorkspace(languageService());
  workspace.setFile(document, settings({ checks: {} }));
  const [finding] = workspace.diagnostics(document.uri).filter((d) => d.code === 'latest-tag');
  assert.equal(document.getText(finding!.range), 'nginx');
  assert.equal(finding!.severity, 2);
  assert.match(String(finding!.message), /Container "web" runs "nginx", which has no tag/);
});

test('the items of a List are checked one by one, each finding inside its item', () => {
  const list = { apiVersion: 'v1', kind: 'List', items: [compliant(), changed((d) => (container(d).image = 'nginx:latest'))] };
  const document = yamlDocument(stringify(list));
  const workspace = new BerthWorkspace(languageService());
  workspace.setFile(document, settings({ checks: {} }));
  const findings = workspace.diagnostics(document.uri);
  assert.deepEqual(findings.map((d) => d.code), ['latest-tag']);
  assert.equal(document.getText(findings[0]!.range), 'nginx:latest');
});

test('a Windows pod is not asked for Linux security settings', () => {
  const windows = changed((d) => {
    podSpec(d).os = { name: 'windows' };
    delete podSpec(d).securityContext;
    delete container(d).securityContext;
  });
  const found = codes([windows]);
  assert.ok(!found.includes('run-as-non-root') && !found.includes('no-read-only-root-fs'), found.join(', '));
});
