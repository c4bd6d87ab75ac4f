import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { nodeLanguageServiceOptions } from '../../installation/languageServiceOptions';
import { BerthLanguageService } from '../../platform/languageService';
import { validationSettingsFrom } from '../../platform/settings';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import type { ManifestFile } from './clusterArgs';
import { kubeconfigContextNames } from './kubeconfigContexts';
import type { FileReport } from './report';

/**
 * The errors `berth validate` reports for the files, with its defaults (one workspace, the
 * newest Kubernetes version, the kubeconfig's contexts): what a command that acts on documents
 * checks before it runs anything. Only files with errors are listed, with their errors only.
 */
export function manifestErrors(files: readonly ManifestFile[]): FileReport[] {
  const service = new BerthLanguageService(nodeLanguageServiceOptions());
  const versions = service.registry.kubernetesVersions();
  const settings = validationSettingsFrom({ kubernetesVersion: versions[versions.length - 1] });
  const workspace = new BerthWorkspace(service);
  workspace.setKnownContexts(kubeconfigContextNames());
  for (const { file, text } of files) workspace.setFile(TextDocument.create(file, 'yaml', 1, text), settings);
  return files
    .map(({ file }) => {
      const errors = workspace.diagnostics(file).filter((d) => d.severity === DiagnosticSeverity.Error);
      const documents = service.analyze(workspace.document(file)!, settings).chunks.filter((c) => c.analysis.shape !== 'empty').length;
      return { file, documents, diagnostics: errors };
    })
    .filter((report) => report.diagnostics.length > 0);
}
