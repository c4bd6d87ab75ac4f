// The CRD and custom-resource format cases of test/platform/crdCases.ts, dry-run on the local
// apiserver with `kubectl apply --dry-run=server`: each refused document is refused (naming the
// field Berth names), each accepted one accepted. The custom resources need their CRD to exist,
// so the formats CRD is created for the test and deleted after it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { useLocalCluster } from '../helpers/cluster';
import { clusterKubectl } from '../helpers/agreement/apiserverVerdicts';
import { CRD_CASES, FORMAT_CASES, FORMATS_CRD, FORMATS_CRD_NAME, IGNORED_FORMAT_SPECS, widget } from '../platform/crdCases';

interface Run {
  readonly code: number;
  readonly out: string;
}

/** kubectl with the local cluster's kubeconfig and a discovery cache of this test's own. */
function kubectl(kubeconfig: string, cacheDir: string, args: readonly string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(clusterKubectl(kubeconfig), ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** What kubectl printed, shortened for a failure message (the apiserver may print a whole schema). */
const brief = (run: Run): string => JSON.stringify(run.out.trim().length > 600 ? `${run.out.trim().slice(0, 600)}…` : run.out.trim());

const dryRun = (kubeconfig: string, cacheDir: string, namespace: string, text: string): Promise<Run> =>
  kubectl(kubeconfig, cacheDir, ['apply', '--dry-run=server', '--validate=strict', '-n', namespace, '-f', '-'], text);

describe('CRD rules and custom-resource formats agree with the apiserver', () => {
  it('every CRD Berth refuses the apiserver refuses, with the same words; every accepted one it accepts', async (t) => {
    const { kubeconfigPath, namespace } = await useLocalCluster(t);
    const cache = mkdtempSync(join(tmpdir(), 'berth-crd-rules-'));
    const disagreements: string[] = [];
    for (const c of CRD_CASES) {
      const refused = await dryRun(kubeconfigPath, cache, namespace, c.refused);
      if (refused.code === 0) disagreements.push(`accepted, Berth refuses: ${c.title}`);
      else if (!refused.out.includes(c.message)) disagreements.push(`${c.title}: the apiserver's words ${brief(refused)} lack ${JSON.stringify(c.message)}`);
      const accepted = await dryRun(kubeconfigPath, cache, namespace, c.accepted);
      if (accepted.code !== 0) disagreements.push(`refused, Berth accepts: ${c.title}: ${brief(accepted)}`);
    }
    assert.deepEqual(disagreements, []);
  });

  it('every custom resource value outside its format is refused, every one in it accepted', async (t) => {
    const { kubeconfigPath, namespace } = await useLocalCluster(t);
    const cache = mkdtempSync(join(tmpdir(), 'berth-crd-formats-'));
    const created = await kubectl(kubeconfigPath, cache, ['apply', '-f', '-'], FORMATS_CRD);
    assert.equal(created.code, 0, created.out);
    t.after(async () => {
      await kubectl(kubeconfigPath, cache, ['delete', 'customresourcedefinition', FORMATS_CRD_NAME, '--wait=false']);
    });
    const established = await kubectl(kubeconfigPath, cache, ['wait', '--for=condition=Established', '--timeout=60s', `customresourcedefinition/${FORMATS_CRD_NAME}`]);
    assert.equal(established.code, 0, established.out);
    const disagreements: string[] = [];
    for (const c of FORMAT_CASES) {
      const field = `spec.${/^\{(\w+):/.exec(c.refused)?.[1] ?? '?'}`;
      const refused = await dryRun(kubeconfigPath, cache, namespace, widget(c.refused));
      if (refused.code === 0) disagreements.push(`accepted, Berth refuses: ${c.title}: ${c.refused}`);
      else if (!refused.out.includes(field)) disagreements.push(`${c.title}: the apiserver's refusal ${brief(refused)} does not name ${field}`);
      const accepted = await dryRun(kubeconfigPath, cache, namespace, widget(c.accepted));
      if (accepted.code !== 0) disagreements.push(`refused, Berth accepts: ${c.title}: ${c.accepted}: ${brief(accepted)}`);
    }
    for (const spec of IGNORED_FORMAT_SPECS) {
      const accepted = await dryRun(kubeconfigPath, cache, namespace, widget(spec));
      if (accepted.code !== 0) disagreements.push(`refused, Berth accepts: ${spec}: ${brief(accepted)}`);
    }
    assert.deepEqual(disagreements, []);
  });
});
