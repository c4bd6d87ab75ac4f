// The Clusters and Platform views in a real VS Code against the local cluster: a Deployment made
// in a fresh namespace is walked down to a Running pod and its container; paging, the namespace
// filter, a Cluster document not created, an Application's deployed/drifted state, and names
// with Markdown syntax shown as text in tooltips.
// The views read the local cluster's kubeconfig through the user setting berth.kubeconfigs, so the
// suite needs no KUBECONFIG; without a local cluster it fails, naming the command that starts one.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { BerthApi } from '../../client/src/extension';
import { loadKubeconfig, openCluster, type KubeClient, type KubeObject } from '../../kube';
import type { ClusterNode } from '../../client/src/views/clusters';
import type { PlatformNode } from '../../client/src/views/platform';
import { expectedDeployments } from '../../client/src/views/platform/expected';
import { escapeMarkdown } from '../../client/src/markdown';
import { repoRoot } from '../helpers/repo';
import { runSuite } from './mocha';

const namespace = `berth-explorer-${Date.now().toString(36)}`;
let api: BerthApi;
let kube: KubeClient;
let contextName: string;
let previousKubeconfigs: unknown;

function localKubeconfig(): string {
  const given = process.env.BERTH_TEST_KUBECONFIG || process.env.KUBECONFIG;
  const path = given && !given.includes(':') ? given : join(process.env.BERTH_CLUSTER_DIR || join(repoRoot(), '.cache/cluster'), 'kubeconfig');
  if (!existsSync(path)) throw new Error(`The local cluster is not up: no kubeconfig at ${path}; run \`npm run cluster -- up\`.`);
  return path;
}

async function create(path: string, body: unknown): Promise<void> {
  const r = await kube.request({ method: 'POST', path, body, operation: { verb: 'create', resource: path } });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
}

const label = (item: vscode.TreeItem): string => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));
const description = (item: vscode.TreeItem): string => (typeof item.description === 'string' ? item.description : '');

/** Resolves on the view's next change (or after `ms`, so a caller re-checks before its deadline). */
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

/** The children of `node` once `accept` holds for them, listed again on every change the view announces. */
/**
 * Waits until a node's children pass `accept`, listing again on every tree change. `node` may be
 * a function that finds the node anew each time: after a root refresh, VS Code asks for the new
 * root nodes, and an old node keeps what it held when it was made.
 */
