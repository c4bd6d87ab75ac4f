// The best-practice checks that look across documents: Services and PodDisruptionBudgets against
// the pods they select, pods against the ServiceAccounts they run as; and that they stay linear.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { PodLabelIndex } from '../../platform/policy/checks/podLabelIndex';
import { workspaceCheckIssues } from '../../platform/policy/checks/workspaceChecks';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { WorkspaceIndex } from '../../platform/workspace/workspaceIndex';
import { languageService, settings, yamlDocument } from '../helpers/languageService';

const ON = settings({ checks: {} });

const deployment = (name: string, namespace: string, extra = ''): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}, tier: web}}\n    spec:\n${extra}      containers: [{name: c, image: "nginx:1.27"}]\n`;
const service = (name: string, namespace: string, spec: string): string => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n${spec}`;
const pdb = (namespace: string, spec: string, annotations = ''): string => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: budget\n  namespace: ${namespace}\n${annotations}spec:\n  unhealthyPodEvictionPolicy: AlwaysAllow\n${spec}`;

/** The findings of the given checks in each file, every check on (each file's own settings may differ). */
function findings(files: Record<string, string>, ids: readonly string[], fileSettings: Record<string, typeof ON> = {}): Record<string, Diagnostic[]> {
  const workspace = new BerthWorkspace(languageService());
  for (const [name, text] of Object.entries(files)) workspace.setFile(yamlDocument(text, `file:///ws/${name}`), fileSettings[name] ?? ON);
  return Object.fromEntries(Object.keys(files).map((name) => [name, workspace.diagnostics(`file:///ws/${name}`).filter((d) => ids.includes(String(d.code)))]));
}

test('dangling-service: a Service selecting no pod template of its namespace, with the near misses', () => {
  const result = findings(
    {
      'd.yaml': deployment('web', 'shop'),
      's.yaml': [
        service('good', 'shop', '  selector: {app: web}\n  ports: [{port: 80}]\n'),
        service('typo', 'shop', '  selector: {app: wbe, tier: web}\n  ports: [{port: 80}]\n'),
        service('elsewhere', 'other', '  selector: {app: web}\n  ports: [{port: 80}]\n'),
        service('external', 'shop', '  type: ExternalName\n  externalName: db.example.com\n  selector: {app: nothing}\n'),
        service('manual', 'shop', '  ports: [{port: 80}]\n'),
      ].join('---\n'),
    },
    ['dangling-service'],
  );
  assert.deepEqual(result['s.yaml']!.map((d) => String(d.message).match(/Service "(\w+)"/)![1]), ['typo', 'elsewhere']);
  assert.match(String(result['s.yaml']![0]!.relatedInformation![0]!.message), /Deployment "web" has pod labels app=web,tier=web/);
});

test('dangling-poddisruptionbudget: a budget that selects no pods, or has no selector', () => {
  const result = findings(
    {
      'd.yaml': deployment('web', 'shop'),
      'good.yaml': pdb('shop', '  maxUnavailable: 1\n  selector: {matchExpressions: [{key: app, operator: In, values: [web, api]}]}\n'),
      'typo.yaml': pdb('shop', '  maxUnavailable: 1\n  selector: {matchLabels: {app: wbe}}\n'),
      'none.yaml': pdb('shop', '  maxUnavailable: 1\n'),
    },
    ['dangling-poddisruptionbudget'],
  );
  assert.equal(result['good.yaml']!.length, 0);
  assert.match(String(result['typo.yaml']![0]!.message), /selects no pod template of namespace "shop"/);
  assert.match(String(result['none.yaml']![0]!.message), /has no selector/);
});

test('pdb-min-available: minAvailable at or above the replicas it protects, or 100%', () => {
  const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: api, namespace: shop}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}\n  minReplicas: 4\n  maxReplicas: 8\n';
  const unscaled = deployment('api', 'shop').replace('  replicas: 2\n', '');
  const result = findings(
    {
      'd.yaml': `${deployment('web', 'shop')}---\n${unscaled}---\n${hpa}`,
      'two.yaml': pdb('shop', '  minAvailable: 2\n  selector: {matchLabels: {app: web}}\n'),
      'one.yaml': pdb('shop', '  minAvailable: 1\n  selector: {matchLabels: {app: web}}\n'),
      'half.yaml': pdb('shop', '  minAvailable: 50%\n  selector: {matchLabels: {app: web}}\n'),
      'all.yaml': pdb('shop', '  minAvailable: 100%\n  selector: {matchLabels: {app: web}}\n'),
      // api's replicas are unset: its HPA keeps at least 4, so 3 may stay while one is evicted.
      'scaled.yaml': pdb('shop', '  minAvailable: 3\n  selector: {matchLabels: {app: api}}\n'),
    },
    ['pdb-min-available'],
  );
  assert.match(String(result['two.yaml']![0]!.message), /Deployment "web" \(2 replicas\)/);
  assert.equal(result['one.yaml']!.length, 0);
  assert.equal(result['half.yaml']!.length, 0);
  assert.match(String(result['all.yaml']![0]!.message), /100%/);
  assert.equal(result['scaled.yaml']!.length, 0);
});

