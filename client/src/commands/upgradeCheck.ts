import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';
import { readResource } from '../../../installation/resources';
import { clusterUpgradeCheck, type KubeClient } from '../../../kube';
import { megabytes, DEFAULT_VALIDATION_SETTINGS } from '../../../platform/settings';
import { ApiLifecycleTable } from '../../../platform/upgrade/apiLifecycle';
import type { UpgradeFinding } from '../../../platform/upgrade/finding';
import { workspaceFindings, type ManifestFile } from '../../../platform/upgrade/manifestFindings';
import { reportMarkdown, upgradeReport, type UpgradeScope } from '../../../platform/upgrade/report';
import { minorOf, minorPlus } from '../../../platform/upgrade/versions';
import type { CommandDeps } from './deps';
import { reportError, reportProblem, withCancellableProgress } from './feedback';
import { contextFor, targetOf } from './targets';

const TITLE = 'Berth: Check Upgrade to…';
/** Workspace YAML files read for one check; a larger workspace is checked in part, and the report says so. */
const MAX_FILES = 5000;

/** What the check is about: a Cluster document (its manifests; its cluster when created) or a context. */
type Subject = { readonly cluster: string; readonly version?: string; readonly context?: string } | { readonly context: string };

/**
 * Berth: Check Upgrade to…: what moving a Cluster document's manifests, or a context's live
 * cluster and the workspace, to a Kubernetes version would break, as a Markdown report.
 */
export function checkUpgradeCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<UpgradeFinding[] | undefined> => {
    const subject = await subjectOf(deps, arg);
    if (subject === undefined) return undefined;
    const table = ApiLifecycleTable.read((path) => readResource(deps.ctx.extensionContext.extensionPath, `schemas/${path}`));
    if (!table.ok) return void (await reportProblem(deps, table.error));

    let client: KubeClient | undefined;
    let current: string | undefined = 'cluster' in subject ? subject.version : undefined;
    if (subject.context !== undefined) {
      const opened = await deps.session.open(subject.context);
      if (!opened.ok) return void (await reportError(deps, opened.error, 'Check upgrade'));
      client = opened.value;
      const version = await client.request<{ gitVersion?: unknown }>({ method: 'GET', path: '/version', operation: { verb: 'get', resource: 'version' } });
      if (version.ok && typeof version.value.body.gitVersion === 'string') current = minorOf(version.value.body.gitVersion) ?? current;
    }
    const target = await deps.prompts.input({
      title: TITLE,
      prompt: `The Kubernetes version to upgrade ${'cluster' in subject ? `Cluster ${subject.cluster}` : `context ${subject.context}`} to${current ? ` (now ${current})` : ''}`,
      value: current ? minorPlus(current, 1) : '',
      validate: (text) => (minorOf(text)?.startsWith('1.') ? undefined : 'A Kubernetes version such as 1.36'),
    });
    const minor = target === undefined ? undefined : minorOf(target);
    if (minor === undefined) return undefined;

    const checked = await withCancellableProgress(`Berth: checking the upgrade to Kubernetes ${minor}`, async (signal, progress) => {
      progress.report('reading the workspace manifests');
      const files = await workspaceManifests(signal);
      const findings: UpgradeFinding[] = workspaceFindings(files.files, table.value, minor, 'cluster' in subject ? { cluster: subject.cluster } : {});
      const scope: { files: number; notes: string[]; cluster?: UpgradeScope['cluster'] } = { files: files.files.length, notes: [...files.notes] };
      if (client) {
        progress.report(`checking context ${client.context}`);
        const live = await clusterUpgradeCheck(client, table.value, minor, signal);
        if (!live.ok) return live;
        findings.push(...live.value.findings);
        scope.notes.push(...live.value.notes);
        scope.cluster = live.value.cluster;
      }
      return { ok: true as const, value: { report: upgradeReport(minor, findings, scope), uris: files.uris } };
    });
    if (!checked.ok) return void (await reportError(deps, checked.error, 'Check upgrade'));
    const name = 'cluster' in subject ? `cluster-${subject.cluster}` : `context-${subject.context}`;
    const markdown = reportMarkdown(checked.value.report, { link: (file, range) => fileLink(checked.value.uris.get(file), range?.start.line) });
    await deps.documents.show(deps.documents.uri('upgrade', `${name}-to-${minor}.md`), markdown, 'markdown');
    return [...checked.value.report.findings];
  };
}

