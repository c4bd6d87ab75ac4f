// An Application on several clusters (PLATFORM.md, "Several clusters"): `clusters` instead of
// `cluster`, `distribution` (Karmada's Duplicated / Divided with static weights) and `overrides`
// (Karmada's OverridePolicy), through the schema, the rules, rendering, completion and hover.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, MarkupContent } from 'vscode-languageserver-types';
import { parse } from 'yaml';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { BerthLanguageService } from '../../platform/languageService';
import { nodeLanguageServiceOptions } from '../../installation/languageServiceOptions';
import { CLUSTER_ANNOTATION, divideByWeights, formatRendered, renderApplicationPerCluster, renderManifests, type RenderedObject } from '../../platform/render';
import { renderApplication } from '../../platform/render/application';
import { PlatformIndex } from '../../platform/render/model';
import type { InstanceType } from '../../platform/model';
import { languageService, rangeText, settings, withCaret, yamlDocument } from '../helpers/languageService';
import { repoRoot } from '../helpers/repo';

const catalog = (JSON.parse(readFileSync(join(repoRoot(), 'schemas/platform/instance-catalog.json'), 'utf8')) as { instanceTypes: InstanceType[] }).instanceTypes;

const CLUSTER = (name: string): string => `apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: ${name}\nspec:\n  type: managed\n  provider: kwok\n`;
const POOL = (name: string, cluster: string, extra = ''): string =>
  `apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata:\n  name: ${name}\nspec:\n  cluster: ${cluster}\n  instanceType: ecs.g7.large\n  scaling: {min: 1, max: 2, desired: 1}\n${extra}`;
/** An Application whose spec starts on line 5 (0-based): `spec` lines follow it. */
const APP = (spec: string, name = 'web'): string => `apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\nspec:\n  image: nginx:1.27\n${spec}`;

interface Found {
  readonly d: Diagnostic;
  readonly text: string;
  readonly line: number;
}

function workspaceOf(files: Record<string, string>, contexts: readonly string[] = []): (name: string) => { all: Diagnostic[]; found: (code: string) => Found[] } {
  const workspace = new BerthWorkspace(new BerthLanguageService(nodeLanguageServiceOptions(repoRoot())));
  workspace.setKnownContexts(contexts);
  const documents = new Map(Object.entries(files).map(([name, text]) => [name, yamlDocument(text, `file:///ws/${name}`)]));
  for (const document of documents.values()) workspace.setFile(document, settings());
  return (name) => {
    const all = workspace.diagnostics(`file:///ws/${name}`);
    const document = documents.get(name)!;
    return { all, found: (code) => all.filter((d) => d.code === code).map((d) => ({ d, text: rangeText(document, d.range), line: d.range.start.line })) };
  };
}

/** Diagnostics of one Application beside Clusters east and west. */
function diagnose(spec: string, extraFiles: Record<string, string> = {}): { all: Diagnostic[]; found: (code: string) => Found[] } {
  return workspaceOf({ 'clusters.yaml': `${CLUSTER('east')}---\n${CLUSTER('west')}`, ...extraFiles, 'app.yaml': APP(spec) })('app.yaml');
}

function only(spec: string, code: string, extraFiles: Record<string, string> = {}): Found {
  const { all, found } = diagnose(spec, extraFiles);
  const matches = found(code);
  assert.equal(matches.length, 1, `expected one ${code}, got ${JSON.stringify(all.map((d) => [d.code, d.range.start.line, d.message]))}`);
  return matches[0]!;
}

// ---- schema -------------------------------------------------------------------------------------

test('a multi-cluster Application of the contract is clean beside its two Clusters', () => {
  const spec = [
    '  clusters: [east, west]',
    '  replicas: 6',
    '  distribution:',
    '    replicas: divided',
    '    weights: {east: 2, west: 1}',
    '  overrides:',
    '    - cluster: west',
    '      image: registry.example.org/web:2.1.0-west',
    '      replicas: 1',
    '      env: {REGION: west}',
    '      placement: {nodePool: edge}',
    '',
  ].join('\n');
  const { all } = diagnose(spec, { 'pools.yaml': POOL('edge', 'west') });
  assert.deepEqual(all.map((d) => [d.code, d.message]), []);
});

