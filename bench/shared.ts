import { readFileSync } from 'node:fs';
import type { Position } from './generate';

export interface FloorSpec {
  repoRoot: string;
  file: string;
  editAt: Position;
  errorLines: number[];
  opens: number;
  edits: number;
  /** Kubernetes kinds to compile validators for (default: the LSP bench's two). */
  kinds?: { apiVersion: string; kind: string }[];
  /** Also validate Berth platform documents against the platform schema. */
  platform?: boolean;
}

export interface FloorResult {
  compileMs: number;
  openMs: number[];
  editMs: number[];
  errorsOnExpectedLines: number;
  otherDiagnostics: string[];
  totalDiagnostics: number;
  sampleMessage: string;
  vmHWMKiB: number | undefined;
  /** `parseAllDocuments` alone (with line positions), per open: the parse floor. */
  parseMs: number[];
}

/** Inserts `insert` at a position of `text` (0-based line and UTF-16 character). */
export function applyEdit(text: string, at: Position, insert: string): string {
  let offset = 0;
  for (let line = 0; line < at.line; line++) {
    offset = text.indexOf('\n', offset) + 1;
    if (offset === 0) throw new Error(`line ${at.line} is past the end of the text`);
  }
  offset += at.character;
  return text.slice(0, offset) + insert + text.slice(offset);
}

/** Peak resident set size (KiB) of a process, from /proc/<pid>/status. */
export function vmHWM(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export function percentile(samples: readonly number[], p: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest-rank: the smallest sample with at least p% of the samples at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** A duration for the bench tables: seconds from 10 s, whole ms from 100 ms, else tenths. */
export function fmtMs(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(1)} ms`;
}

export function fmtMB(kib: number | undefined): string {
  return kib === undefined ? '—' : `${(kib / 1024).toFixed(0)} MB`;
}

export function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined || b === 0 ? '—' : `${(a / b).toFixed(2)}×`;
}
