// Scenario: the App Catalog. The Platform view lists the charts shipped with Berth under
// Catalog (screenshot catalog-1-catalog.png); Berth: Install from Catalog… from the palette
// installs "Web application" with its defaults as release web-app into a fresh namespace: the
// chart, release name, namespace, context and "Use defaults" are chosen in quick picks and input
// boxes, helm's dry run opens as a diff with a modal asking to install (catalog-2-preview.png),
// and Install installs it. The run then waits until the built helm lists the release as deployed
// and kubectl sees its pods Running (final screenshot: catalog.png). Cleanup uninstalls the
// release and deletes the namespace.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/tools/paths.mjs';
import { localKubeconfig } from './localCluster.mjs';

export const title = 'Install from Catalog installs the web-app chart with its defaults: helm lists the release, its pods run';

const shots = join(repoRoot, 'test-results/screenshots');
const release = 'web-app';

/** The helm Berth built from source (scripts/cluster.mjs prints its path). */
function helmPath() {
  const path = execFileSync(process.execPath, [join(repoRoot, 'scripts/cluster.mjs'), 'helm'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop();
  if (!path || !existsSync(path)) throw new Error('no helm: run `npm run cluster -- helm`');
  return path;
}

/** kubectl built with the local cluster. */
function kubectlPath() {
  const bin = join(process.env.BERTH_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'berth'), 'bin');
  const dir = existsSync(bin) ? readdirSync(bin).map((d) => join(bin, d)).find((d) => existsSync(join(d, 'manifest.json')) && existsSync(join(d, 'kubectl'))) : undefined;
  if (!dir) throw new Error(`no kubectl under ${bin}: run \`npm run cluster -- up\``);
  return join(dir, 'kubectl');
}

export async function setup() {
  const kubeconfig = localKubeconfig();
  const server = /server:\s*(\S+)/.exec(readFileSync(kubeconfig, 'utf8'))?.[1] ?? '';
  // The scenario creates and deletes a namespace: only ever on this machine's cluster.
  if (!/^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(server)) throw new Error(`refusing to run against ${server} (${kubeconfig})`);
  const helm = helmPath();
  const kubectl = kubectlPath();
  const namespace = `berth-ui-catalog-${Date.now().toString(36)}`;
  const env = { ...process.env, KUBECONFIG: kubeconfig };
  return {
    // The workbench runs with a home of its own: BERTH_HELM tells the extension which helm to run.
    env: { KUBECONFIG: kubeconfig, BERTH_HELM: helm },
    state: { namespace, context: 'kwok-local', helm, kubectl, env },
    cleanup: () => {
      try {
        execFileSync(helm, ['uninstall', release, '--namespace', namespace, '--kube-context', 'kwok-local', '--ignore-not-found'], { env, stdio: 'ignore' });
      } finally {
        execFileSync(kubectl, ['--context', 'kwok-local', 'delete', 'namespace', namespace, '--ignore-not-found', '--wait=false'], { env, stdio: 'ignore' });
      }
    },
  };
}

/** Polls `check` until it returns true: helm and the pods answer outside the page, so there is no event to await. */
async function until(what, check, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export async function run({ page, screenshot, state }) {
  const quickInput = page.locator('.quick-input-widget');
  const input = quickInput.locator('input');
  const notification = (text) => page.locator('.notifications-toasts .notification-toast', { hasText: text });
  const palette = async (command) => {
    await page.keyboard.press('F1');
    await input.waitFor();
    await input.fill(`>${command}`);
    // Click the very command: Enter would run whichever row the fuzzy match put first.
    await quickInput.locator('.monaco-list-row', { hasText: command }).first().click();
  };
  const pick = async (title, label) => {
    await quickInput.locator('.quick-input-title', { hasText: title }).waitFor();
    await input.fill(label);
    await quickInput.locator('.monaco-list-row', { hasText: label }).first().click();
  };
  const type = async (title, expectedDefault, text) => {
    await quickInput.locator('.quick-input-title', { hasText: title }).waitFor();
    await page.waitForFunction((value) => document.querySelector('.quick-input-widget input')?.value === value, expectedDefault);
    if (text !== expectedDefault) await input.fill(text);
    await page.keyboard.press('Enter');
  };

  await page.locator('.statusbar-item', { hasText: state.context }).first().waitFor({ timeout: 60_000 });

  // 1. The Platform view's Catalog lists the bundled charts. The Clusters view folds away to give
  // it room; Catalog is the last root, below the workspace's clusters: the list scrolls to it
  // (a tree renders only the rows in view).
  await page.locator('.activitybar .action-item a[aria-label^="Berth"]').click();
  const clustersHeader = page.locator('.pane-header', { hasText: 'Clusters' });
  await clustersHeader.waitFor();
  if ((await clustersHeader.getAttribute('aria-expanded')) === 'true') await clustersHeader.click();
  const header = page.locator('.pane-header', { hasText: 'Platform' });
  await header.waitFor();
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  const view = page.locator('.pane', { has: header });
  const reveal = async (row) => {
    for (let i = 0; i < 40 && !(await row.isVisible()); i++) {
      await view.locator('.monaco-list').first().hover();
      await page.mouse.wheel(0, 200);
      // The wheel scrolls at once; the list renders the new rows on the next frame.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
    }
    await row.waitFor();
  };
  const catalog = view.locator('.monaco-list-row', { hasText: /^Catalog/ }).first();
  await view.locator('.monaco-list-row').first().waitFor({ timeout: 60_000 });
  await reveal(catalog);
  if ((await catalog.getAttribute('aria-expanded')) !== 'true') await catalog.click();
  for (const name of ['Batch job', 'Cache (Redis)', 'Database (PostgreSQL)', 'Web application']) await reveal(view.locator('.monaco-list-row', { hasText: name }).first());
  await page.screenshot({ path: join(shots, 'catalog-1-catalog.png') });

  // 2. Install from Catalog… with the defaults into a fresh namespace.
  await palette('Berth: Install from Catalog');
  await pick('chart', 'Web application');
  await type('release name', release, release);
  await type('namespace of', 'web-app', state.namespace);
  await pick('context', state.context);
  await pick('values of', 'Use defaults');

  // 3. helm's dry run as a diff, and a modal asking to install.
  const dialog = page.locator('.monaco-dialog-box', { hasText: `Install release "${release}"` });
  await dialog.waitFor({ timeout: 90_000 });
  await page.locator('.tabs-container .tab', { hasText: /live ↔ dry run|Berth deploy/ }).first().waitFor();
  await page.screenshot({ path: join(shots, 'catalog-2-preview.png') });
  await dialog.locator('.monaco-button', { hasText: /^Install$/ }).click();
  await notification(`as release "${release}"`).waitFor({ timeout: 120_000 });

  // 4. helm agrees: the release is deployed; kwok runs its pods.
  await until('helm lists the release as deployed', () => {
    const listed = JSON.parse(execFileSync(state.helm, ['list', '--namespace', state.namespace, '--kube-context', state.context, '--output', 'json'], { env: state.env, encoding: 'utf8' }));
    return listed.some((r) => r.name === release && r.status === 'deployed' && r.chart === 'web-app-0.1.0');
  });
  await until('both pods run', () => {
    const phases = execFileSync(state.kubectl, ['--context', state.context, '--namespace', state.namespace, 'get', 'pods', '-l', `app.kubernetes.io/instance=${release}`, '-o', 'jsonpath={.items[*].status.phase}'], { env: state.env, encoding: 'utf8' }).trim().split(/\s+/);
    return phases.length === 2 && phases.every((p) => p === 'Running');
  });
  await screenshot();
}