test('both cluster and clusters: one error on the clusters key', () => {
  const found = only('  cluster: east\n  clusters: [east, west]\n', 'cluster-and-clusters');
  assert.equal(found.text, 'clusters');
  assert.equal(found.line, 7);
  assert.equal(found.d.severity, 1);
  assert.equal(found.d.message, 'spec has both "cluster" and "clusters"; name one cluster with cluster or several with clusters, not both.');
});

test('neither cluster nor clusters: the missing-required error on spec, with cluster to insert', () => {
  const found = only('  replicas: 2\n', 'missing-required');
  assert.equal(found.text, 'spec');
  assert.equal(found.line, 4);
  assert.equal(found.d.message, 'spec is missing the required field "cluster" (or "clusters", to deploy to several clusters)');
  assert.deepEqual((found.d.data as { insertField?: unknown }).insertField, { name: 'cluster', placeholder: '""' });
});

test('clusters must be a non-empty list of unique names', () => {
  const empty = only('  clusters: []\n', 'invalid-length');
  assert.equal(empty.line, 6);
  const repeated = only('  clusters: [east, east]\n', 'duplicate-item');
  assert.equal(repeated.line, 6);
  const badName = only('  clusters: [east, West_1]\n', 'invalid-format');
  assert.equal(badName.text, 'West_1');
});

test('bad distribution: an unknown mode, weights that are not positive whole numbers', () => {
  assert.equal(only('  clusters: [east, west]\n  distribution: {replicas: split}\n', 'invalid-enum').text, 'split');
  const zero = only('  clusters: [east, west]\n  distribution:\n    replicas: divided\n    weights:\n      east: 0\n      west: 1\n', 'out-of-range');
  assert.equal(zero.text, '0');
  assert.equal(zero.line, 10);
  const text = only('  clusters: [east, west]\n  distribution:\n    replicas: divided\n    weights:\n      east: two\n      west: 1\n', 'invalid-type');
  assert.equal(text.text, 'two');
  assert.equal(only('  clusters: [east, west]\n  distribution:\n    replicas: divided\n    weights:\n      east: 1.5\n      west: 1\n', 'invalid-type').line, 10);
});

test('an override needs its cluster and knows no other fields', () => {
  const missing = only('  clusters: [east, west]\n  overrides:\n    - image: nginx:1.28\n', 'missing-required');
  assert.equal(missing.line, 8);
  assert.equal(missing.d.message, 'spec.overrides[0] is missing the required field "cluster"');
  const unknown = only('  clusters: [east, west]\n  overrides:\n    - cluster: west\n      imag: nginx:1.28\n', 'unknown-field');
  assert.equal(unknown.text, 'imag');
  assert.equal(unknown.line, 9);
});

// ---- rules --------------------------------------------------------------------------------------

test('every listed cluster resolves: an error on each unknown item, a registered context counts', () => {
  const { found } = diagnose('  clusters: [east, wset, north]\n');
  const unknown = found('unknown-cluster');
  assert.deepEqual(unknown.map((f) => [f.text, f.line]), [['wset', 6], ['north', 6]]);
  assert.deepEqual((unknown[0]!.d.data as { replacements: string[] }).replacements, ['west']);
  assert.match(String(unknown[0]!.d.message), /Cluster "wset" is neither defined in the workspace nor a registered context\. Known clusters: east, west/);

  const withContext = workspaceOf({ 'clusters.yaml': CLUSTER('east'), 'app.yaml': APP('  clusters:\n    - east\n    - prod-ctx\n') }, ['prod-ctx'])('app.yaml');
  assert.deepEqual(withContext.all.map((d) => d.code), []);
  const block = workspaceOf({ 'clusters.yaml': CLUSTER('east'), 'app.yaml': APP('  clusters:\n    - east\n    - prod\n') })('app.yaml');
  assert.deepEqual(block.found('unknown-cluster').map((f) => [f.text, f.line]), [['prod', 8]]);
});

