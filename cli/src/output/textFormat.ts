import { messageText, severityName, summarize, type FileReport } from '../report';

/** Compiler-style lines (`file:line:column: severity [code] message`, 1-based) and a summary. */
export function formatText(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    for (const d of report.diagnostics) {
      const { line, character } = d.range.start;
      lines.push(`${report.file}:${line + 1}:${character + 1}: ${severityName(d)} [${String(d.code ?? '')}] ${messageText(d)}`);
    }
  }
  const s = summarize(reports);
  lines.push(`${s.files} ${plural(s.files, 'file')}, ${s.documents} ${plural(s.documents, 'document')}: ${s.errors} ${plural(s.errors, 'error')}, ${s.warnings} ${plural(s.warnings, 'warning')}`);
  return lines.join('\n') + '\n';
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
