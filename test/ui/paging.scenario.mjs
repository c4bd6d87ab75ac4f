// Scenario: a long list in the Clusters view pages by berth.explorer.pageSize, and each click on
// "Load more…" shows the next page while the folder keeps changing. setup() creates a namespace
// with 25 ConfigMaps (26 with the cluster's kube-root-ca.crt); the run shows 10 rows at a time and
// clicks "Load more…" twice while one of the ConfigMaps is patched over and over, so that the live
// folder is listed again around the clicks (a click landing while its row is replaced is possible,
// not forced: the window is milliseconds). A click that was lost shows no next page. The namespace
// is deleted afterwards.
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { localCluster, localKubectl } from './localCluster.mjs';
import { openClustersView } from './clustersView.mjs';

export const title = '"Load more…" shows the next page on each click while the folder is listed again under it';

export const settings = { 'berth.explorer.pageSize': 10 };

const CONFIG_MAPS = 25;

export async function setup({ dir }) {
  const { path, context } = localCluster();
  const kubectl = localKubectl();
  const namespace = `berth-ui-paging-${Date.now().toString(36)}`;
  const file = join(dir, 'paging.yaml');
  const configMap = (i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${String(i).padStart(2, '0')}, namespace: ${namespace}}\ndata: {n: "0"}\n`;
  writeFileSync(file, [`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${namespace}}\n`, ...Array.from({ length: CONFIG_MAPS }, (_, i) => configMap(i))].join('---\n'));
  execFileSync(kubectl, ['--kubeconfig', path, 'apply', '-f', file], { stdio: 'pipe' });
  return {
    env: { KUBECONFIG: path },
    state: { namespace, context, kubectl, kubeconfig: path },
    cleanup: () => execFileSync(kubectl, ['--kubeconfig', path, 'delete', 'namespace', namespace, '--ignore-not-found', '--wait=false'], { stdio: 'ignore' }),
  };
}

/** Patches cm-00 until stopped: every patch is a watch event that has the view list the folder again. */
function churn({ kubectl, kubeconfig, namespace }) {
  const run = promisify(execFile);
  let stopped = false;
  let patches = 0;
  const done = (async () => {
    while (!stopped) {
      await run(kubectl, ['--kubeconfig', kubeconfig, '-n', namespace, 'patch', 'configmap', 'cm-00', '--type', 'merge', '-p', JSON.stringify({ data: { n: String(++patches) } })]);
    }
  })();
  return async () => {
    stopped = true;
    await done;
    return patches;
  };
}

export async function run({ page, screenshot, state }) {
  await page.locator('.statusbar-item', { hasText: state.context }).first().waitFor({ timeout: 60_000 });
  const { row, expand, filterNamespaces } = await openClustersView(page);

  // Only the scenario's namespace: a short tree.
  await filterNamespaces(state.namespace);

  // The tree settled (the workspace's Cluster documents listed beside the context) before rows are clicked.
  await row('staging').filter({ hasText: 'not created' }).waitFor({ timeout: 60_000 });
  // The other views folded: the Clusters view gets the sidebar's height.
  for (const other of ['Platform', 'Port Forwards']) {
    const header = page.locator('.pane-header', { hasText: other }).first();
    if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
  }
  await expand(new RegExp(`^${state.context}`));
  await expand(/^Namespaces/);
  await expand(state.namespace);
  await expand(/^ConfigMaps/);
  // The folder's last rows sit above the namespace's last three folders: End scrolls them into view
  // (the list draws only the rows in view), again after each page, which grows the tree below.
  const atTheEnd = async (locator) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      await page.keyboard.press('End');
      if (await locator.waitFor({ timeout: 1000 }).then(() => true, () => false)) return;
      if (Date.now() > deadline) throw new Error(`not shown at the end of the tree within 30 s: ${locator}`);
    }
  };
  const more = row(/^Load more…/).first();
  await atTheEnd(more.filter({ hasText: '16 more' }));

  const stopChurn = churn(state);
  let patches = 0;
  try {
    // Each click within a stream of re-listings: the next page must come, not a lost click.
    await more.click();
    await atTheEnd(row(/^Load more…/).filter({ hasText: '6 more' }).first());
    await more.click();
    await atTheEnd(row('kube-root-ca.crt').first());
  } finally {
    patches = await stopChurn();
  }
  if (patches < 2) throw new Error(`the folder changed only ${patches} times while "Load more…" was clicked: the scenario tested nothing`);
  // Every page shown: the cluster's own ConfigMap is the last of the folder's 26 rows, no "Load more…" after it.
  const last = row('kube-root-ca.crt').first();
  const place = `${await last.getAttribute('aria-posinset')}/${await last.getAttribute('aria-setsize')}`;
  if (place !== `${CONFIG_MAPS + 1}/${CONFIG_MAPS + 1}`) throw new Error(`kube-root-ca.crt is row ${place} of its folder, not the last of ${CONFIG_MAPS + 1}`);
  await screenshot();
}