test('an override names a listed cluster (error on its cluster), once', () => {
  const notListed = only('  clusters: [east, west]\n  overrides:\n    - cluster: north\n      replicas: 1\n', 'override-cluster-not-listed');
  assert.equal(notListed.text, 'north');
  assert.equal(notListed.line, 8);
  assert.equal(notListed.d.message, 'This override is for cluster "north", which is not in spec.clusters (east, west).');
  assert.deepEqual((notListed.d.data as { replacements: string[] }).replacements, ['east', 'west']);
  const twice = only('  clusters: [east, west]\n  overrides:\n    - cluster: west\n      replicas: 1\n    - cluster: west\n      image: nginx:1.28\n', 'duplicate-override');
  assert.equal(twice.line, 10);
});

test('weights only with divided, exactly one per listed cluster', () => {
  const duplicated = only('  clusters: [east, west]\n  distribution:\n    weights: {east: 2, west: 1}\n', 'weights-without-divided');
  assert.equal(duplicated.text, 'weights');
  assert.equal(duplicated.line, 8);
  const missing = only('  clusters: [east, west]\n  distribution:\n    replicas: divided\n    weights:\n      east: 2\n', 'missing-weight');
  assert.equal(missing.text, 'weights');
  assert.equal(missing.line, 9);
  assert.match(String(missing.d.message), /no weight for "west"/);
  const extra = only('  clusters: [east, west]\n  distribution:\n    replicas: divided\n    weights:\n      east: 2\n      west: 1\n      north: 1\n', 'unknown-weight-cluster');
  assert.equal(extra.text, 'north');
  assert.equal(extra.line, 12);
  // Divided without weights splits equally: nothing to report.
  assert.deepEqual(diagnose('  clusters: [east, west]\n  distribution: {replicas: divided}\n').all, []);
});

test('distribution and overrides need clusters; an override replicas beside scaling is ignored', () => {
  const single = only('  cluster: east\n  distribution: {replicas: divided}\n', 'needs-clusters');
  assert.equal(single.text, 'distribution');
  assert.equal(single.line, 7);
  const ignored = only('  clusters: [east, west]\n  scaling: {min: 2, max: 6}\n  overrides:\n    - cluster: west\n      replicas: 1\n', 'replicas-ignored');
  assert.equal(ignored.text, 'replicas');
  assert.equal(ignored.line, 10);
  assert.equal(ignored.d.severity, 2);
});

test('placement.nodePool must be a pool of each cluster it applies to; an override places its cluster elsewhere', () => {
  const pools = { 'pools.yaml': `${POOL('workers', 'east')}---\n${POOL('edge', 'west')}` };
  const top = only('  clusters: [east, west]\n  placement: {nodePool: workers}\n', 'unknown-node-pool', pools);
  assert.equal(top.text, 'workers');
  assert.equal(top.line, 7);
  assert.match(String(top.d.message), /NodePool "workers" is not a pool of cluster "west"; its pools are edge/);
  // West placed on its own pool by an override: clean.
  assert.deepEqual(diagnose('  clusters: [east, west]\n  placement: {nodePool: workers}\n  overrides:\n    - cluster: west\n      placement: {nodePool: edge}\n', pools).all, []);
  const wrongOverride = only('  clusters: [east, west]\n  overrides:\n    - cluster: west\n      placement:\n        nodePool: workers\n', 'unknown-node-pool', pools);
  assert.equal(wrongOverride.line, 10);
  assert.equal(wrongOverride.text, 'workers');
  assert.match(String(wrongOverride.d.message), /cluster "west"/);
});

