// Scenario: the Clusters view on the local cluster, expanded down to a Running pod of a deployed
// Application. setup() deploys samples/apps/checkout.yaml (a blue-green Application in `default`)
// with the berth CLI; the workbench gets the local cluster's kubeconfig. The run narrows the view
// with the namespace filter, opens kwok-local → Namespaces → default → Deployments →
// checkout-blue → its Running pod → the container, and checks the staging Cluster document is
// shown as not created. The screenshot shows the tree with pod and container states.
import { openClustersView } from './clustersView.mjs';
import { deploySample, localKubeconfig } from './localCluster.mjs';

export const title = 'the Clusters view shows a deployed Application down to its Running pod and container';

export async function setup() {
  const kubeconfig = localKubeconfig();
  deploySample('samples/apps/checkout.yaml', kubeconfig);
  return { env: { KUBECONFIG: kubeconfig }, state: {} };
}

export async function run({ page, screenshot }) {
  await page.locator('.statusbar-item', { hasText: 'kwok-local' }).first().waitFor({ timeout: 60_000 });
  const { row, filterNamespaces } = await openClustersView(page);

  // Only `default`: the filter keeps the tree short enough to show every level at once.
  await filterNamespaces('default');

  await row('staging').filter({ hasText: 'not created' }).waitFor();
  await row('kwok-local').first().click();
  await row(/^Namespaces/).first().click();
  await row(/^default/).first().click();
  await row(/^Deployments/).first().click();
  await row('checkout-blue').first().waitFor();
  await row('checkout-blue').first().click();
  const pod = row(/checkout-blue-.*Running · 1\/1 ready/).first();
  await pod.waitFor({ timeout: 60_000 });
  await pod.click();
  await row(/checkout.*running · traefik\/whoami/).first().waitFor();
  await screenshot();
}
