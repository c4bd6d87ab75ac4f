// A narrow identity on the local cluster, as the RBAC tests use: a ServiceAccount bound to a Role
// that may only get and list pods in the test's namespace, a token for it from the TokenRequest
// API, and a kubeconfig file holding that token (same server and CA as the cluster's own).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { loadKubeconfig, openCluster, selectTarget, type KubeClient } from '../../kube';
import { must } from './kubeClient';

export interface PodsOnlyIdentity {
  readonly kubeconfigPath: string;
  readonly client: KubeClient;
  /** system:serviceaccount:<namespace>:pods-only */
  readonly subject: string;
}

export async function podsOnlyIdentity(t: TestContext, admin: KubeClient, adminKubeconfig: string, namespace: string): Promise<PodsOnlyIdentity> {
  const post = async (path: string, body: unknown, resource: string) => must(await admin.request<Record<string, unknown>>({ method: 'POST', path, body, operation: { verb: 'create', resource, namespace } })).body;
  await post(`/api/v1/namespaces/${namespace}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'pods-only' } }, 'serviceaccounts');
  await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/roles`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] }, 'roles');
  await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'pods-only-reads-pods' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'pods-only', namespace }] }, 'rolebindings');
  const tokenRequest = await post(`/api/v1/namespaces/${namespace}/serviceaccounts/pods-only/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 } }, 'serviceaccounts/token');
  const token = (tokenRequest['status'] as { token: string }).token;
  const adminTarget = must(selectTarget(must(loadKubeconfig({ kubeconfigEnv: adminKubeconfig }))));
  const dir = mkdtempSync(join(tmpdir(), 'berth-pods-only-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const kubeconfigPath = join(dir, 'config');
  writeFileSync(
    kubeconfigPath,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'local', cluster: adminTarget.cluster.fields }],
      users: [{ name: 'pods-only', user: { token } }],
      contexts: [{ name: 'pods-only', context: { cluster: 'local', user: 'pods-only', namespace } }],
      'current-context': 'pods-only',
    }),
    { mode: 0o600 },
  );
  return { kubeconfigPath, client: must(await openCluster({ kubeconfigEnv: kubeconfigPath })), subject: `system:serviceaccount:${namespace}:pods-only` };
}
