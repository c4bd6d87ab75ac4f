// Port-forward without a cluster: `[local:]remote` and target parsing, ready pods, the port
// prefix each channel starts with, and a forward through the transport to a stand-in server that
// answers pods/portforward with an echo: bytes written to the local port come back.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { describe, it } from 'node:test';
import { containerPortByName, isReadyPod, parseForwardTarget, parsePortSpec, pickReadyPod, PortForwardReader, startPortForward, type ForwardEvent, type ForwardPod } from '../../kube';
import { fakeClient } from '../helpers/fakeApiServer';
import { fakeWebSocketServer } from '../helpers/fakeWebSocketServer';

const pod = (name: string, ready: boolean, extra: Partial<ForwardPod['metadata']> = {}): ForwardPod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', ...extra },
  spec: { containers: [{ name: 'web', ports: [{ name: 'http', containerPort: 8080 }] }] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

describe('port specs and targets', () => {
  it('reads kubectl\'s [local:]remote', () => {
    assert.deepEqual(parsePortSpec('8080:80'), { ok: true, value: { local: 8080, remote: 80 } });
    assert.deepEqual(parsePortSpec('80'), { ok: true, value: { remote: 80 } });
    assert.deepEqual(parsePortSpec(':80'), { ok: true, value: { local: 0, remote: 80 } });
    assert.deepEqual(parsePortSpec('0:http'), { ok: true, value: { local: 0, remote: 'http' } });
    for (const bad of ['0', '70000', '8080:', 'a:80', '80:Bad_Name', '-1:80']) assert.equal(parsePortSpec(bad).ok, false, bad);
  });

  it('names pods, Services and workloads as kubectl does', () => {
    assert.deepEqual(parseForwardTarget('web-1'), { ok: true, value: { kind: 'Pod', name: 'web-1' } });
    assert.deepEqual(parseForwardTarget('svc/web'), { ok: true, value: { kind: 'Service', name: 'web' } });
    assert.deepEqual(parseForwardTarget('deploy/web', 'shop'), { ok: true, value: { kind: 'Deployment', name: 'web', namespace: 'shop' } });
    for (const bad of ['configmap/x', 'svc/', 'svc/a/b']) assert.equal(parseForwardTarget(bad).ok, false, bad);
  });

  it('forwards only to ready pods, first by name, and resolves container ports by name', () => {
    assert.equal(isReadyPod(pod('a', true)), true);
    assert.equal(isReadyPod(pod('a', false)), false);
    assert.equal(isReadyPod(pod('a', true, { deletionTimestamp: '2026-01-01T00:00:00Z' })), false);
    assert.equal(pickReadyPod([pod('c', true), pod('a', false), pod('b', true)])?.metadata.name, 'b');
    assert.equal(pickReadyPod([pod('b', true)], 'b'), undefined);
    assert.equal(containerPortByName(pod('a', true), 'http'), 8080);
    assert.equal(containerPortByName(pod('a', true), 'grpc'), undefined);
  });

  it('drops the two-byte port each channel starts with, even split across messages', () => {
    const reader = new PortForwardReader();
    assert.equal(reader.read(Buffer.from([0, 0x90])).kind, 'ignored');
    assert.deepEqual(reader.read(Buffer.from([0, 0x1f, 0x41, 0x42])), { kind: 'data', data: Buffer.from('AB') });
    assert.equal(reader.read(Buffer.from([1, 0x90, 0x1f])).kind, 'ignored');
    assert.deepEqual(reader.read(Buffer.from([1, ...Buffer.from('refused')])), { kind: 'error', text: 'refused' });
    assert.deepEqual(reader.read(Buffer.from([0, 0x43])), { kind: 'data', data: Buffer.from('C') });
  });
});

describe('a forward through the transport', () => {
  it('listens on a free local port and carries bytes both ways to the named container port', async (t) => {
    const asked: string[] = [];
    const server = await fakeWebSocketServer(t, {
      protocols: ['v4.channel.k8s.io'],
      onStream: (stream) => {
        asked.push(`${stream.url.pathname}?${stream.url.searchParams}`);
        // As kubelet does: each channel opens with the port, little-endian.
        stream.send(Buffer.from([0, 0x90, 0x1f]));
        stream.send(Buffer.from([1, 0x90, 0x1f]));
        void stream.messages(1).then(([m]) => {
          stream.send(Buffer.from([0, ...Buffer.from(m!.subarray(1).toString().toUpperCase())]));
          stream.close();
        });
      },
    });
    // The same server answers the pod's GET.
    server.removeAllListeners('request');
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(req.url === '/api/v1/namespaces/shop/pods/web-1' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.url === '/api/v1/namespaces/shop/pods/web-1' ? pod('web-1', true) : { kind: 'Status', code: 404 }));
    });
    const client = await fakeClient(t, server, 'shop');
    const events: ForwardEvent[] = [];
    const started = await startPortForward(client, { kind: 'Pod', name: 'web-1' }, { local: 0, remote: 'http' }, { onEvent: (e) => events.push(e) });
    assert.ok(started.ok, started.ok ? '' : started.error.message);
    const forward = started.value;
    t.after(() => forward.stop());
    assert.ok(forward.localPort > 0);
    assert.deepEqual(forward.current(), { pod: 'web-1', port: 8080 });

    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(forward.localPort, '127.0.0.1', () => socket.write('hello'));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    assert.equal(answer, 'HELLO');
    assert.deepEqual(asked, ['/api/v1/namespaces/shop/pods/web-1/portforward?ports=8080']);
    assert.ok(events.some((e) => e.kind === 'connection'));
    forward.stop();
    assert.deepEqual(await forward.done, { ok: true, value: 'stopped' });
  });

  it('refuses a local port that is taken, naming it', async (t) => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    t.after(() => blocker.close());
    const taken = (blocker.address() as net.AddressInfo).port;
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(pod('web-1', true)));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    t.after(() => server.close());
    const client = await fakeClient(t, server, 'shop');
    const started = await startPortForward(client, { kind: 'Pod', name: 'web-1' }, { local: taken, remote: 8080 });
    assert.ok(!started.ok);
    assert.match(started.error.message, new RegExp(`local port ${taken} is in use`));
  });
});
