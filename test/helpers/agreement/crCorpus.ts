// The custom-resource agreement corpus as the tier reads it: built (or reused from the cache) by
// scripts/agreement/crCorpus.mjs from the bundled catalog's operators (scripts/schemas/crdSources.mjs)
// and samples/.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../repo';
import type { Corpus, CorpusDocument } from './corpus';

/** What was done to a valid custom resource to make this document. */
export interface Mutation {
  /** The id of the document it was made from. */
  of: string;
  kind: 'wrong-type' | 'unknown-field' | 'missing-required' | 'enum' | 'format';
  /** Where, e.g. `spec.rules[0].matches`. */
  path: string;
}

export interface CrDocument extends CorpusDocument {
  mutation?: Mutation;
}

/** A CRD the corpus installs, one per name. */
export interface CorpusCrd {
  name: string;
  group: string;
  kind: string;
  /** `samples` or the name of a crdSources entry. */
  source: string;
  /** Its own file, relative to the corpus folder, as the source ships it. */
  file: string;
}

export interface CrCorpus extends Corpus {
  crds: CorpusCrd[];
  documents: CrDocument[];
}

/** Builds or reuses the corpus; throws with the script's words when it cannot. */
export function loadCrCorpus(): CrCorpus {
  const r = spawnSync(process.execPath, [join(repoRoot(), 'scripts/agreement/crCorpus.mjs'), '--json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/agreement/crCorpus.mjs failed (${r.status ?? r.signal}):\n${r.stderr}`);
  if (r.stderr.trim()) process.stderr.write(r.stderr);
  const { dir, index } = JSON.parse(r.stdout) as { dir: string; index: string };
  const parsed = JSON.parse(readFileSync(index, 'utf8')) as Omit<CrCorpus, 'dir'>;
  return { dir, ...parsed };
}

export function crdText(corpus: CrCorpus, crd: CorpusCrd): string {
  return readFileSync(join(corpus.dir, crd.file), 'utf8');
}

/** The CRD a document is a resource of. */
export function crdOf(corpus: CrCorpus, doc: CorpusDocument): CorpusCrd | undefined {
  const slash = doc.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : doc.apiVersion.slice(0, slash);
  return corpus.crds.find((c) => c.group === group && c.kind === doc.kind);
}
