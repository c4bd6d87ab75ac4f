// Berth's verdict on every custom resource of the corpus, from the platform library in process as
// the language server and the CLI build it (installation/languageServiceOptions.ts): one workspace
// of every document, `unknownFields` and `missingSchemas` at `error`. Where the CRDs come from is
// the point of the two modes:
// - `catalog`: the bundled catalog (schemas/crds) alone, as a user with no CRD in the repository;
// - `workspace`: the very CRD files installed into the apiserver, as workspace files.
// The samples' CRDs are workspace files in both: that is how a user of samples/ has them.
// Workspace CRDs come in one file, as a repository's `crds.yaml` bundle: a workspace analyses every
// file again whenever a file's CRDs change, so loading them file by file costs quadratic time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { nodeLanguageServiceOptions } from '../../../installation/languageServiceOptions';
import { BerthLanguageService } from '../../../platform/languageService';
import { DEFAULT_VALIDATION_SETTINGS, type ValidationSettings } from '../../../platform/settings';
import { BerthWorkspace } from '../../../platform/workspace/berthWorkspace';
import { repoRoot } from '../repo';
import type { BerthVerdicts } from './berthVerdicts';
import { crdText, type CrCorpus } from './crCorpus';

export type CrdMode = 'catalog' | 'workspace';

// The bundle of every operator's CRDs is over the default 5 MB limit.
const SETTINGS: ValidationSettings = { ...DEFAULT_VALIDATION_SETTINGS, unknownFields: 'error', missingSchemas: 'error', maxFileSize: 64 };

export function berthCrVerdicts(corpus: CrCorpus, mode: CrdMode): BerthVerdicts {
  const service = new BerthLanguageService(nodeLanguageServiceOptions(repoRoot()));
  const workspace = new BerthWorkspace(service);
  const open = (file: string, text: string): string => {
    const uri = pathToFileURL(join(corpus.dir, file)).href;
    workspace.setFile(TextDocument.create(uri, 'yaml', 1, text), SETTINGS);
    return uri;
  };
  // CRDs first: the custom resources are then analysed once, against them.
  const crds = corpus.crds.filter((crd) => mode === 'workspace' || crd.source === 'samples').map((crd) => crdText(corpus, crd));
  if (crds.length > 0) open('crds/all.yaml', crds.map((t) => (t.endsWith('\n') ? t : `${t}\n`)).join('---\n'));
  const uris = new Map(corpus.documents.map((d) => [d.id, open(d.file, readFileSync(join(corpus.dir, d.file), 'utf8'))]));
  const verdicts: BerthVerdicts = new Map();
  for (const [id, uri] of uris) {
    const errors = workspace.diagnostics(uri).filter((d) => d.severity === DiagnosticSeverity.Error);
    if (errors.length > 0) verdicts.set(id, errors.map((d) => ({ severity: 'error', code: String(d.code ?? ''), message: typeof d.message === 'string' ? d.message : d.message.value, line: d.range.start.line + 1 })));
  }
  return verdicts;
}
