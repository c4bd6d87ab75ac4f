// Pod Security as the apiserver's admission plugin enforces it, over the workspace: the level of a
// pod's namespace comes from the namespace's labels (in another file, or in the connected
// cluster), enforce findings are errors, warn and audit (and Berth's own level for namespaces
// without labels) warnings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import type { ValidationSettings } from '../../platform/settings';
import { languageService, settings, yamlDocument } from '../helpers/languageService';
import { inNamespace, namespaceYaml, podSecurityFixtures } from '../helpers/podSecurity';

interface Fixture {
  workspace: BerthWorkspace;
  diagnostics: (name: string) => Diagnostic[];
  text: (name: string, d: Diagnostic) => string;
}

function workspaceOf(files: Record<string, string>, overrides: Partial<ValidationSettings> = {}): Fixture {
  const workspace = new BerthWorkspace(languageService());
  const documents = new Map(Object.entries(files).map(([name, text]) => [name, yamlDocument(text, `file:///ps/${name}`)]));
  for (const document of documents.values()) workspace.setFile(document, settings(overrides));
  return {
    workspace,
    diagnostics: (name) => workspace.diagnostics(`file:///ps/${name}`).filter((d) => String(d.code).startsWith('pod-security')),
    text: (name, d) => documents.get(name)!.getText(d.range),
  };
}

const controlOf = (d: Diagnostic): string => (d.data as { podSecurity: { control: string } }).podSecurity.control;

