// Missing rights and revoked credentials, against the real local control plane: a ServiceAccount
// bound to a Role that may only get and list pods, a token for it from the TokenRequest API, and
// a kubeconfig holding that token. Everything Berth does beyond reading pods must come back as a
// 403 naming the user, verb, resource and namespace; once the ServiceAccount is deleted, the same
// token must give a 401 that says the credentials were rejected and what to do. One CLI command
// is run with each kubeconfig, as a user would.
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  applyObjects,
  deleteObject,
  loadKubeconfig,
  openCluster,
  scaleWorkload,
  selectTarget,
  watchCache,
  type KubeClient,
  type KubeError,
  type KubeObject,
} from '../../kube';
import { berth } from '../helpers/cli';
import { useLocalCluster } from '../helpers/cluster';

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }, what: string): T {
  assert.ok(r.ok, r.ok ? '' : `${what}: ${r.error.message}`);
  return r.value;
}

function forbidden(r: { ok: true } | { ok: false; error: KubeError }, what: string): KubeError {
  assert.ok(!r.ok, `${what} was allowed`);
  assert.equal(r.error.kind, 'forbidden', `${what}: ${r.error.message}`);
  assert.equal(r.error.status, 403);
  return r.error;
}

describe('RBAC: a token bound to a narrow Role, then revoked', () => {
  it('operations beyond the Role give 403s naming user, verb, resource and namespace; a revoked token gives a 401 saying what to do', { timeout: 180_000 }, async (t) => {
    const cluster = await useLocalCluster(t);
    const ns = cluster.namespace;
    const admin = must(await openCluster({ kubeconfigEnv: cluster.kubeconfigPath, namespace: ns }), 'admin client');
    const post = async (path: string, body: unknown, what: string) => must(await admin.request<Record<string, unknown>>({ method: 'POST', path, body, operation: { verb: 'create', resource: what, namespace: ns } }), `create ${what}`).body;

    await post(`/api/v1/namespaces/${ns}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'narrow' } }, 'serviceaccounts');
    await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] }, 'roles');
    await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'narrow-reads-pods' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'narrow', namespace: ns }] }, 'rolebindings');
    await post(`/apis/apps/v1/namespaces/${ns}/deployments`, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'registry.example/web:1' }] } } } }, 'deployments');
    const tokenRequest = await post(`/api/v1/namespaces/${ns}/serviceaccounts/narrow/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 } }, 'serviceaccounts/token');
    const token = (tokenRequest['status'] as { token: string }).token;
    assert.ok(token.length > 20, 'the TokenRequest API issued a token');

    // The same server and CA as the local cluster's own kubeconfig, with the token as the user.
    const adminConfig = must(loadKubeconfig({ kubeconfigEnv: cluster.kubeconfigPath }), 'admin kubeconfig');
    const adminTarget = must(selectTarget(adminConfig), 'admin context');
    const dir = mkdtempSync(join(tmpdir(), 'berth-rbac-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const kubeconfigPath = join(dir, 'config');
    writeFileSync(
      kubeconfigPath,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'local', cluster: adminTarget.cluster.fields }],
        users: [{ name: 'narrow', user: { token } }],
        contexts: [{ name: 'narrow', context: { cluster: 'local', user: 'narrow', namespace: ns } }],
        'current-context': 'narrow',
      }),
      { mode: 0o600 },
    );
    const server = adminTarget.cluster.server.replace(/\/+$/, '');
    const narrow: KubeClient = must(await openCluster({ kubeconfigEnv: kubeconfigPath }), 'narrow client');
    const subject = `system:serviceaccount:${ns}:narrow`;
    const where = `(context "narrow", server ${server})`;

    // What the Role allows works: the token is good.
    must(await narrow.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/pods`, operation: { verb: 'list', resource: 'pods', namespace: ns } }), 'list pods with the narrow token');

    // list deployments (as the explorer's cache does)
    const list = forbidden(await narrow.request({ method: 'GET', path: `/apis/apps/v1/namespaces/${ns}/deployments`, operation: { verb: 'list', resource: 'deployments', namespace: ns } }), 'list deployments');
    assert.equal(
      list.message,
      `Forbidden: user "${subject}" (kubeconfig user "narrow") may not list deployments in namespace "${ns}" ${where}. Ask an administrator for RBAC permission to "list" deployments.apps in namespace "${ns}". Server: deployments.apps is forbidden: User "${subject}" cannot list resource "deployments" in API group "apps" in the namespace "${ns}"`,
    );
    const cache = watchCache(narrow, { apiVersion: 'apps/v1', plural: 'deployments' }, { namespace: ns });
    t.after(() => cache.dispose());
    const cacheError = await new Promise<KubeError>((resolve) => {
      const sub = cache.onStatus((s) => s.state === 'retrying' && (sub.dispose(), resolve(s.error)));
    });
    assert.equal(cacheError.kind, 'forbidden');
    assert.match(cacheError.message, new RegExp(`^Forbidden: user "${subject}" \\(kubeconfig user "narrow"\\) may not list deployments in namespace "${ns}"`));

    // apply a ConfigMap: reported per object, the deploy itself goes on
    const applied = must(await applyObjects(narrow, [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: '1' } }]), 'apply');
    assert.equal(applied.results.length, 1);
    assert.equal(applied.results[0]!.action, 'failed');
    const apply = applied.results[0]!.error!;
    assert.equal(apply.kind, 'forbidden');
    assert.match(apply.message, new RegExp(`^Forbidden: user "${subject}" \\(kubeconfig user "narrow"\\) may not (get|apply) configmaps "settings" in namespace "${ns}" .*Ask an administrator for RBAC permission to "(get|patch)" configmaps in namespace "${ns}"\\.`));

    // scale
    const scale = forbidden(await scaleWorkload(narrow, { kind: 'Deployment', name: 'web' }, 3), 'scale');
    assert.match(scale.message, new RegExp(`^Forbidden: user "${subject}" \\(kubeconfig user "narrow"\\) may not get deployments/scale "web" in namespace "${ns}" .*RBAC permission to "get" deployments/scale.apps in namespace "${ns}"\\.`));

    // delete
    const removed = forbidden(await deleteObject(narrow, { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true }, 'web'), 'delete');
    assert.match(removed.message, new RegExp(`^Forbidden: user "${subject}" \\(kubeconfig user "narrow"\\) may not delete deployments "web" in namespace "${ns}" .*RBAC permission to "delete" deployments.apps in namespace "${ns}"\\.`));

    // The CLI, as a user runs it with that kubeconfig.
    const cli = berth(['scale', 'deployment/web', '--replicas', '3'], { env: { ...process.env, KUBECONFIG: kubeconfigPath } });
    assert.equal(cli.status, 1, cli.stderr);
    assert.equal(cli.stdout, '');
    assert.match(cli.stderr, new RegExp(`^berth: Forbidden: user "${subject}" \\(kubeconfig user "narrow"\\) may not get deployments/scale "web" in namespace "${ns}" `));
    assert.ok(!cli.stderr.includes(token), 'the token never appears in a message');
    process.stdout.write(`rbac: 403 message: ${scale.message}\n`);

    // Revoke: the token is bound to the ServiceAccount; deleting it invalidates the token.
    must(await admin.request({ method: 'DELETE', path: `/api/v1/namespaces/${ns}/serviceaccounts/narrow`, operation: { verb: 'delete', resource: 'serviceaccounts', namespace: ns } }), 'delete the service account');
    // The authenticator learns of the deletion through its informer; ask again (bounded) until it has.
    const deadline = Date.now() + 30_000;
    let revoked: KubeError | undefined;
    while (!revoked && Date.now() < deadline) {
      const r = await narrow.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/pods`, operation: { verb: 'list', resource: 'pods', namespace: ns } });
      if (!r.ok) revoked = r.error;
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(revoked, 'the token still worked 30 s after its ServiceAccount was deleted');
    assert.equal(revoked.kind, 'unauthorized', revoked.message);
    assert.equal(
      revoked.message,
      `Cannot list pods in namespace "${ns}" ${where}: the server rejected the credentials of kubeconfig user "narrow" (401 Unauthorized); the token or certificate is expired, revoked or wrong. Log in again or get a new token for this user, then retry.`,
    );
    const cli401 = berth(['scale', 'deployment/web', '--replicas', '3'], { env: { ...process.env, KUBECONFIG: kubeconfigPath } });
    assert.equal(cli401.status, 1, cli401.stderr);
    assert.match(cli401.stderr, new RegExp(`^berth: Cannot get deployments/scale "web" in namespace "${ns}" \\(context "narrow", server [^)]+\\): the server rejected the credentials of kubeconfig user "narrow" \\(401 Unauthorized\\); .*Log in again or get a new token for this user, then retry\\.\\n$`));
    assert.ok(!cli401.stderr.includes(token), 'the token never appears in a message');
    process.stdout.write(`rbac: 401 message: ${revoked.message}\n`);
  });
});
