/**
 * Berth: Deploy Chart…: on a folder holding Chart.yaml (or Chart.yaml itself) in the Explorer.
 * Asks the release name (default: the chart's name) and namespace, in the session's selected
 * context; shows helm's server-side dry run in the deploy diff view (live ↔ dry run); installs
 * or upgrades with helm once the user agrees, then refreshes the release folder.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { checkHelmNamespace, checkHelmRelease, helmInstallOrUpgrade, type HelmTarget } from '../../../../kube';
import { ensureTrusted } from '../../trust';
import { helmTargetFor } from '../../views/clusters/helmSource';
import { showInstallPreview } from '../appCatalog/installPreview';
import type { CommandDeps } from '../deps';
import { reportError, reportProblem, withCancellableProgress } from '../feedback';
import { uriOf } from '../targets';

export const DEPLOY = 'Deploy';
const TITLE = 'Berth: Deploy Chart';

/** Test hooks: answers that otherwise come from input boxes. */
export interface DeployChartOptions {
  readonly release?: string;
  readonly namespace?: string;
}

export interface ChartDeploySummary {
  readonly chartDir: string;
  readonly context: string;
  readonly release: string;
  readonly namespace: string;
  readonly deployed: boolean;
  readonly revision?: number;
  readonly status?: string;
}

/** The chart folder of a folder or Chart.yaml URI, and the chart's name; a string says why not. */
async function chartOf(uri: vscode.Uri | undefined): Promise<{ dir: string; name: string } | string> {
  if (!uri || uri.scheme !== 'file') return 'choose a folder holding Chart.yaml (or Chart.yaml itself) in the Explorer.';
  const dir = basename(uri.fsPath) === 'Chart.yaml' ? dirname(uri.fsPath) : uri.fsPath;
  let text: string;
  try {
    if (!(await stat(dir)).isDirectory()) return `${dir} is not a folder.`;
    text = await readFile(join(dir, 'Chart.yaml'), 'utf8');
  } catch {
    return `${dir} holds no Chart.yaml.`;
  }
  let name: unknown;
  try {
    name = (parse(text) as { name?: unknown } | null)?.name;
  } catch (error) {
    return `${join(dir, 'Chart.yaml')} is not valid YAML: ${String((error as Error).message).split('\n')[0]}`;
  }
  if (typeof name !== 'string' || name === '') return `${join(dir, 'Chart.yaml')} names no chart (name:).`;
  return { dir, name };
}

function problem(check: (text: string) => { ok: boolean; error?: { message: string } }): (text: string) => string | undefined {
  return (text) => {
    const checked = check(text);
    return checked.ok ? undefined : checked.error?.message;
  };
}

/** A release name helm accepts made from a chart name (chart names may hold "." or "_"). */
function defaultRelease(chartName: string): string {
  return chartName.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 53).replace(/^-+|-+$/g, '') || 'release';
}

export function deployChartCommand(deps: CommandDeps) {
  return async (arg?: unknown, given?: unknown): Promise<ChartDeploySummary | undefined> => {
    const options = (typeof given === 'object' && given !== null ? given : {}) as DeployChartOptions;
    const chart = await chartOf(uriOf(arg));
    if (typeof chart === 'string') return void (await reportProblem(deps, `Nothing to deploy: ${chart}`));
    if (!ensureTrusted('Deploying a chart')) return undefined;
    const context = deps.session.selection().context;
    if (context === undefined) return void (await reportProblem(deps, 'No Kubernetes context is selected: run Berth: Use Context.'));
    const target = helmTargetFor(deps.session.kubeconfig(), context);
    if (!target.ok) return void (await reportError(deps, target.error, 'Deploy Chart'));

    const release = options.release ?? (await deps.prompts.input({ title: `${TITLE}: release name (${chart.name})`, prompt: 'The helm release: a DNS-1123 label of at most 53 characters', value: defaultRelease(chart.name), validate: problem(checkHelmRelease) }));
    if (release === undefined) return undefined;
    const namespace = options.namespace ?? (await deps.prompts.input({ title: `${TITLE}: namespace of ${release}`, prompt: `In context ${context}; created when it does not exist`, value: deps.session.namespaceOf(context), validate: problem(checkHelmNamespace) }));
    if (namespace === undefined) return undefined;
    const base = { chartDir: chart.dir, context, release, namespace, deployed: false };
    return deploy(deps, target.value, base);
  };
}

async function deploy(deps: CommandDeps, target: HelmTarget, base: ChartDeploySummary): Promise<ChartDeploySummary> {
  const { chartDir, context, release, namespace } = base;
  const request = { release, namespace, chart: chartDir, createNamespace: true };
  deps.log.info(`helm: deploying ${chartDir} as release ${release} in ${context}/${namespace}`);
  const dryRun = await withCancellableProgress(`Berth: helm dry run of ${release} on ${context}`, (signal) => helmInstallOrUpgrade(target, { ...request, dryRun: true }, signal));
  if (!dryRun.ok) return void (await reportError(deps, dryRun.error, `Deploy ${release} (dry run)`)), base;

  const client = await deps.session.open(context, namespace);
  if (!client.ok) return void (await reportError(deps, client.error, `Deploy ${release}`)), base;
  const preview = await withCancellableProgress(`Berth: comparing ${release} with ${context}`, (signal) => showInstallPreview(deps.documents, client.value, namespace, dryRun.value.manifest, signal));
  for (const p of preview.problems) deps.log.warn(`chart preview: ${p}`);
  const detail = [
    `Chart ${chartDir}.`,
    `${preview.changes} object(s) created or changed; the diff shows live ↔ helm's server-side dry run.`,
    ...(preview.problems.length > 0 ? [`Not compared: ${preview.problems.slice(0, 3).join('; ')}`] : []),
  ].join('\n');
  if (!(await deps.prompts.confirm(`Deploy release "${release}" into namespace ${namespace} of context "${context}"?`, { detail, action: DEPLOY }))) {
    deps.log.info('helm: cancelled after the preview');
    return base;
  }

  const installed = await withCancellableProgress(`Berth: deploying ${release} to ${context}`, (signal) => helmInstallOrUpgrade(target, request, signal));
  deps.clusters.refreshHelmReleases(context, namespace);
  if (!installed.ok) return void (await reportError(deps, installed.error, `Deploy ${release}`)), base;
  const { revision, status } = installed.value;
  deps.log.info(`helm: release ${release} in ${context}/${namespace}: revision ${revision}, ${status}`);
  void deps.prompts.message('info', `Berth: ${revision === 1 ? 'installed' : 'upgraded'} release "${release}" in namespace ${namespace} of ${context} (revision ${revision}, ${status}).`);
  return { ...base, deployed: true, revision, status };
}
