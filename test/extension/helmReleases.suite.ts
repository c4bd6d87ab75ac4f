// Helm releases in the Clusters view and the Helm commands, in a real VS Code against the local
// cluster: a release installed by the suite through kube/helm shows in its namespace's "Helm
// releases" folder with its revisions; Roll Back, Uninstall and Deploy Chart run with their
// prompts answered by ScriptedPrompts. The kubeconfig comes in through berth.kubeconfigs.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { BerthApi } from '../../client/src/extension';
import type { ChartDeploySummary } from '../../client/src/commands/helm/deployChart';
import type { HelmActionSummary } from '../../client/src/commands/helm/helmReleaseCommands';
import type { ClusterNode } from '../../client/src/views/clusters';
import { ScriptedPrompts, type Answer } from '../../client/src/prompts/scripted';
import { findLocalTool } from '../../installation/tools/localTools';
import { helmInstallOrUpgrade, helmListReleases, openCluster, type HelmTarget, type KubeClient } from '../../kube';
import { runSuite } from './mocha';
import { localKubeconfig } from './localKubeconfig';

interface Setup {
  api: BerthApi;
  kube: KubeClient;
  target: HelmTarget;
  context: string;
  namespace: string;
  chart: string;
  tmp: string;
  previousKubeconfigs: unknown;
}
let setup: Setup | undefined;
function s(): Setup {
  assert.ok(setup, 'the suite set up');
  return setup;
}

const label = (item: vscode.TreeItem): string => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));
const description = (item: vscode.TreeItem): string => (typeof item.description === 'string' ? item.description : '');

/** Resolves on the view's next change, or after `ms` so the caller re-checks before its deadline. */
function nextChange(event: vscode.Event<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const listener = event(done);
    function done() {
      clearTimeout(timer);
      listener.dispose();
      resolve();
    }
  });
}

