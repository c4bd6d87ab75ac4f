import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ChartIndex } from '../../../platform/charts/chartIndex';

/**
 * The chart index with an open document's latest text, when the document is a chart's template
 * or values.yaml; undefined otherwise. A request may come before the edit reached the workspace.
 */
export function chartsWith(charts: ChartIndex | undefined, document: TextDocument): ChartIndex | undefined {
  if (!charts) return undefined;
  charts.setDocument(document);
  return charts.isTemplate(document.uri) || charts.isValuesFile(document.uri) ? charts : undefined;
}
