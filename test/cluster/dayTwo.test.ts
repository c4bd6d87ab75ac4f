// Day-two operations of the cluster library (kube/) (rollout history/undo, canary promote, blue-green switch,
// describe, the shared watch cache) and their CLI commands, against the real local control plane
// (kube-apiserver + controller-manager + kwok nodes). Every wait is a watch or a bounded poll.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { err } from '../../platform/result';
import {
  applyObjects,
  describeObject,
  errorFromStatus,
  labelForApplication,
  listEvents,
  openCluster,
  openWatchCaches,
  promoteCanary,
  rolloutHistory,
  rolloutStatus,
  switchBlueGreen,
  undoRollout,
  watchCache,
  type KubeClient,
  type KubeObject,
  type WatchCache,
  type WatchCacheEvent,
} from '../../kube';
import { runDescribe } from '../../cli/src/commands/describe';
import { runLogs } from '../../cli/src/commands/logs';
import { runPromote, runSwitch } from '../../cli/src/commands/release';
import { runRollout } from '../../cli/src/commands/rollout';
import { runScale } from '../../cli/src/commands/scale';
import type { CommandIo } from '../../cli/src/commands/validate';
import { renderManifests } from '../../platform/render';
import { configuredLogLines, useLocalCluster } from '../helpers/cluster';
import { repoRoot } from '../helpers/repo';

const root = repoRoot();
const catalog = (JSON.parse(readFileSync(join(root, 'schemas/platform/instance-catalog.json'), 'utf8')) as { instanceTypes: never[] }).instanceTypes;

function docs(file: string): Record<string, unknown>[] {
  return parseAllDocuments(readFileSync(join(root, file), 'utf8')).map((d) => d.toJS() as Record<string, unknown>);
}

async function client(kubeconfigPath: string, namespace: string): Promise<KubeClient> {
  const c = await openCluster({ kubeconfigEnv: kubeconfigPath, namespace });
  assert.ok(c.ok, c.ok ? '' : c.error.message);
  return c.value;
}

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
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

async function rolledOut(kube: KubeClient, name: string): Promise<void> {
  must(await rolloutStatus(kube, { kind: 'Deployment', name }, { timeoutMs: 90_000 }));
}

async function imageOf(kube: KubeClient, name: string): Promise<string | undefined> {
  const d = must(await kube.request<{ spec: { template: { spec: { containers: { image: string }[] } } } }>({ method: 'GET', path: `/apis/apps/v1/namespaces/${kube.namespace}/deployments/${name}`, operation: { verb: 'get', resource: 'deployments' } }));
  return d.body.spec.template.spec.containers[0]?.image;
}

async function setImage(kube: KubeClient, name: string, image: string): Promise<void> {
  must(
    await kube.request({
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${kube.namespace}/deployments/${name}`,
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { template: { spec: { containers: [{ name: 'web', image }] } } } },
      operation: { verb: 'patch', resource: 'deployments', name },
    }),
  );
  await rolledOut(kube, name);
}

/** A CLI command's io, capturing its output. */
function captureIo(): CommandIo & { out: () => string; err: () => string } {
  let out = '';
  let errText = '';
  return { stdout: (t) => void (out += t), stderr: (t) => void (errText += t), readStdin: () => '', version: 'test', out: () => out, err: () => errText };
}

async function cli(run: (argv: readonly string[], io: CommandIo) => Promise<number>, argv: string[], kubeconfigPath: string): Promise<{ code: number; out: string; err: string }> {
  const saved = process.env.KUBECONFIG;
  process.env.KUBECONFIG = kubeconfigPath;
  try {
    const io = captureIo();
    const code = await run(argv, io);
    return { code, out: io.out(), err: io.err() };
  } finally {
    if (saved === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = saved;
  }
}

/** The next event of a watch cache that satisfies `match`, or a timeout naming what was awaited. */
function nextEvent<T extends KubeObject>(cache: WatchCache<T>, match: (e: WatchCacheEvent<T>) => boolean, what: string, timeoutMs = 30_000): Promise<WatchCacheEvent<T>> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${what}; saw: ${seen.join(', ') || 'nothing'}`));
    }, timeoutMs);
    const sub = cache.onChange((e) => {
      seen.push(e.type === 'synced' ? `synced(${e.items.length}${e.relist ? ', relist' : ''})` : e.type === 'error' ? `error(${e.error.message})` : `${e.type} ${e.object.metadata.name}`);
      if (match(e)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(e);
      }
    });
  });
}

