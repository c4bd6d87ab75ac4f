import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderRoot } from '../../../installation/render/renderRoot';
import type { RenderOutcome } from '../../../platform/workspace/renderedSources';
import type { RenderJob } from '../lsp/renderScheduler';

/** Renders a chart or overlay of the editor's workspace with the built helm or kubectl. */
export async function renderJob(job: RenderJob): Promise<RenderOutcome> {
  let folder: string;
  try {
    folder = fileURLToPath(job.root.folder);
  } catch {
    return { kind: 'not-rendered', message: `Not rendered: ${job.root.folder} is not a folder on this machine.` };
  }
  const unsaved = new Map<string, string>();
  for (const [uri, text] of job.unsaved) if (uri.startsWith('file:')) unsaved.set(fileURLToPath(uri), text);
  const preview = job.preview;
  return renderRoot(job.root, {
    trusted: job.trusted,
    signal: job.signal,
    unsaved,
    ...(preview
      ? {
          preview: {
            ...(preview.valuesFiles ? { valuesFiles: preview.valuesFiles.map((file) => (isAbsolute(file) ? file : join(folder, file))) } : {}),
            ...(preview.set ? { set: preview.set } : {}),
            ...(preview.release ? { release: preview.release } : {}),
            ...(preview.namespace ? { namespace: preview.namespace } : {}),
          },
        }
      : {}),
  });
}
