// Berth: Install from Catalog… in a real VS Code against the local cluster, on the paths the ui
// scenario (test/ui/catalog.scenario.mjs) does not click through: edited values that break the
// chart's values.schema.json are refused with their line before helm runs; edited values that fit
// are what helm installs; a Catalog row installs its own chart without asking for one. Prompts are
// answered by ScriptedPrompts; the releases live in a namespace made for this run and deleted after.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { BerthApi } from '../../client/src/extension';
import type { CatalogInstallSummary } from '../../client/src/commands/appCatalog/installFromCatalog';
import type { PromptRequest } from '../../client/src/prompts/prompts';
import { ScriptedPrompts } from '../../client/src/prompts/scripted';
import { listBundledCharts } from '../../installation/catalog';
import { findLocalTool, missingToolMessage } from '../../installation/tools/localTools';
import { runSuite } from './mocha';
import { until } from './wait';
import { localKubeconfig } from './localKubeconfig';

const extensionId = 'berth.berth';
const INSTALL_WITH_VALUES = 'Install with these values';

interface Setup {
  api: BerthApi['testing'];
  extensionPath: string;
  kubeconfig: string;
  context: string;
  namespace: string;
  helm: string;
  previousHelm: string | undefined;
  previousKubeconfigs: string[] | undefined;
}
let setup: Setup | undefined;
function s(): Setup {
  assert.ok(setup, 'the suite set up');
  return setup;
}

/** What the built helm says is installed in the run's namespace. */
function helmList(): { name: string; status: string; chart: string }[] {
  const out = execFileSync(s().helm, ['list', '--namespace', s().namespace, '--kube-context', s().context, '--kubeconfig', s().kubeconfig, '--output', 'json'], { encoding: 'utf8' });
  return JSON.parse(out) as { name: string; status: string; chart: string }[];
}

function helmGetValues(release: string): Record<string, unknown> {
  const out = execFileSync(s().helm, ['get', 'values', release, '--namespace', s().namespace, '--kube-context', s().context, '--kubeconfig', s().kubeconfig, '--output', 'json'], { encoding: 'utf8' });
  return JSON.parse(out) as Record<string, unknown>;
}

/**
 * Answers the command's questions: `release`, the run's namespace and context, `values` for the
 * values question; an edited copy gets `edited` written to it before "Install with these values".
 */
function answers(release: string, values: 'Use defaults' | 'Edit values', edited?: string, confirm = true) {
  return (r: PromptRequest): unknown => {
    switch (r.kind) {
      case 'pick':
        if (/: chart$/.test(r.title)) return 'Web application';
        if (/: context$/.test(r.title)) return s().context;
        if (/values of/.test(r.title)) return values;
        return undefined;
      case 'input':
        return /release name/.test(r.title) ? release : /namespace of/.test(r.title) ? s().namespace : undefined;
      case 'message': {
        if (!r.actions.includes(INSTALL_WITH_VALUES)) return undefined;
        // The user's edit, saved: the copy is the active editor.
        const file = vscode.window.activeTextEditor?.document.uri.fsPath;
        assert.ok(file && /berth-values-/.test(file), `the values copy is open (${file})`);
        if (edited !== undefined) writeFileSync(file, edited);
        return INSTALL_WITH_VALUES;
      }
      case 'confirm':
        return confirm;
      default:
        return undefined;
    }
  };
}

async function install(arg: unknown, answer: (r: PromptRequest) => unknown): Promise<{ result: CatalogInstallSummary | undefined; prompts: ScriptedPrompts }> {
  const prompts = new ScriptedPrompts(answer);
  s().api.usePrompts(prompts);
  try {
    return { result: await vscode.commands.executeCommand<CatalogInstallSummary | undefined>('berth.installFromCatalog', arg), prompts };
  } finally {
    s().api.usePrompts(undefined);
  }
}

