// Credentials never reach an error message or the CLI's output. A kubeconfig holds a known token,
// client key and certificate (canaries); operations fail every way they can (401, 403, a server
// that echoes the request headers back, unreachable, bad TLS material, a malformed file, a token
// that is not a valid header) through the kube layer and through `berth` itself, and every
// message, detail and output line is scanned for the canaries in each encoding they could take.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadKubeconfig, openCluster, type KubeError } from '../../kube';
import { repoRoot } from '../helpers/repo';

const TOKEN = 'berth-canary-token-3f9a7c21e5';
const KEY = '-----BEGIN PRIVATE KEY-----\nBERTHCANARYKEYMATERIAL0123456789abcdef\n-----END PRIVATE KEY-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nBERTHCANARYCERTMATERIAL9876543210\n-----END CERTIFICATE-----\n';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const CANARIES = [TOKEN, b64(TOKEN), `Bearer ${TOKEN}`, b64(KEY), 'BERTHCANARYKEYMATERIAL', b64(CERT), 'BERTHCANARYCERTMATERIAL'];

const dir = mkdtempSync(join(tmpdir(), 'berth-leaks-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The canaries found in `text` (empty when clean). */
function leaked(text: string): string[] {
  return CANARIES.filter((canary) => text.includes(canary));
}

function assertClean(what: string, text: string): void {
  assert.deepEqual(leaked(text), [], `${what} leaks a credential:\n${text}`);
}

function errorText(error: KubeError): string {
  return `${error.message}\n${error.detail ?? ''}\n${JSON.stringify(error)}`;
}

/** A kubeconfig with the canary credentials for one server. */
function kubeconfig(name: string, server: string, user: Record<string, string> = { token: TOKEN, 'client-key-data': b64(KEY), 'client-certificate-data': b64(CERT) }): string {
  const file = join(dir, `${name}.yaml`);
  const userYaml = Object.entries(user).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`).join('\n');
  writeFileSync(file, `apiVersion: v1\nkind: Config\ncurrent-context: ${name}\nclusters:\n  - name: c\n    cluster:\n      server: ${JSON.stringify(server)}\nusers:\n  - name: u\n    user:\n${userYaml}\ncontexts:\n  - name: ${name}\n    context: {cluster: c, user: u, namespace: shop}\n`);
  return file;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const servers: http.Server[] = [];

async function fakeServer(handler: Handler): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
after(() => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

function status(res: http.ServerResponse, code: number, message: string, reason: string): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code }));
}

const scenarios: Record<string, string> = {};

before(async () => {
  // A plain-http server never looks at client certificates, so http servers use the token only.
  const tokenOnly = { token: TOKEN };
  scenarios['401'] = kubeconfig('unauthorized', await fakeServer((_req, res) => status(res, 401, 'Unauthorized', 'Unauthorized')), tokenOnly);
  scenarios['403'] = kubeconfig(
    'forbidden',
    await fakeServer((_req, res) => status(res, 403, 'deployments.apps "web" is forbidden: User "system:serviceaccount:shop:narrow" cannot get resource "deployments/scale" in API group "apps" in the namespace "shop"', 'Forbidden')),
    tokenOnly,
  );
  // A proxy that answers with the request it received, credentials and all.
  scenarios['echo'] = kubeconfig('echo', await fakeServer((req, res) => status(res, 502, `bad gateway for ${req.method} ${req.url} with headers ${JSON.stringify(req.headers)}`, 'InternalError')), tokenOnly);
  scenarios['echo-404'] = kubeconfig('echo404', await fakeServer((req, res) => status(res, 404, `no route; you sent authorization=${req.headers.authorization}`, 'NotFound')), tokenOnly);
  scenarios['unreachable'] = kubeconfig('unreachable', 'https://127.0.0.1:1', tokenOnly);
  scenarios['bad-tls-material'] = kubeconfig('badtls', 'https://127.0.0.1:1', { 'client-key-data': b64(KEY), 'client-certificate-data': b64(CERT) });
  scenarios['invalid-server'] = kubeconfig('invalidserver', `https://user:${TOKEN}@[bad`);
  scenarios['token-with-newline'] = kubeconfig('newline', 'https://127.0.0.1:1', { token: `${TOKEN}\nX-Injected: 1` });
  const malformed = join(dir, 'malformed.yaml');
  writeFileSync(malformed, `apiVersion: v1\nkind: Config\nusers:\n  - name: u\n    user:\n      token: ${TOKEN}\n      client-key-data: ${b64(KEY)}\n     client-certificate-data: ${b64(CERT)}\n   broken: [\n`);
  scenarios['malformed'] = malformed;
  const notAList = join(dir, 'not-a-list.yaml');
  writeFileSync(notAList, `apiVersion: v1\nkind: Config\nusers: {token: ${TOKEN}, client-key-data: ${b64(KEY)}}\n`);
  scenarios['users-not-a-list'] = notAList;
});

describe('errors of the kube layer carry no credential', () => {
  it('every failing operation returns an error value whose message, detail and fields hold no token or key', async () => {
    const seen: string[] = [];
    for (const [name, file] of Object.entries(scenarios)) {
      const loaded = loadKubeconfig({ kubeconfigEnv: file });
      if (!loaded.ok) {
        assertClean(`${name}: loading`, errorText(loaded.error));
        seen.push(`${name}: ${loaded.error.kind}`);
        continue;
      }
      const client = await openCluster({ kubeconfigEnv: file });
      if (!client.ok) {
        assertClean(`${name}: connecting`, errorText(client.error));
        seen.push(`${name}: ${client.error.kind}`);
        continue;
      }
      let outcome: Awaited<ReturnType<typeof client.value.request>>;
      try {
        outcome = await client.value.request({ method: 'GET', path: '/apis/apps/v1/namespaces/shop/deployments/web/scale', operation: { verb: 'get', resource: 'deployments/scale', namespace: 'shop', name: 'web' }, timeoutMs: 5000 });
      } catch (error) {
        // A throw across the boundary is a bug of its own; its text must not leak either.
        assertClean(`${name}: thrown`, String((error as Error).stack ?? error));
        seen.push(`${name}: threw`);
        continue;
      }
      assert.ok(!outcome.ok, `${name} fails`);
      assertClean(`${name}: request`, errorText(outcome.error));
      seen.push(`${name}: ${outcome.error.kind}`);
    }
    // Each scenario failed the way it was built to (so the scan looked at real failures).
    assert.deepEqual(seen, [
      '401: unauthorized',
      '403: forbidden',
      'echo: server',
      'echo-404: notFound',
      'unreachable: unreachable',
      'bad-tls-material: invalidKubeconfig',
      'invalid-server: invalidKubeconfig',
      'token-with-newline: invalidKubeconfig',
      'malformed: invalidKubeconfig',
      'users-not-a-list: invalidKubeconfig',
    ]);
  });
});

/** Runs the bundled CLI without blocking this process (the fake servers answer from here). */
function berth(args: readonly string[], kubeconfigFile: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot(), 'dist/cli.js'), ...args], { env: { ...process.env, KUBECONFIG: kubeconfigFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', (code) => resolve({ status: code, output }));
  });
}

