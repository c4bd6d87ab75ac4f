// Scenario: the Berth activity-bar container lists the kubeconfig's contexts, the status bar
// names the current one, and expanding a context lists its namespaces (from a stand-in API server
// in this process) or says why it cannot (a context whose server does not answer).
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const title = 'the Clusters view lists kubeconfig contexts and, on expand, namespaces';

const namespaces = ['default', 'kube-system', 'shop'];

/** A stand-in API server answering the one request the view makes. */
function fakeApiServer() {
  const requests = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.method === 'GET' && req.url?.startsWith('/api/v1/namespaces')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'NamespaceList', apiVersion: 'v1', items: namespaces.map((name) => ({ metadata: { name } })) }));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', status: 'Failure', code: 404, reason: 'NotFound' }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, requests, port: server.address().port })));
}

export async function setup({ dir }) {
  const api = await fakeApiServer();
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, `apiVersion: v1
kind: Config
current-context: berth-ui
clusters:
  - name: fake
    cluster: {server: "http://127.0.0.1:${api.port}"}
  - name: nowhere
    cluster: {server: "http://127.0.0.1:9"}
users:
  - name: token
    user: {token: berth-ui-test}
contexts:
  - name: berth-ui
    context: {cluster: fake, user: token, namespace: shop}
  - name: unreachable
    context: {cluster: nowhere, user: token}
`);
  return {
    env: { KUBECONFIG: kubeconfig },
    state: api,
    cleanup: () => new Promise((resolve) => api.server.close(resolve)),
  };
}

export async function run({ page, screenshot, state }) {
  // Activation (workspaceContains:**/*.yaml) puts the current context in the status bar.
  await page.locator('.statusbar-item', { hasText: 'berth-ui' }).first().waitFor({ timeout: 60_000 });

  await page.locator('.activitybar .action-item a[aria-label^="Berth"]').click();
  const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Clusters' }) });
  const row = (text) => view.locator('.monaco-list-row', { hasText: text });
  await row('berth-ui').waitFor();
  await row('unreachable').waitFor();

  await row('berth-ui').click();
  for (const name of namespaces) await row(new RegExp(`^${name}`)).first().waitFor();
  if (!state.requests.some((r) => r.startsWith('GET /api/v1/namespaces'))) throw new Error(`the view never listed namespaces: ${state.requests.join(', ')}`);
  await row('context namespace').waitFor(); // shop, the context's namespace, is marked

  await row('unreachable').click();
  await view.locator('.monaco-list-row .codicon-error').first().waitFor();
  await screenshot();
}