export function run(): Promise<void> {
  return runSuite({
    title: 'Install from Catalog against the local cluster',
    before: async () => {
      const extension = vscode.extensions.getExtension<BerthApi>(extensionId);
      assert.ok(extension, `extension ${extensionId} is installed`);
      const api = (await extension.activate()).testing;
      const kubeconfig = localKubeconfig(extension.extensionPath);
      const parsed = parse(readFileSync(kubeconfig, 'utf8')) as { 'current-context': string; clusters: { cluster: { server: string } }[] };
      const server = parsed.clusters[0]?.cluster.server ?? '';
      assert.match(server, /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/, `refusing to run against ${server} (${kubeconfig}); run \`npm run cluster -- up\``);
      // The workbench runs with XDG folders of its own: the helm Berth built is found from the real home.
      const helm = process.env.BERTH_HELM ?? findLocalTool('helm', { ...process.env, XDG_CACHE_HOME: '' });
      if (!helm) assert.fail(missingToolMessage('helm'));
      const config = vscode.workspace.getConfiguration('berth');
      setup = {
        api,
        extensionPath: extension.extensionPath,
        kubeconfig,
        context: parsed['current-context'],
        namespace: `berth-catalog-${Date.now().toString(36)}`,
        helm,
        previousHelm: process.env.BERTH_HELM,
        previousKubeconfigs: config.inspect<string[]>('kubeconfigs')?.globalValue,
      };
      // The extension host is this process: the command finds helm through BERTH_HELM.
      process.env.BERTH_HELM = helm;
      await config.update('kubeconfigs', [kubeconfig], vscode.ConfigurationTarget.Global);
      await until('the local context', api.session.onDidChange, () => {
        const k = api.session.kubeconfig();
        return k.ok && k.value.contexts.some((c) => c.name === s().context) ? true : undefined;
      });
    },
    after: async () => {
      if (!setup) return;
      const { helm, namespace, context, kubeconfig } = setup;
      for (const release of helmList().map((r) => r.name)) execFileSync(helm, ['uninstall', release, '--namespace', namespace, '--kube-context', context, '--kubeconfig', kubeconfig], { stdio: 'ignore' });
      const api = setup.api;
      const client = await api.session.open(context, namespace);
      if (client.ok) await client.value.request({ method: 'DELETE', path: `/api/v1/namespaces/${namespace}`, operation: { verb: 'delete', resource: 'namespaces' } });
      await vscode.workspace.getConfiguration('berth').update('kubeconfigs', setup.previousKubeconfigs, vscode.ConfigurationTarget.Global);
      if (setup.previousHelm === undefined) delete process.env.BERTH_HELM;
      else process.env.BERTH_HELM = setup.previousHelm;
    },
    tests: {
      'the Platform view ends with Catalog, which lists the bundled charts and then the workspace\'s: display name, version, category icon, escaped tooltip': async () => {
        const extension = vscode.extensions.getExtension<BerthApi>(extensionId)!;
        const { explorer } = (await extension.activate()).views.platform;
        const roots = await explorer.getChildren();
        const catalog = roots[roots.length - 1]!;
        assert.equal(catalog.kind, 'catalog');
        assert.equal((await explorer.getTreeItem(catalog)).label, 'Catalog');
        const rows = await Promise.all((await explorer.getChildren(catalog)).map(async (node) => ({ node, item: await explorer.getTreeItem(node) })));
        const shown = rows.map(({ item }) => [item.label, item.description, (item.iconPath as vscode.ThemeIcon).id, item.contextValue]);
        assert.deepEqual(shown, [
          ['Batch job', '0.1.0', 'run-all', 'berth.catalogChart'],
          ['Cache (Redis)', '0.1.0', 'zap', 'berth.catalogChart'],
          ['Database (PostgreSQL)', '0.1.0', 'database', 'berth.catalogChart'],
          ['Web application', '0.1.0', 'globe', 'berth.catalogChart'],
          // The chart in samples/charts, the workspace this suite runs in.
          ['guestbook-api', '0.1.0 · workspace', 'package', 'berth.catalogChart'],
        ]);
        const tooltip = rows[3]!.item.tooltip as vscode.MarkdownString;
        assert.match(tooltip.value, /A stateless web application/);
        assert.ok(!tooltip.isTrusted && !tooltip.supportHtml, 'text from Chart.yaml is never trusted Markdown');
      },

      'edited values that break values.schema.json are refused with their line, and helm installs nothing': async () => {
        const { result, prompts } = await install(undefined, answers('refused', 'Edit values', 'replicaCount: 1000\n'));
        assert.equal(result?.installed ?? false, false);
        const error = prompts.messages('error').find((m) => /do not fit the chart's values\.schema\.json/.test(m.message));
        assert.ok(error, JSON.stringify(prompts.messages()));
        assert.match(error.message, /line 1: .*replicaCount/);
        assert.ok(!prompts.requests.some((r) => r.kind === 'confirm'), 'no install was offered');
        assert.deepEqual(helmList(), []);
      },

      'edited values that fit are what helm installs, after the dry run is confirmed': async () => {
        const { result, prompts } = await install(undefined, answers('edited', 'Edit values', 'replicaCount: 1\nenv:\n  GREETING: hello\n'));
        assert.equal(result?.installed, true, JSON.stringify(prompts.requests));
        assert.equal(result.revision, 1);
        const confirm = prompts.requests.find((r) => r.kind === 'confirm');
        assert.ok(confirm && confirm.kind === 'confirm' && /Install release "edited" into namespace/.test(confirm.message), JSON.stringify(confirm));
        assert.ok(helmList().some((r) => r.name === 'edited' && r.status === 'deployed'));
        const values = helmGetValues('edited');
        assert.equal(values.replicaCount, 1);
        assert.deepEqual(values.env, { GREETING: 'hello' });
      },

      'a Catalog row installs its own chart without asking which, and Cancel after the preview installs nothing': async () => {
        const charts = await listBundledCharts(s().extensionPath);
        const batch = charts.find((c) => c.name === 'batch-job');
        assert.ok(batch);
        const row = { kind: 'chart', id: 'platform:catalog/bundled/batch-job', chart: batch };
        const cancelled = await install(row, answers('nightly', 'Use defaults', undefined, false));
        assert.equal(cancelled.result?.installed, false);
        assert.ok(!cancelled.prompts.requests.some((r) => r.kind === 'pick' && /: chart$/.test(r.title)), 'no chart was asked for');
        assert.ok(!helmList().some((r) => r.name === 'nightly'));
        const installed = await install(row, answers('nightly', 'Use defaults'));
        assert.equal(installed.result?.installed, true, JSON.stringify(installed.prompts.requests));
        assert.ok(helmList().some((r) => r.name === 'nightly' && r.chart === 'batch-job-0.1.0' && r.status === 'deployed'));
      },
    },
  });
}