describe('the berth CLI prints no credential', () => {
  it('scale, describe and events fail in every scenario with a message and no token or key on stdout or stderr', async () => {
    let failures = 0;
    for (const [name, file] of Object.entries(scenarios)) {
      for (const args of [['scale', 'deployment/web', '--replicas', '2'], ['describe', 'deployment/web'], ['events', '-n', 'shop']]) {
        const run = await berth(args, file);
        assertClean(`berth ${args.join(' ')} (${name})`, run.output);
        assert.notEqual(run.status, 0, `berth ${args.join(' ')} (${name}) fails: ${run.output}`);
        assert.match(run.output, /berth: |Error|error/i, `a message: ${run.output}`);
        failures++;
      }
    }
    assert.equal(failures, Object.keys(scenarios).length * 3);
  });

  it('describe of a live Secret masks the values (stdout holds neither the value nor its base64)', async () => {
    const server = await fakeServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      if (req.url?.startsWith('/api/v1/namespaces/shop/secrets/db')) {
        res.end(JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop', uid: 'u1' }, type: 'Opaque', data: { token: b64(TOKEN) } }));
      } else res.end(JSON.stringify({ kind: 'EventList', items: [] }));
    });
    const run = await berth(['describe', 'secret/db'], kubeconfig('secret', server, { token: 'other-credential' }));
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /`token`:\*\* <masked: 29 bytes>/);
    assertClean('berth describe secret/db', run.output);
  });
});
