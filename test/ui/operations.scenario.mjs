// Scenario: day-two operations from the command palette on the local cluster. A user opens an
// Application file, runs Berth: Deploy Current File (dry run, diff preview, Apply), sees the
// Deployment in the Clusters view, picks its namespace with Berth: Use Namespace, runs Berth:
// Scale… and sees the new count in the tree, then Berth: Show Logs and sees its pods' lines in
// an output channel. A screenshot per step: test-results/screenshots/operations-<n>-<step>.png.
// The namespace is created by the deploy itself (the file holds it) and deleted afterwards.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/tools/paths.mjs';
import { localCluster, localKubectl } from './localCluster.mjs';
import { openClustersView } from './clustersView.mjs';
import { runFromPalette } from './palette.mjs';

export const title = 'Deploy, Scale and Show Logs from the palette change the cluster, the Clusters view and the output';

const shots = join(repoRoot, 'test-results/screenshots');

export async function setup({ dir }) {
  const { path, context } = localCluster();
  const kubectlPath = localKubectl();
  const namespace = `berth-ui-ops-${Date.now().toString(36)}`;
  const file = join(dir, 'ops-app.yaml');
  writeFileSync(file, `# The app the operations scenario deploys, scales and reads the logs of.
apiVersion: v1
kind: Namespace
metadata:
  name: ${namespace}
---
apiVersion: berth.dev/v1alpha1
kind: Application
metadata:
  name: web
  namespace: ${namespace}
spec:
  image: nginx:1.27
  replicas: 1
  ports:
    - {name: http, port: 8080}
`);
  return {
    env: { KUBECONFIG: path },
    state: { file, namespace, context },
    cleanup: () => {
      execFileSync(kubectlPath, ['--kubeconfig', path, 'delete', 'namespace', namespace, '--ignore-not-found', '--wait=false'], { stdio: 'ignore' });
    },
  };
}

export async function run({ page, screenshot, state }) {
  let step = 0;
  const shot = (name) => page.screenshot({ path: join(shots, `operations-${++step}-${name}.png`) });
  const notification = (text) => page.locator('.notifications-toasts .notification-toast', { hasText: text });
  const quickInput = page.locator('.quick-input-widget');
  const choice = (label) => quickInput.locator('.monaco-list-row', { hasText: label }).first();
  const pick = async (label) => {
    await quickInput.locator('input').fill(label);
    await choice(label).click();
  };

  await page.locator('.statusbar-item', { hasText: state.context }).first().waitFor({ timeout: 60_000 });

  // 1. Open the Application file and deploy it: the dry run's diff opens, Apply applies.
  await page.keyboard.press('Control+P');
  await quickInput.locator('input').fill(state.file);
  await quickInput.locator('.monaco-list-row', { hasText: 'ops-app.yaml' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: 'ops-app.yaml' }).waitFor();
  // Focus the editor itself: the palette's `editorLangId == yaml` commands need its context keys.
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  await page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor();
  await runFromPalette(page, 'Berth: Deploy Current File');
  const ask = notification('apply');
  await ask.locator('.monaco-button', { hasText: 'Apply' }).waitFor({ timeout: 60_000 });
  await page.locator('.tabs-container .tab', { hasText: /live ↔ dry run|Berth deploy/ }).first().waitFor();
  await shot('dry-run-diff');
  await ask.locator('.monaco-button', { hasText: 'Apply' }).click();
  await notification(`deployed to ${state.context}`).waitFor({ timeout: 60_000 });
  await shot('deployed');

  // 2. The Clusters view shows the new Deployment, ready.
  const { row, expand } = await openClustersView(page);
  await expand(new RegExp(`^${state.context}`));
  await expand(/^Namespaces/);
  await expand(state.namespace);
  await expand(/^Deployments/);
  await row(/web.*1\/1 ready/).first().waitFor({ timeout: 90_000 });
  await shot('tree-deployed');

  // 3. Use the app's namespace (status bar item), then Scale… from the palette: 1 → 2.
  await page.locator('.statusbar-item a[aria-label*="Namespace"], .statusbar-item[aria-label*="Namespace"]').first().click().catch(() => runFromPalette(page, 'Berth: Use Namespace', choice(state.namespace)));
  await quickInput.locator('input').waitFor();
  await pick(state.namespace);
  await page.locator('.statusbar-item', { hasText: state.namespace }).first().waitFor();
  await runFromPalette(page, 'Berth: Scale…', choice('web'));
  await pick('web');
  const input = quickInput.locator('input');
  await page.waitForFunction(() => document.querySelector('.quick-input-widget input')?.value === '1');
  await input.fill('2');
  await page.keyboard.press('Enter');
  await notification('scaled from 1 to 2').waitFor({ timeout: 60_000 });
  await row(/web.*2\/2 ready/).first().waitFor({ timeout: 90_000 });
  await shot('scaled');

  // 4. Show Logs: an output channel with both pods' lines, prefixed [pod/container].
  await runFromPalette(page, 'Berth: Show Logs', choice('web'));
  await pick('web');
  const output = page.locator('.panel .monaco-editor .view-lines');
  await output.filter({ hasText: /\[web-[a-z0-9]+-[a-z0-9]+\/web\]/ }).first().waitFor({ timeout: 60_000 });
  await shot('logs');
  await runFromPalette(page, 'Berth: Stop Following Logs');
  await screenshot();
}
