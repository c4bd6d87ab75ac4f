// Operating workloads in a real VS Code against the local cluster: Open Shell attaches a terminal
// to a pod and `echo berth-$((6*7))` reads back berth-42; Port Forward on a Service answers a GET
// with the local cluster's canned reply and is listed until stopped; with a pods-only identity,
// Show Permissions draws its matrix and Delete on a Deployment is refused before it is attempted,
// with the verb to ask for. Prompts are answered by ScriptedPrompts; every wait is an event.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { BerthApi } from '../../client/src/extension';
import { loadKubeconfig, openCluster, selectTarget, type KubeClient, type PermissionMatrix } from '../../kube';
import { ScriptedPrompts, type Answer } from '../../client/src/prompts/scripted';
import type { BerthTarget } from '../../client/src/views/targets';
import { runSuite } from './mocha';
import { until } from './wait';
import { localKubeconfig } from './localKubeconfig';

const extensionId = 'berth.berth';
const CANNED = 'berth: simulated pod answered through port-forward\n';

interface Setup {
  api: BerthApi['testing'];
  kube: KubeClient;
  context: string;
  namespace: string;
  tmp: string;
  pod: string;
  previousKubeconfigs: string[] | undefined;
}
let setup: Setup | undefined;
function s(): Setup {
  assert.ok(setup, 'the suite set up');
  return setup;
}

async function runCommand<T>(command: string, args: unknown[], answer: Answer = () => undefined): Promise<{ result: T; prompts: ScriptedPrompts }> {
  const prompts = new ScriptedPrompts(answer);
  s().api.usePrompts(prompts);
  try {
    return { result: await vscode.commands.executeCommand<T>(command, ...args), prompts };
  } finally {
    s().api.usePrompts(undefined);
  }
}

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

/** Resolves with the first Running, Ready pod labelled app=`app`, watched. */
async function readyPod(kube: KubeClient, namespace: string, app: string): Promise<string> {
  let found: string | undefined;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 90_000);
  await kube.watch<{ metadata: { name: string; deletionTimestamp?: string }; status?: { phase?: string; conditions?: { type: string; status: string }[] } }>(
    { path: `/api/v1/namespaces/${namespace}/pods`, query: { labelSelector: `app=${app}` }, operation: { verb: 'watch', resource: 'pods' }, signal: controller.signal, timeoutMs: 90_000 },
    (event) => {
      const p = event.object;
      const ready = p.status?.phase === 'Running' && !p.metadata.deletionTimestamp && (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
      if (ready) found = p.metadata.name;
      return ready;
    },
  );
  clearTimeout(timer);
  assert.ok(found, `a ready pod of ${app} in ${namespace}`);
  return found;
}

