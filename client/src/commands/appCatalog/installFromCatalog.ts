import * as vscode from 'vscode';
import { delimiter, join } from 'node:path';
import { readChartFile, type CatalogChart } from '../../../../installation/catalog';
import { findLocalTool, missingToolMessage } from '../../../../installation/tools/localTools';
import { checkHelmRelease, helmInstallOrUpgrade, type HelmTarget } from '../../../../kube';
import { valuesProblems } from '../../../../platform/catalog/valuesProblems';
import { ensureTrusted } from '../../trust';
import { chartOf, listCatalogCharts } from '../../views/platform';
import type { CommandDeps } from '../deps';
import { reportError, reportProblem, withCancellableProgress } from '../feedback';
import { namespaceProblem } from '../inputs';
import { CANCEL, closeValuesEditors, copyValues, editValues, type ValuesCopy } from './editValues';
import { showInstallPreview } from './installPreview';

export const INSTALL = 'Install';
const EDIT_AGAIN = 'Edit again';
const TITLE = 'Berth: Install from Catalog';

/** What an install did, for the caller (tests) and the log. */
export interface CatalogInstallSummary {
  readonly chart: string;
  readonly release: string;
  readonly namespace: string;
  readonly context: string;
  /** False when the user cancelled or a step failed. */
  readonly installed: boolean;
  readonly revision?: number;
  readonly status?: string;
}

/** A release name helm accepts made from a chart name (chart names may hold "." and be longer). */
export function defaultReleaseName(chartName: string): string {
  return chartName.replace(/[^a-z0-9-]+/g, '-').slice(0, 53).replace(/^-+|-+$/g, '') || 'release';
}

function releaseProblem(text: string): string | undefined {
  const checked = checkHelmRelease(text);
  return checked.ok ? undefined : checked.error.message;
}

/**
 * Berth: Install from Catalog…: on a Catalog row, or from the palette with a chart to pick. Asks
 * the release name, namespace and context, the values (the chart's defaults, or an edited copy),
 * checks them against values.schema.json, shows helm's server-side dry run as the deploy diff, and
 * installs with helm once the user agrees; then the views refresh.
 */
export function installFromCatalogCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<CatalogInstallSummary | undefined> => {
    if (!ensureTrusted('Installing from the App Catalog')) return undefined;
    const chart = chartOf(arg) ?? (await pickChart(deps));
    if (!chart) return undefined;
    const helm = findLocalTool('helm');
    if (!helm) return void (await reportProblem(deps, missingToolMessage('helm')));

    const release = await deps.prompts.input({ title: `${TITLE}: release name (${chart.displayName})`, prompt: 'The helm release: a DNS-1123 label of at most 53 characters', value: defaultReleaseName(chart.name), validate: releaseProblem });
    if (release === undefined) return undefined;
    const namespace = await deps.prompts.input({ title: `${TITLE}: namespace of ${release}`, prompt: 'Created when it does not exist', value: defaultReleaseName(chart.name), validate: namespaceProblem });
    if (namespace === undefined) return undefined;
    const context = await pickContext(deps);
    if (context === undefined) return undefined;
    const base = { chart: chart.name, release, namespace, context, installed: false };

    const copy = await chooseValues(deps, chart, `${release} (${chart.displayName})`);
    if (copy === undefined) return base;
    try {
      const target = helmTarget(deps, helm, context);
      if (!target) return base;
      const request = { release, namespace, chart: chart.dir, createNamespace: true, ...(copy ? { valuesFiles: [copy.file] } : {}) };
      deps.log.info(`catalog: ${chart.name} ${chart.version} as release ${release} in ${context}/${namespace}${copy ? ' with edited values' : ''}`);

      const dryRun = await withCancellableProgress(`Berth: helm dry run of ${release} on ${context}`, (signal) => helmInstallOrUpgrade(target, { ...request, dryRun: true }, signal));
      if (!dryRun.ok) return void (await reportError(deps, dryRun.error, `Install ${release} (dry run)`)), base;
      if (!(await confirmAfterPreview(deps, chart, release, namespace, context, dryRun.value.manifest))) {
        deps.log.info('catalog: cancelled after the preview');
        return base;
      }

      const installed = await withCancellableProgress(`Berth: installing ${release} on ${context}`, (signal) => helmInstallOrUpgrade(target, request, signal));
      if (!installed.ok) return void (await reportError(deps, installed.error, `Install ${release}`)), base;
      const { revision, status } = installed.value;
      deps.log.info(`catalog: release ${release} in ${context}/${namespace}: revision ${revision}, ${status}`);
      deps.clusters.refresh();
      void vscode.commands.executeCommand('berth.platform.refresh');
      void deps.prompts.message('info', `Berth: installed ${chart.displayName} as release "${release}" in namespace ${namespace} of ${context} (revision ${revision}, ${status}).`);
      return { ...base, installed: true, revision, status };
    } finally {
      if (copy) {
        await closeValuesEditors(copy).catch(() => undefined);
        copy.dispose();
      }
    }
  };
}

