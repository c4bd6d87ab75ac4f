import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import type { ChunkRange } from './yaml/parseChunk';
import type { IssueSeverity } from './validate/issue';
import type { FileAnalysis } from './fileAnalysis';
import type { OversizedFile } from './fileSize';
import { MAX_FILE_SIZE_SETTING } from './settings';
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
  const related = [
    ...(diagnostic.related ?? []),
    ...(diagnostic.relatedInDocument ?? []).map((r) => ({ uri, range: shiftRange(r.range, startLine), message: r.message })),
  ];
  return {
    range: shiftRange(diagnostic.range, startLine),
    severity: SEVERITY[diagnostic.severity],
    code: diagnostic.code,
    source: DIAGNOSTIC_SOURCE,
    message: diagnostic.message,
    ...(diagnostic.data ? { data: { ...diagnostic.data, uri } } : {}),
    ...(related.length > 0 ? { relatedInformation: related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message })) } : {}),
  };
}

/**
 * The file's diagnostics in file coordinates. Documents that are lists or scalars are only
 * flagged in files that hold manifests: elsewhere the file is some other YAML and none of ours.
 */
/** The code of a document Berth failed to validate (analyzeChunk). */
const INTERNAL_ERROR = 'internal-error';

export function fileDiagnostics(file: FileAnalysis): Diagnostic[] {
  if (file.oversized) return [oversizedFileDiagnostic(file.uri, file.oversized)];
  const hasManifests = file.chunks.some((c) => c.analysis.shape === 'manifest');
  const out: Diagnostic[] = [];
  for (const { chunk, analysis } of file.chunks) {
    for (const d of analysis.diagnostics) {
      // Documents that are not manifests only report what breaks the YAML itself, and Berth's
      // own failure on one (else a crash would pass as a clean document).
      if (analysis.shape !== 'manifest' && d.severity !== 'error' && d.code !== INTERNAL_ERROR) continue;
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

/** The one diagnostic of a file over the size limit, on its first line. */
export function oversizedFileDiagnostic(uri: string, file: OversizedFile): Diagnostic {
  return toDiagnostic(
    uri,
    {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: 'warning',
      code: 'file-too-large',
      message: `This file is ${formatMegabytes(file.bytes)}, over the ${file.limit} MB limit of ${MAX_FILE_SIZE_SETTING}: it is not validated. Raise the setting to validate it.`,
    },
    0,
  );
}

function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 ? mb.toFixed(0) : mb.toFixed(1)} MB (${bytes} bytes)`;
}

/** At most this many diagnostics per file: thousands help nobody, and cost the editor and the terminal dearly. */
export const MAX_DIAGNOSTICS_PER_FILE = 200;

/**
 * The first MAX_DIAGNOSTICS_PER_FILE diagnostics of a file, most severe first, in their
 * original order, and one information diagnostic (first) saying how many were left out.
 */
export function capDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_DIAGNOSTICS_PER_FILE) return [...diagnostics];
  // One count and one pass, not a sort: a huge file has thousands of findings, and this runs on every keystroke.
  // Each severity, most severe first, takes what room is left; within one, the first in order are kept.
  const room = [0, 0, 0, 0, 0];
  for (const diagnostic of diagnostics) room[severitySlot(diagnostic)]!++;
  let left = MAX_DIAGNOSTICS_PER_FILE;
  for (let severity = 1; severity < room.length; severity++) {
    room[severity] = Math.min(room[severity]!, left);
    left -= room[severity]!;
  }
  const kept: Diagnostic[] = [];
  for (let i = 0; i < diagnostics.length && kept.length < MAX_DIAGNOSTICS_PER_FILE; i++) {
    const slot = severitySlot(diagnostics[i]!);
    if (room[slot] === 0) continue;
    room[slot]!--;
    kept.push(diagnostics[i]!);
  }
  const omitted = diagnostics.length - kept.length;
  return [
    {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      code: 'too-many-diagnostics',
      source: DIAGNOSTIC_SOURCE,
      message: `${omitted} more problems in this file are not shown: only the first ${MAX_DIAGNOSTICS_PER_FILE} (the most severe) are listed.`,
    },
    ...kept,
  ];
}

/** The protocol's four severities, 1 (error) to 4 (hint); none means an error, as editors read it. */
function severitySlot(diagnostic: Diagnostic): number {
  const severity = diagnostic.severity ?? DiagnosticSeverity.Error;
  return severity >= 1 && severity <= 4 ? severity : DiagnosticSeverity.Hint;
}
