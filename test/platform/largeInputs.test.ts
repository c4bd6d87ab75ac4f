import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { nodeLanguageServiceOptions } from '../../installation/languageServiceOptions';
import { MAX_DIAGNOSTICS_PER_FILE } from '../../platform/diagnostics';
import { BerthLanguageService } from '../../platform/languageService';
import { validationSettingsFrom } from '../../platform/settings';
import { NearbyNames } from '../../platform/validate/nearbyNames';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { WorkspaceIndex } from '../../platform/workspace/workspaceIndex';
import { languageService, settings, yamlDocument } from '../helpers/languageService';
import { repoRoot } from '../helpers/repo';

const service = languageService();
const diagnose = (text: string, overrides: Parameters<typeof settings>[0] = {}): Diagnostic[] => service.diagnostics(yamlDocument(text), settings(overrides));

function workspaceOf(files: Record<string, string>): (name: string) => Diagnostic[] {
  const workspace = new BerthWorkspace(new BerthLanguageService(nodeLanguageServiceOptions(repoRoot())));
  for (const [name, text] of Object.entries(files)) workspace.setFile(yamlDocument(text, `file:///ws/${name}`), settings());
  return (name) => workspace.diagnostics(`file:///ws/${name}`);
}

const DEPLOYMENT = (name: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers: [{name: web, image: "nginx:1.27"}]\n`;
const HPA = (name: string, target: string): string =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: ${name}}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}\n  minReplicas: 1\n  maxReplicas: 3\n`;
const configMap = (keys: number, value: (i: number) => string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n${Array.from({ length: keys }, (_, i) => `  key-${i}: ${value(i)}\n`).join('')}`;
/** A big file the apiserver accepts: ConfigMaps of one value each, every one under its 1 MiB limit. */
const configMaps = (count: number, value: string): string =>
  Array.from({ length: count }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big-${i}}\ndata:\n  key: ${value}\n`).join('---\n');

test('an HPA naming a missing workload lists the closest few of the namespace\'s workloads, not all of them', () => {
  const deployments = Array.from({ length: 300 }, (_, i) => DEPLOYMENT(`web-${i}`)).join('---\n');
  const diagnostics = workspaceOf({ 'd.yaml': deployments, 'h.yaml': HPA('h', 'wbe-42') })('h.yaml');
  const [missing] = diagnostics;
  assert.equal(missing?.code, 'hpa-target-missing');
  const listed = /Workloads there: (.*) and (\d+) more\.$/.exec(String(missing.message));
  assert.ok(listed, String(missing.message));
  assert.ok(listed[1]!.split(', ').length <= 5, listed[1]);
  assert.equal(Number(listed[2]) + listed[1]!.split(', ').length, 300);
  assert.match(listed[1]!, /Deployment web-42\b/, 'a typo at the start of the name still finds it');
  const replacements = (missing.data as { replacements: string[] }).replacements;
  assert.ok(replacements.length <= 3);
  assert.equal(replacements[0], 'web-42');
});

test('a few workloads are all listed, as before', () => {
  const diagnostics = workspaceOf({ 'd.yaml': `${DEPLOYMENT('web')}---\n${DEPLOYMENT('api')}`, 'h.yaml': HPA('h', 'worker') })('h.yaml');
  assert.match(String(diagnostics[0]!.message), /Workloads there: Deployment web, Deployment api\.$/);
  assert.deepEqual((diagnostics[0]!.data as { replacements: string[] }).replacements, ['web', 'api']);
});

test('an unknown cluster among many lists the closest known clusters and how many more there are', () => {
  const cluster = (name: string): string => `apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata: {name: ${name}}\nspec: {type: managed, provider: kwok}\n`;
  const clusters = Array.from({ length: 100 }, (_, i) => cluster(`east-${i}`)).join('---\n');
  const pool = 'apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata: {name: workers}\nspec:\n  cluster: east-7x\n  instanceType: ecs.g7.large\n';
  const [unknown] = workspaceOf({ 'c.yaml': clusters, 'p.yaml': pool })('p.yaml');
  assert.equal(unknown?.code, 'unknown-cluster');
  const message = String(unknown.message);
  assert.match(message, /Known clusters: .* and 9\d more\.$/);
  assert.ok(message.length < 400, message);
  assert.ok((unknown.data as { replacements: string[] }).replacements.includes('east-7'));
});

test('NearbyNames ranks only the neighbours of the wanted name, and finds typos at either end', () => {
  const names = new NearbyNames(Array.from({ length: 10_000 }, (_, i) => `service-${i}`));
  assert.deepEqual(names.closest('service-1234x', 1), ['service-1234']);
  assert.deepEqual(names.closest('srevice-77', 1), ['service-77']);
  const listed = names.listFor('zzz');
  assert.equal(listed.names.length, 5);
  assert.equal(listed.more, 9995);
});

test('a file with more diagnostics than the cap shows the first ones and says how many more there are', () => {
  const diagnostics = diagnose(configMap(MAX_DIAGNOSTICS_PER_FILE + 300, (i) => String(i)));
  assert.equal(diagnostics.length, MAX_DIAGNOSTICS_PER_FILE + 1);
  const [summary, ...shown] = diagnostics;
  assert.equal(summary!.code, 'too-many-diagnostics');
  assert.equal(summary!.severity, 3);
  assert.match(String(summary!.message), /^300 more problems/);
  assert.ok(shown.every((d) => d.code === 'invalid-type'));
  assert.equal(shown[0]!.range.start.line, 4, 'the first ones, in order');
});

test('the cap keeps errors before warnings, and applies to cross-document findings too', () => {
  const hpas = Array.from({ length: 250 }, (_, i) => HPA(`h-${i}`, `missing-${i}`)).join('---\n');
  const diagnostics = workspaceOf({ 'h.yaml': hpas })('h.yaml');
  assert.equal(diagnostics.length, MAX_DIAGNOSTICS_PER_FILE + 1);
  assert.match(String(diagnostics[0]!.message), /^50 more problems/);
});

test('type errors deep in a big map are placed on their own keys', () => {
  const diagnostics = diagnose(configMap(150, (i) => (i % 50 === 7 ? String(i) : `v${i}`)));
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range.start.line]),
    [7, 57, 107].map((i) => ['invalid-type', i + 4]),
  );
});

