// Scenario: the topology of a deployed Application. setup() deploys samples/apps/checkout.yaml
// (a blue-green Application in `default`) with the berth CLI; the run opens that file, runs
// Berth: Show Application Topology from the palette, and waits until the panel beside the editor
// draws the Service and a Running checkout pod on a node of its pool. The screenshot shows the
// picture: rendered objects above, pods by node pool and node below, with the edges.
import { deploySample, localKubeconfig } from './localCluster.mjs';
import { runFromPalette } from './palette.mjs';

export const title = 'Show Application Topology draws a deployed Application with its live pods by node pool';

export async function setup() {
  const kubeconfig = localKubeconfig();
  deploySample('samples/apps/checkout.yaml', kubeconfig);
  return { env: { KUBECONFIG: kubeconfig }, state: {} };
}

export async function run({ page, screenshot }) {
  const quickInput = page.locator('.quick-input-widget');
  await page.locator('.statusbar-item', { hasText: 'kwok-local' }).first().waitFor({ timeout: 60_000 });

  await page.keyboard.press('Control+P');
  await quickInput.locator('input').fill('apps/checkout.yaml');
  await quickInput.locator('.monaco-list-row', { hasText: 'checkout.yaml' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: 'checkout.yaml' }).waitFor();
  // Focus the editor itself: the palette's `editorLangId == yaml` commands need its context keys.
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  await page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor();

  await runFromPalette(page, 'Berth: Show Application Topology');
  await page.locator('.tabs-container .tab', { hasText: 'Topology: checkout' }).first().waitFor({ timeout: 60_000 });

  // The webview's document sits two iframes down (the host frame, then the active frame).
  const drawing = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  await drawing.locator('svg.topology').waitFor({ timeout: 60_000 });
  await drawing.locator('g.object text', { hasText: 'checkout' }).first().waitFor({ timeout: 60_000 });
  await drawing.locator('g.pod', { hasText: /checkout-blue-/ }).filter({ hasText: /Running/ }).first().waitFor({ timeout: 90_000 });
  await screenshot();
}