/** The children of the node `find` returns once `accept` holds, listed again on every tree change. */
async function childrenWhere(find: () => Promise<ClusterNode | undefined>, accept: (children: { node: ClusterNode; item: vscode.TreeItem }[]) => boolean, what: string, timeoutMs = 40_000): Promise<{ node: ClusterNode; item: vscode.TreeItem }[]> {
  const explorer = s().api.views.clusters.explorer;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const changed = nextChange(explorer.onDidChangeTreeData as vscode.Event<unknown>, Math.max(1, deadline - Date.now()));
    const children = await Promise.all(((await explorer.getChildren(await find())) ?? []).map(async (node) => ({ node, item: explorer.getTreeItem(node) })));
    if (accept(children)) return children;
    last = children.map((c) => `${label(c.item)} (${description(c.item)})`).join(', ');
    await changed;
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last children: ${last}`);
}

async function childNamed(parent: () => Promise<ClusterNode | undefined>, name: string): Promise<ClusterNode> {
  const children = await childrenWhere(parent, (cs) => cs.some((c) => label(c.item) === name), `"${name}"`);
  return children.find((c) => label(c.item) === name)!.node;
}

/** The namespace's "Helm releases" folder, found afresh from the root each time. */
async function helmFolder(): Promise<ClusterNode> {
  const context = await childNamed(async () => undefined, s().context);
  const namespaces = await childNamed(async () => context, 'Namespaces');
  const namespace = await childNamed(async () => namespaces, s().namespace);
  return childNamed(async () => namespace, 'Helm releases');
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

const confirmAll: Answer = (r) => (r.kind === 'confirm' ? true : undefined);

export function run(): Promise<void> {
  return runSuite({
    title: 'Helm releases in the Clusters view and the Helm commands',
    before: async () => {
      const extension = vscode.extensions.getExtension<BerthApi>('berth.berth');
      assert.ok(extension);
      const api = await extension.activate();
      const kubeconfigPath = localKubeconfig(extension.extensionPath);
      const kubeconfig = parse(readFileSync(kubeconfigPath, 'utf8')) as { 'current-context': string; clusters: { cluster: { server: string } }[] };
      assert.match(kubeconfig.clusters[0]?.cluster.server ?? '', /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/, 'only the local cluster');
      const context = kubeconfig['current-context'];
      // code-server runs with XDG folders of its own (scripts/tools/workbench.mjs), so the
      // extension host's findLocalTool misses helm in the user's cache: name it for the extension.
      const helm = findLocalTool('helm') ?? findLocalTool('helm', { ...process.env, XDG_CACHE_HOME: join(homedir(), '.cache') });
      assert.ok(helm, 'helm is built (npm run cluster -- helm)');
      process.env.BERTH_HELM = helm;
      const namespace = `berth-helm-${Date.now().toString(36)}`;
      const opened = await openCluster({ kubeconfigEnv: kubeconfigPath, context, namespace });
      assert.ok(opened.ok, opened.ok ? '' : opened.error.message);
      const created = await opened.value.request({ method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: namespace, labels: { 'berth.dev/test': 'true' } } }, operation: { verb: 'create', resource: 'namespaces' } });
      assert.ok(created.ok, created.ok ? '' : created.error.message);
      const tmp = mkdtempSync(join(tmpdir(), 'berth-helm-'));
      const chart = join(tmp, 'tiny');
      mkdirSync(join(chart, 'templates'), { recursive: true });
      writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: tiny\nversion: 0.1.0\nappVersion: "1.0"\n');
      writeFileSync(join(chart, 'values.yaml'), 'greeting: hello\n');
      writeFileSync(join(chart, 'templates/configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\ndata:\n  greeting: {{ .Values.greeting | quote }}\n');
      const target: HelmTarget = { helm, context, kubeconfig: kubeconfigPath };
      const config = vscode.workspace.getConfiguration('berth');
      setup = { api, kube: opened.value, target, context, namespace, chart, tmp, previousKubeconfigs: config.inspect('kubeconfigs')?.globalValue };
      await config.update('kubeconfigs', [kubeconfigPath], vscode.ConfigurationTarget.Global);
      api.testing.session.useContext(context);
      await vscode.commands.executeCommand('berth.clusters.filterNamespace', namespace);
      for (const greeting of ['hello', 'goodbye']) {
        const installed = await helmInstallOrUpgrade(target, { release: 'tiny', namespace, chart, set: [`greeting=${greeting}`] });
        assert.ok(installed.ok, installed.ok ? '' : installed.error.message);
      }
    },
    after: async () => {
      if (!setup) return;
      setup.api.testing.usePrompts(undefined);
      await vscode.commands.executeCommand('berth.clusters.filterNamespace', '');
      await vscode.workspace.getConfiguration('berth').update('kubeconfigs', setup.previousKubeconfigs, vscode.ConfigurationTarget.Global);
      await setup.kube.request({ method: 'DELETE', path: `/api/v1/namespaces/${setup.namespace}`, operation: { verb: 'delete', resource: 'namespaces' } });
      rmSync(setup.tmp, { recursive: true, force: true });
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    },
    tests: {
      'the namespace shows its Helm releases, each with its revisions newest first': async () => {
        const releases = await childrenWhere(helmFolder, (cs) => cs.some((c) => label(c.item) === 'tiny'), 'the release tiny');
        const tiny = releases.find((c) => label(c.item) === 'tiny')!;
        assert.equal(description(tiny.item), 'rev 2 · tiny-0.1.0 · 1.0 · deployed');
        assert.equal(tiny.item.contextValue, 'berth.helmRelease');
        const revisions = await childrenWhere(async () => tiny.node, (cs) => cs.length === 2, 'two revisions');
        assert.deepEqual(revisions.map((r) => label(r.item)), ['revision 2', 'revision 1']);
        assert.deepEqual(revisions.map((r) => r.item.contextValue), ['berth.helmRevision.current', 'berth.helmRevision']);
        assert.match(description(revisions[1]!.item), /^superseded · tiny-0\.1\.0 · 1\.0 · Install complete$/);
      },

      'Roll Back on a revision asks first, makes revision 3 and refreshes the folder': async () => {
        const releases = await childrenWhere(helmFolder, (cs) => cs.some((c) => label(c.item) === 'tiny'), 'the release tiny');
        const revisions = await childrenWhere(async () => releases.find((c) => label(c.item) === 'tiny')!.node, (cs) => cs.length === 2, 'two revisions');
        const { result, prompts } = await runCommand<HelmActionSummary>('berth.helmRollback', [revisions[1]!.node], confirmAll);
        assert.deepEqual(result, { context: s().context, namespace: s().namespace, release: 'tiny', revision: 1, done: true });
        const confirm = prompts.requests.find((r) => r.kind === 'confirm');
        assert.equal(confirm?.kind === 'confirm' ? confirm.message : '', `Roll release "tiny" in namespace ${s().namespace} of context "${s().context}" back to revision 1?`);
        await childrenWhere(helmFolder, (cs) => cs.some((c) => label(c.item) === 'tiny' && description(c.item).startsWith('rev 3 ')), 'tiny at revision 3');
      },

      'Deploy Chart on a chart folder previews, installs as the named release and shows it': async () => {
        const { result, prompts } = await runCommand<ChartDeploySummary>('berth.deployChart', [vscode.Uri.file(join(s().chart, 'Chart.yaml')), { release: 'from-editor', namespace: s().namespace }], confirmAll);
        assert.deepEqual(result, { chartDir: s().chart, context: s().context, release: 'from-editor', namespace: s().namespace, deployed: true, revision: 1, status: 'deployed' });
        const confirm = prompts.requests.find((r) => r.kind === 'confirm');
        assert.equal(confirm?.kind === 'confirm' ? confirm.message : '', `Deploy release "from-editor" into namespace ${s().namespace} of context "${s().context}"?`);
        // The preview compared the dry run's objects with the cluster: the new ConfigMap is the one change.
        assert.match(confirm?.kind === 'confirm' ? confirm.detail : '', /^1 object\(s\) created or changed/m);
        await childrenWhere(helmFolder, (cs) => cs.some((c) => label(c.item) === 'from-editor'), 'the release from-editor');
      },

      'Uninstall asks in a modal and removes the release from the folder': async () => {
        const releases = await childrenWhere(helmFolder, (cs) => cs.some((c) => label(c.item) === 'from-editor'), 'the release from-editor');
        const declined = await runCommand<HelmActionSummary>('berth.helmUninstall', [releases.find((c) => label(c.item) === 'from-editor')!.node], () => false);
        assert.equal(declined.result.done, false);
        const { result } = await runCommand<HelmActionSummary>('berth.helmUninstall', [releases.find((c) => label(c.item) === 'from-editor')!.node], confirmAll);
        assert.equal(result.done, true);
        await childrenWhere(helmFolder, (cs) => !cs.some((c) => label(c.item) === 'from-editor') && cs.some((c) => label(c.item) === 'tiny'), 'from-editor gone, tiny still there');
        const left = await helmListReleases(s().target, s().namespace);
        assert.deepEqual(left.ok ? left.value.map((r) => r.name) : left.error.message, ['tiny']);
      },
    },
  });
}
