import * as vscode from 'vscode';
import { deployDiagnosticsNotification, type DeployFinding } from '../../../../protocol/protocol';
import { instanceCatalog } from '../catalog';
import { applyObjects, deployFindings, diffObjects, objectLabel, summarizeApply, type ApplyAction, type ApplyObjectResult, type KubeClient, type ObjectDiff } from '../../../../kube';
import { ensureTrusted } from '../../trust';
import { OPEN_LOG, reportError, reportProblem, withCancellableProgress } from '../feedback';
import type { CommandDeps } from '../deps';
import { workspacePlatformDocuments } from '../platformDocuments';
import { targetOf, uriOf } from '../targets';
import { planDeploy, type DeployPlan, type SkippedDocument, type SourceFile } from '../../../../kube/deploy/plan';
import { previewAction, showPreview } from './preview';
import { deployToClusters, type ClusterDeploySummary } from './clusterDeploy';
import { fileSource, folderSources, namedDocumentSource, selectionSource, uriSources } from './sources';

export const APPLY = 'Apply';
export const CANCEL = 'Cancel';

export interface DeployOptions {
  readonly context?: string;
  readonly namespace?: string;
}

/** What a deploy did, returned to the caller (tests) and summed up for the user. */
export interface DeploySummary {
  readonly context: string;
  readonly namespace: string;
  /** False when the dry run failed, nothing changed, or the user cancelled. */
  readonly applied: boolean;
  readonly dryRun: readonly { kind: string; name: string; namespace?: string; action: string; error?: string }[];
  readonly results: readonly { kind: string; name: string; namespace?: string; action: ApplyAction; error?: string }[];
  readonly findings: readonly DeployFinding[];
  /** The clusters of multi-cluster Applications, each deployed on its own. */
  readonly clusters?: readonly ClusterDeploySummary[];
}

type Mode = 'file' | 'selection' | 'folder';

function line(r: { kind: string; name: string; namespace?: string; action: string; error?: { message: string } | string }): string {
  const error = typeof r.error === 'string' ? r.error : r.error?.message;
  return `${objectLabel(r)}: ${r.action}${error ? `: ${error}` : ''}`;
}

async function sourcesFor(mode: Mode, arg: unknown): Promise<SourceFile[] | string> {
  const uri = uriOf(arg);
  const target = targetOf(arg);
  const editor = vscode.window.activeTextEditor;
  switch (mode) {
    case 'selection':
      if (!editor) return 'open a YAML file and select the documents to deploy.';
      return [selectionSource(editor)];
    case 'folder': {
      const folder = uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
      if (!folder) return 'open a folder to deploy it.';
      return folderSources(folder);
    }
    case 'file':
      if (uri) return uriSources(uri);
      if (target?.type === 'platformDocument') return [await namedDocumentSource(vscode.Uri.parse(target.uri), target.kind, target.name)];
      if (!editor) return 'open a YAML file to deploy it.';
      return [await fileSource(editor.document.uri)];
  }
}

/** The workspace's Clusters and NodePools, which Applications refer to. */
async function workspaceContext(deps: CommandDeps): Promise<unknown[]> {
  return (await workspacePlatformDocuments(deps))
    .filter((d) => d.kind !== 'Application')
    .map((d) => ({ apiVersion: 'berth.dev/v1alpha1', kind: d.kind, metadata: { name: d.name }, spec: d.spec }));
}

function publishFindings(deps: CommandDeps, sources: readonly SourceFile[], findings: readonly DeployFinding[], context: string): void {
  const client = deps.client();
  if (!client) return;
  void client.sendNotification(deployDiagnosticsNotification, { uris: sources.map((s) => s.uri), findings, context }).catch((error: unknown) => {
    deps.log.warn(`Could not send the deploy findings to the language server: ${String(error)}`);
  });
}

/** Why a Cluster or NodePool was left out, and the command that creates it instead. */
function skippedNote(d: SkippedDocument): string {
  return `${d.kind} ${d.name}: not deployed (${d.kind === 'Cluster' ? 'use Berth: Create Cluster' : 'use Berth: Scale Node Pool'})`;
}

function previewLine(d: ObjectDiff) {
  return { kind: d.kind, name: d.name, ...(d.namespace ? { namespace: d.namespace } : {}), action: previewAction(d), ...(d.error ? { error: d.error.message } : {}) };
}

function resultLine(r: ApplyObjectResult) {
  return { kind: r.kind, name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}), action: r.action, ...(r.error ? { error: r.error.message } : {}) };
}

/**
 * Berth: Deploy (file, selection, folder): renders the platform documents, runs a server-side dry
 * run of every object, publishes what the server refused as diagnostics on the source documents,
 * shows the changes (live ↔ dry run) and, once the user chooses Apply, applies them with progress.
 */