test("capacity is checked per cluster with that cluster's share of scaling.max", () => {
  // ecs.g7.large: 2 CPU; pools at most 2 nodes: 4 CPU each. 10 pods × 1 CPU divided 3:2 → 6 and 4.
  const pools = { 'pools.yaml': `${POOL('workers', 'east')}---\n${POOL('workers', 'west')}` };
  const spec = '  clusters: [east, west]\n  resources: {cpu: "1"}\n  scaling: {min: 2, max: 10}\n  distribution:\n    replicas: divided\n    weights: {east: 3, west: 2}\n  placement: {nodePool: workers}\n';
  const capacity = diagnose(spec, pools).found('pool-capacity-exceeded');
  assert.deepEqual(
    capacity.map((f) => f.d.message),
    [
      'scaling.max does not fit node pool "workers" of cluster "east" at its maximum size: 6 pods × 1 CPU = 6 CPU, but 2 × ecs.g7.large give 4 CPU.',
      // 4 pods × 1 CPU = 4 CPU fit west's 4 CPU: no warning for west.
    ],
  );
  assert.equal(capacity[0]!.line, 8);
  // Duplicated: every cluster runs all 10 at most, and neither fits.
  const duplicated = diagnose('  clusters: [east, west]\n  resources: {cpu: "1"}\n  scaling: {min: 2, max: 10}\n  placement: {nodePool: workers}\n', pools).found('pool-capacity-exceeded');
  assert.deepEqual(duplicated.map((f) => /cluster "(\w+)"/.exec(String(f.d.message))?.[1]), ['east', 'west']);
});

test('namespace and name are unique per cluster: an Application on [east, west] clashes with one on east', () => {
  const other = `apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: web\nspec:\n  cluster: east\n  image: nginx:1.27\n`;
  const diagnostics = workspaceOf({ 'clusters.yaml': `${CLUSTER('east')}---\n${CLUSTER('west')}`, 'a.yaml': APP('  clusters: [east, west]\n'), 'b.yaml': other });
  const clash = diagnostics('b.yaml').found('duplicate-application');
  assert.equal(clash.length, 1);
  assert.equal(clash[0]!.text, 'web');
  assert.equal(clash[0]!.line, 3);
  assert.equal(clash[0]!.d.message, 'Application "default/web" is defined more than once for cluster "east".');
  assert.deepEqual(diagnostics('a.yaml').found('duplicate-application'), []);
  // Two on [east, west]: one error naming both clusters.
  const both = workspaceOf({ 'clusters.yaml': `${CLUSTER('east')}---\n${CLUSTER('west')}`, 'a.yaml': APP('  clusters: [east, west]\n'), 'b.yaml': APP('  clusters: [west, east]\n') });
  assert.deepEqual(both('b.yaml').found('duplicate-application').map((f) => f.d.message), ['Application "default/web" is defined more than once for clusters "west", "east".']);
  // On [west] only, the other one does not clash.
  const apart = workspaceOf({ 'clusters.yaml': `${CLUSTER('east')}---\n${CLUSTER('west')}`, 'a.yaml': APP('  clusters: [west]\n'), 'b.yaml': other });
  assert.deepEqual(apart('b.yaml').found('duplicate-application'), []);
});

// ---- rendering ----------------------------------------------------------------------------------

type Json = Record<string, any>;

function renderApp(spec: string, context: unknown[] = []): { objects: readonly RenderedObject[]; problems: readonly string[] } {
  return renderManifests([parse(APP(spec))], catalog, { context });
}

function byCluster(objects: readonly RenderedObject[], kind: string): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const o of objects) if (o.object['kind'] === kind) out[o.cluster ?? '?'] = o.object;
  return out;
}

const replicasOf = (objects: readonly RenderedObject[]): Record<string, number> =>
  Object.fromEntries(Object.entries(byCluster(objects, 'Deployment')).map(([cluster, d]) => [cluster, d['spec']['replicas'] as number]));