test('duplicate keys are found at the repeated key, in block and flow maps at any depth', () => {
  const block = diagnose('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  a: x\n  b: y\n  a: z\n');
  assert.deepEqual(block.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['yaml-duplicate-key', 6, 2]]);
  const flow = diagnose('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: {x: "1", x: "2"}}\n');
  assert.deepEqual(flow.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['yaml-duplicate-key', 2, 37]]);
  const nested = diagnose('apiVersion: v1\nkind: List\nitems:\n  - metadata:\n      name: a\n      name: b\n');
  assert.deepEqual(nested.filter((d) => d.code === 'yaml-duplicate-key').map((d) => [d.code, d.range.start.line]), [['yaml-duplicate-key', 5]]);
  // Keys equal as text but not as values are distinct, as the yaml library has them.
  assert.deepEqual(diagnose('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  1: x\n  "1": y\n').filter((d) => d.code === 'yaml-duplicate-key'), []);
});

test('a map of 20,000 keys with one repeated is reported once, at the repeat', () => {
  const text = configMap(20_000, (i) => `v${i}`) + '  key-123: again\n';
  const diagnostics = diagnose(text);
  assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['yaml-duplicate-key', 20_004]]);
});

test('the workspace index keeps thousands of kinds in one file apart, and forgets them with the file', () => {
  const kinds = Array.from({ length: 3000 }, (_, i) => `apiVersion: example.com/v1\nkind: Kind${i}\nmetadata: {name: thing-${i}}\n`).join('---\n');
  const index = new WorkspaceIndex();
  const document = yamlDocument(kinds, 'file:///ws/kinds.yaml');
  index.update(service.analyze(document, settings()));
  assert.deepEqual(index.ofKind('Kind2999').map((e) => e.name), ['thing-2999']);
  index.update(service.analyze(yamlDocument('apiVersion: example.com/v1\nkind: Kind5\nmetadata: {name: only}\n', 'file:///ws/kinds.yaml'), settings()));
  assert.deepEqual(index.ofKind('Kind2999'), []);
  assert.deepEqual(index.ofKind('Kind5').map((e) => e.name), ['only']);
});

test('a file over berth.validation.maxFileSize gets one diagnostic on its first line and no analysis', () => {
  const text = configMaps(7, `"${'x'.repeat(878 * 1024)}"`);
  const document = yamlDocument(text);
  const diagnostics = service.diagnostics(document, settings());
  assert.equal(diagnostics.length, 1);
  const [tooLarge] = diagnostics;
  assert.equal(tooLarge!.code, 'file-too-large');
  assert.equal(tooLarge!.range.start.line, 0);
  assert.match(String(tooLarge!.message), /6\.0 MB .*over the 5 MB limit of berth\.validation\.maxFileSize/);
  assert.deepEqual(service.documentSymbols(document, settings()), []);
  assert.deepEqual(service.diagnostics(yamlDocument(text), settings({ maxFileSize: 7 })), [], 'a raised limit validates it');
});

test('the limit counts bytes as on disk, not characters', () => {
  // 0.6 million three-byte characters: under a 1 MB limit as characters, over it as UTF-8.
  const text = configMaps(2, `"${'€'.repeat(300_000)}"`);
  assert.deepEqual(diagnose(text, { maxFileSize: 2 }), []);
  assert.equal(diagnose(text, { maxFileSize: 1 })[0]?.code, 'file-too-large');
});

test('edits that take a file over the limit and back are counted in bytes, document by document', () => {
  const uri = 'file:///ws/near-the-limit.yaml';
  const under = configMaps(2, `"${'é'.repeat(240_000)}"`);
  const over = `${under}---\n${configMaps(1, `"${'€'.repeat(30_000)}"`)}`;
  const analyzeVersion = (version: number, text: string) => service.analyze(TextDocument.create(uri, 'yaml', version, text), settings({ maxFileSize: 1 }));
  // Both texts are between a third of the limit and the limit in characters: only their bytes decide.
  assert.equal(analyzeVersion(1, under).oversized, undefined);
  assert.deepEqual(analyzeVersion(2, over).oversized, { bytes: Buffer.byteLength(over), limit: 1 });
  const back = analyzeVersion(3, under);
  assert.equal(back.oversized, undefined);
  assert.equal(back.chunks.length, 2);
  assert.deepEqual(analyzeVersion(4, `${under}# ${'ü'.repeat(10)}\n`).oversized, undefined, 'an edit of one document is counted with the kept counts of the others');
  assert.deepEqual(analyzeVersion(5, over.replace('€', 'a')).oversized, { bytes: Buffer.byteLength(over) - 2, limit: 1 });
});

test('berth.validation.maxFileSize is read from the settings, defaulting to 5 MB on a bad value', () => {
  assert.equal(validationSettingsFrom({ validation: { maxFileSize: 12.5 } }).maxFileSize, 12.5);
  for (const bad of [0, -1, '7', Number.NaN, Number.POSITIVE_INFINITY, null]) assert.equal(validationSettingsFrom({ validation: { maxFileSize: bad } }).maxFileSize, 5, String(bad));
});
