// Helm releases on the local cluster through the helm binary Berth builds: install a tiny chart
// into a namespace helm creates, upgrade it with a changed value, read the history, roll back,
// compare with `helm list` run directly, uninstall; and `berth deploy <chart>` as a user runs it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { promisify } from 'node:util';
import { runDeploy } from '../../cli/src/commands/deploy';
import { runReleases, runRollback } from '../../cli/src/commands/helmReleases';
import { findLocalTool, missingToolMessage } from '../../installation/tools/localTools';
import { helmHistory, helmInstallOrUpgrade, helmListReleases, helmRollback, helmUninstall, type HelmTarget } from '../../kube';
import { kubernetesClient, useLocalCluster, type k8s } from '../helpers/cluster';
import { cli } from '../helpers/cliCommand';
import { must } from '../helpers/kubeClient';
import { tempDir } from '../helpers/tempDir';

const run = promisify(execFile);

/** A chart of one ConfigMap whose data is the value `greeting`. */
function tinyChart(t: TestContext, name: string): string {
  const dir = join(tempDir(t), name);
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\nappVersion: "1.0"\n`);
  writeFileSync(join(dir, 'values.yaml'), 'greeting: hello\n');
  writeFileSync(join(dir, 'templates/configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\ndata:\n  greeting: {{ .Values.greeting | quote }}\n');
  return dir;
}

function helmBinary(): string {
  const helm = findLocalTool('helm');
  assert.ok(helm, missingToolMessage('helm'));
  return helm;
}

/** A namespace that does not exist yet (helm creates it), deleted when the test ends. */
function freshNamespace(t: TestContext, kubeConfig: k8s.KubeConfig, base: string): string {
  const namespace = `${base}-helm`;
  t.after(async () => {
    const core = kubeConfig.makeApiClient((await kubernetesClient()).CoreV1Api);
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });
  return namespace;
}

async function greeting(kubeConfig: k8s.KubeConfig, namespace: string, name: string): Promise<string | undefined> {
  const core = kubeConfig.makeApiClient((await kubernetesClient()).CoreV1Api);
  return (await core.readNamespacedConfigMap({ name, namespace })).data?.greeting;
}

async function helmListDirect(target: HelmTarget, namespace: string): Promise<{ name: string; namespace: string; revision: string; status: string; chart: string; app_version: string }[]> {
  const { stdout } = await run(target.helm, ['list', '--kube-context', target.context, '--kubeconfig', target.kubeconfig!, '-n', namespace, '-o', 'json']);
  return JSON.parse(stdout) as never;
}

describe('helm releases on the local cluster', () => {
  it('installs, upgrades, reads history, rolls back, agrees with helm list, uninstalls', async (t) => {
    const { kubeconfigPath, kubeConfig, namespace: base } = await useLocalCluster(t);
    const target: HelmTarget = { helm: helmBinary(), kubeconfig: kubeconfigPath, context: kubeConfig.getCurrentContext() };
    const namespace = freshNamespace(t, kubeConfig, base);
    const chart = tinyChart(t, 'tiny');
    const valuesDir = tempDir(t);
    writeFileSync(join(valuesDir, 'bye.yaml'), 'greeting: goodbye\n');

    const dry = must(await helmInstallOrUpgrade(target, { release: 'tiny', namespace, chart, createNamespace: true, dryRun: true }));
    assert.match(dry.manifest, /name: tiny-settings/);
    assert.deepEqual(must(await helmListReleases(target, namespace)), [], 'a dry run installs nothing');

    const installed = must(await helmInstallOrUpgrade(target, { release: 'tiny', namespace, chart, createNamespace: true }));
    assert.deepEqual({ ...installed, manifest: undefined }, { release: 'tiny', namespace, revision: 1, status: 'deployed', manifest: undefined });
    assert.equal(await greeting(kubeConfig, namespace, 'tiny-settings'), 'hello');

    const upgraded = must(await helmInstallOrUpgrade(target, { release: 'tiny', namespace, chart, valuesFiles: [join(valuesDir, 'bye.yaml')], set: ['unused=1'] }));
    assert.equal(upgraded.revision, 2);
    assert.equal(await greeting(kubeConfig, namespace, 'tiny-settings'), 'goodbye');

    const history = must(await helmHistory(target, namespace, 'tiny'));
    assert.deepEqual(history.map((h) => [h.revision, h.status, h.chart, h.appVersion]), [[1, 'superseded', 'tiny-0.1.0', '1.0'], [2, 'deployed', 'tiny-0.1.0', '1.0']]);

    must(await helmRollback(target, namespace, 'tiny', 1));
    assert.equal(await greeting(kubeConfig, namespace, 'tiny-settings'), 'hello');
    const afterRollback = must(await helmHistory(target, namespace, 'tiny'));
    assert.deepEqual(afterRollback.map((h) => h.revision), [1, 2, 3]);
    assert.match(afterRollback[2]!.description, /Rollback to 1/);

    const ours = must(await helmListReleases(target, namespace));
    const theirs = await helmListDirect(target, namespace);
    assert.deepEqual(
      ours.map((r) => [r.name, r.namespace, r.revision, r.status, r.chart, r.appVersion, r.updated]),
      theirs.map((r) => [r.name, r.namespace, Number(r.revision), r.status, r.chart, r.app_version, (r as { updated?: string }).updated]),
    );
    assert.deepEqual(ours.map((r) => [r.name, r.revision, r.status]), [['tiny', 3, 'deployed']]);
    assert.ok(must(await helmListReleases(target)).some((r) => r.name === 'tiny' && r.namespace === namespace), 'listed across all namespaces too');

    const missing = await helmHistory(target, namespace, 'nothing-here');
    assert.equal(missing.ok ? 'ok' : missing.error.kind, 'notFound');

    must(await helmUninstall(target, namespace, 'tiny'));
    assert.deepEqual(must(await helmListReleases(target, namespace)), []);
    assert.deepEqual(await helmListDirect(target, namespace), []);
    const core = kubeConfig.makeApiClient((await kubernetesClient()).CoreV1Api);
    await core.deleteNamespace({ name: namespace });
  });

  it('berth deploy <chart> installs a release helm list shows; berth releases and rollback agree', async (t) => {
    const { kubeconfigPath, kubeConfig, namespace: base } = await useLocalCluster(t);
    const target: HelmTarget = { helm: helmBinary(), kubeconfig: kubeconfigPath, context: kubeConfig.getCurrentContext() };
    const namespace = freshNamespace(t, kubeConfig, base);
    const chart = tinyChart(t, 'greeter');

    const dry = await cli(runDeploy, [chart, '--namespace', namespace, '--dry-run'], kubeconfigPath);
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /kind: ConfigMap\nmetadata:\n {2}name: greeter-settings/);
    assert.deepEqual(await helmListDirect(target, namespace), []);

    const first = await cli(runDeploy, [chart, '--namespace', namespace, '--set', 'greeting=hi'], kubeconfigPath);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, new RegExp(`^release/greeter -n ${namespace}: installed \\(revision 1, deployed\\)$`, 'm'));
    assert.equal(await greeting(kubeConfig, namespace, 'greeter-settings'), 'hi');
    const second = await cli(runDeploy, [chart, '--namespace', namespace, '--release', 'greeter'], kubeconfigPath);
    assert.equal(second.code, 0, second.err);
    assert.match(second.out, /: upgraded \(revision 2, deployed\)$/m);

    const listed = await helmListDirect(target, namespace);
    assert.deepEqual(listed.map((r) => [r.name, r.revision, r.status, r.chart]), [['greeter', '2', 'deployed', 'greeter-0.1.0']]);

    const releases = await cli(runReleases, ['--namespace', namespace], kubeconfigPath);
    assert.equal(releases.code, 0, releases.err);
    assert.match(releases.out, /^NAME\s+NAMESPACE\s+REVISION\s+STATUS\s+CHART\s+APP VERSION$/m);
    assert.match(releases.out, new RegExp(`^greeter\\s+${namespace}\\s+2\\s+deployed\\s+greeter-0\\.1\\.0\\s+1\\.0$`, 'm'));

    const rollback = await cli(runRollback, ['greeter', '1', '--namespace', namespace], kubeconfigPath);
    assert.equal(rollback.code, 0, rollback.err);
    assert.equal(await greeting(kubeConfig, namespace, 'greeter-settings'), 'hi');
    assert.deepEqual((await helmListDirect(target, namespace)).map((r) => r.revision), ['3']);
    must(await helmUninstall(target, namespace, 'greeter'));
  });

  it('berth deploy <overlay> renders with kustomize and applies the objects like files', async (t) => {
    const { kubeconfigPath, kubeConfig, namespace } = await useLocalCluster(t);
    const overlay = tempDir(t);
    mkdirSync(join(overlay, 'base'));
    writeFileSync(join(overlay, 'base/kustomization.yaml'), 'resources:\n- configmap.yaml\n');
    writeFileSync(join(overlay, 'base/configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  greeting: hello\n');
    mkdirSync(join(overlay, 'prod'));
    writeFileSync(join(overlay, 'prod/kustomization.yaml'), 'resources:\n- ../base\nnamePrefix: prod-\n');

    const r = await cli(runDeploy, [join(overlay, 'prod'), '--namespace', namespace], kubeconfigPath);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`^configmap/prod-settings -n ${namespace}: created$`, 'm'));
    assert.equal(await greeting(kubeConfig, namespace, 'prod-settings'), 'hello');
  });
});
