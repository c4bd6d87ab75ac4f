// Completion of cluster names (PLATFORM.md, "Several clusters"): wherever an Application or a
// NodePool names a cluster, the workspace's Cluster documents and the known kubeconfig contexts
// are offered, each saying what it is; a `clusters` list and a `weights` mapping leave out what
// they already name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import type { ClusterNameCandidate, CompletionWorkspace } from '../../platform/complete/clusterNames';
import { BerthLanguageService } from '../../platform/languageService';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { nodeLanguageServiceOptions } from '../../installation/languageServiceOptions';
import { languageService, settings, withCaret, yamlDocument } from '../helpers/languageService';
import { repoRoot } from '../helpers/repo';

const service = languageService();

const CANDIDATES: ClusterNameCandidate[] = [
  { source: 'cluster', name: 'east', provider: 'kwok', uri: 'file:///ws/samples/platform/east.yaml' },
  { source: 'cluster', name: 'west', provider: 'kind', uri: 'file:///ws/samples/platform/west.yaml' },
  { source: 'context', name: 'corp-prod' },
  // A context of the same name as a Cluster is that Cluster.
  { source: 'context', name: 'east' },
];
const WORKSPACE: CompletionWorkspace = { clusterNames: () => CANDIDATES, displayPath: (uri) => uri.replace('file:///ws/', '') };

function completions(fixture: string, workspace: CompletionWorkspace | 'none' = WORKSPACE): { items: CompletionItem[]; text: string; line: number } {
  const { text, position } = withCaret(fixture);
  return { items: service.complete(yamlDocument(text), position, settings(), workspace === 'none' ? undefined : workspace), text, line: position.line };
}

function labels(fixture: string): string[] {
  return completions(fixture).items.map((i) => i.label);
}

const APP = (spec: string): string => `apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: web\nspec:\n  image: nginx:1.27\n${spec}`;

test('spec.cluster of an Application offers the Clusters (with provider and file) and the contexts', () => {
  const { items } = completions(APP('  cluster: <|>\n'));
  assert.deepEqual(
    items.map((i) => [i.label, i.detail]),
    [
      ['east', 'Cluster (kwok) in samples/platform/east.yaml'],
      ['west', 'Cluster (kind) in samples/platform/west.yaml'],
      ['corp-prod', 'kubeconfig context'],
    ],
  );
  const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((i) => i.label);
  assert.deepEqual(sorted, ['east', 'west', 'corp-prod'], 'Clusters before contexts');
});

test('spec.cluster of a NodePool, with a typed prefix replaced', () => {
  const { items, line } = completions('apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata:\n  name: general\nspec:\n  cluster: we<|>\n');
  assert.deepEqual(items.map((i) => i.label), ['east', 'west', 'corp-prod']);
  const edit = items.find((i) => i.label === 'west')!.textEdit as TextEdit;
  assert.deepEqual(edit.range, { start: { line, character: 11 }, end: { line, character: 13 } });
  assert.equal(edit.newText, 'west');
});

test('an item of a flow `clusters` list leaves out the names already listed', () => {
  assert.deepEqual(labels(APP('  clusters: [east, <|>]\n')), ['west', 'corp-prod']);
  assert.deepEqual(labels(APP('  clusters: [<|>, west]\n')), ['east', 'corp-prod']);
  assert.deepEqual(labels(APP('  clusters: [<|>]\n')), ['east', 'west', 'corp-prod']);
  const { items, line } = completions(APP('  clusters: [east, co<|>]\n'));
  assert.deepEqual(items.map((i) => i.label), ['west', 'corp-prod']);
  assert.deepEqual((items[0]!.textEdit as TextEdit).range, { start: { line, character: 19 }, end: { line, character: 21 } });
});

test('an item of a block `clusters` list leaves out the items above and below', () => {
  assert.deepEqual(labels(APP('  clusters:\n    - east\n    - <|>\n  replicas: 2\n')), ['west', 'corp-prod']);
  // The list may sit at its key's column; a comment and a quoted item count too.
  assert.deepEqual(labels(APP('  clusters:\n  - <|>\n  # the edge\n  - "west"\n  replicas: 2\n')), ['east', 'corp-prod']);
  const typed = completions(APP('  clusters:\n    - east\n    - corp-p<|>\n'));
  assert.deepEqual(typed.items.map((i) => i.label), ['west', 'corp-prod']);
  assert.deepEqual((typed.items[0]!.textEdit as TextEdit).range, { start: { line: typed.line, character: 6 }, end: { line: typed.line, character: 12 } });
  // A nested list is no list of clusters.
  assert.deepEqual(labels(APP('  clusters:\n    - - <|>\n')), []);
});

