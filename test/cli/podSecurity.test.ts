// `berth validate` and Pod Security: the level of a pod's namespace from a Namespace among the
// inputs or from --cluster-namespaces (`kubectl get namespaces -o yaml`), --policy for namespaces
// without labels, and `--policy off`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { berth, workspace } from '../helpers/cli';

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n';
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n';
const CLUSTER_NAMESPACES = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: shop\n    labels:\n      kubernetes.io/metadata.name: shop\n      pod-security.kubernetes.io/enforce: restricted\n  status: {phase: Active}\n`;

const podSecurityLines = (stdout: string): string[] => stdout.split('\n').filter((line) => line.includes('[pod-security]'));

test('a Deployment in a namespace another file labels restricted: an error per control on its containers, exit 1', () => {
  const dir = workspace({ 'ns.yaml': NAMESPACE, 'app.yaml': DEPLOYMENT });
  const result = berth(['validate', dir]);
  assert.equal(result.status, 1, result.stdout);
  const lines = podSecurityLines(result.stdout);
  assert.equal(lines.length, 4, result.stdout);
  assert.ok(lines.every((line) => line.startsWith(`${join(dir, 'app.yaml')}:11:7: error [pod-security] Pod Security "restricted:latest" (enforce) of namespace "shop"`)), lines.join('\n'));
  assert.equal(podSecurityLines(berth(['validate', dir, '--policy', 'off']).stdout).length, 0, '--policy off checks nothing');
});

test('--cluster-namespaces reads the labels of a cluster the CLI does not connect to', () => {
  const dir = workspace({ 'app.yaml': DEPLOYMENT, 'cluster/namespaces.yaml': CLUSTER_NAMESPACES });
  const result = berth(['validate', join(dir, 'app.yaml'), '--cluster-namespaces', join(dir, 'cluster/namespaces.yaml')]);
  assert.equal(result.status, 1, result.stdout);
  assert.match(result.stdout, /error \[pod-security\] Pod Security "restricted:latest" \(enforce\) of namespace "shop" \(labels of the connected cluster\)/);
});

test('--policy sets the level for namespaces without labels, as warnings', () => {
  const dir = workspace({ 'app.yaml': DEPLOYMENT });
  assert.deepEqual(podSecurityLines(berth(['validate', dir]).stdout), [], 'the baseline default finds nothing here');
  const result = berth(['validate', dir, '--policy', 'restricted']);
  assert.equal(result.status, 0, result.stdout);
  const lines = podSecurityLines(result.stdout);
  assert.equal(lines.length, 4, result.stdout);
  assert.ok(lines.every((line) => line.includes('warning [pod-security] Pod Security "restricted:latest" (berth.policy.podSecurity; namespace "shop" is neither in the workspace nor in the connected cluster)')), lines.join('\n'));
});

test('a bad --policy or a --cluster-namespaces file without namespaces is a usage error', () => {
  const dir = workspace({ 'app.yaml': DEPLOYMENT, 'empty.yaml': 'apiVersion: v1\nkind: List\nitems: []\n' });
  const bad = berth(['validate', dir, '--policy', 'strict']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--policy must be one of privileged, baseline, restricted, off, not "strict"/);
  const empty = berth(['validate', join(dir, 'app.yaml'), '--cluster-namespaces', join(dir, 'empty.yaml')]);
  assert.equal(empty.status, 2);
  assert.match(empty.stderr, /no Namespace objects found/);
});