test('non-existent-service-account: only in a namespace whose ServiceAccounts the workspace manages', () => {
  const account = (name: string, namespace: string): string => `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${name}, namespace: ${namespace}}\n`;
  const runsAs = (name: string, namespace: string, sa: string): string => deployment(name, namespace, `      serviceAccountName: ${sa}\n`);
  const result = findings(
    {
      'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: created}\n',
      'sa.yaml': account('api', 'shop'),
      'missing.yaml': runsAs('a', 'shop', 'worker'),
      'present.yaml': runsAs('b', 'shop', 'api'),
      'created.yaml': runsAs('c', 'created', 'worker'),
      // Nothing in the workspace manages "external": its accounts live in the cluster.
      'external.yaml': runsAs('d', 'external', 'worker'),
      'default.yaml': runsAs('e', 'shop', 'default'),
    },
    ['non-existent-service-account'],
  );
  assert.match(String(result['missing.yaml']![0]!.message), /ServiceAccount "worker" is not defined in namespace "shop"/);
  assert.equal(result['created.yaml']!.length, 1);
  for (const quiet of ['present.yaml', 'external.yaml', 'default.yaml']) assert.equal(result[quiet]!.length, 0, quiet);
});

test('a workspace check follows the settings and the annotations of the object it is reported on', () => {
  const typo = service('typo', 'shop', '  selector: {app: wbe}\n  ports: [{port: 80}]\n');
  const annotated = (annotation: string): string => typo.replace('metadata: {name: typo, namespace: shop}', `metadata:\n  name: typo\n  namespace: shop\n  annotations: {${annotation}}`);
  const result = findings(
    {
      'd.yaml': deployment('web', 'shop'),
      'plain.yaml': typo,
      'raised.yaml': typo,
      'off.yaml': typo,
      'berth.yaml': annotated('berth.dev/ignore-checks: dangling-service'),
      'kube-linter.yaml': annotated('ignore-check.kube-linter.io/dangling-service: "endpoints are managed by hand"'),
    },
    ['dangling-service'],
    { 'raised.yaml': settings({ checks: { 'dangling-service': 'error' } }), 'off.yaml': settings({ checks: { 'dangling-service': 'off' } }) },
  );
  assert.equal(result['plain.yaml']![0]!.severity, 2);
  assert.equal(result['raised.yaml']![0]!.severity, 1);
  for (const quiet of ['off.yaml', 'berth.yaml', 'kube-linter.yaml']) assert.equal(result[quiet]!.length, 0, quiet);
});

/** A workspace of n workloads, each with its Service and budget, all sharing a label besides their own. */
function selectorComparisons(n: number): number {
  const service = languageService();
  const index = new WorkspaceIndex();
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    docs.push(deployment(`web-${i}`, 'shop'));
    docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: web-${i}, namespace: shop}\nspec:\n  selector: {tier: web, app: web-${i}}\n  ports: [{port: 80}]\n`);
    docs.push(pdb('shop', `  minAvailable: 1\n  selector: {matchLabels: {tier: web, app: web-${i}}}\n`).replace('name: budget', `name: budget-${i}`));
  }
  index.update(service.analyze(yamlDocument(docs.join('---\n')), ON));
  const pods = new PodLabelIndex();
  const issues = workspaceCheckIssues(index, () => ON.checks, pods);
  assert.deepEqual(issues.map((i) => i.issue.code), [], 'every Service and budget selects its workload');
  return pods.comparisons;
}

test('selectors are compared with the pods carrying their rarest label only: cost linear in the workspace', () => {
  const small = selectorComparisons(200);
  const large = selectorComparisons(400);
  // One candidate per Service and per budget, though every pod carries tier=web.
  assert.equal(small, 2 * 200);
  assert.equal(large, 2 * 400);
});
