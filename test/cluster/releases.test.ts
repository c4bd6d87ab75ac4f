// Releases on the local cluster: promoting a canary to the stable Deployment, and switching a
// blue-green Service between colours, through the cluster library and the CLI. Every wait is a
// watch or a bounded wait inside the operation under test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { applyObjects, labelForApplication, promoteCanary, switchBlueGreen, type KubeClient, type KubeObject } from '../../kube';
import { runPromote, runSwitch } from '../../cli/src/commands/release';
import { renderManifests } from '../../platform/render';
import { catalog } from '../helpers/catalog';
import { cli } from '../helpers/cliCommand';
import { useLocalCluster } from '../helpers/cluster';
import { imageOf, rolledOut } from '../helpers/clusterWorkloads';
import { client, must } from '../helpers/kubeClient';
import { repoRoot } from '../helpers/repo';

const root = repoRoot();

function docs(file: string): Record<string, unknown>[] {
  return parseAllDocuments(readFileSync(join(root, file), 'utf8')).map((d) => d.toJS() as Record<string, unknown>);
}

/** Renders a sample Application into `namespace` and applies what it becomes. */
async function deployApplication(kube: KubeClient, file: string, namespace: string): Promise<KubeObject[]> {
  const app = docs(file)[0]!;
  const metadata = { ...(app['metadata'] as Record<string, unknown>) };
  delete metadata['namespace'];
  const rendered = renderManifests([{ ...app, metadata }, ...docs('samples/platform/local-cluster.yaml')], catalog, { namespace });
  const objects = rendered.objects.filter((o) => o.source.kind === 'Application').map((o) => labelForApplication(o.object as KubeObject, o.source.name));
  assert.ok(objects.length > 0, `rendered nothing: ${rendered.problems.join('; ')}`);
  const applied = must(await applyObjects(kube, objects));
  assert.deepEqual(applied.results.filter((r) => r.action === 'failed').map((r) => `${r.kind}/${r.name}: ${r.error?.message}`), []);
  return objects;
}

describe('canary and blue-green releases on the local cluster', () => {
  it('promotes a canary: the stable Deployment runs the canary image with all replicas, the canary goes to 0', async (t) => {
    const cluster = await useLocalCluster(t);
    const kube = await client(cluster.kubeconfigPath, cluster.namespace);
    await deployApplication(kube, 'samples/apps/catalog.yaml', cluster.namespace);
    await rolledOut(kube, 'catalog');
    await rolledOut(kube, 'catalog-canary');
    const canaryImage = 'hashicorp/http-echo:1.1';
    must(
      await kube.request({
        method: 'PATCH',
        path: `/apis/apps/v1/namespaces/${cluster.namespace}/deployments/catalog-canary`,
        contentType: 'application/strategic-merge-patch+json',
        body: { spec: { template: { spec: { containers: [{ name: 'catalog', image: canaryImage }] } } } },
        operation: { verb: 'patch', resource: 'deployments' },
      }),
    );
    await rolledOut(kube, 'catalog-canary');

    const promoted = must(await promoteCanary(kube, 'catalog', { timeoutMs: 90_000 }));
    assert.deepEqual(promoted.images, [`catalog=${canaryImage}`]);
    assert.deepEqual(promoted.previousImages, ['catalog=hashicorp/http-echo:1.0']);
    assert.deepEqual([promoted.stableReplicas, promoted.canaryReplicas], [{ previous: 4, replicas: 5 }, { previous: 1, replicas: 0 }]);
    assert.equal(await imageOf(kube, 'catalog'), canaryImage);
    const stable = must(await kube.request<{ spec: { replicas: number; template: { metadata: { labels: Record<string, string> } } }; status: { availableReplicas?: number } }>({ method: 'GET', path: `/apis/apps/v1/namespaces/${cluster.namespace}/deployments/catalog`, operation: { verb: 'get', resource: 'deployments' } }));
    assert.equal(stable.body.spec.replicas, 5);
    assert.equal(stable.body.status.availableReplicas, 5);
    assert.equal(stable.body.spec.template.metadata.labels['berth.dev/track'], 'stable');
    const canary = must(await kube.request<{ spec: { replicas: number } }>({ method: 'GET', path: `/apis/apps/v1/namespaces/${cluster.namespace}/deployments/catalog-canary`, operation: { verb: 'get', resource: 'deployments' } }));
    assert.equal(canary.body.spec.replicas, 0);

    const twice = await cli(runPromote, ['catalog', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.equal(twice.code, 0, twice.err);
    assert.match(twice.out, /nothing to promote/);
    const notCanary = await promoteCanary(kube, 'nope');
    assert.ok(!notCanary.ok);
    assert.equal(notCanary.error.kind, 'notFound');
  });

  it('switches a blue-green Service to the other colour; the stale Application then conflicts on deploy', async (t) => {
    const cluster = await useLocalCluster(t);
    const kube = await client(cluster.kubeconfigPath, cluster.namespace);
    const objects = await deployApplication(kube, 'samples/apps/checkout.yaml', cluster.namespace);
    await rolledOut(kube, 'checkout-blue');
    await rolledOut(kube, 'checkout-green');
    const selector = async () => must(await kube.request<{ spec: { selector: Record<string, string> } }>({ method: 'GET', path: `/api/v1/namespaces/${cluster.namespace}/services/checkout`, operation: { verb: 'get', resource: 'services' } })).body.spec.selector;
    assert.equal((await selector())['berth.dev/color'], 'blue');

    const switched = must(await switchBlueGreen(kube, 'checkout'));
    assert.deepEqual([switched.from, switched.to, switched.unchanged], ['blue', 'green', false]);
    assert.deepEqual(await selector(), { 'app.kubernetes.io/name': 'checkout', 'berth.dev/color': 'green' });

    // Redeploying files that still say blue does not silently switch back.
    const stale = must(await applyObjects(kube, objects));
    const service = stale.results.find((r) => r.kind === 'Service');
    assert.equal(service?.action, 'failed');
    assert.equal(service?.error?.kind, 'conflict');
    assert.equal((await selector())['berth.dev/color'], 'green');

    const same = await cli(runSwitch, ['checkout', '--to', 'green', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.equal(same.code, 0, same.err);
    assert.match(same.out, /already selects green/);
    const back = await cli(runSwitch, ['checkout', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.equal(back.code, 0, back.err);
    assert.match(back.out, /switched from green to blue/);
    assert.equal((await selector())['berth.dev/color'], 'blue');

    // A colour that is not available is refused.
    must(await kube.request({ method: 'PATCH', path: `/apis/apps/v1/namespaces/${cluster.namespace}/deployments/checkout-green/scale`, contentType: 'application/merge-patch+json', body: { spec: { replicas: 0 } }, operation: { verb: 'patch', resource: 'deployments/scale' } }));
    await rolledOut(kube, 'checkout-green');
    const refused = await switchBlueGreen(kube, 'checkout');
    assert.ok(!refused.ok, JSON.stringify(refused));
    assert.match(refused.error.message, /Not switching Service "checkout" to green: deployment "checkout-green" is scaled to 0/);
  });
});