/** The Cluster document or context the command was run on; else the active editor's Cluster; else a context to pick. */
async function subjectOf(deps: CommandDeps, arg: unknown): Promise<Subject | undefined> {
  const target = targetOf(arg);
  if (target?.type === 'clusterDocument') {
    return { cluster: target.name, ...(await clusterVersion(vscode.Uri.parse(target.uri), target.name)), ...(target.context ? { context: target.context } : {}) };
  }
  if (target === undefined) {
    const editor = vscode.window.activeTextEditor;
    const cluster = editor && editor.document.languageId === 'yaml' ? clusterIn(editor.document.getText()) : undefined;
    if (cluster) return cluster;
  }
  const context = await contextFor(deps, target, TITLE);
  if (!context.ok) return void (await reportError(deps, context.error, 'Check upgrade'));
  return context.value === undefined ? undefined : { context: context.value };
}

async function clusterVersion(uri: vscode.Uri, name: string): Promise<{ version?: string }> {
  try {
    const found = clusterIn((await vscode.workspace.openTextDocument(uri)).getText(), name);
    return found?.version ? { version: found.version } : {};
  } catch {
    return {};
  }
}

/** The (named, else first) Berth Cluster document of a YAML text, with its version. */
function clusterIn(text: string, name?: string): { cluster: string; version?: string } | undefined {
  for (const document of parseAllDocuments(text, { logLevel: 'silent' })) {
    let value: { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown }; spec?: { kubernetesVersion?: unknown } } | null;
    try {
      value = document.toJS({ maxAliasCount: 100 }) as typeof value;
    } catch {
      continue;
    }
    if (value?.kind !== 'Cluster' || typeof value.apiVersion !== 'string' || !value.apiVersion.startsWith('berth.dev/')) continue;
    const cluster = value.metadata?.name;
    if (typeof cluster !== 'string' || (name !== undefined && cluster !== name)) continue;
    const version = typeof value.spec?.kubernetesVersion === 'string' ? minorOf(value.spec.kubernetesVersion) : undefined;
    return { cluster, ...(version ? { version } : {}) };
  }
  return undefined;
}

/** The workspace's YAML files within the size limit, named relative to the workspace. */
async function workspaceManifests(signal: AbortSignal): Promise<{ files: ManifestFile[]; uris: Map<string, vscode.Uri>; notes: string[] }> {
  const limit = megabytes(vscode.workspace.getConfiguration('berth').get<number>('validation.maxFileSize') ?? DEFAULT_VALIDATION_SETTINGS.maxFileSize);
  const uris = await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/{node_modules,.git}/**', MAX_FILES + 1);
  const notes: string[] = [];
  if (uris.length > MAX_FILES) notes.push(`Only ${MAX_FILES} of the workspace's YAML files were read.`);
  const files: ManifestFile[] = [];
  const names = new Map<string, vscode.Uri>();
  for (const uri of uris.slice(0, MAX_FILES)) {
    if (signal.aborted) break;
    const file = vscode.workspace.asRelativePath(uri);
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > limit) {
        notes.push(`${file} was not read: over berth.validation.maxFileSize`);
        continue;
      }
      files.push({ file, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) });
      names.set(file, uri);
    } catch (error) {
      notes.push(`${file} could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { files, uris: names, notes };
}

/** A link that opens a workspace file at a line (the Markdown editor and preview follow `#L<n>`). */
function fileLink(uri: vscode.Uri | undefined, line: number | undefined): string | undefined {
  return uri?.with({ fragment: line === undefined ? '' : `L${line + 1}` }).toString();
}
