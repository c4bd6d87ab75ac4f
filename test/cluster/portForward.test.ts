// Port-forward on the local cluster (kwok answers every forwarded connection with a canned HTTP
// reply): a real GET through a Service's named port (its targetPort a container port's name),
// the forward going on to the replacement pod when its pod is deleted, and `berth port-forward`
// as a user runs it, printing kubectl's line and forwarding until Ctrl-C. Every wait is a watch,
// a forward event or a line of output.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isReadyPod, startPortForward, type ForwardEvent, type ForwardPod } from '../../kube';
import { useLocalCluster, waitForObjects, type k8s } from '../helpers/cluster';
import { TOLERATE_ALL } from '../helpers/clusterWorkloads';
import { client, must } from '../helpers/kubeClient';
import { repoRoot } from '../helpers/repo';

const CANNED = 'berth: simulated pod answered through port-forward\n';

function get(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

async function readyPods(kubeConfig: k8s.KubeConfig, namespace: string, done: (pods: ForwardPod[]) => boolean, what: string): Promise<ForwardPod[]> {
  const pods = await waitForObjects<k8s.V1Pod>(kubeConfig, `/api/v1/namespaces/${namespace}/pods`, { labelSelector: 'app=web' }, (items) => done((items as unknown as ForwardPod[]).filter(isReadyPod)), what, 90_000);
  return (pods as unknown as ForwardPod[]).filter(isReadyPod);
}

describe('port-forward', () => {
  it('a Service\'s named port answers a GET with the canned reply, and the forward survives deleting its pod; berth port-forward prints kubectl\'s line', { timeout: 240_000 }, async (t) => {
    const { kubeconfigPath, kubeConfig, namespace } = await useLocalCluster(t);
    const kube = await client(kubeconfigPath, namespace);
    must(await kube.request({
      method: 'POST',
      path: `/apis/apps/v1/namespaces/${namespace}/deployments`,
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { tolerations: TOLERATE_ALL, containers: [{ name: 'main', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }] }] } } },
      },
      operation: { verb: 'create' },
    }));
    must(await kube.request({
      method: 'POST',
      path: `/api/v1/namespaces/${namespace}/services`,
      body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ name: 'web', port: 80, targetPort: 'http' }] } },
      operation: { verb: 'create' },
    }));
    const [first] = await readyPods(kubeConfig, namespace, (ready) => ready.length === 1, 'one ready pod of web');
    const firstPod = first!.metadata.name!;

    const events: ForwardEvent[] = [];
    const waiters: { check: (e: ForwardEvent) => boolean; resolve: (e: ForwardEvent) => void }[] = [];
    const nextEvent = (check: (e: ForwardEvent) => boolean) => new Promise<ForwardEvent>((resolve) => waiters.push({ check, resolve }));
    const forward = must(await startPortForward(kube, { kind: 'Service', name: 'web' }, { local: 0, remote: 'web' }, {
      onEvent: (event) => {
        events.push(event);
        for (const w of [...waiters]) if (w.check(event)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(event));
      },
    }));
    t.after(() => forward.stop());
    assert.deepEqual(forward.current(), { pod: firstPod, port: 8080 }, 'the targetPort "http" resolved to the container port');

    const answer = await get(forward.localPort);
    assert.deepEqual(answer, { status: 200, body: CANNED });

    // The pod is deleted; its Deployment replaces it and the forward moves on, saying so.
    const moved = nextEvent((e) => e.kind === 'pod' && e.previous === firstPod);
    must(await kube.request({ method: 'DELETE', path: `/api/v1/namespaces/${namespace}/pods/${firstPod}`, query: { gracePeriodSeconds: 0 }, operation: { verb: 'delete' } }));
    const event = await moved;
    assert.ok(event.kind === 'pod' && event.pod !== firstPod, JSON.stringify(events));
    assert.deepEqual(await get(forward.localPort), { status: 200, body: CANNED }, 'the replacement pod answers on the same local port');
    forward.stop();
    assert.deepEqual(await forward.done, { ok: true, value: 'stopped' });

    // berth port-forward: kubectl's line, a GET through it, Ctrl-C ends it with 0.
    const child = spawn(process.execPath, [join(repoRoot(), 'dist/cli.js'), 'port-forward', '-n', namespace, 'svc/web', '0:web'], { env: { ...process.env, KUBECONFIG: kubeconfigPath }, stdio: ['ignore', 'pipe', 'pipe'] });
    t.after(() => child.kill('SIGKILL'));
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const localPort = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /^Forwarding from 127\.0\.0\.1:(\d+) -> 8080$/m.exec(stdout);
        if (m) resolve(Number(m[1]));
      });
      void exited.then((code) => reject(new Error(`berth port-forward exited (${code}) before forwarding: ${stdout}${stderr}`)));
    });
    assert.deepEqual(await get(localPort), { status: 200, body: CANNED });
    child.kill('SIGINT');
    assert.equal(await exited, 0, stderr);
    assert.match(stdout, new RegExp(`Handling connection for ${localPort}`));
  });
});