test('divided 2:1: 6 replicas become 4 and 2; every object carries its cluster', () => {
  const { objects, problems } = renderApp('  clusters: [east, west]\n  replicas: 6\n  ports: [{name: http, port: 80}]\n  distribution:\n    replicas: divided\n    weights: {east: 2, west: 1}\n');
  assert.deepEqual(problems, []);
  assert.deepEqual(replicasOf(objects), { east: 4, west: 2 });
  assert.deepEqual(objects.map((o) => `${o.cluster}:${o.object['kind']}`), ['east:Deployment', 'east:Service', 'west:Deployment', 'west:Service']);
  for (const o of objects) assert.equal((o.object['metadata'] as Json)['annotations'][CLUSTER_ANNOTATION], o.cluster);
});

test("an override's replicas win for its cluster: 4 and 1", () => {
  const { objects } = renderApp('  clusters: [east, west]\n  replicas: 6\n  distribution:\n    replicas: divided\n    weights: {east: 2, west: 1}\n  overrides:\n    - cluster: west\n      replicas: 1\n');
  assert.deepEqual(replicasOf(objects), { east: 4, west: 1 });
});

test('duplicated (the default): every cluster runs spec.replicas', () => {
  assert.deepEqual(replicasOf(renderApp('  clusters: [east, west]\n  replicas: 6\n').objects), { east: 6, west: 6 });
  assert.deepEqual(replicasOf(renderApp('  clusters: [east, west]\n  replicas: 6\n  distribution: {replicas: duplicated}\n').objects), { east: 6, west: 6 });
});

test('divided without weights splits equally, the earlier cluster taking the remainder', () => {
  assert.deepEqual(replicasOf(renderApp('  clusters: [east, west]\n  replicas: 5\n  distribution: {replicas: divided}\n').objects), { east: 3, west: 2 });
});

test('largest remainder: shares add up to the total, deterministically', () => {
  assert.deepEqual(divideByWeights(6, [2, 1]), [4, 2]);
  assert.deepEqual(divideByWeights(10, [1, 1, 1]), [4, 3, 3]);
  assert.deepEqual(divideByWeights(7, [5, 3, 2]), [4, 2, 1]);
  assert.deepEqual(divideByWeights(1, [1, 1]), [1, 0]);
  assert.deepEqual(divideByWeights(0, [2, 1]), [0, 0]);
  for (const [total, weights] of [[17, [3, 5, 7]], [100, [1, 2, 3, 4]], [3, [1, 1, 1, 1, 1]]] as const) {
    assert.equal(divideByWeights(total, weights).reduce((a, b) => a + b, 0), total);
  }
});

test('with scaling, each cluster gets its own HPA with min and max divided the same way, at least 1 each', () => {
  const divided = renderApp('  clusters: [east, west]\n  scaling: {min: 2, max: 9}\n  distribution:\n    replicas: divided\n    weights: {east: 2, west: 1}\n').objects;
  const hpas = byCluster(divided, 'HorizontalPodAutoscaler');
  assert.deepEqual(
    Object.fromEntries(Object.entries(hpas).map(([c, h]) => [c, [h['spec']['minReplicas'], h['spec']['maxReplicas']]])),
    { east: [1, 6], west: [1, 3] },
  );
  assert.equal(hpas['west']!['metadata']['annotations'][CLUSTER_ANNOTATION], 'west');
  assert.deepEqual(replicasOf(divided), { east: 1, west: 1 });
  const small = byCluster(renderApp('  clusters: [east, west, north]\n  scaling: {min: 1, max: 2}\n  distribution: {replicas: divided}\n').objects, 'HorizontalPodAutoscaler');
  assert.deepEqual(Object.values(small).map((h) => [h['spec']['minReplicas'], h['spec']['maxReplicas']]), [[1, 1], [1, 1], [1, 1]]);
  const duplicated = byCluster(renderApp('  clusters: [east, west]\n  scaling: {min: 2, max: 9}\n').objects, 'HorizontalPodAutoscaler');
  assert.deepEqual(Object.values(duplicated).map((h) => [h['spec']['minReplicas'], h['spec']['maxReplicas']]), [[2, 9], [2, 9]]);
});