export function deployCommand(mode: Mode) {
  return (deps: CommandDeps) =>
    async (arg?: unknown, given?: unknown): Promise<DeploySummary | undefined> => {
      const options = (typeof given === 'object' && given !== null ? given : {}) as DeployOptions;
      const sources = await sourcesFor(mode, arg);
      if (typeof sources === 'string') return void (await reportProblem(deps, `Nothing to deploy: ${sources}`));
      if (sources.length === 0) return void (await reportProblem(deps, 'Nothing to deploy: no YAML files there.'));
      if (!ensureTrusted('Deploying')) return undefined;
      const target = targetOf(arg);
      const opened = await deps.session.open(options.context ?? (target && 'context' in target ? target.context : undefined), options.namespace);
      const namespace = opened.ok ? opened.value.namespace : (options.namespace ?? 'default');
      const plan = planDeploy(sources, instanceCatalog(deps.ctx.extensionContext.extensionPath), { namespace, context: await workspaceContext(deps) });
      for (const skipped of plan.skipped) deps.log.info(`deploy: ${skippedNote(skipped)}`);
      // Objects of Applications on several clusters go to those clusters' contexts, not the selected one.
      if (plan.clusters.length > 0 && plan.objects.length === 0) {
        const outcome = await deployToClusters(deps, plan.clusters, options.namespace);
        publishFindings(deps, sources, [...plan.problems, ...outcome.findings], 'each cluster');
        const context = opened.ok ? opened.value.context : '';
        return { context, namespace, applied: outcome.clusters.some((c) => c.applied), dryRun: [], results: [], findings: [...plan.problems, ...outcome.findings], clusters: outcome.clusters };
      }
      if (!opened.ok) return void (await reportError(deps, opened.error, 'Deploy'));
      const summary = await runDeploy(deps, opened.value, sources, plan);
      if (plan.clusters.length === 0 || summary === undefined) return summary;
      const outcome = await deployToClusters(deps, plan.clusters, options.namespace);
      return { ...summary, clusters: outcome.clusters, findings: [...summary.findings, ...outcome.findings] };
    };
}

async function runDeploy(deps: CommandDeps, client: KubeClient, files: readonly SourceFile[], plan: DeployPlan): Promise<DeploySummary | undefined> {
  const base = { context: client.context, namespace: client.namespace };
  deps.log.info(`deploy: ${plan.objects.length} objects from ${files.map((s) => vscode.Uri.parse(s.uri).path.split('/').pop()).join(', ')} to context ${client.context} (namespace ${client.namespace})`);
  if (plan.objects.length === 0) {
    publishFindings(deps, files, plan.problems, client.context);
    const skipped = plan.skipped[0];
    const why = plan.problems[0]?.message ?? (skipped ? skippedNote(skipped) : undefined) ?? 'the files hold no Kubernetes objects or Applications';
    await reportProblem(deps, `Nothing to deploy: ${why}`);
    return { ...base, applied: false, dryRun: [], results: [], findings: plan.problems };
  }

  const objects = plan.objects.map((p) => p.object);
  const sources = plan.objects.map((p) => p.source);
  const dryRun = await withCancellableProgress(`Berth: dry run on ${client.context}`, (signal, progress) => {
    progress.report(`${plan.objects.length} objects`);
    return diffObjects(client, objects, { namespace: client.namespace, sources, signal });
  });
  if (!dryRun.ok) {
    await reportError(deps, dryRun.error, 'Deploy (dry run)');
    return undefined;
  }
  for (const d of dryRun.value) deps.log.info(`dry run: ${d.unchecked ? `${objectLabel(d)}: created (${d.unchecked})` : line(previewLine(d))}`);
  const findings = [...plan.problems, ...deployFindings(dryRun.value)];
  publishFindings(deps, files, findings, client.context);
  const summary = { ...base, dryRun: dryRun.value.map(previewLine), findings };

  if (findings.length > 0) {
    // Nothing is applied while any document is refused: a half-applied Application is worse than none.
    const choice = await deps.prompts.message(
      'error',
      `Berth: the dry run on ${client.context} refused ${findings.length} of ${plan.objects.length + plan.problems.length} documents; nothing was applied. ${findings[0]!.object}: ${findings[0]!.message}`,
      'Show problems',
      OPEN_LOG,
    );
    if (choice === 'Show problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
    if (choice === OPEN_LOG) deps.log.show(true);
    return { ...summary, applied: false, results: [] };
  }
  const changes = dryRun.value.filter((d) => previewAction(d) !== 'unchanged').length;
  if (changes === 0) {
    void deps.prompts.message('info', `Berth: nothing to change in ${client.context}: ${dryRun.value.length} objects are up to date.`);
    return { ...summary, applied: false, results: [] };
  }

  await showPreview(deps.documents, client.context, dryRun.value);
  const choice = await deps.prompts.message('info', `Berth: apply ${changes} change(s) to context "${client.context}" (namespace ${client.namespace})? The diff shows live ↔ dry run.`, APPLY, CANCEL);
  if (choice !== APPLY) {
    deps.log.info('deploy: cancelled after the preview');
    return { ...summary, applied: false, results: [] };
  }

  const applied = await withCancellableProgress(`Berth: deploying to ${client.context}`, (signal, progress) =>
    applyObjects(client, objects, {
      namespace: client.namespace,
      sources,
      signal,
      onResult: (r) => {
        deps.log.info(`deploy: ${line(r)}`);
        progress.report(line(r));
      },
    }),
  );
  if (!applied.ok) {
    await reportError(deps, applied.error, 'Deploy');
    return { ...summary, applied: false, results: [] };
  }
  const failures = deployFindings(applied.value.results);
  publishFindings(deps, files, failures, client.context);
  const counts = summarizeApply(applied.value);
  const text = (Object.entries(counts) as [ApplyAction, number][]).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ');
  deps.log.info(`deploy to ${client.context}: ${text}`);
  if (counts.failed > 0) {
    const choice = await deps.prompts.message('error', `Berth: deployed to ${client.context} with failures: ${text}.`, OPEN_LOG);
    if (choice === OPEN_LOG) deps.log.show(true);
  } else {
    void deps.prompts.message('info', `Berth: deployed to ${client.context}: ${text}.`);
  }
  return { ...summary, applied: true, results: applied.value.results.map(resultLine), findings: failures };
}
