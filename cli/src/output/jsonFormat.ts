import { messageText, severityName, summarize, type FileReport } from '../report';

/** One JSON object: every diagnostic with its file and 0-based LSP range, and a summary. */
export function formatJson(reports: readonly FileReport[]): string {
  const diagnostics = reports.flatMap((report) =>
    report.diagnostics.map((d) => ({
      file: report.file,
      range: { start: { line: d.range.start.line, character: d.range.start.character }, end: { line: d.range.end.line, character: d.range.end.character } },
      severity: severityName(d),
      code: String(d.code ?? ''),
      message: messageText(d),
    })),
  );
  return JSON.stringify({ diagnostics, summary: summarize(reports) }, null, 2) + '\n';
}
