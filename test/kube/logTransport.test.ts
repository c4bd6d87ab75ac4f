// Followed logs go through the connection's one transport (KubeClient.stream): the user's
// credentials travel with them, a refusal comes back as a typed error with the credentials
// redacted, a server that never answers is a timeout, and stopping ends the stream. The servers
// are stand-ins on 127.0.0.1.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { connect, loadKubeconfig, selectTarget, streamPodLog, type KubeClient } from '../../kube';

const TOKEN = 'stream-token-0123456789abcdef';

/** A stand-in API server on a free loopback port, closed when the test ends. */
async function standIn(t: TestContext, handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A connection through a kubeconfig whose user holds TOKEN. */
async function clientOf(t: TestContext, server: string, timeoutMs = 5000): Promise<KubeClient> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-stream-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'config');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'current-context: c',
      `clusters: [{name: c, cluster: {server: "${server}"}}]`,
      `users: [{name: u, user: {token: ${TOKEN}}}]`,
      'contexts: [{name: c, context: {cluster: c, user: u, namespace: shop}}]',
      '',
    ].join('\n'),
  );
  const kubeconfig = loadKubeconfig({ kubeconfigEnv: file });
  assert.ok(kubeconfig.ok);
  const target = selectTarget(kubeconfig.value);
  assert.ok(target.ok);
  const client = await connect(target.value, { timeoutMs });
  assert.ok(client.ok, client.ok ? '' : client.error.message);
  return client.value;
}

describe('followed logs over the one transport', () => {
  it('sends the user\'s bearer token and hands over the lines as they arrive', async (t) => {
    let authorization: string | undefined;
    let asked: string | undefined;
    const server = await standIn(t, (req, res) => {
      authorization = req.headers.authorization;
      asked = req.url;
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('first\nsec');
      res.end('ond\nlast');
    });
    const client = await clientOf(t, server);
    const lines: string[] = [];
    const r = await streamPodLog(client, 'web-1', (l) => lines.push(l), { container: 'app', signal: new AbortController().signal });
    assert.deepEqual(r, { ok: true, value: 'ended' });
    assert.deepEqual(lines, ['first', 'second', 'last']);
    assert.equal(authorization, `Bearer ${TOKEN}`);
    assert.match(asked ?? '', /^\/api\/v1\/namespaces\/shop\/pods\/web-1\/log\?container=app&follow=true$/);
  });

  it('a refusal whose body echoes the token comes back as a typed error without it', async (t) => {
    const server = await standIn(t, (req, res) => {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', status: 'Failure', code: 401, reason: 'Unauthorized', message: `token ${TOKEN} is not valid (sent ${req.headers.authorization})` }));
    });
    const client = await clientOf(t, server);
    const r = await streamPodLog(client, 'web-1', () => undefined, { signal: new AbortController().signal });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'unauthorized');
    const text = JSON.stringify(r.error);
    assert.ok(!text.includes(TOKEN), text);
    assert.match(text, /<redacted>/);
  });

  it('a server that never answers is a timeout error at the connection deadline', async (t) => {
    const server = await standIn(t, () => undefined);
    const client = await clientOf(t, server, 300);
    const r = await streamPodLog(client, 'web-1', () => undefined, { signal: new AbortController().signal });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'timeout');
  });

  it('a quiet followed log is not cut by the deadline, and stopping it ends the stream', async (t) => {
    let serverSawClose!: () => void;
    const closed = new Promise<void>((r) => (serverSawClose = r));
    const server = await standIn(t, (req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('hello\n');
      // Then nothing, for longer than the deadline: a follower waits.
      req.socket.on('close', () => serverSawClose());
    });
    const client = await clientOf(t, server, 300);
    const stop = new AbortController();
    const lines: string[] = [];
    let quietLongerThanDeadline!: () => void;
    const waited = new Promise<void>((r) => (quietLongerThanDeadline = r));
    const following = streamPodLog(client, 'web-1', (l) => {
      lines.push(l);
      // Stopped well after the 300 ms deadline would have fired, had it covered the body.
      setTimeout(quietLongerThanDeadline, 900);
    }, { signal: stop.signal });
    await waited;
    stop.abort();
    assert.deepEqual(await following, { ok: true, value: 'cancelled' });
    assert.deepEqual(lines, ['hello']);
    await closed;
  });
});