function get(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

/** A kubeconfig whose user is a ServiceAccount that may only get and list pods in `namespace`. */
async function podsOnlyKubeconfig(kube: KubeClient, kubeconfigPath: string, namespace: string, file: string): Promise<string> {
  const post = async (path: string, body: unknown) => must(await kube.request<Record<string, unknown>>({ method: 'POST', path, body, operation: { verb: 'create' } })).body;
  await post(`/api/v1/namespaces/${namespace}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'pods-only' } });
  await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/roles`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] });
  await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'pods-only' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'pods-only', namespace }] });
  const token = (await post(`/api/v1/namespaces/${namespace}/serviceaccounts/pods-only/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 } }))['status'] as { token: string };
  const admin = must(selectTarget(must(loadKubeconfig({ kubeconfigEnv: kubeconfigPath }))));
  const context = `berth-pods-only-${namespace}`;
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'local-pods-only', cluster: admin.cluster.fields }], users: [{ name: 'pods-only', user: { token: token.token } }], contexts: [{ name: context, context: { cluster: 'local-pods-only', user: 'pods-only', namespace } }] }), { mode: 0o600 });
  return context;
}

export function run(): Promise<void> {
  return runSuite({
    title: 'shell, port forward and permissions against the local cluster',
    before: async () => {
      const extension = vscode.extensions.getExtension<BerthApi>(extensionId);
      assert.ok(extension, `extension ${extensionId} is installed`);
      const api = (await extension.activate()).testing;
      const kubeconfigPath = localKubeconfig(extension.extensionPath);
      const kubeconfig = parse(readFileSync(kubeconfigPath, 'utf8')) as { 'current-context': string; clusters: { cluster: { server: string } }[] };
      assert.match(kubeconfig.clusters[0]?.cluster.server ?? '', /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/, 'only the local cluster');
      const context = kubeconfig['current-context'];
      const namespace = `berth-ops-${Date.now().toString(36)}`;
      const kube = must(await openCluster({ kubeconfigEnv: kubeconfigPath, context, namespace }));
      must(await kube.request({ method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: namespace, labels: { 'berth.dev/test': 'true' } } }, operation: { verb: 'create' } }));
      must(await kube.request({
        method: 'POST',
        path: `/apis/apps/v1/namespaces/${namespace}/deployments`,
        body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { tolerations: [{ operator: 'Exists' }], containers: [{ name: 'main', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }] }] } } } },
        operation: { verb: 'create' },
      }));
      must(await kube.request({ method: 'POST', path: `/api/v1/namespaces/${namespace}/services`, body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ name: 'web', port: 80, targetPort: 'http' }] } }, operation: { verb: 'create' } }));
      const tmp = mkdtempSync(join(tmpdir(), 'berth-ops-'));
      const podsOnly = join(tmp, 'pods-only.json');
      await podsOnlyKubeconfig(kube, kubeconfigPath, namespace, podsOnly);
      const pod = await readyPod(kube, namespace, 'web');
      const config = vscode.workspace.getConfiguration('berth');
      const previousKubeconfigs = config.inspect<string[]>('kubeconfigs')?.globalValue;
      setup = { api, kube, context, namespace, tmp, pod, previousKubeconfigs };
      await config.update('kubeconfigs', [kubeconfigPath, podsOnly], vscode.ConfigurationTarget.Global);
      await until('the registered contexts', api.session.onDidChange, () => {
        const k = api.session.kubeconfig();
        return k.ok && k.value.contexts.some((c) => c.name === `berth-pods-only-${namespace}`) ? true : undefined;
      });
    },
    after: async () => {
      if (!setup) return;
      setup.api.usePrompts(undefined);
      for (const terminal of vscode.window.terminals) if (terminal.name.startsWith('Berth shell:')) terminal.dispose();
      await vscode.workspace.getConfiguration('berth').update('kubeconfigs', setup.previousKubeconfigs, vscode.ConfigurationTarget.Global);
      await setup.kube.request({ method: 'DELETE', path: `/api/v1/namespaces/${setup.namespace}`, operation: { verb: 'delete' } });
      rmSync(setup.tmp, { recursive: true, force: true });
    },
    tests: {
      'Open Shell on a pod attaches a terminal: echo berth-$((6*7)) prints berth-42, and the exit status shows': async () => {
        let screen = '';
        const seen = new vscode.EventEmitter<void>();
        const listening = s().api.onDidWriteShell((e) => {
          screen += e.text;
          seen.fire();
        });
        try {
          const pod: BerthTarget = { type: 'object', context: s().context, namespace: s().namespace, apiVersion: 'v1', kind: 'Pod', name: s().pod };
          const { result: name } = await runCommand<string>('berth.openShell', [pod]);
          assert.equal(name, `Berth shell: ${s().pod} (${s().context})`);
          const terminal = vscode.window.terminals.find((t) => t.name === name);
          assert.ok(terminal, 'the shell terminal is open');
          // The shell's prompt shows that it runs; then a line typed into the terminal.
          await until('the shell prompt', seen.event, () => (screen.length > 0 ? true : undefined));
          terminal.sendText('echo berth-$((6*7))');
          await until('berth-42 in the terminal', seen.event, () => (/berth-42/.test(screen.replace(/echo berth-\$\(\(6\*7\)\)/g, '')) ? true : undefined));
          terminal.sendText('exit 5');
          await until('the exit status', seen.event, () => (screen.includes('[process exited with code 5]') ? true : undefined));
        } finally {
          listening.dispose();
          seen.dispose();
        }
      },

      'Port Forward on a Service forwards a free local port to its named targetPort; a GET gets the canned reply; Stop ends it': async () => {
        const service: BerthTarget = { type: 'object', context: s().context, namespace: s().namespace, apiVersion: 'v1', kind: 'Service', name: 'web' };
        const { result, prompts } = await runCommand<{ id: string; localPort: number }>('berth.portForward', [service], (r) => (r.kind === 'input' ? '0' : undefined));
        assert.ok(result, JSON.stringify(prompts.requests));
        assert.ok(result.localPort > 0);
        assert.deepEqual(await get(result.localPort), { status: 200, body: CANNED });
        const { result: stopped } = await runCommand<boolean>('berth.stopPortForward', [result.id]);
        assert.equal(stopped, true);
        await assert.rejects(get(result.localPort), 'the local port is closed once stopped');
      },

      'with a pods-only identity: Show Permissions draws its matrix, and Delete on a Deployment is refused with the verb to ask for': async () => {
        const context = `berth-pods-only-${s().namespace}`;
        const { result: matrix } = await runCommand<PermissionMatrix>('berth.showPermissions', [{ type: 'namespace', context, namespace: s().namespace }]);
        assert.ok(matrix, 'a matrix');
        const pods = matrix.rows.find((r) => r.label === 'pods');
        assert.deepEqual(Object.entries(pods?.cells ?? {}).filter(([, c]) => c === 'yes').map(([v]) => v), ['get', 'list']);
        const editor = vscode.window.activeTextEditor;
        assert.match(editor?.document.getText() ?? '', /\| pods \| ✓ \| ✓ \| · /);

        const deployment: BerthTarget = { type: 'object', context, namespace: s().namespace, apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
        const { result: deleted, prompts } = await runCommand<boolean>('berth.delete', [deployment], (r) => r.kind === 'confirm');
        assert.equal(deleted, false);
        assert.equal(prompts.requests.filter((r) => r.kind === 'confirm').length, 0, 'refused before the confirmation');
        assert.ok(
          prompts.messages('error').some((m) => m.message === `Berth: You may not delete deployments.apps in ${s().namespace}: ask for the \`delete\` verb on \`deployments.apps\`.`),
          JSON.stringify(prompts.messages()),
        );
        const still = await s().kube.request({ method: 'GET', path: `/apis/apps/v1/namespaces/${s().namespace}/deployments/web`, operation: { verb: 'get' } });
        assert.ok(still.ok, 'the Deployment is still there');
      },
    },
  });
}
