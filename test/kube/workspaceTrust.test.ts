// Workspace Trust below the UI: a kubeconfig loaded for a restricted workspace never runs its exec
// plugin or auth-provider command, and no tool starts while programs are not allowed. The plugin
// of test/fixtures/security/exec leaves a marker file when it runs; every refusal asserts the
// marker is absent, and a trusted control proves the marker would appear.
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { connect, loadKubeconfig, openCluster, selectTarget, setProgramsAllowed, spawnRunner } from '../../kube';
import { repoRoot } from '../helpers/repo';

const fixture = join(repoRoot(), 'test/fixtures/security/exec');
const REFUSAL = /Berth runs no programs in a restricted workspace: trust the workspace to connect\.$/;

interface Setup {
  readonly kubeconfig: string;
  readonly marker: string;
  /** Authorization headers the fake API server received. */
  readonly authorizations: string[];
}

/** The fixture in a fresh folder, pointed at a fake API server that lists one namespace. */
async function setup(t: TestContext): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-trust-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const authorizations: string[] = [];
  const server = http.createServer((req, res) => {
    authorizations.push(req.headers.authorization ?? '');
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ kind: 'NamespaceList', items: [{ metadata: { name: 'default' } }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const port = (server.address() as AddressInfo).port;
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  writeFileSync(kubeconfig, readFileSync(join(fixture, 'kubeconfig.yaml'), 'utf8').replace('server: "SERVER"', `server: "http://127.0.0.1:${port}"`));
  copyFileSync(join(fixture, 'credential-plugin.sh'), join(dir, 'credential-plugin.sh'));
  chmodSync(join(dir, 'credential-plugin.sh'), 0o755);
  return { kubeconfig, marker: join(dir, 'plugin-ran'), authorizations };
}

/** Runs `body` with the process policy of a restricted extension host, restoring it after. */
async function restrictedProcess<T>(body: () => Promise<T>): Promise<T> {
  setProgramsAllowed(false);
  try {
    return await body();
  } finally {
    setProgramsAllowed(true);
  }
}

describe('Workspace Trust in the kube layer', () => {
  it('control: trusted, the exec plugin runs and its token reaches the server (so the marker proves a run)', async (t) => {
    const s = await setup(t);
    const client = await openCluster({ kubeconfigEnv: s.kubeconfig, context: 'exec', allowPrograms: true });
    assert.ok(client.ok, client.ok ? '' : client.error.message);
    const listed = await client.value.request({ method: 'GET', path: '/api/v1/namespaces', operation: { verb: 'list', resource: 'namespaces' }, timeoutMs: 10_000 });
    assert.ok(listed.ok, listed.ok ? '' : listed.error.message);
    assert.ok(existsSync(s.marker), 'the plugin ran');
    assert.deepEqual(s.authorizations, ['Bearer from-plugin']);
  });

  it('restricted: the contexts are listed, but selecting the exec user is refused with a typed error naming the command', async (t) => {
    const s = await setup(t);
    const kc = loadKubeconfig({ kubeconfigEnv: s.kubeconfig, allowPrograms: false });
    assert.ok(kc.ok, kc.ok ? '' : kc.error.message);
    assert.deepEqual(kc.value.contexts.map((c) => c.name), ['exec', 'gcp-provider', 'token']);
    const target = selectTarget(kc.value, { context: 'exec' });
    assert.ok(!target.ok);
    assert.equal(target.error.kind, 'restricted');
    assert.equal(target.error.message.split(';')[0], `Context "exec" uses an exec plugin (${join(s.kubeconfig, '..', 'credential-plugin.sh')})`);
    assert.match(target.error.message, REFUSAL);
    assert.equal(existsSync(s.marker), false, 'the plugin never ran');
  });

  it('restricted: openCluster refuses the exec user and an auth provider with cmd-path; nothing runs, nothing is sent', async (t) => {
    const s = await setup(t);
    for (const context of ['exec', 'gcp-provider']) {
      const client = await openCluster({ kubeconfigEnv: s.kubeconfig, context, allowPrograms: false });
      assert.ok(!client.ok, `${context} is refused`);
      assert.equal(client.error.kind, 'restricted');
      assert.match(client.error.message, REFUSAL);
    }
    assert.equal(existsSync(s.marker), false, 'the plugin never ran');
    assert.deepEqual(s.authorizations, [], 'no request reached the server');
  });

  it('restricted: a user with a plain token still connects (trust only withholds programs)', async (t) => {
    const s = await setup(t);
    const client = await openCluster({ kubeconfigEnv: s.kubeconfig, context: 'token', allowPrograms: false });
    assert.ok(client.ok, client.ok ? '' : client.error.message);
    const listed = await client.value.request({ method: 'GET', path: '/api/v1/namespaces', operation: { verb: 'list', resource: 'namespaces' }, timeoutMs: 10_000 });
    assert.ok(listed.ok, listed.ok ? '' : listed.error.message);
    assert.deepEqual(s.authorizations, ['Bearer plain-token']);
  });

  it('the process policy holds every path: the default load, a target trusted earlier and connected by hand, and tools', async (t) => {
    const s = await setup(t);
    // Loaded while programs were allowed: the target itself carries no restriction.
    const trustedLoad = loadKubeconfig({ kubeconfigEnv: s.kubeconfig });
    assert.ok(trustedLoad.ok);
    const target = selectTarget(trustedLoad.value, { context: 'exec' });
    assert.ok(target.ok, target.ok ? '' : target.error.message);

    await restrictedProcess(async () => {
      const opened = await openCluster({ kubeconfigEnv: s.kubeconfig, context: 'exec' });
      assert.ok(!opened.ok);
      assert.equal(opened.error.kind, 'restricted');
      const connected = await connect(target.value);
      assert.ok(!connected.ok, 'connect() asks the policy again');
      assert.equal(connected.error.kind, 'restricted');
      const lines: string[] = [];
      const ran = await spawnRunner({ command: join(s.kubeconfig, '..', 'credential-plugin.sh'), args: [] }, (line) => lines.push(line));
      assert.ok(!ran.ok);
      assert.equal(ran.error.kind, 'restricted');
      assert.match(ran.error.message, /credential-plugin\.sh was not run: Berth runs no programs in a restricted workspace/);
      assert.deepEqual(lines, []);
    });
    assert.equal(existsSync(s.marker), false, 'the plugin never ran');
    assert.deepEqual(s.authorizations, []);
  });

  it('trust granted later lifts the policy: the same tool then runs', async (t) => {
    const s = await setup(t);
    const command = { command: join(s.kubeconfig, '..', 'credential-plugin.sh'), args: [] };
    await restrictedProcess(async () => {
      assert.ok(!(await spawnRunner(command, () => undefined)).ok);
    });
    const ran = await spawnRunner(command, () => undefined);
    assert.ok(ran.ok, ran.ok ? '' : ran.error.message);
    assert.equal(ran.value.exitCode, 0);
    assert.ok(existsSync(s.marker), 'once allowed, it ran');
  });
});

describe('Workspace Trust and auth providers that start programs', () => {
  const providers = join(repoRoot(), 'test/fixtures/security/auth-provider/kubeconfig.yaml');

  /** The auth-provider fixture pointed at a fake API server, with MARKER made a path in a fresh folder. */
  async function providerSetup(t: TestContext): Promise<Setup> {
    const s = await setup(t);
    const marker = join(s.kubeconfig, '..', 'provider-ran');
    const port = /http:\/\/127\.0\.0\.1:(\d+)/.exec(readFileSync(s.kubeconfig, 'utf8'))![1]!;
    writeFileSync(s.kubeconfig, readFileSync(providers, 'utf8').replaceAll('"SERVER"', `"http://127.0.0.1:${port}"`).replaceAll('MARKER', marker));
    return { ...s, marker };
  }

  async function listNamespaces(kubeconfig: string, context: string, allowPrograms: boolean): Promise<{ opened: boolean; kind?: string; message?: string }> {
    const client = await openCluster({ kubeconfigEnv: kubeconfig, context, allowPrograms });
    if (!client.ok) return { opened: false, kind: client.error.kind, message: client.error.message };
    await client.value.request({ method: 'GET', path: '/api/v1/namespaces', operation: { verb: 'list', resource: 'namespaces' }, timeoutMs: 10_000 });
    return { opened: true };
  }

  for (const context of ['gcp-list', 'azure-number', 'provider-exec']) {
    it(`control: trusted, the ${context} provider runs a shell command (so the marker proves a run)`, async (t) => {
      const s = await providerSetup(t);
      await listNamespaces(s.kubeconfig, context, true);
      assert.ok(existsSync(s.marker), `the ${context} provider ran its command`);
    });

    it(`restricted: the ${context} provider is refused as a program; nothing runs, nothing is sent`, async (t) => {
      const s = await providerSetup(t);
      const outcome = await listNamespaces(s.kubeconfig, context, false);
      assert.equal(outcome.opened, false, `${context} is refused`);
      assert.equal(outcome.kind, 'restricted');
      assert.match(outcome.message!, REFUSAL);
      assert.equal(existsSync(s.marker), false, 'no command ran');
      assert.deepEqual(s.authorizations, [], 'no request reached the server');
    });
  }

  it('restricted: an oidc provider that would refresh its expired token at the issuer is refused before any request', async (t) => {
    const s = await providerSetup(t);
    const outcome = await listNamespaces(s.kubeconfig, 'oidc-refresh', false);
    assert.equal(outcome.opened, false);
    assert.equal(outcome.kind, 'restricted');
    assert.match(outcome.message!, /Context "oidc-refresh" uses the oidc auth provider \(a token refresh at http:\/\/127\.0\.0\.1:\d+\)/);
    assert.deepEqual(s.authorizations, [], 'no request reached the server or the issuer');
  });
});