const DEPLOYMENT = (namespace: string, podSpec = '      containers:\n        - name: web\n          image: nginx:1.27\n'): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: ${namespace}\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n${podSpec}`;
const ENFORCE = (level: string, extra: Record<string, string> = {}): Record<string, string> => ({ 'pod-security.kubernetes.io/enforce': level, ...extra });

test('a Deployment without a securityContext in a restricted namespace defined in another file: errors on its containers, one per control', () => {
  const { diagnostics, text } = workspaceOf({ 'ns.yaml': namespaceYaml('shop', ENFORCE('restricted')), 'app.yaml': DEPLOYMENT('shop') });
  const found = diagnostics('app.yaml');
  assert.deepEqual(found.map((d) => [d.severity, text('app.yaml', d), controlOf(d)]), [
    [1, 'containers', 'allowPrivilegeEscalation'],
    [1, 'containers', 'capabilities_restricted'],
    [1, 'containers', 'runAsNonRoot'],
    [1, 'containers', 'seccompProfile_restricted'],
  ]);
  assert.match(String(found[0]!.message), /^Pod Security "restricted:latest" \(enforce\) of namespace "shop": container "web" must set securityContext\.allowPrivilegeEscalation=false \(control allowPrivilegeEscalation; allowed: false\): the apiserver refuses the pods of this Deployment\.$/);
  assert.equal(found[0]!.relatedInformation?.[0]?.location.uri, 'file:///ps/ns.yaml');
});

test('the same Deployment in a baseline namespace is clean, and so is anything under enforce: privileged', () => {
  assert.deepEqual(workspaceOf({ 'ns.yaml': namespaceYaml('shop', ENFORCE('baseline')), 'app.yaml': DEPLOYMENT('shop') }).diagnostics('app.yaml'), []);
  const hostile = '      hostNetwork: true\n      volumes:\n        - name: root\n          hostPath: {path: /}\n      containers:\n        - name: web\n          image: nginx:1.27\n          securityContext: {privileged: true}\n';
  assert.deepEqual(workspaceOf({ 'ns.yaml': namespaceYaml('ops', ENFORCE('privileged')), 'app.yaml': DEPLOYMENT('ops', hostile) }).diagnostics('app.yaml'), []);
});

test('hostNetwork, privileged and hostPath in a baseline namespace are errors on the offending values', () => {
  const hostile = '      hostNetwork: true\n      volumes:\n        - name: root\n          hostPath: {path: /}\n      containers:\n        - name: web\n          image: nginx:1.27\n          securityContext: {privileged: true}\n';
  const { diagnostics, text } = workspaceOf({ 'ns.yaml': namespaceYaml('ops', ENFORCE('baseline')), 'app.yaml': DEPLOYMENT('ops', hostile) });
  assert.deepEqual(diagnostics('app.yaml').map((d) => [d.severity, text('app.yaml', d), controlOf(d)]), [
    [1, 'true', 'hostNamespaces'],
    [1, 'hostPath', 'hostPathVolumes'],
    [1, 'true', 'privileged'],
  ]);
  assert.match(String(diagnostics('app.yaml')[1]!.message), /volume "root" must not be a hostPath volume \(control hostPathVolumes; allowed: unset\)/);
});

test('a namespace known only in the connected cluster decides the level; the workspace wins when it defines the namespace', () => {
  const { workspace, diagnostics } = workspaceOf({ 'app.yaml': DEPLOYMENT('shop') });
  assert.equal(diagnostics('app.yaml').filter((d) => d.severity === 1).length, 0);
  workspace.setClusterNamespaces(new Map([['shop', ENFORCE('restricted')]]));
  const found = diagnostics('app.yaml');
  assert.equal(found.length, 4);
  assert.ok(found.every((d) => d.severity === 1 && /of namespace "shop" \(labels of the connected cluster\)/.test(String(d.message))));
  workspace.setFile(yamlDocument(namespaceYaml('shop', ENFORCE('baseline')), 'file:///ps/ns.yaml'), settings());
  assert.deepEqual(diagnostics('app.yaml'), []);
});

test('a namespace without labels gets berth.policy.podSecurity as warnings: baseline by default, restricted, privileged or off', () => {
  const hostPid = DEPLOYMENT('plain', '      hostPID: true\n      containers:\n        - name: web\n          image: nginx:1.27\n');
  const baseline = workspaceOf({ 'ns.yaml': namespaceYaml('plain', {}), 'app.yaml': hostPid }).diagnostics('app.yaml');
  assert.deepEqual(baseline.map((d) => [d.severity, controlOf(d)]), [[2, 'hostNamespaces']]);
  assert.match(String(baseline[0]!.message), /^Pod Security "baseline:latest" \(berth\.policy\.podSecurity; namespace "plain" has no pod-security labels\): pod must not set hostPID=true/);
  const unknown = workspaceOf({ 'app.yaml': hostPid }).diagnostics('app.yaml');
  assert.match(String(unknown[0]!.message), /namespace "plain" is neither in the workspace nor in the connected cluster/);
  const restricted = workspaceOf({ 'app.yaml': hostPid }, { podSecurity: 'restricted' }).diagnostics('app.yaml');
  assert.deepEqual(restricted.map((d) => [d.severity, controlOf(d)]), [[2, 'hostNamespaces'], [2, 'allowPrivilegeEscalation'], [2, 'capabilities_restricted'], [2, 'runAsNonRoot'], [2, 'seccompProfile_restricted']]);
  assert.deepEqual(workspaceOf({ 'app.yaml': hostPid }, { podSecurity: 'privileged' }).diagnostics('app.yaml'), []);
  const labelled = { 'ns.yaml': namespaceYaml('plain', ENFORCE('baseline')), 'app.yaml': hostPid };
  assert.equal(workspaceOf(labelled, { podSecurity: 'privileged' }).diagnostics('app.yaml').length, 1, 'labels still count under privileged');
  assert.deepEqual(workspaceOf(labelled, { podSecurity: 'off' }).diagnostics('app.yaml'), [], 'off checks nothing');
});

test('warn and audit levels are warnings; a stricter warn level adds warnings beside the enforce errors', () => {
  const labels = { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted' };
  const pod = DEPLOYMENT('team', '      hostIPC: true\n      containers:\n        - name: web\n          image: nginx:1.27\n');
  const found = workspaceOf({ 'ns.yaml': namespaceYaml('team', labels), 'app.yaml': pod }).diagnostics('app.yaml');
  assert.deepEqual(found.map((d) => [d.severity, controlOf(d)]), [[1, 'hostNamespaces'], [2, 'allowPrivilegeEscalation'], [2, 'capabilities_restricted'], [2, 'runAsNonRoot'], [2, 'seccompProfile_restricted']]);
  assert.match(String(found[1]!.message), /"restricted:latest" \(warn\).*: the apiserver warns on apply\.$/);
  const audit = workspaceOf({ 'ns.yaml': namespaceYaml('team', { 'pod-security.kubernetes.io/audit': 'baseline' }), 'app.yaml': pod }).diagnostics('app.yaml');
  assert.deepEqual(audit.map((d) => [d.severity, controlOf(d)]), [[2, 'hostNamespaces']]);
  assert.match(String(audit[0]!.message), /\(audit\).*records it in the audit log\.$/);
});

test('enforce-version is honoured, and latest means the targeted Kubernetes version', () => {
  const probe = DEPLOYMENT('team', '      containers:\n        - name: web\n          image: nginx:1.27\n          readinessProbe:\n            tcpSocket: {host: 10.0.0.1, port: 80}\n');
  const at = (version: string | undefined, kubernetesVersion = '1.36'): string[] =>
    workspaceOf({ 'ns.yaml': namespaceYaml('team', ENFORCE('baseline', version ? { 'pod-security.kubernetes.io/enforce-version': version } : {})), 'app.yaml': probe }, { kubernetesVersion })
      .diagnostics('app.yaml')
      .map(controlOf);
  assert.deepEqual(at(undefined), ['hostProbesAndHostLifecycle']);
  assert.deepEqual(at('v1.34'), ['hostProbesAndHostLifecycle']);
  assert.deepEqual(at('v1.33'), []);
  assert.deepEqual(at(undefined, '1.33'), [], 'a 1.33 apiserver knows no probe-host control');
  assert.deepEqual(at('v1.99', '1.34'), ['hostProbesAndHostLifecycle'], 'a version newer than the cluster is its newest');
});

test('a Namespace with a pod-security label the plugin cannot read is refused; an unreadable enforce level fails closed', () => {
  const labels = { 'pod-security.kubernetes.io/enforce': 'strict', 'pod-security.kubernetes.io/warn-version': '1.30' };
  const { diagnostics, text } = workspaceOf({ 'ns.yaml': namespaceYaml('team', labels), 'app.yaml': DEPLOYMENT('team') });
  const refused = diagnostics('ns.yaml');
  assert.deepEqual(refused.map((d) => [d.code, d.severity, text('ns.yaml', d)]), [
    ['pod-security-label-invalid', 1, '"strict"'],
    ['pod-security-label-invalid', 1, '"1.30"'],
  ]);
  assert.match(String(refused[0]!.message), /^pod-security\.kubernetes\.io\/enforce must be one of privileged, baseline, restricted, not "strict": the apiserver refuses this Namespace\.$/);
  assert.deepEqual(diagnostics('app.yaml').map((d) => d.severity), [1, 1, 1, 1], 'restricted is enforced');
});

test('every pod-template kind is checked, and a Pod is refused itself', () => {
  const spec = '    spec:\n      hostNetwork: true\n      restartPolicy: Never\n      containers:\n        - {name: c, image: busybox:1.36}\n';
  const workloads = [
    `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ops}\nspec:\n  hostNetwork: true\n  containers:\n    - {name: c, image: busybox:1.36}\n`,
    `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j, namespace: ops}\nspec:\n  template:\n${spec}`,
    `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj, namespace: ops}\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n${spec.replace(/^/gm, '    ')}`,
    `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds, namespace: ops}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n${spec}`,
    `apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc, namespace: ops}\nspec:\n  template:\n    metadata: {labels: {a: b}}\n${spec}`,
    `apiVersion: v1\nkind: PodTemplate\nmetadata: {name: pt, namespace: ops}\ntemplate:\n  metadata: {labels: {a: b}}\n${spec.replace(/^ {2}/gm, '')}`,
  ];
  const files = Object.fromEntries(workloads.map((w, i) => [`w${i}.yaml`, w]));
  const { diagnostics, text } = workspaceOf({ 'ns.yaml': namespaceYaml('ops', ENFORCE('baseline')), ...files });
  for (const name of Object.keys(files)) {
    const found = diagnostics(name);
    assert.deepEqual(found.map((d) => [d.severity, text(name, d), controlOf(d)]), [[1, 'true', 'hostNamespaces']], name);
  }
  assert.match(String(diagnostics('w0.yaml')[0]!.message), /the apiserver refuses this Pod\.$/);
  assert.match(String(diagnostics('w2.yaml')[0]!.message), /the apiserver refuses the pods of this CronJob\.$/);
});

test('an Application rendered into a labelled namespace: findings on its image, one per control; no advice without labels', () => {
  const app = 'apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: shop\n  namespace: shop\nspec:\n  cluster: dev\n  image: nginx:1.27\n';
  const { diagnostics, text } = workspaceOf({ 'ns.yaml': namespaceYaml('shop', ENFORCE('restricted')), 'app.yaml': app });
  const found = diagnostics('app.yaml');
  assert.deepEqual(found.map((d) => [d.severity, text('app.yaml', d), controlOf(d)]), [
    [1, 'image', 'allowPrivilegeEscalation'],
    [1, 'image', 'capabilities_restricted'],
    [1, 'image', 'runAsNonRoot'],
    [1, 'image', 'seccompProfile_restricted'],
  ]);
  assert.match(String(found[2]!.message), /the Application renders Deployment "shop", whose container "shop" must set securityContext\.runAsNonRoot=true .*an Application sets no securityContext: the apiserver refuses its pods\.$/);
  assert.deepEqual(workspaceOf({ 'ns.yaml': namespaceYaml('shop', ENFORCE('baseline')), 'app.yaml': app }).diagnostics('app.yaml'), []);
  const warned = workspaceOf({ 'ns.yaml': namespaceYaml('shop', { 'pod-security.kubernetes.io/warn': 'restricted' }), 'app.yaml': app }).diagnostics('app.yaml');
  assert.deepEqual(warned.map((d) => d.severity), [2, 2, 2, 2]);
  assert.deepEqual(workspaceOf({ 'app.yaml': app }, { podSecurity: 'restricted' }).diagnostics('app.yaml'), [], "Berth's own level is not applied to what an Application cannot set");
});

test('every policy fixture: the controls its annotations name, per level, on the Pod and the Deployment', () => {
  for (const fixture of podSecurityFixtures()) {
    for (const level of ['baseline', 'restricted'] as const) {
      const { diagnostics } = workspaceOf({ 'ns.yaml': namespaceYaml('fx', ENFORCE(level)), 'doc.yaml': inNamespace(fixture, 'fx') });
      const found = diagnostics('doc.yaml');
      assert.ok(found.every((d) => d.severity === 1), `${fixture.name} (${fixture.kind}) at ${level}: only errors`);
      assert.deepEqual([...new Set(found.map(controlOf))].sort(), [...fixture.expected[level]].sort(), `${fixture.name} (${fixture.kind}) at ${level}`);
    }
  }
});
