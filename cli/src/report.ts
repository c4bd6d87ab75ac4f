import type { Diagnostic } from 'vscode-languageserver-types';

/** What `berth validate` found in one file. */
export interface FileReport {
  /** The path as the user named it (or as found below a named directory). */
  readonly file: string;
  readonly documents: number;
  readonly diagnostics: readonly Diagnostic[];
}

export type SeverityName = 'error' | 'warning' | 'information' | 'hint';

export function severityName(diagnostic: Diagnostic): SeverityName {
  switch (diagnostic.severity) {
    case 2:
      return 'warning';
    case 3:
      return 'information';
    case 4:
      return 'hint';
    default:
      return 'error';
  }
}

export interface Summary {
  readonly files: number;
  readonly documents: number;
  readonly errors: number;
  readonly warnings: number;
}

export function summarize(reports: readonly FileReport[]): Summary {
  let documents = 0;
  let errors = 0;
  let warnings = 0;
  for (const report of reports) {
    documents += report.documents;
    for (const d of report.diagnostics) {
      const severity = severityName(d);
      if (severity === 'error') errors++;
      else if (severity === 'warning') warnings++;
    }
  }
  return { files: reports.length, documents, errors, warnings };
}

/** The message as plain text (LSP allows markup; Berth's messages are plain). */
export function messageText(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}
