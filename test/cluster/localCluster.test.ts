// The embedded local cluster behaves like a real one: the scheduler honours node pools' labels and
// taints, the real controllers run Deployments and Services, and kwok serves pod logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configuredLogLines, kubernetesClient, useLocalCluster, waitForObjects, type k8s } from '../helpers/cluster';

function webDeployment(name: string, replicas: number): k8s.V1Deployment {
  const labels = { app: name };
  return {
    metadata: { name, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          // Pool `web` is tainted dedicated=web:NoSchedule and labelled tier=web.
          nodeSelector: { 'berth.dev/nodepool': 'web' },
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
          containers: [{ name: 'web', image: 'example.invalid/web:1', ports: [{ containerPort: 8080 }] }],
        },
      },
    },
  };
}

const podSummary = (p: k8s.V1Pod) => `${p.metadata?.name} ${p.status?.phase ?? 'no phase'} on ${p.spec?.nodeName ?? 'no node'}`;

function runningPods(kubeConfig: k8s.KubeConfig, namespace: string, app: string, count: number): Promise<k8s.V1Pod[]> {
  return waitForObjects<k8s.V1Pod>(
    kubeConfig,
    `/api/v1/namespaces/${namespace}/pods`,
    { labelSelector: `app=${app}` },
    (pods) => pods.length === count && pods.every((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp),
    `${count} Running pod(s) of ${app}`,
    60_000,
    podSummary,
  );
}

test('a Deployment for pool web runs its pods on web nodes, and kubectl logs returns the configured lines', async (t) => {
  const { kubeConfig, namespace } = await useLocalCluster(t);
  const client = await kubernetesClient();
  const apps = kubeConfig.makeApiClient(client.AppsV1Api);
  const core = kubeConfig.makeApiClient(client.CoreV1Api);

  await apps.createNamespacedDeployment({ namespace, body: webDeployment('hello', 2) });
  const pods = await runningPods(kubeConfig, namespace, 'hello', 2);

  for (const pod of pods) {
    const node = await core.readNode({ name: pod.spec!.nodeName! });
    assert.equal(node.metadata?.labels?.['berth.dev/nodepool'], 'web', `${podSummary(pod)}: not a web node`);
    assert.equal(node.metadata?.labels?.tier, 'web');
  }

  const log = await core.readNamespacedPodLog({ name: pods[0]!.metadata!.name!, namespace });
  assert.deepEqual(log.split('\n').filter(Boolean), configuredLogLines());

  // The Deployment controller reports the replicas ready, as it would on a real cluster.
  const [deployment] = await waitForObjects<k8s.V1Deployment>(
    kubeConfig,
    `/apis/apps/v1/namespaces/${namespace}/deployments`,
    { fieldSelector: 'metadata.name=hello' },
    (ds) => ds[0]?.status?.readyReplicas === 2,
    'Deployment hello to report 2 ready replicas',
  );
  assert.equal(deployment?.status?.availableReplicas, 2);
});

test('scaling a Deployment adds pods, and a Service gets their endpoints', async (t) => {
  const { kubeConfig, namespace } = await useLocalCluster(t);
  const client = await kubernetesClient();
  const apps = kubeConfig.makeApiClient(client.AppsV1Api);
  const core = kubeConfig.makeApiClient(client.CoreV1Api);

  await apps.createNamespacedDeployment({ namespace, body: webDeployment('scaled', 1) });
  await core.createNamespacedService({
    namespace,
    body: { metadata: { name: 'scaled' }, spec: { selector: { app: 'scaled' }, ports: [{ port: 80, targetPort: 8080 }] } },
  });
  await runningPods(kubeConfig, namespace, 'scaled', 1);

  await apps.patchNamespacedDeploymentScale(
    { name: 'scaled', namespace, body: { spec: { replicas: 3 } } },
    client.setHeaderOptions('Content-Type', client.PatchStrategy.MergePatch),
  );
  const pods = await runningPods(kubeConfig, namespace, 'scaled', 3);
  const podIPs = pods.map((p) => p.status?.podIP).sort();
  assert.ok(podIPs.every(Boolean), `pods without IPs: ${pods.map(podSummary).join('; ')}`);

  // The EndpointSlice controller lists every ready pod behind the Service.
  await waitForObjects<k8s.V1EndpointSlice>(
    kubeConfig,
    `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`,
    { labelSelector: 'kubernetes.io/service-name=scaled' },
    (slices) => {
      const ready = slices.flatMap((s) => s.endpoints.filter((e) => e.conditions?.ready).flatMap((e) => e.addresses));
      return JSON.stringify(ready.sort()) === JSON.stringify(podIPs);
    },
    `the endpoints of Service scaled to be ${podIPs.join(', ')}`,
    60_000,
    (s) => `${s.metadata?.name}: ${s.endpoints.map((e) => `${e.addresses.join(',')}${e.conditions?.ready ? '' : ' (not ready)'}`).join(' ')}`,
  );
});
