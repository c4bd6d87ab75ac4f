/**
 * `berth deploy <overlay-folder>`: kustomize renders the overlay (kubectl kustomize, through the
 * installation's render tools), and the result is deployed like a manifest file.
 */
import { renderOverlay } from '../../../installation/render/renderTools';
import type { ManifestFile } from '../clusterArgs';
import { escapeControlCharacters } from '../output/terminalText';
import type { CommandIo } from './validate';

/** The rendered overlay as one manifest "file" named after the folder; undefined after printing why not. */
export async function renderOverlayFiles(dir: string, io: CommandIo): Promise<ManifestFile[] | undefined> {
  const rendered = await renderOverlay(dir);
  if (!rendered.ok) {
    const where = rendered.error.file ? `${rendered.error.file}${rendered.error.line !== undefined ? `:${rendered.error.line}` : ''}: ` : '';
    io.stderr(`berth: kustomize could not render ${escapeControlCharacters(dir)}: ${escapeControlCharacters(where + rendered.error.message)}\n`);
    return undefined;
  }
  // Problems and results name the overlay (document N counts within kustomize's output).
  return [{ file: `${dir} (kustomize build)`, text: rendered.value.text }];
}