const deployment = (name: string, image: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image }] } },
  },
});

describe('day-two operations on the local cluster', () => {
  it('rollout history after two image changes; undo returns the previous image, --to-revision the first; scale and logs through the CLI', async (t) => {
    const cluster = await useLocalCluster(t);
    const kube = await client(cluster.kubeconfigPath, cluster.namespace);
    must(await applyObjects(kube, [deployment('web', 'nginx:1.25')]));
    await rolledOut(kube, 'web');
    await setImage(kube, 'web', 'nginx:1.26');
    await setImage(kube, 'web', 'nginx:1.27');

    const history = must(await rolloutHistory(kube, { kind: 'Deployment', name: 'web' }));
    assert.deepEqual(history.map((r) => [r.revision, r.images[0], r.current]), [[1, 'web=nginx:1.25', false], [2, 'web=nginx:1.26', false], [3, 'web=nginx:1.27', true]]);
    assert.ok(history.every((r) => r.template.metadata?.labels?.['pod-template-hash'] === undefined));

    const undone = must(await undoRollout(kube, { kind: 'Deployment', name: 'web' }));
    assert.deepEqual([undone.revision, undone.skipped, undone.images], [2, false, ['web=nginx:1.26']]);
    await rolledOut(kube, 'web');
    assert.equal(await imageOf(kube, 'web'), 'nginx:1.26');
    // The ReplicaSet of revision 2 is reused and becomes revision 4, as with kubectl.
    const after = must(await rolloutHistory(kube, { kind: 'Deployment', name: 'web' }));
    assert.deepEqual(after.map((r) => [r.revision, r.images[0], r.current]), [[1, 'web=nginx:1.25', false], [3, 'web=nginx:1.27', false], [4, 'web=nginx:1.26', true]]);

    const missing = await undoRollout(kube, { kind: 'Deployment', name: 'web' }, { toRevision: 2 });
    assert.ok(!missing.ok);
    assert.match(missing.error.message, /Unable to find revision 2 .*revisions 1, 3, 4/);

    const undoCli = await cli(runRollout, ['undo', 'deployment/web', '--to-revision', '1', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.equal(undoCli.code, 0, undoCli.err);
    assert.match(undoCli.out, /deployment\.apps\/web rolled back to revision 1 \(web=nginx:1\.25\)/);
    const status = await cli(runRollout, ['status', 'deploy/web', '--timeout', '90', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.equal(status.code, 0, status.err);
    assert.match(status.out, /deployment "web" successfully rolled out\n$/);
    assert.equal(await imageOf(kube, 'web'), 'nginx:1.25');
    const historyCli = await cli(runRollout, ['history', 'deployment/web', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.equal(historyCli.code, 0, historyCli.err);
    assert.match(historyCli.out, /^deployment\.apps\/web\nREVISION  CHANGE-CAUSE\n3 .*\n4 .*\n5 .*web=nginx:1\.25.*current/);
    const again = await cli(runRollout, ['undo', 'deployment/web', '--to-revision', '5', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.match(again.out, /skipped rollback \(current template already matches revision 5\)/);

    const scaled = await cli(runScale, ['deployment/web', '--replicas', '3', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.equal(scaled.code, 0, scaled.err);
    assert.match(scaled.out, /deployment\.apps\/web scaled from 2 to 3/);
    await rolledOut(kube, 'web');
    const logs = await cli(runLogs, ['deployment/web', '--tail', '5', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.equal(logs.code, 0, logs.err);
    const pods = new Set(logs.out.split('\n').filter(Boolean).map((l) => /^\[(web-[a-z0-9-]+)\/web\] /.exec(l)?.[1]));
    assert.ok(!pods.has(undefined), `unprefixed line in: ${logs.out.slice(0, 300)}`);
    assert.equal(pods.size, 3, logs.out.slice(0, 500));
    assert.ok(configuredLogLines().some((line) => logs.out.includes(line)));
    const usage = await cli(runScale, ['deployment/web', '--replicas', 'many'], cluster.kubeconfigPath).catch((e: Error) => e);
    assert.ok(usage instanceof Error && usage.name === 'UsageError');
  });

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

  it('describes a Deployment (conditions, events), a Pod (owner chain) and a Secret (masked unless revealed)', async (t) => {
    const cluster = await useLocalCluster(t);
    const kube = await client(cluster.kubeconfigPath, cluster.namespace);
    must(await applyObjects(kube, [deployment('api', 'nginx:1.27'), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 's3cret-value', user: 'admin' } } as KubeObject]));
    await rolledOut(kube, 'api');
    // The controller-manager records its scaling as an event; wait for it (bounded).
    const deadline = Date.now() + 30_000;
    let events = must(await listEvents(kube, { object: { kind: 'Deployment', name: 'api', namespace: cluster.namespace } }));
    while (events.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      events = must(await listEvents(kube, { object: { kind: 'Deployment', name: 'api', namespace: cluster.namespace } }));
    }
    assert.ok(events.length > 0, 'no events for deployment/api within 30s');

    const d = must(await describeObject(kube, { kind: 'deploy', name: 'api' }));
    assert.match(d.markdown, /^# Deployment .*\/api\n/);
    assert.match(d.markdown, /## Conditions\n\n\| Type \| Status \| Reason \| Message \| Since \|\n\|---\|---\|---\|---\|---\|\n(\| .*\n)*\| Available \| True \|/);
    assert.match(d.markdown, /\| Progressing \| True \| NewReplicaSetAvailable \|/);
    assert.match(d.markdown, /## Events\n\n\| Type \| Reason .*\n.*\n\| Normal \| ScalingReplicaSet \|/);
    assert.match(d.markdown, /deployment "api" successfully rolled out/);

    const pods = must(await kube.request<{ items: KubeObject[] }>({ method: 'GET', path: `/api/v1/namespaces/${cluster.namespace}/pods`, query: { labelSelector: 'app=api' }, operation: { verb: 'list', resource: 'pods' } })).body.items;
    const pod = must(await describeObject(kube, { kind: 'pod', name: pods[0]!.metadata.name! }));
    assert.deepEqual(pod.owners.map((o) => o.kind), ['ReplicaSet', 'Deployment']);
    assert.match(pod.markdown, /## Owners\n\nPod\/api-[a-z0-9-]+ → ReplicaSet\/api-[a-z0-9]+ → Deployment\/api\n/);

    const secret = await cli(runDescribe, ['secret/db', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.equal(secret.code, 0, secret.err);
    assert.match(secret.out, /`password`:\*\* <masked: 12 bytes>/);
    assert.match(secret.out, /`user`:\*\* <masked: 5 bytes>/);
    assert.ok(!secret.out.includes('s3cret-value') && !secret.out.includes(Buffer.from('s3cret-value').toString('base64')), secret.out);
    const json = await cli(runDescribe, ['secret/db', '-o', 'json', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.ok(!json.out.includes(Buffer.from('s3cret-value').toString('base64')) && !json.out.includes('s3cret-value'));
    const revealed = await cli(runDescribe, ['secret/db', '--reveal', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.match(revealed.out, /`password`:\*\* `s3cret-value` \(12 bytes\)/);
    const unknown = await cli(runDescribe, ['widget/x', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /no resource type "widget"/);
  });

  it('the shared watch cache sees an added and a deleted ConfigMap, and survives a relist after 410 Gone', async (t) => {
    const cluster = await useLocalCluster(t);
    const kube = await client(cluster.kubeconfigPath, cluster.namespace);
    // A real 410 needs the server to have compacted the watched resourceVersion, which a fresh
    // local cluster has not (it replays from any version). So on demand the next watch request is
    // answered here with the KubeError the client makes of a 410 Expired Status, after a ConfigMap
    // was created that no watch will report: only a relist can find it. Lists and all other
    // watches are the real server's.
    let goneNextWatch = false;
    const wrapped: KubeClient = {
      ...kube,
      async watch(options, onEvent) {
        if (goneNextWatch) {
          goneNextWatch = false;
          await createConfigMap('during-gap');
          return err(errorFromStatus(410, { kind: 'Status', reason: 'Expired', message: 'too old resource version: 1 (4242)', code: 410 }, options.operation));
        }
        return kube.watch(options, onEvent);
      },
    };
    const createConfigMap = async (name: string) => must(await kube.request({ method: 'POST', path: `/api/v1/namespaces/${cluster.namespace}/configmaps`, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: name } }, operation: { verb: 'create', resource: 'configmaps' } }));
    const deleteConfigMap = async (name: string) => must(await kube.request({ method: 'DELETE', path: `/api/v1/namespaces/${cluster.namespace}/configmaps/${name}`, operation: { verb: 'delete', resource: 'configmaps' } }));

    const resource = { apiVersion: 'v1', plural: 'configmaps' };
    const first = watchCache(wrapped, resource, { namespace: cluster.namespace, backoff: { initialMs: 100, maxMs: 2000 } });
    const second = watchCache(wrapped, resource, { namespace: cluster.namespace });
    t.after(() => {
      first.dispose();
      second.dispose();
    });
    assert.deepEqual(openWatchCaches(wrapped), [{ key: `v1/configmaps@${cluster.namespace}`, subscribers: 2 }]);
    must(await first.whenSynced({ timeoutMs: 30_000 }));
    assert.equal(first.lists, 1);
    // kube-root-ca.crt is published into each namespace by the controller-manager.
    const before = first.items().length;

    const added = nextEvent(second, (e) => e.type === 'added' && e.object.metadata.name === 'alpha', 'alpha to be added');
    await createConfigMap('alpha');
    await added;
    assert.equal(first.get('alpha')?.metadata.name, 'alpha');
    const deleted = nextEvent(first, (e) => e.type === 'deleted' && e.object.metadata.name === 'alpha', 'alpha to be deleted');
    await deleteConfigMap('alpha');
    await deleted;
    assert.equal(second.get('alpha'), undefined);

    // resync() lists again and restarts the watch; that watch gets 410 Gone, so the
    // cache lists a third time and reports the ConfigMap made meanwhile as added.
    const gap = nextEvent(first, (e) => e.type === 'added' && e.object.metadata.name === 'during-gap', 'during-gap to be found by the relist after 410');
    const resynced = nextEvent(first, (e) => e.type === 'synced' && e.relist && e.items.some((i) => i.metadata.name === 'during-gap'), 'a relist holding during-gap');
    goneNextWatch = true;
    first.resync();
    await gap;
    await resynced;
    assert.equal(first.lists, 3, 'resync list + the list after 410 Gone');
    assert.equal(first.items().length, before + 1);

    // And it keeps watching after the relist.
    const later = nextEvent(second, (e) => e.type === 'added' && e.object.metadata.name === 'beta', 'beta after the relist');
    await createConfigMap('beta');
    await later;
    const laterDelete = nextEvent(second, (e) => e.type === 'deleted' && e.object.metadata.name === 'during-gap', 'during-gap to be deleted after the relist');
    await deleteConfigMap('during-gap');
    await laterDelete;
    assert.deepEqual(first.items().map((i) => i.metadata.name).filter((n) => n !== 'kube-root-ca.crt').sort(), ['beta']);

    first.dispose();
    assert.deepEqual(openWatchCaches(wrapped), [{ key: `v1/configmaps@${cluster.namespace}`, subscribers: 1 }]);
    second.dispose();
    second.dispose();
    assert.deepEqual(openWatchCaches(wrapped), []);
  });
});
