// The agreement corpus as the tier reads it: built (or reused from the cache) by
// scripts/agreement/corpus.mjs, which pins the Go modules it comes from.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../repo';

export interface CorpusDocument {
  /** `<source>/<path in the module>#<document number in the file>` */
  id: string;
  /** The document's own file, relative to the corpus folder. */
  file: string;
  source: string;
  path: string;
  document: number;
  apiVersion: string;
  kind: string;
  /** metadata.name, else metadata.generateName, else empty. */
  name: string;
}

export interface Corpus {
  dir: string;
  sources: { name: string; module: string; version: string; missing?: string }[];
  skipped: Record<string, number>;
  /** Every `apiVersion kind` the Kubernetes release defines, served here or not. */
  releaseKinds: string[];
  documents: CorpusDocument[];
}

/** Builds or reuses the corpus; throws with the script's words when it cannot. */
export function loadCorpus(): Corpus {
  const r = spawnSync(process.execPath, [join(repoRoot(), 'scripts/agreement/corpus.mjs'), '--json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/agreement/corpus.mjs failed (${r.status ?? r.signal}):\n${r.stderr}`);
  if (r.stderr.trim()) process.stderr.write(r.stderr);
  const { dir, index } = JSON.parse(r.stdout) as { dir: string; index: string };
  const parsed = JSON.parse(readFileSync(index, 'utf8')) as Omit<Corpus, 'dir'>;
  return { dir, ...parsed };
}

export function documentText(corpus: Corpus, doc: CorpusDocument): string {
  return readFileSync(join(corpus.dir, doc.file), 'utf8');
}
