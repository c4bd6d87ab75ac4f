// One document through every entry point of the pure core, shared by the fuzz run and the
// regression tests over test/fixtures/fuzz.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import type { ValidationSettings } from '../../platform/settings';
import type { BerthLanguageService } from '../../platform/languageService';
import { formatRendered, renderManifests } from '../../platform/render';
import type { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import type { Rng } from './mutators';

export interface CoreTarget {
  readonly service: BerthLanguageService;
  readonly workspace: BerthWorkspace;
}

/** A position in the text, now and then past the end of its line or of the document. */
export function randomPosition(text: string, rng: Rng): Position {
  const lines = text.split('\n');
  const line = rng.chance(0.05) ? lines.length + rng.int(0, 5) : rng.int(0, lines.length - 1);
  const length = lines[line]?.length ?? 0;
  return { line, character: rng.chance(0.05) ? length + rng.int(1, 10) : rng.int(0, length) };
}

/**
 * Diagnostics, symbols, completion and hover; the workspace's diagnostics, code actions,
 * definition and references; rendering of the parsed values. Throws whatever the core throws.
 */
export function exerciseCore(target: CoreTarget, document: TextDocument, settings: ValidationSettings, positions: readonly Position[], rng: Rng): void {
  const { service, workspace } = target;
  service.diagnostics(document, settings);
  service.documentSymbols(document, settings);
  for (const position of positions) {
    service.complete(document, position, settings);
    service.hover(document, position, settings);
  }

  workspace.setFile(document, settings);
  const diagnostics = workspace.diagnostics(document.uri);
  workspace.codeActions(document.uri, diagnostics);
  for (const position of positions) {
    workspace.definition(document.uri, position);
    workspace.references(document.uri, position, rng.chance(0.5));
  }

  const outcome = renderManifests(workspace.manifestValues(document.uri), workspace.instanceTypes(), {
    includeKubernetes: rng.chance(0.5),
    context: workspace.manifestValues(),
  });
  formatRendered(outcome.objects, rng.chance(0.5) ? 'yaml' : 'json');
}

export function yamlText(uri: string, version: number, text: string): TextDocument {
  return TextDocument.create(uri, 'yaml', version, text);
}
