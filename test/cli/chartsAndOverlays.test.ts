import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { findLocalTool } from '../../installation/tools/localTools';
import { berth, workspace } from '../helpers/cli';
import { repoRoot } from '../helpers/repo';

// Charts and overlays are rendered with the real helm and kubectl built from source; a machine
// without them fails here, loudly, rather than passing without rendering anything.
const fixture = join(repoRoot(), 'test/fixtures/sources');

function copyOfFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-sources-'));
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly severity: string;
  readonly message: string;
}

function findings(dir: string, args: readonly string[] = []): { status: number | null; findings: Finding[]; stderr: string } {
  const result = berth(['validate', dir, '--output', 'json', ...args]);
  const report = JSON.parse(result.stdout) as { diagnostics: { file: string; range: { start: { line: number } }; code: string; severity: string; message: string }[] };
  return {
    status: result.status,
    stderr: result.stderr,
    findings: report.diagnostics.map((d) => ({ file: d.file.slice(dir.length + 1), line: d.range.start.line + 1, code: d.code, severity: d.severity, message: d.message })),
  };
}

test('helm and kubectl are built for rendering', () => {
  assert.ok(findLocalTool('helm'), 'helm is missing: run `npm run cluster -- helm`');
  assert.ok(findLocalTool('kubectl'), 'kubectl is missing: run `npm run cluster -- build`');
});

test("a chart's bad value is reported on the values line, an overlay's on its patch line, and nothing on templates, helpers or partial patches", () => {
  const dir = copyOfFixture();
  const { status, findings: found } = findings(dir);
  const errors = found.filter((f) => f.severity === 'error');
  assert.deepEqual(
    errors.map((f) => `${f.file}:${f.line} ${f.code}`),
    ['overlay/prod/replicas.yaml:6 invalid-type', 'web/values.yaml:2 invalid-type'],
  );
  assert.match(errors[1]!.message, /replicas must be an integer, not the string "many".*helm template/);
  assert.equal(status, 1);
  // The patch is a partial Deployment: no "missing selector/template" on it.
  assert.ok(!found.some((f) => f.file === 'overlay/prod/replicas.yaml' && /missing|required/.test(f.code)), JSON.stringify(found));
  // Templates and helpers are not YAML until rendered: no syntax errors on them.
  assert.ok(!found.some((f) => f.file.startsWith('web/templates/') && f.code.startsWith('yaml')), JSON.stringify(found));
});

test('a finding that a template line writes lands on that line', () => {
  const dir = copyOfFixture();
  const { findings: found } = findings(dir);
  const probe = found.find((f) => f.code === 'no-liveness-probe' && f.file.startsWith('web/'));
  assert.equal(probe?.file, 'web/templates/deployment.yaml');
  assert.equal(probe?.line, 18, 'the container item line');
});

test('--set and --values render the chart as helm would: a fixed value clears the finding', () => {
  const dir = copyOfFixture();
  assert.ok(!findings(dir, ['--set', 'replicaCount=3']).findings.some((f) => f.severity === 'error' && f.file.startsWith('web/')));
  writeFileSync(join(dir, 'prod-values.yaml'), 'replicaCount: 2\n');
  assert.ok(!findings(join(dir, 'web'), ['--values', join(dir, 'prod-values.yaml')]).findings.some((f) => f.severity === 'error'));
});

test('a template that fails to render is one error on the template line helm names', () => {
  const dir = workspace({
    'Chart.yaml': 'apiVersion: v2\nname: broken\nversion: 0.1.0\n',
    'values.yaml': 'settings: {}\n',
    'templates/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config\ndata:\n  level: {{ .Values.settings.log.level }}\n',
  });
  const { status, findings: found } = findings(dir);
  assert.equal(status, 1);
  assert.deepEqual(found.map((f) => `${f.file}:${f.line} ${f.code}`), ['templates/config.yaml:6 render-failed']);
  assert.match(found[0]!.message, /nil pointer evaluating/);
});

test('an overlay with a missing base is one error on the kustomization line naming it', () => {
  const dir = workspace({ 'overlay/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../missing-base\n' });
  const { findings: found } = findings(dir);
  assert.deepEqual(found.map((f) => `${f.file}:${f.line} ${f.code}`), ['overlay/kustomization.yaml:4 render-failed']);
});

test('berth render prints what helm and kustomize produce, with --set applied', () => {
  const chart = berth(['render', join(fixture, 'web'), '--set', 'replicaCount=4', '--release', 'shop']);
  assert.equal(chart.status, 0, chart.stderr);
  const objects = parseAllDocuments(chart.stdout).map((d) => d.toJS() as { kind: string; metadata: { name: string }; spec: { replicas?: number } });
  assert.deepEqual(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort(), ['Deployment/shop-web', 'Service/shop-web']);
  assert.equal(objects.find((o) => o.kind === 'Deployment')?.spec.replicas, 4);
  const overlay = berth(['render', join(fixture, 'overlay/prod'), '--output', 'json']);
  assert.equal(overlay.status, 0, overlay.stderr);
  const list = JSON.parse(overlay.stdout) as { items: { metadata: { name: string } }[] };
  assert.deepEqual(list.items.map((i) => i.metadata.name), ['prod-api']);
});

test('berth render names the file and line of a rendering failure on stderr', () => {
  const dir = workspace({ 'Chart.yaml': 'apiVersion: v2\nname: broken\nversion: 0.1.0\n', 'templates/x.yaml': 'a: {{ fail "no way" }}\n' });
  const result = berth(['render', dir]);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /templates\/x\.yaml:1: .*no way/);
  assert.equal(readFileSync(join(dir, 'templates/x.yaml'), 'utf8'), 'a: {{ fail "no way" }}\n', 'nothing is written into the chart');
});

test("values.yaml is checked against the chart's values.schema.json, once, where the value is", () => {
  const dir = copyOfFixture();
  writeFileSync(join(dir, 'web/values.schema.json'), JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { replicaCount: { type: 'integer', minimum: 0 } } }));
  const { findings: found } = findings(join(dir, 'web'));
  const errors = found.filter((f) => f.severity === 'error');
  assert.deepEqual(errors.map((f) => `${f.file}:${f.line} ${f.code}`), ['values.yaml:2 values-invalid-type'], 'helm refuses to render; Berth says where, and only once');
});

test('Chart.yaml and kustomization.yaml are checked as helm and kustomize read them', () => {
  const dir = workspace({
    'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: not-semver\n',
    'chart/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    'overlay/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresourcez:\n  - cm.yaml\n',
  });
  const { findings: found } = findings(dir);
  assert.ok(found.some((f) => f.file === 'chart/Chart.yaml' && f.line === 3 && f.code.startsWith('chart-')), JSON.stringify(found));
  assert.ok(found.some((f) => f.file === 'overlay/kustomization.yaml' && f.line === 3 && f.code === 'kustomize-unknown-field'), JSON.stringify(found));
});
