// The kind provider against the real `kind` executable and a container engine. Where there is no
// Docker or Podman (CI sandboxes, this repository's development container) it skips LOUDLY: the
// command lines and configs are covered by test/kube/provision.test.ts against the recording stand-in.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { kindClusterDown, kindClusterUp, loadKubeconfig, openCluster } from '../../kube';
import type { Cluster } from '../../platform/model';
import { renderKindConfig } from '../../platform/render';

function missing(): string | undefined {
  if (spawnSync('kind', ['version']).status !== 0) return 'the `kind` executable is not on PATH';
  const engine = ['docker', 'podman'].find((e) => spawnSync(e, ['info'], { stdio: 'ignore' }).status === 0);
  return engine ? undefined : 'no container engine answers (`docker info` and `podman info` both fail)';
}

const why = missing();
if (why) {
  process.stderr.write(`\n!!! SKIPPED: real kind provisioning: ${why}. Only the recording stand-in was tested. !!!\n\n`);
}

it('creates a real kind cluster, selects its context, and deletes it', { skip: why ? `REAL KIND NOT TESTED: ${why}` : false, timeout: 600_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-kind-'));
  const kubeconfigFile = join(dir, 'config');
  const cluster: Cluster = { metadata: { name: `berth-test-${process.pid}` }, spec: { type: 'serverless', provider: 'kind' } };
  t.after(async () => {
    await kindClusterDown(cluster.metadata.name, { kubeconfigFile });
    rmSync(dir, { recursive: true, force: true });
  });
  const up = await kindClusterUp(cluster, { kubeconfigFile, config: renderKindConfig(cluster, []), onProgress: (l) => t.diagnostic(l) });
  assert.ok(up.ok, up.ok ? '' : up.error.message);
  const kc = loadKubeconfig({ kubeconfigEnv: kubeconfigFile });
  assert.ok(kc.ok);
  assert.equal(kc.value.currentContext, `kind-${cluster.metadata.name}`);
  const client = await openCluster({ kubeconfigEnv: kubeconfigFile });
  assert.ok(client.ok);
  const nodes = await client.value.request<{ items: unknown[] }>({ method: 'GET', path: '/api/v1/nodes', operation: { verb: 'list', resource: 'nodes' } });
  assert.ok(nodes.ok, nodes.ok ? '' : nodes.error.message);
  assert.equal(nodes.value.body.items.length, 1);
});