async function childrenWhere<N>(provider: vscode.TreeDataProvider<N>, node: N | undefined | (() => Promise<N>), accept: (children: { node: N; item: vscode.TreeItem }[]) => boolean, what: string, timeoutMs = 40_000): Promise<{ node: N; item: vscode.TreeItem }[]> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    // Listening before listing: a change between the two is not lost.
    const changed = nextChange(provider.onDidChangeTreeData! as vscode.Event<unknown>, Math.max(1, deadline - Date.now()));
    const parent = typeof node === 'function' ? await (node as () => Promise<N>)() : node;
    const children = await Promise.all(((await provider.getChildren(parent)) ?? []).map(async (n) => ({ node: n, item: await provider.getTreeItem(n) })));
    if (accept(children)) return children;
    last = children.map((c) => `${label(c.item)} (${description(c.item)})`).join(', ');
    await changed;
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last children: ${last}`);
}

function child<N>(children: { node: N; item: vscode.TreeItem }[], name: string | RegExp): N {
  const found = children.find((c) => (typeof name === 'string' ? label(c.item) === name : name.test(label(c.item))));
  assert.ok(found, `no "${String(name)}" among ${children.map((c) => label(c.item)).join(', ')}`);
  return found.node;
}

export function run(): Promise<void> {
  return runSuite({
    title: 'explorer (Clusters and Platform views on the local cluster)',
    before: async () => {
      const kubeconfig = localKubeconfig();
      const berth = vscode.workspace.getConfiguration('berth');
      previousKubeconfigs = berth.inspect('kubeconfigs')?.globalValue;
      await berth.update('kubeconfigs', [kubeconfig], vscode.ConfigurationTarget.Global);
      const loaded = loadKubeconfig({ kubeconfigEnv: kubeconfig });
      assert.ok(loaded.ok, loaded.ok ? '' : loaded.error.message);
      contextName = loaded.value.currentContext!;
      const client = await openCluster({ kubeconfigEnv: kubeconfig });
      assert.ok(client.ok, client.ok ? '' : client.error.message);
      kube = client.value;
      const extension = vscode.extensions.getExtension<BerthApi>('berth.berth');
      assert.ok(extension);
      api = await extension.activate();
      await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'berth.dev/test': 'true' } } });
      await create(`/apis/apps/v1/namespaces/${namespace}/deployments`, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'hello' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'hello' } },
          template: { metadata: { labels: { app: 'hello' } }, spec: { nodeSelector: { 'berth.dev/nodepool': 'general' }, containers: [{ name: 'web', image: 'nginx:1.27' }] } },
        },
      });
    },
    after: async () => {
      await vscode.commands.executeCommand('berth.clusters.filterNamespace', '');
      await vscode.workspace.getConfiguration('berth').update('kubeconfigs', previousKubeconfigs, vscode.ConfigurationTarget.Global);
      await vscode.workspace.getConfiguration('berth').update('explorer.pageSize', undefined, vscode.ConfigurationTarget.Global);
      await kube?.request({ method: 'DELETE', path: `/api/v1/namespaces/${namespace}`, operation: { verb: 'delete', resource: 'namespaces', name: namespace } });
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    },
    tests: {
      'the tree goes from the context down to a Running pod of the Deployment and its container': async () => {
        const { explorer, treeView } = api.views.clusters;
        await vscode.commands.executeCommand('berth.clusters.filterNamespace', namespace);
        assert.match(String(treeView.description), new RegExp(`namespaces: ${namespace}`));
        const roots = await childrenWhere(explorer, undefined, (cs) => cs.some((c) => label(c.item) === contextName), `context ${contextName}`);
        const context = child(roots, contextName);
        assert.equal((await explorer.getTreeItem(context)).contextValue, 'berth.context');
        const folders = await childrenWhere(explorer, context, (cs) => cs.length === 3, 'Node pools, Namespaces and All pods');
        const namespaces = await childrenWhere(explorer, child(folders, 'Namespaces'), (cs) => cs.some((c) => label(c.item) === namespace), `namespace ${namespace}`);
        assert.equal(namespaces.length, 1, 'the filter shows only the matching namespace');
        const kinds = await childrenWhere(explorer, child(namespaces, namespace), (cs) => cs.length > 0, 'the kind folders');
        assert.deepEqual(kinds.slice(0, 6).map((k) => label(k.item)), ['Deployments', 'StatefulSets', 'DaemonSets', 'Jobs', 'CronJobs', 'Pods']);
        const deployments = await childrenWhere(explorer, child(kinds, 'Deployments'), (cs) => cs.some((c) => label(c.item) === 'hello' && /^1\/1 ready/.test(description(c.item))), 'Deployment hello 1/1 ready');
        const hello = child(deployments, 'hello');
        assert.equal((await explorer.getTreeItem(hello)).contextValue, 'berth.object.Deployment');
        const pods = await childrenWhere(explorer, hello, (cs) => cs.some((c) => /^Running · 1\/1 ready/.test(description(c.item))), 'a Running pod of hello');
        const pod = pods.find((p) => /^Running/.test(description(p.item)))!;
        assert.equal(pod.item.contextValue, 'berth.object.Pod');
        const target = (pod.node as ClusterNode & { target?: { type: string; namespace?: string } }).target;
        assert.equal(target?.type, 'object');
        assert.equal(target?.namespace, namespace);
        const containers = await childrenWhere(explorer, pod.node, (cs) => cs.length === 1, 'the container');
        assert.equal(label(containers[0]!.item), 'web');
        assert.match(description(containers[0]!.item), /^running · nginx:1\.27/);
        assert.equal(containers[0]!.item.contextValue, 'berth.container');
        // Expanded levels are live: the pods and deployments caches of the namespace are held.
        assert.ok(explorer.heldCaches().some((k) => k.includes(`pods@${namespace}`)), explorer.heldCaches().join(', '));
        explorer.collapsed(hello);
        assert.ok(!explorer.heldCaches().some((k) => k.includes(`pods@${namespace}`)), 'collapsing releases the pods cache');
      },

      'node pools show live CPU and memory against their allocatable, from metrics-server, while the view is visible': async () => {
        const { explorer } = api.views.clusters;
        // Sampling runs only while the Clusters view is shown.
        await vscode.commands.executeCommand('berth.clusters.focus');
        const roots = await childrenWhere(explorer, undefined, (cs) => cs.some((c) => label(c.item) === contextName), 'the context');
        const folders = await childrenWhere(explorer, child(roots, contextName), (cs) => cs.length === 3, 'Node pools, Namespaces and All pods');
        // metrics-server needs a scrape or two after the cluster starts: its first samples may take a minute.
        const pools = await childrenWhere(explorer, child(folders, 'Node pools'), (cs) => cs.some((c) => /CPU \d+(\.\d+)?m?\/\d+(\.\d+)?m? \(\d+%\) · mem \S+\/\S+ \(\d+%\)/.test(description(c.item))), 'usage against allocatable on a pool row', 180_000);
        assert.ok(pools.length > 0);
      },

      'a long list is paged by berth.explorer.pageSize with a Load more row': async () => {
        const { explorer } = api.views.clusters;
        for (let i = 0; i < 12; i++) await create(`/api/v1/namespaces/${namespace}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${String(i).padStart(2, '0')}` }, data: { key: 'value' } });
        await vscode.workspace.getConfiguration('berth').update('explorer.pageSize', 10, vscode.ConfigurationTarget.Global);
        const roots = await childrenWhere(explorer, undefined, (cs) => cs.some((c) => label(c.item) === contextName), 'the context');
        const folders = await explorer.getChildren(child(roots, contextName));
        const namespaces = await childrenWhere(explorer, folders.find((f) => f.kind === 'folder' && f.folder === 'namespaces'), (cs) => cs.some((c) => label(c.item) === namespace), 'the namespace');
        const kinds = await explorer.getChildren(child(namespaces, namespace));
        const configMaps = kinds.find((k) => k.kind === 'folder' && k.folder === 'configmaps')!;
        // 12 of ours and the cluster's kube-root-ca.crt.
        const first = await childrenWhere(explorer, configMaps, (cs) => cs.length === 11, 'a first page of 10 and Load more');
        const more = first.at(-1)!;
        assert.equal(label(more.item), 'Load more…');
        assert.equal(description(more.item), '3 more');
        // The row's command carries nothing VS Code could drop when the folder is re-listed; the row is the selection, or given.
        assert.equal(more.item.command?.arguments, undefined);
        await vscode.commands.executeCommand(more.item.command!.command, more.node);
        const all = await childrenWhere(explorer, configMaps, (cs) => cs.length === 13 && !cs.some((c) => label(c.item) === 'Load more…'), 'all 13 ConfigMaps');
        assert.equal(label(all[0]!.item), 'cm-00');
      },

      'All pods lists every namespace\'s pods a page at a time, without a watch of them all': async () => {
        const { explorer } = api.views.clusters;
        // Enough pods for two pages of 10 whatever else the shared cluster runs; Pending is fine.
        for (let i = 0; i < 11; i++) await create(`/api/v1/namespaces/${namespace}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: `listed-${String(i).padStart(2, '0')}` }, spec: { nodeSelector: { 'berth.dev/nodepool': 'general' }, containers: [{ name: 'web', image: 'nginx:1.27' }] } });
        await vscode.workspace.getConfiguration('berth').update('explorer.pageSize', 10, vscode.ConfigurationTarget.Global);
        const roots = await childrenWhere(explorer, undefined, (cs) => cs.some((c) => label(c.item) === contextName), 'the context');
        const folders = await childrenWhere(explorer, child(roots, contextName), (cs) => cs.length === 3, 'Node pools, Namespaces and All pods');
        const allPods = child(folders, 'All pods');
        const first = await childrenWhere(explorer, allPods, (cs) => cs.length === 11 && label(cs[10]!.item) === 'Load more…', 'a first page of 10 pods and Load more');
        assert.ok(first.slice(0, 10).every((c) => /^[a-z0-9-]+ · /.test(description(c.item))), 'each row leads with its namespace');
        assert.ok(!explorer.heldCaches().some((key) => /\/pods@\*$/.test(key)), `no watch of every pod: ${explorer.heldCaches().join(', ')}`);
        const more = first[10]!;
        await vscode.commands.executeCommand(more.item.command!.command, more.node);
        const second = await childrenWhere(explorer, allPods, (cs) => cs.length > 11, 'the second page below the first');
        assert.deepEqual(second.slice(0, 10).map((c) => c.item.id), first.slice(0, 10).map((c) => c.item.id), 'the first page stays in place');
        const ids = second.map((c) => c.item.id);
        assert.equal(new Set(ids).size, ids.length, 'pods of the same name in two namespaces are two rows');
      },

      'the namespace filter hides what does not match and says so': async () => {
        const { explorer, treeView } = api.views.clusters;
        await vscode.commands.executeCommand('berth.clusters.filterNamespace', 'no-such-namespace-*');
        assert.equal(treeView.description, 'namespaces: no-such-namespace-*');
        const roots = await childrenWhere(explorer, undefined, (cs) => cs.some((c) => label(c.item) === contextName), 'the context');
        const folders = await explorer.getChildren(child(roots, contextName));
        const namespaces = await childrenWhere(explorer, folders.find((f) => f.kind === 'folder' && f.folder === 'namespaces'), (cs) => cs.length === 1 && /No namespace matches/.test(label(cs[0]!.item)), 'the no-match message');
        assert.equal(namespaces.length, 1);
        await vscode.commands.executeCommand('berth.clusters.filterNamespace', '');
        assert.equal(treeView.description, undefined);
      },

      'a Cluster document with no context is a root marked not created': async () => {
        const { explorer } = api.views.clusters;
        // samples/platform/staging-cluster.yaml: provider kind, never created here.
        const roots = await childrenWhere(explorer, undefined, (cs) => cs.some((c) => label(c.item) === 'staging'), 'the staging Cluster document');
        const staging = roots.find((c) => label(c.item) === 'staging')!;
        assert.match(description(staging.item), /^not created/);
        assert.equal(staging.item.contextValue, 'berth.clusterDocument.notCreated');
        // `local` is created: it is the context's row, not a second root.
        assert.ok(!roots.some((c) => label(c.item) === 'local'));
      },

      'the Platform view shows an Application not deployed, deployed, then drifted': async () => {
        const { explorer } = api.views.platform;
        const app = `apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: probe\n  namespace: ${namespace}\nspec:\n  cluster: local\n  image: nginx:1.27\n  replicas: 1\n  placement: {nodePool: general}\n`;
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'yaml', content: app }));
        const appRow = (cs: { node: PlatformNode; item: vscode.TreeItem }[]) => cs.find((c) => label(c.item) === `${namespace}/probe`);
        const roots = await childrenWhere(explorer, undefined, (cs) => cs.some((c) => label(c.item) === 'local'), 'the local cluster');
        const staging = child(roots, 'staging');
        const stagingMembers = await explorer.getChildren(staging);
        assert.ok(stagingMembers.length > 0 && stagingMembers.every((m) => m.kind !== 'document' || m.state.state === 'notDeployed'), 'pools of a cluster not created are not deployed');
        // The cluster node as the view has it now (a new document refreshes the roots).
        const local = async (): Promise<PlatformNode> => child(await Promise.all(((await explorer.getChildren()) ?? []).map(async (n) => ({ node: n, item: await explorer.getTreeItem(n) }))), 'local');
        await childrenWhere(explorer, local, (cs) => /not deployed/.test(description(appRow(cs)?.item ?? {})), 'probe not deployed');
        const pools = await explorer.getChildren(await local());
        const general = pools.find((p) => p.kind === 'document' && p.document.name === 'general');
        assert.ok(general && general.kind === 'document' && general.state.state === 'deployed', `general: ${JSON.stringify(general && general.kind === 'document' ? general.state : general)}`);

        const documents = (await explorer.getChildren(await local())).filter((n): n is Extract<PlatformNode, { kind: 'document' }> => n.kind === 'document');
        const probe = documents.find((d) => d.document.name === 'probe')!;
        assert.equal(probe.target.type, 'platformDocument');
        const [deployment] = expectedDeployments(probe.document, documents.map((d) => d.document));
        assert.ok(deployment);
        await create(`/apis/apps/v1/namespaces/${namespace}/deployments`, deployment as KubeObject);
        await childrenWhere(explorer, local, (cs) => /^Application · deployed/.test(description(appRow(cs)?.item ?? {})), 'probe deployed');

        const patched = await kube.request({
          method: 'PATCH',
          path: `/apis/apps/v1/namespaces/${namespace}/deployments/probe`,
          contentType: 'application/strategic-merge-patch+json',
          body: { spec: { template: { spec: { containers: [{ name: 'probe', image: 'nginx:1.26' }] } } } },
          operation: { verb: 'patch', resource: 'deployments', namespace, name: 'probe' },
        });
        assert.ok(patched.ok, patched.ok ? '' : patched.error.message);
        const drifted = await childrenWhere(explorer, local, (cs) => /drifted: image nginx:1\.26/.test(description(appRow(cs)?.item ?? {})), 'probe drifted');
        assert.equal(appRow(drifted)!.item.contextValue, 'berth.platformDocument.Application');
      },

      'names with Markdown link and image syntax show as text in the tooltips, never as links or images': async () => {
        const link = '[quit](command:workbench.action.quit)';
        const image = '![](https://evil.example/pixel.png)';
        const text = `apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: "${link}"\nspec: {type: dedicated, provider: kind}\n---\napiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: "${image}"\nspec:\n  cluster: "${link}"\n  image: nginx:1.27\n`;
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'yaml', content: text }));
        const markdown = (item: vscode.TreeItem): vscode.MarkdownString => {
          assert.ok(item.tooltip instanceof vscode.MarkdownString, `a Markdown tooltip, not ${JSON.stringify(item.tooltip)}`);
          assert.ok(!item.tooltip.isTrusted && !item.tooltip.supportHtml, 'untrusted, without HTML');
          return item.tooltip;
        };
        // What renders as Markdown: everything but code spans, whose content shows literally.
        const outsideCode = (value: string) => value.replace(/(`+)[^`][\s\S]*?\1/g, '');
        try {
          const platform = api.views.platform.explorer;
          const roots = await childrenWhere(platform, undefined, (cs) => cs.some((c) => label(c.item) === link), 'the Cluster named with a link');
          const members = await childrenWhere(platform, child(roots, link), (cs) => cs.some((c) => label(c.item) === image), 'the Application named with an image');
          const app = markdown(members.find((c) => label(c.item) === image)!.item).value;
          assert.ok(app.includes(escapeMarkdown(image)) && !outsideCode(app).includes(image), app);

          const clusters = api.views.clusters.explorer;
          const clusterRoots = await childrenWhere(clusters, undefined, (cs) => cs.some((c) => label(c.item) === link), 'the Cluster document not created');
          const cluster = markdown(clusterRoots.find((c) => label(c.item) === link)!.item).value;
          assert.ok(cluster.includes(escapeMarkdown(link)) && !outsideCode(cluster).includes(link), cluster);
        } finally {
          await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        }
      },
    },
  });
}
