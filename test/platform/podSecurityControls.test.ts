// The Pod Security controls and label parsing on their own, against the words and rules of the
// admission plugin (k8s.io/pod-security-admission): its reasons and details, the versions each
// control applies from, which baseline controls a restricted one replaces, how labels are read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTROLS, effectiveMinor, evaluatePod, forbiddenDetail } from '../../platform/policy/podSecurity/evaluate';
import { policyFromLabels, type LevelVersion, type NamespacePolicy } from '../../platform/policy/podSecurity/levels';
import { namespaceLabelsFrom } from '../../platform/policy/podSecurity/namespaceLabels';
import type { PodParts } from '../../platform/policy/podSecurity/pod';

function pod(spec: Record<string, unknown>, annotations: Record<string, string> = {}): PodParts {
  return { metadata: { annotations }, spec, metadataPath: ['metadata'], specPath: ['spec'] };
}

const latest = (level: LevelVersion['level']): LevelVersion => ({ level, version: 'latest' });
const at = (level: LevelVersion['level'], minor: number): LevelVersion => ({ level, version: { minor } });

/** The plugin's message for a pod, `reason (detail), …`, at a level on a 1.36 cluster. */
const detail = (lv: LevelVersion, parts: PodParts): string => forbiddenDetail(evaluatePod(lv, parts, 36));

test('the nineteen controls of the plugin, each once, baseline before restricted', () => {
  assert.deepEqual(
    CONTROLS.map((c) => `${c.level}:${c.id}`),
    [
      'baseline:appArmorProfile', 'baseline:capabilities_baseline', 'baseline:hostNamespaces', 'baseline:hostPathVolumes', 'baseline:hostPorts',
      'baseline:hostProbesAndHostLifecycle', 'baseline:privileged', 'baseline:procMount', 'baseline:seLinuxOptions', 'baseline:seccompProfile_baseline',
      'baseline:sysctls', 'baseline:windowsHostProcess',
      'restricted:allowPrivilegeEscalation', 'restricted:capabilities_restricted', 'restricted:procMount_restricted', 'restricted:restrictedVolumes',
      'restricted:runAsNonRoot', 'restricted:runAsUser', 'restricted:seccompProfile_restricted',
    ],
  );
});

test("details in the plugin's words: container lists, sorted values, plurals", () => {
  const containers = [
    { name: 'a', securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['FOO', 'BAR'] } } },
    { name: 'b', securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['BAZ'] } } },
    { name: 'c', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['CHOWN', 'NET_BIND_SERVICE'] } } },
  ];
  const spec = { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers };
  assert.equal(
    detail(latest('restricted'), pod(spec)),
    'unrestricted capabilities (containers "a", "b" must set securityContext.capabilities.drop=["ALL"]; containers "a", "b", "c" must not include "BAR", "BAZ", "CHOWN", "FOO" in securityContext.capabilities.add)',
  );
  assert.equal(detail(latest('baseline'), pod(spec)), 'non-default capabilities (containers "a", "b" must not include "BAR", "BAZ", "FOO" in securityContext.capabilities.add)');

  const ports = { containers: [{ name: 'a' }, { name: 'b', ports: [{ containerPort: 1, hostPort: 20 }, { containerPort: 2, hostPort: 10 }] }, { name: 'c', ports: [{ containerPort: 3, hostPort: 30 }] }] };
  assert.equal(detail(latest('baseline'), pod(ports)), 'hostPort (containers "b", "c" use hostPorts 10, 20, 30)');

  const selinux = {
    securityContext: { seLinuxOptions: { type: 'foo', user: 'u', role: 'r' } },
    containers: [{ name: 'e', securityContext: { seLinuxOptions: { type: 'bar' } } }, { name: 'ok', securityContext: { seLinuxOptions: { type: 'container_t' } } }],
  };
  assert.equal(detail(latest('baseline'), pod(selinux)), 'seLinuxOptions (pod and container "e" set forbidden securityContext.seLinuxOptions: types "bar", "foo"; user may not be set; role may not be set)');

  const hostProcess = { hostNetwork: true, securityContext: { windowsOptions: { hostProcess: true } }, containers: [{ name: 'e', securityContext: { windowsOptions: { hostProcess: true } } }] };
  assert.equal(detail(latest('baseline'), pod(hostProcess)), 'host namespaces (hostNetwork=true), hostProcess (pod and container "e" must not set securityContext.windowsOptions.hostProcess=true)');

  const apparmor = pod({ containers: [{ name: 'a' }] }, {
    'container.apparmor.security.beta.kubernetes.io/a': 'unconfined',
    'container.apparmor.security.beta.kubernetes.io/b': 'localhost/x',
    'container.apparmor.security.beta.kubernetes.io/c': '',
  });
  assert.equal(detail(latest('baseline'), apparmor), 'forbidden AppArmor profile (annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/a="unconfined"")');

  const volumes = { volumes: [{ name: 'a', hostPath: { path: '/' } }, { name: 'b', nfs: { server: 's', path: '/' } }, { name: 'c', emptyDir: {} }], containers: [{ name: 'x' }] };
  assert.equal(detail(latest('baseline'), pod(volumes)), 'hostPath volumes (volume "a")');
  assert.match(detail(latest('restricted'), pod(volumes)), /restricted volume types \(volumes "a", "b" use restricted volume types "hostPath", "nfs"\)/);
});

