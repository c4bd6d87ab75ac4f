import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { BerthLanguageService } from '../../platform/languageService';
import { nodeLanguageServiceOptions } from '../../installation/languageServiceOptions';
import { repoRoot } from '../helpers/repo';
import { settings, yamlDocument } from '../helpers/languageService';

function workspaceOf(files: Record<string, string>, options = settings()): { workspace: BerthWorkspace; diagnostics: (name: string) => Diagnostic[]; text: (name: string, d: Diagnostic) => string } {
  const workspace = new BerthWorkspace(new BerthLanguageService(nodeLanguageServiceOptions(repoRoot())));
  const documents = new Map(Object.entries(files).map(([name, text]) => [name, yamlDocument(text, `file:///ws/${name}`)]));
  for (const document of documents.values()) workspace.setFile(document, options);
  return {
    workspace,
    diagnostics: (name) => workspace.diagnostics(`file:///ws/${name}`),
    text: (name, d) => documents.get(name)!.getText(d.range),
  };
}

const CLUSTER = (name: string, extra = ''): string => `apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: ${name}\nspec:\n  type: managed\n  provider: kwok\n${extra}`;
const POOL = (name: string, cluster: string, extra = ''): string =>
  `apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata:\n  name: ${name}\nspec:\n  cluster: ${cluster}\n  instanceType: ecs.g7.large\n  scaling: {min: 1, max: 2, desired: 1}\n${extra}`;
const APP = (name: string, extra: string): string => `apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\nspec:\n  cluster: dev\n  image: nginx:1.27\n${extra}`;

test('a NodePool naming an unknown cluster: error with the known names and a related hint', () => {
  const { diagnostics, text } = workspaceOf({ 'cluster.yaml': CLUSTER('dev'), 'pool.yaml': POOL('workers', 'dve') });
  const [d] = diagnostics('pool.yaml');
  assert.equal(d?.code, 'unknown-cluster');
  assert.equal(text('pool.yaml', d!), 'dve');
  assert.match(String(d!.message), /Known clusters: dev/);
  assert.deepEqual((d!.data as { replacements: string[] }).replacements, ['dev']);
});

test('renaming the Cluster fixes the NodePool in another file', () => {
  const { workspace, diagnostics } = workspaceOf({ 'cluster.yaml': CLUSTER('dev'), 'pool.yaml': POOL('workers', 'prod') });
  assert.equal(diagnostics('pool.yaml').length, 1);
  workspace.setFile(yamlDocument(CLUSTER('prod'), 'file:///ws/cluster.yaml'), settings());
  assert.deepEqual(diagnostics('pool.yaml'), []);
});

test('pools on a serverless cluster and duplicate pools are errors with related information', () => {
  const serverless = CLUSTER('dev').replace('type: managed', 'type: serverless');
  const { diagnostics } = workspaceOf({ 'c.yaml': serverless, 'p.yaml': `${POOL('a', 'dev')}---\n${POOL('a', 'dev')}` });
  const codes = diagnostics('p.yaml').map((d) => d.code).sort();
  assert.deepEqual(codes, ['duplicate-node-pool', 'node-pool-on-serverless', 'node-pool-on-serverless']);
  const related = diagnostics('p.yaml').find((d) => d.code === 'node-pool-on-serverless')!.relatedInformation![0]!;
  assert.equal(related.location.uri, 'file:///ws/c.yaml');
  assert.equal(related.location.range.start.line, 3);
});

test('overlapping CIDRs of two clusters with the same provider', () => {
  const net = (cidr: string): string => `  network:\n    podCIDR: ${cidr}\n`;
  const { diagnostics, text } = workspaceOf({ 'a.yaml': CLUSTER('a', net('10.0.0.0/16')), 'b.yaml': CLUSTER('b', net('10.0.128.0/17')) });
  const d = diagnostics('a.yaml').find((x) => x.code === 'cluster-cidr-overlap')!;
  assert.equal(text('a.yaml', d), '10.0.0.0/16');
  assert.equal(d.relatedInformation?.[0]?.location.uri, 'file:///ws/b.yaml');
});

test('Application placement, capacity and uniqueness', () => {
  const files = {
    'c.yaml': CLUSTER('dev'),
    'p.yaml': POOL('workers', 'dev'),
    'apps.yaml': [
      APP('web', '  placement: {nodePool: wokers}\n'),
      APP('big', '  resources: {cpu: "1", memory: 1Gi}\n  scaling: {min: 1, max: 10}\n  placement: {nodePool: workers}\n'),
      APP('big', '  placement: {nodePool: workers}\n'),
    ].join('---\n'),
  };
  const { diagnostics, text } = workspaceOf(files);
  const all = diagnostics('apps.yaml');
  const pool = all.find((d) => d.code === 'unknown-node-pool')!;
  assert.equal(text('apps.yaml', pool), 'wokers');
  assert.deepEqual((pool.data as { replacements: string[] }).replacements, ['workers']);
  const capacity = all.find((d) => d.code === 'pool-capacity-exceeded')!;
  assert.equal(capacity.severity, 2);
  assert.match(String(capacity.message), /10 pods × 1 CPU = 10 CPU, but 2 × ecs\.g7\.large give 4 CPU/);
  assert.ok(all.some((d) => d.code === 'duplicate-application'));
});

test('Kubernetes cross-resource checks: selectors, HPA targets, config references', () => {
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          envFrom: [{configMapRef: {name: web-config}}, {secretRef: {name: maybe, optional: true}}]\n';
  const service = (app: string): string => `apiVersion: v1\nkind: Service\nmetadata: {name: s-${app}}\nspec:\n  selector: {app: ${app}}\n  ports: [{port: 80}]\n`;
  const hpa = (target: string): string => `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}\n  minReplicas: 1\n  maxReplicas: 3\n`;
  // Of the best-practice checks only the Service's: a selector matching no pod is one.
  const options = settings({ checks: { '*': 'off', 'dangling-service': 'warning' } });
  const { diagnostics, text } = workspaceOf({ 'd.yaml': deployment, 's.yaml': `${service('web')}---\n${service('wbe')}`, 'h.yaml': `${hpa('web')}---\n${hpa('api')}` }, options);
  const services = diagnostics('s.yaml');
  assert.deepEqual(services.map((d) => d.code), ['dangling-service']);
  assert.equal(services[0]!.range.start.line, 11);
  const hpas = diagnostics('h.yaml');
  assert.deepEqual(hpas.map((d) => d.code), ['hpa-target-missing']);
  assert.equal(text('h.yaml', hpas[0]!), 'api');
  assert.equal(hpas[0]!.severity, 2, 'a warning: the target may live in the cluster');
  const refs = diagnostics('d.yaml');
  assert.deepEqual(refs.map((d) => d.code), ['unresolved-reference']);
  assert.equal(text('d.yaml', refs[0]!), 'web-config');
});

