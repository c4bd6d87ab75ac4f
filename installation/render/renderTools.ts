import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { err, ok, type Result } from '../../platform/result';
import { findLocalTool, missingToolMessage } from '../tools/localTools';
import { toolFailure, type RenderFailure } from './toolErrors';
import { runTool } from './runTool';

export interface ChartRenderRequest {
  readonly chartDir: string;
  readonly release?: string;
  readonly namespace?: string;
  readonly valuesFiles?: readonly string[];
  readonly set?: readonly string[];
  readonly kubeVersion?: string;
}

export interface RenderOutput {
  /** The multi-document YAML the tool printed. */
  readonly text: string;
}

export type { RenderFailure } from './toolErrors';

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const KUBE_VERSION = /^v?\d+\.\d+(\.\d+)?$/;
/** A --set entry: key=value on one line, the key made of helm's path characters. */
const SET_ENTRY = /^[A-Za-z0-9_.\-[\]\\]+=[^\n\r]*$/;

/** The release name `helm template` uses when none is given (the name templates see in .Release.Name). */
export const PREVIEW_RELEASE = 'release-name';

/** `helm template`: the chart rendered as helm would install it, without a cluster. */
export async function renderChart(request: ChartRenderRequest, options: { signal?: AbortSignal; helm?: string } = {}): Promise<Result<RenderOutput, RenderFailure>> {
  const helm = options.helm ?? findLocalTool('helm');
  if (!helm) return err({ message: missingToolMessage('helm') });
  const chartDir = resolve(request.chartDir);
  if (!isFolder(chartDir) || !existsSync(join(chartDir, 'Chart.yaml'))) return err({ message: `${chartDir} is not a chart folder (no Chart.yaml)` });
  const release = request.release ?? PREVIEW_RELEASE;
  if (!RELEASE_NAME.test(release)) return err({ message: `"${release}" is not a valid release name (lowercase letters, digits and '-', at most 53 characters)` });
  const args = ['template', release, chartDir];
  if (request.namespace !== undefined) {
    if (!NAMESPACE.test(request.namespace)) return err({ message: `"${request.namespace}" is not a valid namespace name` });
    args.push('--namespace', request.namespace);
  }
  for (const file of request.valuesFiles ?? []) {
    const path = resolve(file);
    if (!isAbsolute(path) || !existsSync(path) || isFolder(path)) return err({ message: `values file ${file} does not exist` });
    args.push('--values', path);
  }
  for (const entry of request.set ?? []) {
    if (!SET_ENTRY.test(entry)) return err({ message: `--set "${entry.slice(0, 80)}" is not key=value on one line` });
    args.push('--set', entry);
  }
  if (request.kubeVersion !== undefined) {
    if (!KUBE_VERSION.test(request.kubeVersion)) return err({ message: `"${request.kubeVersion}" is not a Kubernetes version` });
    args.push('--kube-version', request.kubeVersion);
  }
  const run = await runTool(helm, args, { cwd: chartDir, env: { HELM_PLUGINS: join(chartDir, '.berth-no-plugins') }, ...(options.signal ? { signal: options.signal } : {}) });
  if ('error' in run) return err({ message: run.error });
  if (run.exitCode !== 0) return err(toolFailure('helm', run.stderr, chartDir));
  return ok({ text: run.stdout });
}

/** `kubectl kustomize`: the overlay built as `kubectl apply -k` would build it. */
export async function renderOverlay(dir: string, options: { signal?: AbortSignal; kubectl?: string } = {}): Promise<Result<RenderOutput, RenderFailure>> {
  const kubectl = options.kubectl ?? findLocalTool('kubectl');
  if (!kubectl) return err({ message: missingToolMessage('kubectl') });
  const folder = resolve(dir);
  if (!isFolder(folder)) return err({ message: `${folder} is not a folder` });
  // Plugins and exec functions stay off: an overlay is data, and building it must not run its code.
  const run = await runTool(kubectl, ['kustomize', folder], { cwd: folder, ...(options.signal ? { signal: options.signal } : {}) });
  if ('error' in run) return err({ message: run.error });
  if (run.exitCode !== 0) return err(toolFailure('kustomize', run.stderr, folder));
  return ok({ text: run.stdout });
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
