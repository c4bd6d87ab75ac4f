import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import type { ChunkRange } from './yaml/parseChunk';
import type { IssueSeverity } from './validate/issue';
import type { FileAnalysis } from './fileAnalysis';
import type { ChunkDiagnostic } from './validate/analyzeChunk';

export const DIAGNOSTIC_SOURCE = 'berth';

const SEVERITY: Record<IssueSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function shiftRange(range: ChunkRange, startLine: number): Range {
  return {
    start: { line: range.start.line + startLine, character: range.start.character },
    end: { line: range.end.line + startLine, character: range.end.character },
  };
}

export function toDiagnostic(uri: string, diagnostic: ChunkDiagnostic, startLine: number): Diagnostic {
  return {
    range: shiftRange(diagnostic.range, startLine),
    severity: SEVERITY[diagnostic.severity],
    code: diagnostic.code,
    source: DIAGNOSTIC_SOURCE,
    message: diagnostic.message,
    ...(diagnostic.data ? { data: { ...diagnostic.data, uri } } : {}),
    ...(diagnostic.related && diagnostic.related.length > 0
      ? { relatedInformation: diagnostic.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message })) }
      : {}),
  };
}

/**
 * The file's diagnostics in file coordinates. Documents that are lists or scalars are only
 * flagged in files that hold manifests: elsewhere the file is some other YAML and none of ours.
 */
export function fileDiagnostics(file: FileAnalysis): Diagnostic[] {
  const hasManifests = file.chunks.some((c) => c.analysis.shape === 'manifest');
  const out: Diagnostic[] = [];
  for (const { chunk, analysis } of file.chunks) {
    for (const d of analysis.diagnostics) {
      // Documents that are not manifests only report what breaks the YAML itself.
      if (analysis.shape !== 'manifest' && d.severity !== 'error') continue;
      out.push(toDiagnostic(file.uri, d, chunk.startLine));
    }
    if (hasManifests && (analysis.shape === 'list' || analysis.shape === 'scalar')) {
      out.push(
        toDiagnostic(
          file.uri,
          {
            range: { start: analysis.extent.start, end: { line: analysis.extent.start.line, character: analysis.extent.start.character + 1 } },
            severity: 'warning',
            code: 'not-a-manifest',
            message: `This document is a ${analysis.shape === 'list' ? 'list' : 'single value'}, not a Kubernetes or Berth object: a manifest is a mapping with apiVersion, kind and metadata.`,
          },
          chunk.startLine,
        ),
      );
    }
  }
  return out;
}
