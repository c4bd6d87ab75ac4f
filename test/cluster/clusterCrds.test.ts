// `berth validate --cluster-crds` against the local control plane: a CRD installed with kubectl
// validates a custom resource of the workspace (its wrong-typed field reported with its range),
// and after the cluster is gone (a TCP proxy to the apiserver, closed) the same finding comes from
// the on-disk cache, with a notice on stderr. The CRD is removed at the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { clusterTarget, openCluster } from '../../kube';
import { followClusterCrds } from '../../kube/crds/followCrds';
import type { ClusterCrd } from '../../kube/crds/listCrds';
import { useLocalCluster } from '../helpers/cluster';
import { clusterKubectl } from '../helpers/agreement/apiserverVerdicts';
import { repoRoot } from '../helpers/repo';
import { tempDir } from '../helpers/tempDir';

function kubectlRun(kubectl: string, kubeconfig: string, args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(kubectl, ['--kubeconfig', kubeconfig, '--cache-dir', join(dirname(kubeconfig), 'kube-cache'), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** `berth` as a user runs it, without blocking this process (the proxy below lives in it). */
function berth(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(repoRoot(), 'dist/cli.js'), ...args], { env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** A TCP proxy to host:port on a local port; close() cuts every connection and stops listening. */
async function tcpProxy(host: string, port: number): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host, port });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const GROUP = `cc${process.pid}.berth.test`;
const CRD_NAME = `gizmos.${GROUP}`;
const crdNamed = (plural: string, kind: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.${GROUP}` },
  spec: {
    group: GROUP,
    names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
    scope: 'Namespaced',
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
  },
});
const CRD = crdNamed('gizmos', 'Gizmo');
const GIZMO = `apiVersion: ${GROUP}/v1\nkind: Gizmo\nmetadata:\n  name: g\nspec:\n  size: big\n`;

interface Report {
  diagnostics: { file: string; code: string; severity: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[];
}

test('--cluster-crds validates against a CRD of the cluster, and from the cache once the cluster is gone', async (t) => {
  const { kubeconfigPath } = await useLocalCluster(t);
  const kubectl = clusterKubectl(kubeconfigPath);
  const applied = await kubectlRun(kubectl, kubeconfigPath, ['apply', '-f', '-'], JSON.stringify(CRD));
  assert.equal(applied.code, 0, applied.stderr);
  t.after(async () => {
    const deleted = await kubectlRun(kubectl, kubeconfigPath, ['delete', 'customresourcedefinition', CRD_NAME, '--ignore-not-found']);
    assert.equal(deleted.code, 0, deleted.stderr);
  });
  const established = await kubectlRun(kubectl, kubeconfigPath, ['wait', '--for=condition=Established', '--timeout=60s', `customresourcedefinition/${CRD_NAME}`]);
  assert.equal(established.code, 0, established.stderr);

  // The cluster reached through a proxy, so that it can be taken away: the same credentials, another port.
  const target = clusterTarget({ kubeconfigEnv: kubeconfigPath });
  assert.ok(target.ok, target.ok ? '' : target.error.message);
  const server = new URL(target.value.cluster.server);
  const proxy = await tcpProxy(server.hostname, Number(server.port));
  const dir = tempDir(t);
  const kubeconfig = join(dir, 'kubeconfig');
  const context = target.value.context.name;
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': context,
      clusters: [{ name: 'proxied', cluster: { ...target.value.cluster.fields, server: `${server.protocol}//127.0.0.1:${proxy.port}` } }],
      users: [{ name: 'proxied', user: target.value.user.fields }],
      contexts: [{ name: context, context: { cluster: 'proxied', user: 'proxied' } }],
    }),
  );
  const file = join(dir, 'gizmo.yaml');
  writeFileSync(file, GIZMO);
  const env = { ...process.env, KUBECONFIG: kubeconfig, BERTH_CACHE_DIR: join(dir, 'cache') };
  const expected = [{ file, code: 'invalid-type', severity: 'error', message: 'size must be an integer, not the string "big"', range: { start: { line: 5, character: 8 }, end: { line: 5, character: 11 } } }];

  // Without the flag the kind is unknown; with it, the cluster's CRD finds the wrong type.
  const without = await berth(['validate', file, '--output', 'json'], env);
  assert.deepEqual((JSON.parse(without.stdout) as Report).diagnostics.map((d) => d.code), ['missing-schema']);
  const live = await berth(['validate', file, '--cluster-crds', '--output', 'json'], env);
  assert.equal(live.code, 1, live.stderr);
  assert.equal(live.stderr, '');
  assert.deepEqual((JSON.parse(live.stdout) as Report).diagnostics, expected);
  assert.equal(readdirSync(join(dir, 'cache', 'crds')).filter((name) => name.endsWith('.json')).length, 1, 'the listing was cached');

  await proxy.close();
  const offline = await berth(['validate', file, '--cluster-crds', '--output', 'json'], env);
  assert.equal(offline.code, 1, offline.stderr);
  assert.deepEqual((JSON.parse(offline.stdout) as Report).diagnostics, expected);
  assert.match(offline.stderr, new RegExp(`^berth: cluster ${context} unreachable \\(.*\\); using its CRDs cached at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\n$`));
});

