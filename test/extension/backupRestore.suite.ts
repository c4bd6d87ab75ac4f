// Back Up… and Restore… in a real VS Code against the local cluster, their prompts answered by
// ScriptedPrompts: a namespace's ConfigMap and Ingress backed up from the namespace node's
// target; restored into another namespace while the source still serves the Ingress's host, the
// dry run warns about the host, and a new host given at the prompt is the one the restored
// Ingress gets. The kubeconfig comes in through berth.kubeconfigs.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { BerthApi } from '../../client/src/extension';
import { ScriptedPrompts, type Answer } from '../../client/src/prompts/scripted';
import { openCluster, readBackupDir, type KubeClient, type RestoreObjectResult } from '../../kube';
import { runSuite } from './mocha';
import { localKubeconfig } from './localKubeconfig';

interface Setup {
  api: BerthApi;
  kube: KubeClient;
  context: string;
  namespace: string;
  restoredNamespace: string;
  host: string;
  tmp: string;
  previousKubeconfigs: unknown;
}
let setup: Setup | undefined;
function s(): Setup {
  assert.ok(setup, 'the suite set up');
  return setup;
}

async function runCommand<T>(command: string, args: unknown[], answer: Answer): Promise<{ result: T; prompts: ScriptedPrompts }> {
  const prompts = new ScriptedPrompts(answer);
  s().api.testing.usePrompts(prompts);
  try {
    return { result: await vscode.commands.executeCommand<T>(command, ...args), prompts };
  } finally {
    s().api.testing.usePrompts(undefined);
  }
}

async function create(kube: KubeClient, path: string, body: unknown): Promise<void> {
  const created = await kube.request({ method: 'POST', path, body, operation: { verb: 'create', resource: path } });
  assert.ok(created.ok, created.ok ? '' : created.error.message);
}

const backupDir = () => join(s().tmp, 'backup');

