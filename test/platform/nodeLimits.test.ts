import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { nodeLanguageServiceOptions } from '../../installation/languageServiceOptions';
import { BerthLanguageService } from '../../platform/languageService';
import { renderManifests } from '../../platform/render';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { languageService, settings, yamlDocument } from '../helpers/languageService';
import { repoRoot } from '../helpers/repo';

const service = languageService();
const catalog = service.registry.platform.instanceTypes();

const cluster = (provider: 'kwok' | 'kind'): Record<string, unknown> => ({
  apiVersion: 'berth.dev/v1alpha1',
  kind: 'Cluster',
  metadata: { name: 'dev' },
  spec: { type: 'managed', provider },
});
const pool = (name: string, scaling: Record<string, number>): Record<string, unknown> => ({
  apiVersion: 'berth.dev/v1alpha1',
  kind: 'NodePool',
  metadata: { name },
  spec: { cluster: 'dev', instanceType: 'ecs.g7.large', scaling },
});
const yamlOf = (object: Record<string, unknown>): string => JSON.stringify(object) + '\n';

function workspaceOf(files: Record<string, string>): (name: string) => Diagnostic[] {
  const workspace = new BerthWorkspace(new BerthLanguageService(nodeLanguageServiceOptions(repoRoot())));
  for (const [name, text] of Object.entries(files)) workspace.setFile(yamlDocument(text, `file:///ws/${name}`), settings());
  return (name) => workspace.diagnostics(`file:///ws/${name}`);
}

test('a node pool of more than 1000 nodes is an error at the number', () => {
  const diagnostics = service.diagnostics(yamlDocument('apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata: {name: big}\nspec:\n  cluster: dev\n  instanceType: ecs.g7.large\n  scaling: {min: 1, max: 100000000, desired: 100000000}\n'), settings());
  const outOfRange = diagnostics.filter((d) => d.code === 'out-of-range');
  assert.equal(outOfRange.length, 2, JSON.stringify(diagnostics));
  assert.match(String(outOfRange[0]!.message), /must be at most 1000, not 100000000/);
});

test('the pools of one cluster may add up to at most 5000 nodes: each pool of a bigger cluster says so', () => {
  const pools = Array.from({ length: 6 }, (_, i) => yamlOf(pool(`p${i}`, { min: 0, max: 900, desired: 1 }))).join('---\n');
  const diagnostics = workspaceOf({ 'c.yaml': yamlOf(cluster('kwok')), 'p.yaml': pools })('p.yaml');
  const tooMany = diagnostics.filter((d) => d.code === 'cluster-too-many-nodes');
  assert.equal(tooMany.length, 6);
  assert.match(String(tooMany[0]!.message), /The 6 node pools of cluster "dev" add up to 5400 nodes at their maximum size, more than the 5000 a cluster may have/);
  const fits = workspaceOf({ 'c.yaml': yamlOf(cluster('kwok')), 'p.yaml': pools.replace(/"max":900/g, '"max":800') })('p.yaml');
  assert.deepEqual(fits.filter((d) => d.code === 'cluster-too-many-nodes'), []);
});

test('rendering refuses a kwok pool of 100,000,000 nodes before building any', () => {
  const outcome = renderManifests([cluster('kwok'), pool('big', { desired: 100_000_000 })], catalog);
  assert.deepEqual(outcome.objects, []);
  assert.deepEqual(outcome.problems, ['NodePool big: 100000000 nodes wanted, more than the 1000 a node pool may have: no nodes rendered']);
});

test('rendering refuses the pools of a cluster that add up to more than 5000 nodes, kwok and kind alike', () => {
  const pools = Array.from({ length: 6 }, (_, i) => pool(`p${i}`, { desired: 900 }));
  const kwok = renderManifests([cluster('kwok'), ...pools], catalog);
  assert.deepEqual(kwok.objects, []);
  assert.equal(kwok.problems.length, 6);
  assert.match(kwok.problems[0]!, /^NodePool p0: its node pools add up to 5400 nodes, more than the 5000 a cluster may have: no nodes rendered$/);
  const kind = renderManifests([cluster('kind'), pool('huge', { desired: 50_000_000 })], catalog);
  assert.deepEqual(kind.objects, []);
  assert.deepEqual(kind.problems, ['Cluster dev: 50000000 nodes wanted, more than the 1000 a node pool may have (NodePool huge): not rendered']);
});

test('pools within the limits render as before', () => {
  const outcome = renderManifests([cluster('kwok'), pool('small', { desired: 3 })], catalog);
  assert.deepEqual(outcome.problems, []);
  assert.equal(outcome.objects.length, 3);
});
