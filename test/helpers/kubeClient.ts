// The cluster library's client on a test's namespace, and the values of the results it returns.
import assert from 'node:assert/strict';
import { openCluster, type KubeClient } from '../../kube';

/** The value of a successful result; a failed one fails the test with its message. */
export function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

/** A client for `namespace` of the cluster the kubeconfig file points at. */
export async function client(kubeconfigPath: string, namespace: string): Promise<KubeClient> {
  return must(await openCluster({ kubeconfigEnv: kubeconfigPath, namespace }));
}
