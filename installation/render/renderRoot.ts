import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RenderRoot } from '../../platform/sources/sourceLayout';
import type { RenderOutcome } from '../../platform/workspace/renderedSources';
import { withChartSnapshot } from './chartSnapshot';
import { renderChart, renderOverlay, type ChartRenderRequest, type RenderFailure } from './renderTools';

/** The values a chart is previewed with (`berth.helm.previews`, or the CLI's --values/--set). */
export interface ChartPreview {
  /** Absolute paths, applied after the chart's values.yaml in this order. */
  readonly valuesFiles?: readonly string[];
  readonly set?: readonly string[];
  readonly release?: string;
  readonly namespace?: string;
  readonly kubeVersion?: string;
}

export interface RenderRootOptions {
  /** False in a restricted workspace: nothing is run, and the outcome says so. */
  readonly trusted: boolean;
  readonly preview?: ChartPreview;
  readonly signal?: AbortSignal;
  /** How the workspace spells a file's URI (the CLI uses paths as given); file: URLs by default. */
  readonly fileUri?: (path: string) => string;
  /** The folder of a root's URI; file: URLs by default. */
  readonly folderPath?: (uri: string) => string;
  /** The editor's unsaved text of files of a chart, by absolute path: the chart is rendered from a copy holding it. */
  readonly unsaved?: ReadonlyMap<string, string>;
}

export const RESTRICTED_RENDER_MESSAGE =
  'Not rendered: Berth runs no programs (helm, kustomize) in a restricted workspace, so this folder\'s objects are not validated. Trust the workspace to render and validate them.';

/** Renders a chart or overlay of the workspace with the real tool, as the workspace takes it. */
export async function renderRoot(root: RenderRoot, options: RenderRootOptions): Promise<RenderOutcome> {
  if (!options.trusted) return { kind: 'not-rendered', message: RESTRICTED_RENDER_MESSAGE };
  if (root.remote && root.remote.length > 0) {
    const names = root.remote.slice(0, 3).map((r) => r.slice(0, 120)).join(', ');
    return { kind: 'not-rendered', message: `Not rendered: this overlay names remote resources (${names}${root.remote.length > 3 ? ', …' : ''}), which kustomize would fetch; Berth renders only overlays whose files are local.` };
  }
  let folder: string;
  try {
    folder = options.folderPath ? options.folderPath(root.folder) : fileURLToPath(root.folder);
  } catch {
    return { kind: 'not-rendered', message: `Not rendered: ${root.folder} is not a local folder.` };
  }
  const tool = root.kind === 'chart' ? 'helm template' : 'kustomize';
  const preview = options.preview ?? {};
  const request: ChartRenderRequest = {
    chartDir: folder,
    ...(preview.valuesFiles ? { valuesFiles: preview.valuesFiles } : {}),
    ...(preview.set ? { set: preview.set } : {}),
    ...(preview.release ? { release: preview.release } : {}),
    ...(preview.namespace ? { namespace: preview.namespace } : {}),
    ...(preview.kubeVersion ? { kubeVersion: preview.kubeVersion } : {}),
  };
  const signal = options.signal ? { signal: options.signal } : {};
  const fileUri = options.fileUri ?? ((path: string) => pathToFileURL(path).href);
  if (root.kind === 'chart' && options.unsaved && options.unsaved.size > 0) {
    const copied = await withChartSnapshot(folder, options.unsaved, async (copy) => renderChart({ ...request, chartDir: copy }, signal).then((result) => ({ result, copy })));
    if (copied) {
      const { result, copy } = copied;
      if (result.ok) return { kind: 'rendered', text: result.value.text, tool, ...(preview.valuesFiles ? { valuesFiles: preview.valuesFiles.map(fileUri) } : {}) };
      // The tool named files of the copy: they are the chart's own.
      const file = result.error.file?.startsWith(copy) ? folder + result.error.file.slice(copy.length) : result.error.file;
      return failedOutcome(tool, { ...result.error, ...(file ? { file } : {}), message: result.error.message.split(copy).join(folder) }, fileUri);
    }
  }
  const result = root.kind === 'chart' ? await renderChart(request, signal) : await renderOverlay(folder, signal);
  if (result.ok) {
    return { kind: 'rendered', text: result.value.text, tool, ...(root.kind === 'chart' && preview.valuesFiles ? { valuesFiles: preview.valuesFiles.map(fileUri) } : {}) };
  }
  return failedOutcome(tool, result.error, fileUri);
}

function failedOutcome(tool: string, failure: RenderFailure, fileUri: (path: string) => string): RenderOutcome {
  // A missing tool is no verdict on the chart: said once, as information, not as an error.
  if (/was not found/.test(failure.message)) return { kind: 'not-rendered', message: `Not rendered: ${failure.message}` };
  return {
    kind: 'failed',
    tool,
    message: failure.message,
    ...(failure.file ? { file: fileUri(failure.file) } : {}),
    ...(failure.line !== undefined ? { line: Math.max(0, failure.line - 1) } : {}),
  };
}
