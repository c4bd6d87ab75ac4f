// Scenario: a shell in a Running pod of the local cluster. setup() deploys
// samples/apps/checkout.yaml (a blue-green Application in `default`) with the berth CLI; the
// workbench gets the local cluster's kubeconfig. The run narrows the Clusters view to `default`,
// opens kwok-local → Namespaces → default → Deployments → checkout-blue down to a Running pod,
// runs Berth: Open Shell from the palette and picks that pod, waits for the shell's prompt, types
// `echo berth-$((6*7))` and waits until the terminal shows the shell's answer, berth-42, on a line
// of its own. The screenshot shows the terminal with the command and its answer under the tree.
import { deploySample, localKubeconfig } from './localCluster.mjs';
import { openClustersView } from './clustersView.mjs';
import { runFromPalette } from './palette.mjs';

export const title = 'Open Shell on a Running pod gives a terminal in it: echo berth-$((6*7)) answers berth-42';

// xterm's DOM renderer: its rows are text the run can read (the GPU renderer draws on a canvas).
export const settings = { 'terminal.integrated.gpuAcceleration': 'off' };

export async function setup() {
  const kubeconfig = localKubeconfig();
  deploySample('samples/apps/checkout.yaml', kubeconfig);
  return { env: { KUBECONFIG: kubeconfig }, state: {} };
}

/**
 * Waits until a line of the active terminal, as xterm draws it in its DOM rows (non-breaking
 * spaces for blanks), matches `pattern`.
 */
function terminalLine(page, pattern) {
  return page.waitForFunction(({ source, flags }) => {
    const re = new RegExp(source, flags);
    const rows = document.querySelectorAll('.integrated-terminal .xterm-rows > div');
    return Array.from(rows).some((r) => re.test((r.textContent ?? '').replace(/\u00a0/g, ' ').trim()));
  }, { source: pattern.source, flags: pattern.flags }, { timeout: 60_000 });
}

export async function run({ page, screenshot }) {
  await page.locator('.statusbar-item', { hasText: 'kwok-local' }).first().waitFor({ timeout: 60_000 });
  const { row, expand, filterNamespaces } = await openClustersView(page);

  // Only `default`: other tiers' namespaces would push it out of the rendered rows.
  await filterNamespaces('default');

  await expand(/^kwok-local/);
  await expand(/^Namespaces/);
  await expand(/^default/);
  await expand(/^Deployments/);
  await expand('checkout-blue');
  const pod = row(/checkout-blue-.*Running · 1\/1 ready/).first();
  await pod.waitFor({ timeout: 60_000 });
  const podName = /checkout-blue-[a-z0-9]+-[a-z0-9]+/.exec(await pod.innerText())?.[0];
  if (!podName) throw new Error(`no pod name in the row "${await pod.innerText()}"`);

  // Berth: Open Shell from the palette, then that pod among the namespace's pods and workloads.
  const quickInput = page.locator('.quick-input-widget input[type="text"]').first();
  const podChoice = page.locator('.quick-input-list .monaco-list-row', { hasText: podName }).first();
  await runFromPalette(page, 'Berth: Open Shell', podChoice);
  await quickInput.fill(podName);
  await podChoice.click();
  await page.locator('.single-terminal-tab, .terminal-tabs-entry', { hasText: `Berth shell: ${podName}` }).first().waitFor({ timeout: 60_000 });

  // Keys typed before exec attaches are dropped: the shell's prompt comes first.
  await terminalLine(page, /\S/);
  await page.locator('.integrated-terminal .xterm-screen').click();
  await page.keyboard.type('echo berth-$((6*7))');
  await page.keyboard.press('Enter');
  // The answer on a line of its own: the typed line holds no "berth-42".
  await terminalLine(page, /^berth-42$/);
  await screenshot();
}
