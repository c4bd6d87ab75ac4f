// Helm releases through a recording stand-in runner: the command lines Berth builds (every flag
// value joined to its flag, positionals after `--`), the checks that keep bad names away from
// helm, and the reading of helm's JSON answers and failures.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { helmHistory, helmInstallOrUpgrade, helmListReleases, helmRollback, helmUninstall, setProgramsAllowed, spawnHelm, type HelmInvocation, type HelmOutput, type HelmTarget } from '../../kube';
import { ok } from '../../platform/result';
import { tempDir } from '../helpers/tempDir';

function recorder(answer: Partial<HelmOutput> = {}) {
  const calls: HelmInvocation[] = [];
  const target: HelmTarget = {
    helm: '/opt/helm',
    context: 'kwok-local',
    kubeconfig: '/home/me/.kube/config',
    runner: async (invocation) => {
      calls.push(invocation);
      return ok({ exitCode: 0, stdout: '', stderr: '', ...answer });
    },
  };
  return { target, calls };
}

function chart(t: TestContext): { dir: string; values: string } {
  const dir = join(tempDir(t), 'web');
  mkdirSync(dir);
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
  const values = join(dir, 'prod.yaml');
  writeFileSync(values, 'replicas: 2\n');
  return { dir, values };
}

const INSTALLED = JSON.stringify({
  name: 'web',
  info: { status: 'deployed', description: 'Upgrade complete' },
  chart: { metadata: { name: 'web', version: '0.1.0' } },
  manifest: '---\n# Source: web/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n',
  version: 2,
  namespace: 'shop',
});

describe('helm install or upgrade', () => {
  it('runs upgrade --install with the context, kubeconfig, values and sets, positionals after --', async (t) => {
    const { dir, values } = chart(t);
    const { target, calls } = recorder({ stdout: INSTALLED });
    const r = await helmInstallOrUpgrade(target, { release: 'web', namespace: 'shop', chart: dir, valuesFiles: [values], set: ['image.tag=-1', 'a.b=c=d'], createNamespace: true });
    assert.deepEqual(r, ok({ release: 'web', namespace: 'shop', revision: 2, status: 'deployed', manifest: '---\n# Source: web/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n' }));
    assert.deepEqual(calls, [
      {
        command: '/opt/helm',
        args: ['upgrade', '--install', '--namespace=shop', '--output=json', '--create-namespace', `--values=${values}`, '--set=image.tag=-1', '--set=a.b=c=d', '--kube-context=kwok-local', '--kubeconfig=/home/me/.kube/config', '--', 'web', dir],
      },
    ]);
    assert.ok(!calls[0]!.args.includes('--wait'), 'helm does not wait for pods');
  });

  it('dry run is server-side; no namespace is created unless asked', async (t) => {
    const { dir } = chart(t);
    const { target, calls } = recorder({ stdout: INSTALLED });
    await helmInstallOrUpgrade(target, { release: 'web', namespace: 'shop', chart: dir, dryRun: true });
    assert.ok(calls[0]!.args.includes('--dry-run=server'));
    assert.ok(!calls[0]!.args.includes('--create-namespace'));
  });

  it('makes a relative chart folder absolute, so it can never read as a flag', async (t) => {
    const { dir } = chart(t);
    const { target, calls } = recorder({ stdout: INSTALLED });
    const cwd = process.cwd();
    process.chdir(join(dir, '..'));
    t.after(() => process.chdir(cwd));
    await helmInstallOrUpgrade(target, { release: 'web', namespace: 'shop', chart: 'web' });
    assert.equal(calls[0]!.args.at(-1), dir);
  });

  it('refuses bad names, revisions, paths and sets before running helm', async (t) => {
    const { dir, values } = chart(t);
    const { target, calls } = recorder({ stdout: INSTALLED });
    const refused = [
      { release: '--debug', namespace: 'shop', chart: dir },
      { release: 'Web', namespace: 'shop', chart: dir },
      { release: 'a'.repeat(54), namespace: 'shop', chart: dir },
      { release: 'web', namespace: '-n', chart: dir },
      { release: 'web', namespace: 'shop', chart: join(dir, 'missing') },
      { release: 'web', namespace: 'shop', chart: values },
      { release: 'web', namespace: 'shop', chart: dir, valuesFiles: [dir] },
      { release: 'web', namespace: 'shop', chart: dir, set: ['a=1\nb=2'] },
      { release: 'web', namespace: 'shop', chart: dir, set: ['--post-renderer=/bin/sh'] },
      { release: 'web', namespace: 'shop', chart: dir, set: ['novalue'] },
    ];
    for (const request of refused) {
      const r = await helmInstallOrUpgrade(target, request);
      assert.equal(r.ok ? 'ok' : r.error.kind, 'invalid', JSON.stringify(request));
    }
    assert.equal((await helmRollback(target, 'shop', 'web', 0)).ok, false);
    assert.equal((await helmRollback(target, 'shop', 'web', 1.5)).ok, false);
    assert.equal((await helmHistory(target, 'shop', 'web\nx')).ok, false);
    assert.equal((await helmUninstall({ ...target, context: 'a\nb' }, 'shop', 'web')).ok, false);
    assert.equal(calls.length, 0);
  });

  it('passes a list of kubeconfig files as KUBECONFIG, as kubectl merges them', async (t) => {
    const { dir } = chart(t);
    const { target, calls } = recorder({ stdout: INSTALLED });
    await helmInstallOrUpgrade({ ...target, kubeconfig: ['/a/config', '/b/config'].join(delimiter) }, { release: 'web', namespace: 'shop', chart: dir });
    assert.ok(!calls[0]!.args.some((a) => a.startsWith('--kubeconfig')));
    assert.deepEqual(calls[0]!.env, { KUBECONFIG: ['/a/config', '/b/config'].join(delimiter) });
    const { target: plain, calls: plainCalls } = recorder({ stdout: INSTALLED });
    await helmInstallOrUpgrade({ helm: plain.helm, context: 'c', ...(plain.runner ? { runner: plain.runner } : {}) }, { release: 'web', namespace: 'shop', chart: dir });
    assert.ok(!plainCalls[0]!.args.some((a) => a.startsWith('--kubeconfig')));
  });
});