test("image, env and placement overrides change that cluster's objects only", () => {
  const pools = [parse(POOL('workers', 'east')), parse(POOL('edge', 'west', '  taints:\n    - {key: edge, value: "true", effect: NoSchedule}\n'))];
  const { objects, problems } = renderApp(
    '  clusters: [east, west]\n  env: {LOG_LEVEL: info, REGION: none}\n  placement: {nodePool: workers}\n  overrides:\n    - cluster: west\n      image: registry.example.org/web:2.1.0-west\n      env: {REGION: west}\n      placement: {nodePool: edge}\n',
    pools,
  );
  assert.deepEqual(problems, []);
  const deployments = byCluster(objects, 'Deployment');
  const pod = (cluster: string): Json => deployments[cluster]!['spec']['template']['spec'];
  assert.equal(pod('east')['containers'][0]['image'], 'nginx:1.27');
  assert.equal(pod('west')['containers'][0]['image'], 'registry.example.org/web:2.1.0-west');
  const env = (cluster: string): Record<string, string> => Object.fromEntries((pod(cluster)['containers'][0]['env'] as Json[]).map((e) => [e['name'], e['value']]));
  assert.deepEqual(env('east'), { LOG_LEVEL: 'info', REGION: 'none' });
  assert.deepEqual(env('west'), { LOG_LEVEL: 'info', REGION: 'west' });
  const pools_ = (cluster: string): unknown => pod(cluster)['affinity']['nodeAffinity']['requiredDuringSchedulingIgnoredDuringExecution']['nodeSelectorTerms'][0]['matchExpressions'][0]['values'];
  assert.deepEqual(pools_('east'), ['workers']);
  assert.deepEqual(pools_('west'), ['edge']);
  assert.equal(pod('east')['tolerations'], undefined);
  assert.deepEqual(pod('west')['tolerations'], [{ key: 'edge', operator: 'Equal', value: 'true', effect: 'NoSchedule' }]);
});

test('per-cluster grouping: renderApplicationPerCluster; a single-cluster Application is one group, unchanged and unannotated', () => {
  const index = new PlatformIndex([], catalog);
  const multi = renderApplicationPerCluster(parse(APP('  clusters: [east, west]\n  replicas: 2\n')) as Json, index, 'default');
  assert.equal(multi.multiCluster, true);
  assert.deepEqual(multi.groups.map((g) => [g.cluster, g.objects.map((o) => o['kind'])]), [['east', ['Deployment']], ['west', ['Deployment']]]);
  const singleApp = parse(APP('  cluster: east\n  replicas: 2\n  ports: [{port: 80}]\n')) as Json;
  const single = renderApplicationPerCluster(singleApp, index, 'default');
  assert.equal(single.multiCluster, false);
  assert.deepEqual(single.groups, [{ cluster: 'east', objects: renderApplication(singleApp, index, 'default').objects }]);
  assert.equal(JSON.stringify(single.groups[0]!.objects).includes(CLUSTER_ANNOTATION), false);
  assert.equal(renderManifests([singleApp], catalog).objects.every((o) => o.cluster === undefined), true);
});