async function pickChart(deps: CommandDeps): Promise<CatalogChart | undefined> {
  const charts = await listCatalogCharts(deps.ctx.extensionContext.extensionPath);
  if (charts.length === 0) return void (await reportProblem(deps, 'The App Catalog is empty: the installation has no catalog/ folder and the workspace no Chart.yaml.'));
  return deps.prompts.pick(
    charts.map((c) => ({ label: c.displayName, description: `${c.name} ${c.version}${c.source === 'workspace' ? ' · workspace' : ''}`, ...(c.description ? { detail: c.description } : {}), value: c })),
    { title: `${TITLE}: chart`, placeHolder: 'The chart to install' },
  );
}

/** The context to install into: the session's selected one first. */
async function pickContext(deps: CommandDeps): Promise<string | undefined> {
  const kubeconfig = deps.session.kubeconfig();
  if (!kubeconfig.ok) return void (await reportError(deps, kubeconfig.error, 'Install from Catalog'));
  const selected = deps.session.selection().context;
  const names = kubeconfig.value.contexts.map((c) => c.name);
  if (names.length === 0) return void (await reportProblem(deps, 'The kubeconfig has no contexts: create a cluster or register a kubeconfig first.'));
  const ordered = selected !== undefined && names.includes(selected) ? [selected, ...names.filter((n) => n !== selected)] : names;
  return deps.prompts.pick(
    ordered.map((name) => ({ label: name, ...(name === selected ? { description: 'selected' } : {}), value: name })),
    { title: `${TITLE}: context`, placeHolder: 'The cluster to install into' },
  );
}

/**
 * The values to install with: null for the chart's defaults, else an edited copy of its
 * values.yaml; either way checked against values.schema.json first. Undefined: cancelled or refused.
 */
async function chooseValues(deps: CommandDeps, chart: CatalogChart, what: string): Promise<ValuesCopy | null | undefined> {
  const mode = await deps.prompts.pick(
    [
      { label: 'Use defaults', description: 'the chart\'s values.yaml as it is', value: 'defaults' as const },
      { label: 'Edit values', description: 'a copy of values.yaml, opened for editing', value: 'edit' as const },
    ],
    { title: `${TITLE}: values of ${what}` },
  );
  if (mode === undefined) return undefined;
  const schema = await readChartFile(chart.dir, 'values.schema.json');
  const values = await readChartFile(chart.dir, 'values.yaml');
  if (!schema.ok || !values.ok) return void (await reportProblem(deps, `The chart ${chart.name} cannot be read: ${!schema.ok ? schema.error : !values.ok ? values.error : ''}`));
  if (mode === 'defaults') {
    const problems = valuesProblems(values.value ?? '', schema.value);
    if (problems.length === 0) return null;
    deps.log.warn(`catalog: the defaults of ${chart.name} do not fit its values.schema.json:\n${problems.join('\n')}`);
    return void (await reportProblem(deps, `The default values of ${chart.name} do not fit its values.schema.json: ${problems[0]}`));
  }
  const copy = await copyValues(values.value === undefined ? undefined : join(chart.dir, 'values.yaml'));
  for (;;) {
    const text = await editValues(deps.prompts, copy, what);
    const problems = text === undefined ? [] : valuesProblems(text, schema.value, values.value);
    if (text !== undefined && problems.length === 0) return copy;
    if (text !== undefined) {
      deps.log.warn(`catalog: the edited values of ${what} do not fit values.schema.json:\n${problems.join('\n')}`);
      const choice = await deps.prompts.message('error', `Berth: the values do not fit the chart's values.schema.json (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems[0]}`, EDIT_AGAIN, CANCEL);
      if (choice === EDIT_AGAIN) continue;
    }
    await closeValuesEditors(copy).catch(() => undefined);
    copy.dispose();
    return undefined;
  }
}

function helmTarget(deps: CommandDeps, helm: string, context: string): HelmTarget | undefined {
  const kubeconfig = deps.session.kubeconfig();
  if (!kubeconfig.ok) return void reportError(deps, kubeconfig.error, 'Install from Catalog');
  return { helm, context, ...(kubeconfig.value.files.length > 0 ? { kubeconfig: kubeconfig.value.files.join(delimiter) } : {}) };
}

/** Shows the dry run as a diff and asks, in a modal, whether to install. */
async function confirmAfterPreview(deps: CommandDeps, chart: CatalogChart, release: string, namespace: string, context: string, manifest: string): Promise<boolean> {
  const client = await deps.session.open(context, namespace);
  if (!client.ok) return void (await reportError(deps, client.error, `Install ${release}`)), false;
  const preview = await withCancellableProgress(`Berth: comparing ${release} with ${context}`, (signal) => showInstallPreview(deps.documents, client.value, namespace, manifest, signal));
  for (const problem of preview.problems) deps.log.warn(`catalog preview: ${problem}`);
  const detail = [
    `Chart ${chart.name} ${chart.version}${chart.source === 'workspace' ? ` from ${chart.dir}` : ''}.`,
    `${preview.changes} object(s) created or changed; the diff shows live ↔ helm's server-side dry run.`,
    ...(preview.problems.length > 0 ? [`Not compared: ${preview.problems.slice(0, 3).join('; ')}`] : []),
  ].join('\n');
  return deps.prompts.confirm(`Install release "${release}" into namespace ${namespace} of context "${context}"?`, { detail, action: INSTALL });
}