test('restricted asks for runAsNonRoot and a seccomp profile on the pod or every container; explicit bad values are named first', () => {
  const base = { containers: [{ name: 'a', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }] };
  assert.equal(
    detail(latest('restricted'), pod(base)),
    'runAsNonRoot != true (pod or container "a" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
  );
  const explicit = { ...base, securityContext: { runAsNonRoot: false, seccompProfile: { type: 'Unconfined' } } };
  assert.equal(
    detail(latest('restricted'), pod(explicit)),
    'runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false), seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
  );
});

test('each control applies from its version: probe hosts from 1.34, user-namespace relaxations from 1.35, sysctls growing', () => {
  const probe = pod({ containers: [{ name: 'a', livenessProbe: { httpGet: { host: 'h', port: 80 } } }] });
  assert.equal(detail(at('baseline', 33), probe), '');
  assert.equal(detail(at('baseline', 34), probe), 'probe or lifecycle host (container "a" uses probe or lifecycle host "h")');

  const userNamespace = pod({ hostUsers: false, securityContext: { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } }, containers: [{ name: 'a', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, procMount: 'Unmasked' } }] });
  assert.equal(detail(at('restricted', 34), userNamespace), 'procMount (container "a" must not set securityContext.procMount to "Unmasked"), runAsNonRoot != true (pod or container "a" must set securityContext.runAsNonRoot=true), runAsUser=0 (pod must not set runAsUser=0)');
  assert.equal(detail(at('restricted', 35), userNamespace), 'procMount (container "a" must not set securityContext.procMount to "Unmasked")', 'procMount_restricted replaces the relaxed baseline control');
  assert.equal(detail(at('baseline', 35), userNamespace), '');

  const sysctls = pod({ securityContext: { sysctls: [{ name: 'net.ipv4.tcp_rmem' }, { name: 'net.ipv4.tcp_keepalive_time' }, { name: 'net.ipv4.ip_local_reserved_ports' }] }, containers: [{ name: 'a' }] });
  assert.equal(detail(at('baseline', 26), sysctls), 'forbidden sysctls (net.ipv4.tcp_rmem, net.ipv4.tcp_keepalive_time, net.ipv4.ip_local_reserved_ports)');
  assert.equal(detail(at('baseline', 29), sysctls), 'forbidden sysctls (net.ipv4.tcp_rmem)');
  assert.equal(detail(at('baseline', 32), sysctls), '');

  const seccompAnnotation = pod({ containers: [{ name: 'a' }, { name: 'b' }] }, { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined', 'container.seccomp.security.alpha.kubernetes.io/b': 'unknown' });
  assert.equal(detail(at('baseline', 18), seccompAnnotation), 'seccompProfile (forbidden annotations container.seccomp.security.alpha.kubernetes.io/b="unknown", seccomp.security.alpha.kubernetes.io/pod="unconfined")');
  assert.equal(detail(at('baseline', 19), seccompAnnotation), '', 'from 1.19 the fields count, not the annotations');

  const windows = pod({ os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'a' }] });
  assert.equal(detail(at('restricted', 24), windows), 'allowPrivilegeEscalation != false (container "a" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "a" must set securityContext.capabilities.drop=["ALL"]), seccompProfile (pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")');
  assert.equal(detail(at('restricted', 25), windows), '', 'from 1.25 Windows pods skip the Linux-only controls');
});

