// `berth deploy --dry-run --output json` against the local cluster: what the server refuses comes
// back as findings on the source file and document, with the field it blamed.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../kube';
import { runDeploy } from '../../cli/src/commands/deploy';
import { cli as runCommand } from '../helpers/cliCommand';
import { useLocalCluster } from '../helpers/cluster';
import { deployment } from '../helpers/clusterWorkloads';
import { repoRoot } from '../helpers/repo';

const root = repoRoot();

/** `berth deploy` with these arguments against the cluster the kubeconfig file points at. */
const cli = (argv: string[], kubeconfigPath: string) => runCommand(runDeploy, argv, kubeconfigPath);

describe('dry-run findings', () => {
  it('--dry-run --output json names the file, the document index and the field the server blamed', async (t) => {
    const { kubeconfigPath, namespace } = await useLocalCluster(t);
    const dir = mkdtempSync(join(tmpdir(), 'berth-findings-'));
    const file = join(dir, 'app.yaml');
    const bad = deployment('web', 1) as { spec: { replicas: number } } & KubeObject;
    bad.spec.replicas = -1;
    writeFileSync(file, `# leading comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\n${JSON.stringify(bad)}\n`);
    const r = await cli([file, '--dry-run', '--output', 'json', '--namespace', namespace], kubeconfigPath);
    assert.equal(r.code, 1, r.err);
    const report = JSON.parse(r.out) as { findings: { file: string; documentIndex: number; object: string; field?: string; message: string }[]; results: { name: string; action: string; file?: string; documentIndex?: number }[] };
    assert.deepEqual(
      report.findings.map((f) => ({ file: f.file, documentIndex: f.documentIndex, object: f.object, field: f.field })),
      [{ file, documentIndex: 2, object: `Deployment ${namespace}/web`, field: 'spec.replicas' }],
    );
    assert.match(report.findings[0]!.message, /spec\.replicas: Invalid value: -1/);
    assert.deepEqual(report.results.find((x) => x.name === 'ok'), { apiVersion: 'v1', kind: 'ConfigMap', name: 'ok', namespace, action: 'created', file, documentIndex: 1 });
  });

  it('objects rendered from an Application point at the Application document, without a field', async (t) => {
    const { kubeconfigPath, namespace } = await useLocalCluster(t);
    const dir = mkdtempSync(join(tmpdir(), 'berth-findings-'));
    const file = join(dir, 'platform.yaml');
    const platform = readFileSync(join(root, 'samples/platform/local-cluster.yaml'), 'utf8');
    // A port the apiserver refuses, so the rendered Service and Deployment both fail validation.
    writeFileSync(file, `${platform}\n---\napiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: shop\nspec:\n  cluster: local\n  image: nginx:1.27\n  replicas: 1\n  ports:\n    - {name: http, port: 70000}\n`);
    const r = await cli([file, '--dry-run', '--output', 'json', '--namespace', namespace], kubeconfigPath);
    assert.equal(r.code, 1, r.err);
    const report = JSON.parse(r.out) as { findings: { file: string; documentIndex: number; object: string; field?: string; message: string }[] };
    assert.deepEqual(
      report.findings.map(({ message: _message, ...f }) => f).sort((a, b) => a.object.localeCompare(b.object)),
      [
        { file, documentIndex: 3, object: `Deployment ${namespace}/shop` },
        { file, documentIndex: 3, object: `Service ${namespace}/shop` },
      ],
    );
    assert.match(report.findings.find((f) => f.object.startsWith('Deployment'))!.message, /containerPort: Invalid value: 70000/);
  });
});
