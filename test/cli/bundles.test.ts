// How `berth` is split into bundles (scripts/cliEntries.mjs): validate and render run from
// dist/cli.js alone, the cluster commands load dist/cli-cluster.js (with @kubernetes/client-node),
// and a validation in worker threads gives exactly the report of one without.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspace } from '../helpers/cli';
import { repoRoot } from '../helpers/repo';

/**
 * Preloaded into `berth` (and, through execArgv, into its worker threads): at exit it writes
 * every module file the process loaded and every worker script it started.
 */
const RECORDER = `
const { writeFileSync } = require('node:fs');
const threads = require('node:worker_threads');
const started = [];
const Original = threads.Worker;
threads.Worker = class extends Original { constructor(file, options) { started.push(String(file)); super(file, options); } };
process.on('exit', () => {
  if (!threads.isMainThread) return;
  writeFileSync(process.env.BERTH_LOADED_OUT, JSON.stringify({ modules: Object.keys(require.cache), workers: started }));
});
`;

interface Loaded {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly modules: readonly string[];
  readonly workers: readonly string[];
}

function berthRecorded(args: readonly string[]): Loaded {
  const dir = workspace({ 'recorder.js': RECORDER });
  const out = join(dir, 'loaded.json');
  const result = spawnSync(process.execPath, ['-r', join(dir, 'recorder.js'), join(repoRoot(), 'dist/cli.js'), ...args], {
    cwd: repoRoot(),
    encoding: 'utf8',
    input: '',
    env: { ...process.env, BERTH_LOADED_OUT: out },
    maxBuffer: 64 * 1024 * 1024,
  });
  const loaded = JSON.parse(readFileSync(out, 'utf8')) as { modules: string[]; workers: string[] };
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ...loaded };
}

const dist = (name: string): string => join(repoRoot(), 'dist', name);
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  level: info\n';

test('validate loads dist/cli.js only: no cluster bundle, no worker for a small input', () => {
  const dir = workspace({ 'settings.yaml': CONFIG_MAP });
  const run = berthRecorded(['validate', join(dir, 'settings.yaml')]);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(run.modules.includes(dist('cli.js')), run.modules.join('\n'));
  assert.ok(!run.modules.includes(dist('cli-cluster.js')), run.modules.join('\n'));
  assert.deepEqual(run.workers, []);
});

test('render loads no cluster bundle either', () => {
  const run = berthRecorded(['render', join(repoRoot(), 'samples/apps/storefront.yaml')]);
  assert.ok(!run.modules.includes(dist('cli-cluster.js')), run.modules.join('\n'));
});

test('a cluster command loads the cluster bundle', () => {
  const run = berthRecorded(['describe', '--help']);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(run.modules.includes(dist('cli-cluster.js')), run.modules.join('\n'));
});

test('@kubernetes/client-node is bundled into the cluster bundle, not the entry nor the worker', () => {
  assert.ok(readFileSync(dist('cli-cluster.js'), 'utf8').includes('node_modules/@kubernetes/client-node/'));
  for (const bundle of ['cli.js', 'cli-worker.js']) assert.ok(!readFileSync(dist(bundle), 'utf8').includes('@kubernetes/client-node'), bundle);
});

/** A workspace with what makes one document's analysis depend on others: CRDs and a Cluster's version. */
function mixedWorkspace(): string {
  const documents = (n: number, make: (i: number) => string): string => Array.from({ length: n }, (_, i) => make(i)).join('---\n');
  const files: Record<string, string> = {
    // Custom resources before their CRD (in file order), valid and not.
    'a-widgets.yaml': documents(30, (i) => `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w${i}\nspec:\n  size: ${i % 3 === 0 ? '"big"' : i}\n`),
    'b-crd.yaml': [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata:',
      '  name: widgets.example.com',
      'spec:',
      '  group: example.com',
      '  names: {kind: Widget, plural: widgets, singular: widget}',
      '  scope: Namespaced',
      '  versions:',
      '    - name: v1',
      '      served: true',
      '      storage: true',
      '      schema:',
      '        openAPIV3Schema:',
      '          type: object',
      '          properties:',
      '            spec: {type: object, properties: {size: {type: integer}}}',
      '',
    ].join('\n'),
    // storage.k8s.io/v1alpha1 is served by 1.33 and gone by 1.36: a document naming the 1.33 Cluster keeps it.
    'c-cluster.yaml': 'apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: old\nspec:\n  type: managed\n  provider: kwok\n  kubernetesVersion: "1.33"\n',
    'd-classes.yaml': documents(40, (i) => `apiVersion: storage.k8s.io/v1alpha1\nkind: VolumeAttributesClass\nmetadata:\n  name: c${i}\n${i % 2 === 0 ? '  annotations:\n    berth.dev/cluster: old\n' : ''}driverName: csi.example.com\n`),
  };
  for (let f = 0; f < 24; f++) {
    files[`apps/app-${f}.yaml`] = documents(25, (i) =>
      i % 5 === 0
        ? `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${f}-${i}\nspec:\n  selector: {app: nothing-${i}}\n  ports: [{port: ${i % 7 === 0 ? '"80"' : 80}}]\n`
        : `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d${f}-${i}\nspec:\n  replicas: ${i % 9 === 0 ? 'three' : 2}\n  selector: {matchLabels: {app: d${i}}}\n  template:\n    metadata: {labels: {app: d${i}}}\n    spec:\n      containers: [{name: web, image: "nginx:1.27", bogus: ${i % 11 === 0}}]\n`,
    );
  }
  return workspace(files);
}

test('validate in worker threads reports exactly what one thread reports', () => {
  const dir = mixedWorkspace();
  const inputs = [dir, join(repoRoot(), 'samples')];
  const serial = berthRecorded(['validate', '--output', 'json', '--jobs', '1', ...inputs]);
  const parallel = berthRecorded(['validate', '--output', 'json', '--jobs', '3', ...inputs]);
  assert.deepEqual(serial.workers, []);
  assert.deepEqual(parallel.workers, [dist('cli-worker.js'), dist('cli-worker.js'), dist('cli-worker.js')]);
  assert.equal(parallel.status, serial.status);
  assert.equal(parallel.stderr, serial.stderr);
  const report = JSON.parse(serial.stdout) as { summary: { documents: number; errors: number; warnings: number }; diagnostics: { code: string }[] };
  // The workspace has what the comparison is about: custom resources, versions by Cluster, cross-document findings.
  assert.ok(report.summary.documents > 600 && report.summary.errors > 50, JSON.stringify(report.summary));
  const codes = new Set(report.diagnostics.map((d) => d.code));
  for (const code of ['invalid-type', 'unknown-field', 'removed-api-version', 'dangling-service']) assert.ok(codes.has(code), `${code} in ${[...codes].join(', ')}`);
  assert.equal(parallel.stdout, serial.stdout);
});

test('--jobs takes a whole number', () => {
  const dir = workspace({ 'settings.yaml': CONFIG_MAP });
  const run = berthRecorded(['validate', '--jobs', 'many', join(dir, 'settings.yaml')]);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /--jobs must be a whole number/);
});
