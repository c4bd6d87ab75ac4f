// `berth upgrade-check`: what an upgrade would break in a prepared workspace, as a table and as
// JSON, and its exit codes. The live half is tested in test/kube (a stand-in server) and
// test/cluster (the local control plane).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { berth, workspace } from '../helpers/cli';

const dir = workspace({
  'deploy/disruption.yaml': 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  minAvailable: 1\n',
  'deploy/scaling.yaml': '# scales web\napiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 3\n',
  'deploy/jobs.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n---\napiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: report\n  namespace: ops\n',
  'platform/flow.yaml': 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata:\n  name: tenants\n',
  'clean/web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
});

interface Finding {
  file?: string;
  range?: { start: { line: number; character: number } };
  object?: { apiVersion: string; kind: string; namespace?: string; name?: string };
  source: string;
  severity: string;
  removedIn?: string;
  replacement?: { apiVersion: string; kind: string } | null;
  message: string;
}

function json(args: readonly string[]): { status: number | null; findings: Finding[]; summary: Record<string, unknown> } {
  const result = berth(['upgrade-check', ...args, '--output', 'json'], { cwd: dir });
  assert.equal(result.stderr, '');
  const parsed = JSON.parse(result.stdout) as { findings: Finding[]; summary: Record<string, unknown> };
  return { status: result.status, ...parsed };
}

test('--to 1.25: a table of what breaks, with file, line, object and fix; exit 1', () => {
  const result = berth(['upgrade-check', '--to', '1.25', 'deploy', 'platform'], { cwd: dir });
  assert.equal(result.status, 1, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^SEVERITY\s+WHERE\s+OBJECT\s+PROBLEM AND FIX$/);
  assert.match(lines[1]!, /^BREAKING\s+deploy\/disruption\.yaml:1\s+PodDisruptionBudget shop\/web\s+policy\/v1beta1 PodDisruptionBudget is not served from Kubernetes 1\.25 on: use policy\/v1 PodDisruptionBudget\./);
  assert.match(lines[2]!, /^BREAKING\s+deploy\/jobs\.yaml:6\s+CronJob ops\/report\s+batch\/v1beta1 CronJob is not served from Kubernetes 1\.25 on: use batch\/v1 CronJob\.$/);
  assert.match(lines[3]!, /^warning\s+deploy\/scaling\.yaml:2\s+HorizontalPodAutoscaler shop\/web\s+autoscaling\/v2beta2 HorizontalPodAutoscaler is deprecated since Kubernetes 1\.23 and not served from 1\.26: use autoscaling\/v2/);
  assert.equal(lines[4], '');
  assert.equal(lines[5], 'Upgrade to Kubernetes 1.25: 2 breaking, 1 warning in 4 workspace files.');
  assert.equal(lines.length, 6, 'flowcontrol v1beta3 is no finding at 1.25');
});

test('--output json: the four named APIs at 1.32, each with its object, file, range and replacement', () => {
  const { status, findings, summary } = json(['--to', '1.32', '.']);
  assert.equal(status, 1);
  assert.deepEqual(
    findings.map((f) => [f.file, f.range?.start.line, f.object?.apiVersion, f.object?.kind, f.object?.name, f.source, f.severity, f.removedIn, f.replacement?.apiVersion]),
    [
      ['deploy/disruption.yaml', 0, 'policy/v1beta1', 'PodDisruptionBudget', 'web', 'workspace', 'breaking', '1.25', 'policy/v1'],
      ['deploy/jobs.yaml', 5, 'batch/v1beta1', 'CronJob', 'report', 'workspace', 'breaking', '1.25', 'batch/v1'],
      ['deploy/scaling.yaml', 1, 'autoscaling/v2beta2', 'HorizontalPodAutoscaler', 'web', 'workspace', 'breaking', '1.26', 'autoscaling/v2'],
      ['platform/flow.yaml', 0, 'flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', 'tenants', 'workspace', 'breaking', '1.32', 'flowcontrol.apiserver.k8s.io/v1'],
    ],
  );
  assert.equal(findings[0]!.range?.start.character, 'apiVersion: '.length);
  for (const f of findings) assert.match(f.message, /: use \S+ \S+\./);
  assert.deepEqual(summary, { target: '1.32', findings: 4, breaking: 4, warnings: 0, bySource: { workspace: 4, cluster: 0, helm: 0 }, files: 5, notes: [] });
});

test('exit 0 when nothing breaks (warnings at most), and for a clean workspace', () => {
  const deprecatedOnly = json(['--to', '1.24', 'deploy/scaling.yaml']);
  assert.equal(deprecatedOnly.status, 0);
  assert.deepEqual(deprecatedOnly.findings.map((f) => f.severity), ['warning']);
  const clean = berth(['upgrade-check', '--to', '1.36', 'clean'], { cwd: dir });
  assert.equal(clean.status, 0);
  assert.equal(clean.stdout, 'Upgrade to Kubernetes 1.36: 0 breaking, 0 warnings in 1 workspace file.\n');
});

test('--output markdown is the editor\'s report', () => {
  const result = berth(['upgrade-check', '--to', '1.25', 'deploy', '--output', 'markdown'], { cwd: dir });
  assert.equal(result.status, 1);
  assert.match(result.stdout, /^# Upgrade check: Kubernetes 1\\\.25\n/);
  assert.match(result.stdout, /## Breaking\n\n\| where \| object \| API version \| problem and fix \|/);
  assert.match(result.stdout, /\| deploy\\\/disruption\\\.yaml\\:1 \| PodDisruptionBudget shop\\\/web \| ` policy\/v1beta1 ` \|/);
});

test('usage errors exit 2: no --to, a --to that is no version, an unknown format, a missing path', () => {
  const cases: [string[], RegExp][] = [
    [['deploy'], /--to is required/],
    [['--to', 'latest', 'deploy'], /--to latest is not a Kubernetes version/],
    [['--to', '1.25', '--output', 'sarif', 'deploy'], /--output must be one of text, json, markdown/],
    [['--to', '1.25', join(dir, 'nothing-here')], /no such file or directory/],
  ];
  for (const [args, message] of cases) {
    const result = berth(['upgrade-check', ...args], { cwd: dir });
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, message);
  }
  const help = berth(['upgrade-check', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: berth upgrade-check --to X\.Y/);
  assert.match(berth(['--help']).stdout, /berth upgrade-check --to X\.Y \[paths\.\.\.\]/);
});

test('with no paths the live cluster is checked: an unreachable one is exit 2, named', () => {
  const config = workspace({ config: 'apiVersion: v1\nkind: Config\ncurrent-context: gone\nclusters: [{name: gone, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: gone, context: {cluster: gone, user: u}}]\n' });
  const result = berth(['upgrade-check', '--to', '1.36'], { cwd: dir, env: { ...process.env, KUBECONFIG: join(config, 'config') } });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /gone/);
  assert.equal(result.stdout, '');
});
