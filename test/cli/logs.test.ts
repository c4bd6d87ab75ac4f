// `berth logs <kind>/<name>` as a user runs it, against a stand-in API server on 127.0.0.1: every
// workload kind the extension shows logs for (StatefulSet, DaemonSet, Job, ...) finds its pods by
// its selector, and each line is printed with its [pod/container] prefix.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { workspace, type CliResult } from '../helpers/cli';
import { repoRoot } from '../helpers/repo';

/** The workloads the stand-in serves: their path, selector and the one pod it matches. */
const WORKLOADS: Record<string, { selector: Record<string, string>; pod: string }> = {
  '/apis/apps/v1/namespaces/shop/statefulsets/db': { selector: { app: 'db' }, pod: 'db-0' },
  '/apis/apps/v1/namespaces/shop/daemonsets/agent': { selector: { app: 'agent' }, pod: 'agent-x1' },
  '/apis/batch/v1/namespaces/shop/jobs/migrate': { selector: { 'batch.kubernetes.io/controller-uid': 'u-1' }, pod: 'migrate-abc' },
  '/apis/apps/v1/namespaces/shop/replicasets/web-5d4f': { selector: { app: 'web' }, pod: 'web-5d4f-q' },
};

async function standIn(t: TestContext): Promise<string> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const workload = WORKLOADS[url.pathname];
    if (workload) return json(200, { metadata: { name: url.pathname.split('/').pop() }, spec: { selector: { matchLabels: workload.selector } } });
    if (url.pathname === '/api/v1/namespaces/shop/pods') {
      const selector = url.searchParams.get('labelSelector');
      const items = Object.values(WORKLOADS)
        .filter((w) => Object.entries(w.selector).map(([k, v]) => `${k}=${v}`).join(',') === selector)
        .map((w) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: w.pod, namespace: 'shop' }, spec: { containers: [{ name: 'main' }] } }));
      return json(200, { items, metadata: { resourceVersion: '1' } });
    }
    const log = /^\/api\/v1\/namespaces\/shop\/pods\/([^/]+)\/log$/.exec(url.pathname);
    if (log) {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return res.end(`hello from ${log[1]}\n`);
    }
    json(404, { kind: 'Status', status: 'Failure', code: 404, reason: 'NotFound', message: `${url.pathname} not found` });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Runs the bundled CLI without blocking this process (the stand-in answers it). */
function berthAsync(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot(), 'dist/cli.js'), ...args], { cwd: repoRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('berth logs <workload>', () => {
  it('prints the pods of a StatefulSet, DaemonSet, Job and ReplicaSet, by their selector', async (t) => {
    const server = await standIn(t);
    const dir = workspace({ kubeconfig: `apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters: [{name: c, cluster: {server: "${server}"}}]\nusers: [{name: u, user: {token: cli-logs-token}}]\ncontexts: [{name: c, context: {cluster: c, user: u, namespace: shop}}]\n` });
    const env = { ...process.env, KUBECONFIG: join(dir, 'kubeconfig') };
    for (const [ref, pod] of [['statefulset/db', 'db-0'], ['sts/db', 'db-0'], ['daemonset/agent', 'agent-x1'], ['ds/agent', 'agent-x1'], ['job/migrate', 'migrate-abc'], ['rs/web-5d4f', 'web-5d4f-q']] as const) {
      const r = await berthAsync(['logs', ref], env);
      assert.equal(r.status, 0, `${ref}: ${r.stderr}`);
      assert.equal(r.stdout, `[${pod}/main] hello from ${pod}\n`, ref);
    }
  });

  it('refuses a kind that runs no pods before connecting: exit 2 naming the kinds it takes', async () => {
    const r = await berthAsync(['logs', 'configmap/settings'], { ...process.env, KUBECONFIG: '/nonexistent' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /"configmap\/settings" is not a pod or a workload: use <pod>, pod\/<name>, or deployment, statefulset, daemonset, replicaset or job\/<name>/);
  });
});