test('the extension\'s follower lists the CRDs once its watch starts and again when one is added or deleted', async (t) => {
  const { kubeconfigPath } = await useLocalCluster(t);
  const kubectl = clusterKubectl(kubeconfigPath);
  const widget = crdNamed('widgets', 'Widget');
  const name = widget.metadata.name;
  t.after(async () => {
    const deleted = await kubectlRun(kubectl, kubeconfigPath, ['delete', 'customresourcedefinition', name, '--ignore-not-found']);
    assert.equal(deleted.code, 0, deleted.stderr);
  });
  const client = await openCluster({ kubeconfigEnv: kubeconfigPath });
  assert.ok(client.ok, client.ok ? '' : client.error.message);
  const waiters: { done: () => boolean; resolve: () => void }[] = [];
  let latest: ClusterCrd[] = [];
  let listings = 0;
  const errors: string[] = [];
  const follower = followClusterCrds(
    client.value,
    {
      onCrds: (crds) => {
        latest = crds;
        listings++;
        for (const waiter of [...waiters]) if (waiter.done()) (waiters.splice(waiters.indexOf(waiter), 1), waiter.resolve());
      },
      onError: (error) => void errors.push(error.message),
    },
    { debounceMs: 200 },
  );
  t.after(() => follower.dispose());
  /** Resolves once a listing satisfies `done`; a 60 s watchdog names what was last listed. */
  const listing = (done: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (done()) return resolve();
      const watchdog = setTimeout(() => reject(new Error(`no listing ${what} within 60 s; last: ${latest.map((c) => c.metadata.name).join(', ')}; errors: ${errors.join('; ') || 'none'}`)), 60_000);
      waiters.push({ done, resolve: () => (clearTimeout(watchdog), resolve()) });
    });
  await listing(() => listings > 0, 'at all');
  const has = (crds: ClusterCrd[]) => crds.some((crd) => crd.metadata.name === name);
  const applied = await kubectlRun(kubectl, kubeconfigPath, ['apply', '-f', '-'], JSON.stringify(widget));
  assert.equal(applied.code, 0, applied.stderr);
  await listing(() => has(latest), `with ${name}`);
  const listed = latest.find((crd) => crd.metadata.name === name)!;
  assert.deepEqual(listed.spec.names, widget.spec.names);
  assert.deepEqual(Object.keys(listed.metadata), ['name'], 'trimmed: no managedFields, no status');
  const deleted = await kubectlRun(kubectl, kubeconfigPath, ['delete', 'customresourcedefinition', name]);
  assert.equal(deleted.code, 0, deleted.stderr);
  await listing(() => !has(latest), `without ${name}`);
  assert.deepEqual(errors, []);
});