test('latest, and any version newer than the cluster knows, is the newest the cluster knows', () => {
  assert.equal(effectiveMinor('latest', 36), 35, 'no control was revised for 1.36');
  assert.equal(effectiveMinor('latest', 33), 33);
  assert.equal(effectiveMinor({ minor: 40 }, 34), 34);
  assert.equal(effectiveMinor({ minor: 22 }, 36), 22);
  assert.deepEqual(evaluatePod(latest('privileged'), pod({ hostNetwork: true, containers: [] }), 36), []);
});

test("namespace labels are read as the plugin reads them (its own test cases)", () => {
  const L = (...pairs: string[]): Record<string, string> => {
    const labels: Record<string, string> = { 'other-label': 'foo-bar' };
    for (let i = 0; i < pairs.length; i += 2) labels[`pod-security.kubernetes.io/${pairs[i]}`] = pairs[i + 1]!;
    return labels;
  };
  const P = 'privileged:latest';
  const text = (p: NamespacePolicy): string => (['enforce', 'warn', 'audit'] as const).map((m) => `${p[m].level}:${p[m].version === 'latest' ? 'latest' : `v1.${p[m].version.minor}`}`).join(' ');
  const cases: [Record<string, string>, string, number][] = [
    [L('enforce', 'baseline'), `baseline:latest baseline:latest ${P}`, 0],
    [L('warn', 'restricted'), `${P} restricted:latest ${P}`, 0],
    [L('audit', 'baseline'), `${P} ${P} baseline:latest`, 0],
    [L('enforce', 'baseline', 'warn', 'restricted'), `baseline:latest restricted:latest ${P}`, 0],
    [L('enforce', 'baseline', 'enforce-version', 'v1.22'), `baseline:v1.22 baseline:v1.22 ${P}`, 0],
    [L('enforce', 'baseline', 'enforce-version', 'v1.22', 'warn-version', 'latest'), `baseline:v1.22 baseline:latest ${P}`, 0],
    [L('enforce', 'baseline', 'warn-version', 'v1.23'), `baseline:latest baseline:v1.23 ${P}`, 0],
    [L('enforce', 'baseline', 'enforce-version', 'v1.20', 'warn', 'restricted', 'warn-version', 'v1.21', 'audit', 'restricted', 'audit-version', 'v1.22'), 'baseline:v1.20 restricted:v1.21 restricted:v1.22', 0],
    [L('enforce', 'baseline', 'warn', 'privileged'), `baseline:latest ${P} ${P}`, 0],
    [L('enforce', 'baseline', 'warn', 'foo'), `baseline:latest ${P} ${P}`, 1],
    [L('enforce', 'foo'), `restricted:latest ${P} ${P}`, 1],
    [L('enforce', 'baseline', 'enforce-version', 'v1.020'), `baseline:latest baseline:latest ${P}`, 1],
  ];
  for (const [labels, expected, errors] of cases) {
    const { policy, errors: found } = policyFromLabels(labels);
    assert.equal(text(policy), expected, JSON.stringify(labels));
    assert.equal(found.length, errors, JSON.stringify(labels));
  }
});

test('namespace labels from `kubectl get namespaces -o yaml`: a List or NamespaceList, only the Pod Security labels kept', () => {
  const list = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a', labels: { 'pod-security.kubernetes.io/enforce': 'restricted', team: 'x', 'pod-security.kubernetes.io/warn': 7 } } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } },
    ],
  };
  const typed = { apiVersion: 'v1', kind: 'NamespaceList', items: [{ metadata: { name: 'c', labels: { 'pod-security.kubernetes.io/audit': 'baseline' } } }] };
  assert.deepEqual(Object.fromEntries(namespaceLabelsFrom([list, typed])), { a: { 'pod-security.kubernetes.io/enforce': 'restricted' }, c: { 'pod-security.kubernetes.io/audit': 'baseline' } });
});