describe('helm list, history, rollback, uninstall', () => {
  it('lists every release in a namespace or all namespaces, revisions as numbers', async () => {
    const stdout = JSON.stringify([{ name: 'web', namespace: 'shop', revision: '3', updated: '2026-12-02 19:50:41 +0000 UTC', status: 'deployed', chart: 'web-0.1.0', app_version: '1.0' }]);
    const { target, calls } = recorder({ stdout });
    const r = await helmListReleases(target, 'shop');
    assert.deepEqual(r, ok([{ name: 'web', namespace: 'shop', revision: 3, chart: 'web-0.1.0', appVersion: '1.0', status: 'deployed', updated: '2026-12-02 19:50:41 +0000 UTC' }]));
    assert.deepEqual(calls[0]!.args, ['list', '--namespace=shop', '--deployed', '--failed', '--pending', '--uninstalling', '--max=0', '--output=json', '--kube-context=kwok-local', '--kubeconfig=/home/me/.kube/config']);
    await helmListReleases(target);
    assert.equal(calls[1]!.args[1], '--all-namespaces');
    assert.deepEqual(await helmListReleases(recorder({ stdout: '[]' }).target), ok([]));
  });

  it('reads history in revision order', async () => {
    const stdout = JSON.stringify([
      { revision: 2, updated: 'u2', status: 'deployed', chart: 'web-0.1.0', app_version: '1.0', description: 'Rollback to 1' },
      { revision: 1, updated: 'u1', status: 'superseded', chart: 'web-0.1.0', app_version: '1.0', description: 'Install complete' },
    ]);
    const { target, calls } = recorder({ stdout });
    const r = await helmHistory(target, 'shop', 'web');
    assert.ok(r.ok);
    assert.deepEqual(r.value.map((h) => [h.revision, h.status, h.description]), [[1, 'superseded', 'Install complete'], [2, 'deployed', 'Rollback to 1']]);
    assert.deepEqual(calls[0]!.args.slice(0, 3), ['history', '--namespace=shop', '--output=json']);
    assert.deepEqual(calls[0]!.args.slice(-2), ['--', 'web']);
  });

  it('rolls back to a revision and uninstalls, positionals after --', async () => {
    const { target, calls } = recorder();
    assert.deepEqual(await helmRollback(target, 'shop', 'web', 1), ok(undefined));
    assert.deepEqual(await helmUninstall(target, 'shop', 'web'), ok(undefined));
    assert.deepEqual(calls.map((c) => c.args), [
      ['rollback', '--namespace=shop', '--kube-context=kwok-local', '--kubeconfig=/home/me/.kube/config', '--', 'web', '1'],
      ['uninstall', '--namespace=shop', '--kube-context=kwok-local', '--kubeconfig=/home/me/.kube/config', '--', 'web'],
    ]);
  });

  it("turns helm's failure into a typed error quoting its Error line, not its warnings", async () => {
    const stderr = 'WARNING: Kubernetes configuration file is group-readable. This is insecure.\nError: release: not found\n';
    const r = await helmHistory(recorder({ exitCode: 1, stderr }).target, 'shop', 'gone');
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'notFound');
    assert.equal(r.error.message, 'helm failed to read the history of release "gone" in namespace "shop": Error: release: not found');
    const unreachable = await helmListReleases(recorder({ exitCode: 1, stderr: 'Error: Kubernetes cluster unreachable: Get "https://127.0.0.1:1/version": dial tcp 127.0.0.1:1: connect: connection refused\n' }).target);
    assert.equal(unreachable.ok ? 'ok' : unreachable.error.kind, 'unreachable');
    const garbage = await helmListReleases(recorder({ stdout: 'NAME NAMESPACE\n' }).target);
    assert.equal(garbage.ok ? 'ok' : garbage.error.kind, 'tool');
    const thrown = await helmUninstall({ ...recorder().target, runner: () => Promise.reject(new Error('boom')) }, 'shop', 'web');
    assert.equal(thrown.ok ? 'ok' : thrown.error.kind, 'tool');
  });
});

describe('the helm process runner', () => {
  it('runs nothing in a restricted workspace', async (t) => {
    setProgramsAllowed(false);
    t.after(() => setProgramsAllowed(true));
    const r = await spawnHelm({ command: process.execPath, args: ['-e', 'process.exit(0)'] });
    assert.equal(r.ok ? 'ok' : r.error.kind, 'restricted');
  });

  it('keeps stdout (the JSON) apart from stderr (the warnings)', async () => {
    const r = await spawnHelm({ command: process.execPath, args: ['-e', 'process.stderr.write("WARNING: x\\n"); process.stdout.write("[]"); process.exit(3)'] });
    assert.deepEqual(r, ok({ exitCode: 3, stdout: '[]', stderr: 'WARNING: x\n' }));
  });

  it('names a missing helm', async () => {
    const r = await spawnHelm({ command: '/nonexistent/helm', args: ['list'] });
    assert.ok(!r.ok);
    assert.match(r.error.message, /helm was not found at \/nonexistent\/helm/);
  });
});