test('`cluster` of an override offers every name, the listed clusters first', () => {
  const block = completions(APP('  clusters: [west, corp-prod]\n  overrides:\n    - cluster: <|>\n'));
  const sorted = [...block.items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((i) => i.label);
  assert.deepEqual(sorted, ['corp-prod', 'west', 'east']);
  // The key below the item's first one.
  assert.deepEqual(labels(APP('  clusters: [east, west]\n  overrides:\n    - image: nginx:1.28\n      cluster: <|>\n')), ['east', 'west', 'corp-prod']);
});

test('`cluster` of a one-line flow override offers the names the line does not already override', () => {
  assert.deepEqual(labels(APP('  clusters: [east, west]\n  overrides: [{cluster: <|>}]\n')), ['east', 'west', 'corp-prod']);
  assert.deepEqual(labels(APP('  clusters: [east, west]\n  overrides: [{cluster: east, replicas: 2}, {replicas: 3, cluster: <|>}]\n')), ['west', 'corp-prod']);
  assert.deepEqual(labels(APP('  clusters: [east, west]\n  overrides:\n    - {image: nginx:1.28, cluster: <|>}\n')), ['east', 'west', 'corp-prod']);
  const { items, line } = completions(APP('  overrides: [{cluster: "we<|>"}]\n'));
  const edit = items.find((i) => i.label === 'west')!.textEdit as TextEdit;
  assert.deepEqual(edit, { range: { start: { line, character: 25 }, end: { line, character: 27 } }, newText: 'west' }, 'inside quotes: the name as it is');
  // A value other than `cluster` names no cluster.
  assert.deepEqual(labels(APP('  overrides: [{image: <|>}]\n')).filter((l) => l === 'east'), []);
});

test('a key of distribution.weights leaves out the clusters already weighted (block and flow)', () => {
  assert.deepEqual(labels(APP('  clusters: [east, west]\n  distribution:\n    replicas: divided\n    weights:\n      east: 2\n      <|>\n')), ['west', 'corp-prod']);
  assert.deepEqual(labels(APP('  clusters: [east, west]\n  distribution:\n    replicas: divided\n    weights: {west: 1, <|>}\n')), ['east', 'corp-prod']);
  // At a weight's value there is no name to complete.
  assert.deepEqual(labels(APP('  distribution:\n    weights: {west: <|>}\n')), []);
});

test('names are offered only where a cluster is named, and only with the workspace', () => {
  assert.deepEqual(labels(APP('  replicas: 2\n  cluster: east\n  namespace: <|>\n')), []);
  assert.ok(!labels('apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: dev\nspec:\n  provider: <|>\n').includes('east'));
  assert.ok(!labels('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  cluster: <|>\n').includes('east'));
  assert.deepEqual(completions(APP('  cluster: <|>\n'), 'none').items, []);
});

test('a name that is no plain YAML scalar is inserted quoted; one with control characters is left out', () => {
  const odd: CompletionWorkspace = { clusterNames: () => [{ source: 'context', name: 'team a' }, { source: 'context', name: 'bad\nname' }, { source: 'context', name: 'arn:aws:eks:eu-west-1:1:cluster/prod' }] };
  const items = completions(APP('  cluster: <|>\n'), odd).items;
  assert.deepEqual(items.map((i) => (i.textEdit as TextEdit).newText), ['"team a"', 'arn:aws:eks:eu-west-1:1:cluster/prod']);
  // Inside quotes already, the name goes in as it is.
  assert.deepEqual(completions(APP('  cluster: "<|>\n'), odd).items.map((i) => (i.textEdit as TextEdit).newText), ['team a', 'arn:aws:eks:eu-west-1:1:cluster/prod']);
});

test('the workspace lists its Cluster documents, then the known contexts', () => {
  const workspace = new BerthWorkspace(new BerthLanguageService(nodeLanguageServiceOptions(repoRoot())));
  workspace.setFile(yamlDocument('apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: local\nspec:\n  type: managed\n  provider: kwok\n', 'file:///ws/samples/platform/local-cluster.yaml'), settings());
  workspace.setFile(yamlDocument('apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: edge\nspec:\n  type: managed\n', 'file:///ws/edge.yaml'), settings());
  workspace.setFile(yamlDocument('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: not-a-cluster\n', 'file:///ws/cm.yaml'), settings());
  workspace.setKnownContexts(['kwok-local', 'corp-prod']);
  assert.deepEqual(workspace.clusterNames(), [
    { source: 'cluster', name: 'edge', uri: 'file:///ws/edge.yaml' },
    { source: 'cluster', name: 'local', uri: 'file:///ws/samples/platform/local-cluster.yaml', provider: 'kwok' },
    { source: 'context', name: 'kwok-local' },
    { source: 'context', name: 'corp-prod' },
  ]);
  // Without a way to name files by folder, a detail shows the URI's path.
  const { text, position } = withCaret(APP('  cluster: <|>\n'));
  const items = service.complete(yamlDocument(text), position, settings(), { clusterNames: () => workspace.clusterNames() });
  assert.equal(items.find((i) => i.label === 'local')!.detail, 'Cluster (kwok) in /ws/samples/platform/local-cluster.yaml');
  assert.equal(items.find((i) => i.label === 'edge')!.detail, 'Cluster in /ws/edge.yaml');
});