export function run(): Promise<void> {
  return runSuite({
    title: 'Back Up… and Restore… of a namespace',
    before: async () => {
      const extension = vscode.extensions.getExtension<BerthApi>('berth.berth');
      assert.ok(extension);
      const api = await extension.activate();
      const kubeconfigPath = localKubeconfig(extension.extensionPath);
      const kubeconfig = parse(readFileSync(kubeconfigPath, 'utf8')) as { 'current-context': string; clusters: { cluster: { server: string } }[] };
      assert.match(kubeconfig.clusters[0]?.cluster.server ?? '', /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/, 'only the local cluster');
      const context = kubeconfig['current-context'];
      const unique = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
      const namespace = `berth-backup-${unique}`;
      const host = `web-${unique}.example.test`;
      const opened = await openCluster({ kubeconfigEnv: kubeconfigPath, context, namespace });
      assert.ok(opened.ok, opened.ok ? '' : opened.error.message);
      const kube = opened.value;
      const config = vscode.workspace.getConfiguration('berth');
      setup = { api, kube, context, namespace, restoredNamespace: `${namespace}-moved`, host, tmp: mkdtempSync(join(tmpdir(), 'berth-backup-suite-')), previousKubeconfigs: config.inspect('kubeconfigs')?.globalValue };
      await create(kube, '/api/v1/namespaces', { metadata: { name: namespace, labels: { 'berth.dev/test': 'true' } } });
      await create(kube, `/api/v1/namespaces/${namespace}/configmaps`, { metadata: { name: 'settings' }, data: { mode: 'fast' } });
      await create(kube, `/apis/networking.k8s.io/v1/namespaces/${namespace}/ingresses`, {
        metadata: { name: 'web' },
        spec: { rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
      });
      await config.update('kubeconfigs', [kubeconfigPath], vscode.ConfigurationTarget.Global);
      api.testing.session.useContext(context);
    },
    after: async () => {
      if (!setup) return;
      setup.api.testing.usePrompts(undefined);
      await vscode.workspace.getConfiguration('berth').update('kubeconfigs', setup.previousKubeconfigs, vscode.ConfigurationTarget.Global);
      for (const name of [setup.namespace, setup.restoredNamespace]) {
        await setup.kube.request({ method: 'DELETE', path: `/api/v1/namespaces/${name}`, operation: { verb: 'delete', resource: 'namespaces', name } });
      }
      rmSync(setup.tmp, { recursive: true, force: true });
    },
    tests: {
      'Back Up… on a namespace writes its objects, without what the cluster makes, to the directory given': async () => {
        const { result, prompts } = await runCommand<string>('berth.backup', [{ type: 'namespace', context: s().context, namespace: s().namespace }], (r) =>
          r.kind === 'pick' ? 'Without Secret values' : r.kind === 'input' ? backupDir() : undefined,
        );
        assert.equal(result, backupDir());
        const saved = readBackupDir(backupDir());
        assert.ok(saved.ok, saved.ok ? '' : saved.error.message);
        assert.deepEqual(saved.value.objects.map((o) => `${o.kind}/${o.metadata.name}`), [`Namespace/${s().namespace}`, 'ConfigMap/settings', 'Ingress/web']);
        assert.match(prompts.messages('info')[0]?.message ?? '', new RegExp(`^Berth: backed up 3 objects \\(namespace ${s().namespace}\\) to `));
      },

      'Restore… into another namespace warns about the host the source still serves, and gives the Ingress the host typed instead': async () => {
        const restoreAnswer = (newHost: string, go: boolean): Answer => (r) => {
          if (r.kind === 'files') return [join(backupDir(), 'backup.json')];
          if (r.kind === 'input') return r.value === s().namespace ? s().restoredNamespace : r.value === s().host ? newHost : undefined;
          if (r.kind === 'confirm') return go;
          return undefined;
        };
        const kept = await runCommand<RestoreObjectResult[] | undefined>('berth.restore', [], restoreAnswer(s().host, false));
        assert.equal(kept.result, undefined, 'declined: nothing restored');
        const keptConfirm = kept.prompts.requests.find((r) => r.kind === 'confirm');
        assert.match(keptConfirm?.kind === 'confirm' ? keptConfirm.detail : '', new RegExp(`Warning: Ingress ${s().restoredNamespace}/web keeps host ${s().host.replace(/\./g, '\\.')}, which Ingress ${s().namespace}/web still serves`));
        const absent = await s().kube.request({ method: 'GET', path: `/api/v1/namespaces/${s().restoredNamespace}`, operation: { verb: 'get', resource: 'namespaces' } });
        assert.ok(!absent.ok && absent.error.kind === 'notFound', 'the dry run created nothing');

        const newHost = `moved-${s().host}`;
        const { result, prompts } = await runCommand<RestoreObjectResult[]>('berth.restore', [], restoreAnswer(newHost, true));
        assert.deepEqual(result.map((r) => `${r.kind}/${r.name} ${r.action}`), [`Namespace/${s().restoredNamespace} created`, 'ConfigMap/settings created', 'Ingress/web created']);
        const confirm = prompts.requests.find((r) => r.kind === 'confirm');
        assert.doesNotMatch(confirm?.kind === 'confirm' ? confirm.detail : '', /keeps host/);
        assert.match(prompts.messages('info')[0]?.message ?? '', /^Berth: restored namespace .*: 3 created\.$/);
        const ingress = await s().kube.request<{ spec?: { rules?: { host?: string }[] } }>({ method: 'GET', path: `/apis/networking.k8s.io/v1/namespaces/${s().restoredNamespace}/ingresses/web`, operation: { verb: 'get', resource: 'ingresses' } });
        assert.ok(ingress.ok, ingress.ok ? '' : ingress.error.message);
        assert.deepEqual(ingress.value.body.spec?.rules?.map((r) => r.host), [newHost]);
      },
    },
  });
}
