// Berth's verdict on every corpus document: one `berth validate --unknown-fields error --output
// json` over the whole corpus, as a user would run it over a repository (cross-document rules see
// every document), its diagnostics mapped back to documents by file: each document has its own.
import { execFile } from 'node:child_process';
import { join, relative, resolve } from 'node:path';
import { repoRoot } from '../repo';
import type { Corpus } from './corpus';

export interface BerthDiagnostic {
  severity: string;
  code: string;
  message: string;
  line: number;
}

/** The error-severity diagnostics of each document (absent: none). */
export type BerthVerdicts = Map<string, BerthDiagnostic[]>;

interface JsonReport {
  diagnostics: { file: string; range: { start: { line: number } }; severity: string; code: string; message: string }[];
  summary: { files: number; documents: number };
}

function runValidate(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { encoding: 'utf8', maxBuffer: 512 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ status: code, stdout, stderr: stderr || (error && code === -1 ? error.message : '') });
    });
  });
}

export async function berthVerdicts(corpus: Corpus): Promise<BerthVerdicts> {
  const cli = join(repoRoot(), 'dist/cli.js');
  const docs = join(corpus.dir, 'docs');
  const r = await runValidate([cli, 'validate', '--unknown-fields', 'error', '--output', 'json', docs]);
  // 0: no errors, 1: errors found; anything else is a usage error or a crash.
  if (r.status !== 0 && r.status !== 1) throw new Error(`berth validate exited with ${r.status}:\n${r.stderr}`);
  const report = JSON.parse(r.stdout) as JsonReport;
  if (report.summary.files !== corpus.documents.length) {
    throw new Error(`berth validate read ${report.summary.files} files, the corpus has ${corpus.documents.length}`);
  }
  const idByFile = new Map(corpus.documents.map((d) => [d.file, d.id]));
  const verdicts: BerthVerdicts = new Map();
  for (const d of report.diagnostics) {
    if (d.severity !== 'error') continue;
    const file = relative(corpus.dir, resolve(d.file)).split('\\').join('/');
    const id = idByFile.get(file);
    if (!id) throw new Error(`berth validate reported ${d.file}, which is not a corpus document`);
    const list = verdicts.get(id) ?? [];
    list.push({ severity: d.severity, code: d.code, message: d.message, line: d.range.start.line + 1 });
    verdicts.set(id, list);
  }
  return verdicts;
}
