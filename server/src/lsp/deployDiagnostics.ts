import type { Connection } from 'vscode-languageserver';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { deployDiagnosticsNotification, type DeployDiagnosticsParams, type DeployFinding } from '../../../protocol/protocol';
import { chunkRange, locate, parseChunk, type PathSegment } from '../../../platform/yaml/parseChunk';
import { splitDocuments } from '../../../platform/yaml/splitDocuments';
import type { Logger } from './runSafe';

export const DEPLOY_DIAGNOSTIC_SOURCE = 'berth-deploy';

interface FileFindings {
  /** The text the findings were made against; once the file's text differs, they are stale. */
  text: string | undefined;
  readonly findings: readonly DeployFinding[];
  readonly context: string;
}

/**
 * Deploy failures as diagnostics on their source documents: each notification replaces the
 * findings of the files it names (even with none); a file's findings go away as soon as its text
 * changes, since they describe what was deployed, not what is being written.
 */
export class DeployDiagnostics {
  private readonly files = new Map<string, FileFindings>();

  /** Takes a notification's findings; returns the files whose diagnostics changed. */
  accept(params: DeployDiagnosticsParams, textOf: (uri: string) => string | undefined): string[] {
    const uris = new Set((Array.isArray(params?.uris) ? params.uris : []).filter((u): u is string => typeof u === 'string'));
    const findings = (Array.isArray(params?.findings) ? params.findings : []).filter(isFinding);
    for (const f of findings) uris.add(f.uri);
    const context = typeof params?.context === 'string' ? params.context : '';
    for (const uri of uris) {
      const own = findings.filter((f) => f.uri === uri);
      if (own.length === 0) this.files.delete(uri);
      else this.files.set(uri, { text: textOf(uri), findings: own, context });
    }
    return [...uris];
  }

  /** The diagnostics for a file with its text now; drops its findings if the text changed. The text is read only for a file with findings. */
  diagnostics(uri: string, textOf: (uri: string) => string | undefined): Diagnostic[] {
    const entry = this.files.get(uri);
    const text = entry ? textOf(uri) : undefined;
    if (!entry || text === undefined) return [];
    if (entry.text === undefined) entry.text = text;
    if (entry.text !== text) {
      this.files.delete(uri);
      return [];
    }
    const chunks = splitDocuments(text);
    return entry.findings.map((finding) => toDiagnostic(finding, chunks, entry.context));
  }
}

function isFinding(value: unknown): value is DeployFinding {
  const f = value as Partial<DeployFinding> | null;
  return !!f && typeof f.uri === 'string' && typeof f.documentIndex === 'number' && Number.isInteger(f.documentIndex) && typeof f.object === 'string' && typeof f.message === 'string';
}

function toDiagnostic(finding: DeployFinding, chunks: ReturnType<typeof splitDocuments>, context: string): Diagnostic {
  const where = context ? ` (deploy to context "${context}")` : '';
  return {
    range: findingRange(finding, chunks),
    severity: DiagnosticSeverity.Error,
    source: DEPLOY_DIAGNOSTIC_SOURCE,
    code: 'deploy-failed',
    message: `${finding.object}: ${finding.message}${where}`,
  };
}

/**
 * Where a finding shows: the blamed field when the document has it, else the document's
 * metadata.name (else its kind, else its first line). A document index past the file's end (the
 * file shrank) lands on the last line.
 */
export function findingRange(finding: DeployFinding, chunks: ReturnType<typeof splitDocuments>): Range {
  const chunk = chunks[finding.documentIndex];
  if (!chunk) {
    const last = chunks[chunks.length - 1];
    const line = last ? last.startLine + last.lineCount : 0;
    return { start: { line, character: 0 }, end: { line, character: 0 } };
  }
  const parsed = parseChunk(chunk);
  const shift = (r: { start: { line: number; character: number }; end: { line: number; character: number } }): Range => ({
    start: { line: r.start.line + chunk.startLine, character: r.start.character },
    end: { line: r.end.line + chunk.startLine, character: r.end.character },
  });
  const candidates: PathSegment[][] = [...(finding.field ? [fieldPath(finding.field)] : []), ['metadata', 'name'], ['kind']];
  for (const path of candidates) {
    if (path.length === 0) continue;
    const found = locate(parsed.doc, path);
    if (found.depth !== path.length) continue;
    // A collection's range spans many lines: point at its key instead.
    const scalar = found.node && 'value' in found.node && !('items' in found.node);
    const node = scalar ? found.node : (found.pair?.key ?? found.node);
    const range = node?.range;
    if (range) return shift(chunkRange(parsed.lineCounter, range[0], range[1]));
  }
  const firstLine = chunk.text.split('\n', 1)[0] ?? '';
  return shift({ start: { line: 0, character: 0 }, end: { line: 0, character: firstLine.replace(/\r$/, '').length } });
}

/** "spec.containers[0].image" → ["spec", "containers", 0, "image"]; "labels[app.kubernetes.io/name]" keeps the key whole. */
export function fieldPath(field: string): PathSegment[] {
  const path: PathSegment[] = [];
  const pattern = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (let m = pattern.exec(field); m; m = pattern.exec(field)) {
    if (m[1] !== undefined) path.push(m[1]);
    else if (m[2] !== undefined) path.push(/^\d+$/.test(m[2]) ? Number(m[2]) : m[2]);
  }
  return path;
}

/** Listens for deploy findings and republishes the files they concern. */
export function registerDeployDiagnostics(
  connection: Connection,
  deploy: DeployDiagnostics,
  textOf: (uri: string) => string | undefined,
  republish: (uris: readonly string[]) => void,
  logger: Logger,
): void {
  connection.onNotification(deployDiagnosticsNotification, (params) => {
    try {
      republish(deploy.accept(params, textOf));
    } catch (error) {
      logger.error(`Taking deploy findings failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  });
}
