// A Kubernetes document that names a Cluster (the berth.dev/cluster annotation) is validated
// against that Cluster's Kubernetes version, wherever and whenever the Cluster is defined; a
// Cluster nothing names leaves the analyses of the workspace as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { languageService, settings, yamlDocument } from '../helpers/languageService';
import { namespaceYaml } from '../helpers/podSecurity';

const cluster = (name: string, version: string): string =>
  `apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: ${name}\nspec:\n  type: managed\n  provider: kwok\n  kubernetesVersion: "${version}"\n`;

/** A probe with a host: a baseline violation from Kubernetes 1.34 on, unknown to 1.33's Pod Security. */
const app = (clusterName: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: team\n  annotations: {berth.dev/cluster: ${clusterName}}\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          readinessProbe:\n            tcpSocket: {host: 10.0.0.1, port: 80}\n`;

const NAMESPACE = namespaceYaml('team', { 'pod-security.kubernetes.io/enforce': 'baseline' });

let workspaces = 0;

/** A workspace of its own files (the language service, and so its analysis cache, is shared by the tests). */
function workspace(): { set: (name: string, text: string, version?: number) => void; probeFindings: () => string[]; analysis: () => unknown } {
  const service = languageService();
  const ws = new BerthWorkspace(service);
  const documents = new Map<string, ReturnType<typeof yamlDocument>>();
  const folder = `file:///cv${++workspaces}`;
  return {
    set: (name, text) => {
      const document = yamlDocument(text, `${folder}/${name}`);
      documents.set(name, document);
      ws.setFile(document, settings());
    },
    probeFindings: () =>
      ws
        .diagnostics(`${folder}/app.yaml`)
        .filter((d) => String(d.code).startsWith('pod-security'))
        .map((d) => (d.data as { podSecurity: { control: string } }).podSecurity.control),
    analysis: () => service.analyze(documents.get('app.yaml')!, settings()),
  };
}

test('a document naming a Cluster follows its version, whether the Cluster comes before or after it, and when it changes', () => {
  const before = workspace();
  before.set('ns.yaml', NAMESPACE);
  before.set('cluster.yaml', cluster('old', '1.33'));
  before.set('app.yaml', app('old'));
  assert.deepEqual(before.probeFindings(), [], 'a 1.33 cluster knows no probe-host control');

  const after = workspace();
  after.set('ns.yaml', NAMESPACE);
  after.set('app.yaml', app('old'));
  after.set('cluster.yaml', cluster('old', '1.33'));
  assert.deepEqual(after.probeFindings(), [], 'a Cluster defined after the document still sets its version');
  after.set('cluster.yaml', cluster('old', '1.36'));
  assert.deepEqual(after.probeFindings(), ['hostProbesAndHostLifecycle'], 'the Cluster moved to 1.36');
  after.set('cluster.yaml', cluster('renamed', '1.33'));
  assert.deepEqual(after.probeFindings(), ['hostProbesAndHostLifecycle'], 'a Cluster no longer named: the setting (1.36) applies');
});

test('a Cluster that no document names leaves the other analyses as they were', () => {
  const ws = workspace();
  ws.set('ns.yaml', NAMESPACE);
  ws.set('app.yaml', app('prod'));
  const first = ws.analysis();
  ws.set('cluster.yaml', cluster('staging', '1.33'));
  assert.equal(ws.probeFindings().length, 1);
  assert.equal(ws.analysis(), first, 'no new analysis of a document that names another Cluster');
  ws.set('cluster-prod.yaml', cluster('prod', '1.33'));
  assert.deepEqual(ws.probeFindings(), [], 'the Cluster it names arrived: analysed again under 1.33');
});