test('formatRendered: a "# Cluster: <name>" line before each group of a multi-cluster Application only', () => {
  const multi = renderManifests([parse(APP('  clusters: [east, west]\n  ports: [{name: http, port: 80}]\n')), parse(APP('  cluster: east\n', 'solo'))], catalog).objects;
  const yaml = formatRendered(multi, 'yaml');
  assert.deepEqual(yaml.split('\n').filter((line) => line.startsWith('#')), ['# Cluster: east', '# Cluster: west']);
  assert.match(yaml, /^# Cluster: east\napiVersion: apps\/v1\nkind: Deployment\n/);
  assert.match(yaml, /---\n# Cluster: west\napiVersion: apps\/v1\nkind: Deployment\n/);
  assert.doesNotMatch(yaml.split('name: solo')[0]!.split('---\n').pop()!, /# Cluster/);
  // A name that could break the comment line is quoted.
  const odd: RenderedObject[] = [{ source: { kind: 'Application', name: 'x' }, cluster: 'a\nkind: Secret', object: { kind: 'ConfigMap' } }];
  assert.equal(formatRendered(odd, 'yaml').split('\n')[0], '# Cluster: "a\\nkind: Secret"');
  // JSON has no comments: the annotation says it.
  const list = JSON.parse(formatRendered(multi, 'json')) as { items: Json[] };
  assert.deepEqual(list.items.slice(0, 4).map((i) => i['metadata']['annotations'][CLUSTER_ANNOTATION]), ['east', 'east', 'west', 'west']);
});

// ---- completion and hover -------------------------------------------------------------------------

test('completion offers clusters, distribution and overrides, and the distribution modes; hover explains clusters', () => {
  const service = languageService();
  const keys = withCaret(APP('  <|>\n'));
  const labels = service.complete(yamlDocument(keys.text), keys.position, settings()).map((i) => i.label);
  for (const key of ['cluster', 'clusters', 'distribution', 'overrides']) assert.ok(labels.includes(key), `${key} in ${labels.join(', ')}`);
  const mode = withCaret(APP('  clusters: [east, west]\n  distribution:\n    replicas: <|>\n'));
  assert.deepEqual(service.complete(yamlDocument(mode.text), mode.position, settings()).map((i) => i.label), ['duplicated', 'divided']);
  const overrideKeys = withCaret(APP('  clusters: [east, west]\n  overrides:\n    - cluster: west\n      <|>\n'));
  const overrideLabels = service.complete(yamlDocument(overrideKeys.text), overrideKeys.position, settings()).map((i) => i.label);
  for (const key of ['image', 'replicas', 'env', 'placement']) assert.ok(overrideLabels.includes(key), `${key} in ${overrideLabels.join(', ')}`);
  const over = withCaret(APP('  clu<|>sters: [east, west]\n'));
  const hover = (service.hover(yamlDocument(over.text), over.position, settings())?.contents as MarkupContent | undefined)?.value ?? '';
  assert.match(hover, /Several clusters to deploy to, instead of `cluster`/);
  const weight = withCaret(APP('  clusters: [east, west]\n  distribution:\n    replicas: divided\n    weights: {ea<|>st: 2, west: 1}\n'));
  const weightHover = (service.hover(yamlDocument(weight.text), weight.position, settings())?.contents as MarkupContent | undefined)?.value ?? '';
  assert.match(weightHover, /static weight of this cluster/);
});

test('go to definition on an item of clusters opens that Cluster; its references include the Applications listing it', () => {
  const workspace = new BerthWorkspace(languageService());
  const clusters = 'apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: east\nspec:\n  type: managed\n  provider: kwok\n---\napiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: west\nspec:\n  type: managed\n  provider: kwok\n';
  const app = 'apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: web\nspec:\n  clusters: [east, west]\n  image: nginx:1.27\n';
  workspace.setFile(yamlDocument(clusters, 'file:///m/clusters.yaml'), settings());
  workspace.setFile(yamlDocument(app, 'file:///m/app.yaml'), settings());
  const west = workspace.definition('file:///m/app.yaml', { line: 5, character: 20 });
  assert.deepEqual(west.map((l) => `${l.uri}:${l.range.start.line}`), ['file:///m/clusters.yaml:11']);
  const users = workspace.references('file:///m/clusters.yaml', { line: 3, character: 9 }, false);
  assert.deepEqual(users.map((l) => `${l.uri}:${l.range.start.line}:${l.range.start.character}`), ['file:///m/app.yaml:5:13']);
});
