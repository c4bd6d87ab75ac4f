import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { berth, workspace } from '../helpers/cli';

const VALID = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  level: info\n';
const INVALID = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: "three"\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: "nginx:1.27"}]\n';
const WARNING_ONLY = 'apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: dev\nspec:\n  type: managed\n  provider: kwok\n---\napiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: web\nspec:\n  cluster: dev\n  image: nginx:latest\n';

test('exit 0 and a summary when everything is valid', () => {
  const dir = workspace({ 'a.yaml': VALID, 'nested/deeper/b.yml': VALID, 'notes.txt': 'ignored' });
  const result = berth(['validate', dir]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /2 files, 2 documents: 0 errors, 0 warnings/);
});

test('exit 1 with file:line:column lines when an error is found', () => {
  const dir = workspace({ 'bad.yaml': INVALID });
  const result = berth(['validate', join(dir, 'bad.yaml')]);
  assert.equal(result.status, 1);
  assert.ok(result.stdout.includes(`${join(dir, 'bad.yaml')}:6:13: error [invalid-type] replicas must be an integer, not the string "three"`), result.stdout);
});

test('warnings alone exit 0', () => {
  const dir = workspace({ 'app.yaml': WARNING_ONLY });
  const result = berth(['validate', dir]);
  assert.equal(result.status, 0, result.stdout);
  assert.match(result.stdout, /0 errors, 1 warning/);
});

test('--output json prints the documented shape with 0-based ranges', () => {
  const dir = workspace({ 'bad.yaml': INVALID, 'good.yaml': VALID });
  // Best-practice checks off: this is about the shape of the report (test/cli/checks.test.ts has theirs).
  const result = berth(['validate', dir, '--output', 'json', '--checks', 'none']);
  assert.equal(result.status, 1);
  const report = JSON.parse(result.stdout) as { diagnostics: unknown[]; summary: unknown };
  assert.deepEqual(report.summary, { files: 2, documents: 2, errors: 1, warnings: 0 });
  assert.deepEqual(report.diagnostics, [
    {
      file: join(dir, 'bad.yaml'),
      range: { start: { line: 5, character: 12 }, end: { line: 5, character: 19 } },
      severity: 'error',
      code: 'invalid-type',
      message: 'replicas must be an integer, not the string "three"',
    },
  ]);
});

test('--output sarif is SARIF 2.1.0 with 1-based regions', () => {
  const dir = workspace({ 'bad.yaml': INVALID });
  const result = berth(['validate', dir, '--output', 'sarif', '--checks', 'none']);
  assert.equal(result.status, 1);
  const sarif = JSON.parse(result.stdout) as { version: string; runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[] }[] }[] };
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0]!;
  assert.equal(run.tool.driver.name, 'berth');
  assert.deepEqual(run.tool.driver.rules.map((r) => r.id), ['invalid-type']);
  assert.equal(run.results[0]!.level, 'error');
  assert.deepEqual(run.results[0]!.locations[0]!.physicalLocation.region.startLine, 6);
  assert.deepEqual(run.results[0]!.locations[0]!.physicalLocation.region.startColumn, 13);
});

test('--output junit fails a test case per error', () => {
  const dir = workspace({ 'bad.yaml': INVALID, 'good.yaml': VALID });
  const result = berth(['validate', dir, '--output', 'junit', '--checks', 'none']);
  assert.equal(result.status, 1);
  assert.match(result.stdout, /^<\?xml/);
  assert.match(result.stdout, /<testsuites name="berth validate" tests="2" failures="1">/);
  assert.match(result.stdout, /<failure type="invalid-type" message="replicas must be an integer, not the string &quot;three&quot;">/);
});

test('usage errors and unreadable paths exit 2 with a clear message', () => {
  const missing = berth(['validate', '/no/such/path.yaml']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /\/no\/such\/path\.yaml: no such file or directory/);
  const badFormat = berth(['validate', '.', '--output', 'xml']);
  assert.equal(badFormat.status, 2);
  assert.match(badFormat.stderr, /--output must be one of text, json, sarif, junit/);
  const badVersion = berth(['validate', '.', '--kubernetes-version', '1.12']);
  assert.equal(badVersion.status, 2);
  assert.match(badVersion.stderr, /1\.36/);
  const badFlag = berth(['validate', '--frobnicate']);
  assert.equal(badFlag.status, 2);
  assert.equal(berth(['nonsense']).status, 2);
});

test('--kubernetes-version picks the schemas', () => {
  const dir = workspace({ 'a.yaml': VALID });
  assert.equal(berth(['validate', dir, '--kubernetes-version', '1.33']).status, 0);
});

test('stdin is read with -', () => {
  const result = berth(['validate', '-', '--output', 'json'], { input: INVALID });
  assert.equal(result.status, 1);
  assert.equal((JSON.parse(result.stdout) as { diagnostics: { file: string }[] }).diagnostics[0]!.file, '<stdin>');
});

test('the samples workspace: only the mistakes file has errors', () => {
  const result = berth(['validate', 'samples', '--output', 'json']);
  const report = JSON.parse(result.stdout) as { diagnostics: { file: string; severity: string }[] };
  const filesWithErrors = new Set(report.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
  assert.deepEqual([...filesWithErrors], [join('samples', 'mistakes.yaml')]);
});

test('a NodePool may name a kubeconfig context instead of a Cluster document', () => {
  const pool = 'apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata:\n  name: edge\nspec:\n  cluster: prod-east\n  instanceType: ecs.g7.large\n';
  const dir = workspace({ 'pool.yaml': pool, 'kubeconfig': 'apiVersion: v1\nkind: Config\ncontexts:\n  - name: prod-east\n    context: {cluster: c, user: u}\n' });
  const withContext = berth(['validate', join(dir, 'pool.yaml')], { env: { ...process.env, KUBECONFIG: join(dir, 'kubeconfig') } });
  assert.equal(withContext.status, 0, withContext.stdout);
  const without = berth(['validate', join(dir, 'pool.yaml')], { env: { ...process.env, KUBECONFIG: join(dir, 'missing') } });
  assert.equal(without.status, 1);
  assert.match(without.stdout, /unknown-cluster/);
});
