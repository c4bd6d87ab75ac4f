// Workloads for tests on the local cluster, and waiting for them: Deployments to apply, their pods
// Running, their rollouts finished, and the image they run. Every wait is a watch.
import { rolloutStatus, type KubeClient, type KubeObject } from '../../kube';
import { waitForObjects, type k8s } from './cluster';
import { must } from './kubeClient';

/** Tolerates every taint, so the pods may land on any node pool. */
export const TOLERATE_ALL = [{ operator: 'Exists' }];

/** A Deployment of `replicas` pods of one container named main, tolerating every taint. */
export function deployment(name: string, replicas: number, image = 'nginx:1.27'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { tolerations: TOLERATE_ALL, containers: [{ name: 'main', image }] } },
    },
  };
}

/** A Deployment of two pods of one container named web. */
export const webDeployment = (name: string, image: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image }] } },
  },
});

/** Waits until exactly `count` pods labelled app=`app` are Running and not being deleted. */
export async function podsRunning(kubeConfig: k8s.KubeConfig, namespace: string, app: string, count: number): Promise<k8s.V1Pod[]> {
  return waitForObjects<k8s.V1Pod>(
    kubeConfig,
    `/api/v1/namespaces/${namespace}/pods`,
    { labelSelector: `app=${app}` },
    (pods) => pods.filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp).length === count,
    `${count} Running pods of ${app}`,
    90_000,
    (p) => `${p.metadata?.name}:${p.status?.phase}`,
  );
}

/** Waits until the Deployment has rolled out. */
export async function rolledOut(kube: KubeClient, name: string): Promise<void> {
  must(await rolloutStatus(kube, { kind: 'Deployment', name }, { timeoutMs: 90_000 }));
}

/** The image of the Deployment's first container. */
export async function imageOf(kube: KubeClient, name: string): Promise<string | undefined> {
  const d = must(await kube.request<{ spec: { template: { spec: { containers: { image: string }[] } } } }>({ method: 'GET', path: `/apis/apps/v1/namespaces/${kube.namespace}/deployments/${name}`, operation: { verb: 'get', resource: 'deployments' } }));
  return d.body.spec.template.spec.containers[0]?.image;
}
