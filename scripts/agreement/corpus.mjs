#!/usr/bin/env node
// Assembles the agreement corpus: one file per document under
// <cache>/agreement/<hash>/docs/<source>/<path in the module>#<document number>.yaml, and
// index.json listing them. The hash covers the pinned sources, which of them were found, and the
// scripts that pick the documents, so a run with the same inputs reuses the folder and any change
// builds a new one. Nothing third-party is committed: it all comes from the Go module cache.
//
//   node scripts/agreement/corpus.mjs          builds (or reuses) the corpus, prints its folder
//   node scripts/agreement/corpus.mjs --json   prints { dir, index } for a test to read
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../cluster/paths.mjs';
import { sources } from './sources.mjs';
import { locateModules } from './modules.mjs';
import { manifestDocuments, manifestFiles, relativeTo } from './manifests.mjs';
import { releaseKinds } from './releaseKinds.mjs';

const here = dirname(fileURLToPath(import.meta.url));

function say(message) {
  process.stderr.write(`agreement: ${message}\n`);
}

function corpusKey(located) {
  const h = createHash('sha256');
  for (const script of ['corpus.mjs', 'sources.mjs', 'manifests.mjs', 'releaseKinds.mjs']) h.update(readFileSync(join(here, script)));
  for (const s of located) h.update(`${s.name} ${s.module}@${s.version} ${s.dir ? 'found' : 'missing'}\n`);
  return h.digest('hex').slice(0, 16);
}

function assemble(located, target) {
  const seen = new Set();
  const skipped = {};
  const documents = [];
  for (const source of located.filter((s) => s.dir)) {
    for (const root of source.roots) {
      for (const file of manifestFiles(join(source.dir, root), skipped)) {
        const path = relativeTo(source.dir, file);
        for (const doc of manifestDocuments(file, skipped)) {
          // The same manifest copied into two examples is one data point, not two.
          const digest = createHash('sha256').update(doc.text.trim()).digest('hex');
          if (seen.has(digest)) {
            skipped['duplicate of another document'] = (skipped['duplicate of another document'] ?? 0) + 1;
            continue;
          }
          seen.add(digest);
          const id = `${source.name}/${path}#${doc.number}`;
          const rel = `docs/${id}.yaml`;
          mkdirSync(dirname(join(target, rel)), { recursive: true });
          writeFileSync(join(target, rel), doc.text);
          documents.push({ id, file: rel, source: source.name, path, document: doc.number, apiVersion: doc.apiVersion, kind: doc.kind, name: doc.name });
        }
      }
    }
  }
  return { documents, skipped };
}

/** Builds the corpus unless it is cached; returns its folder and the path of its index. */
export function buildCorpus() {
  const located = locateModules(sources);
  for (const s of located.filter((x) => x.missing)) say(`${s.module}@${s.version} left out: ${s.missing}`);
  const dir = join(cacheDir(), 'agreement', corpusKey(located));
  const index = join(dir, 'index.json');
  if (existsSync(index)) return { dir, index };
  // Built next to its final place and renamed, so a half-written corpus is never reused.
  const building = `${dir}.${process.pid}.tmp`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const { documents, skipped } = assemble(located, building);
  const sourcesUsed = located.map(({ name, module, version, missing }) => ({ name, module, version, ...(missing ? { missing } : {}) }));
  const kubernetes = located.find((s) => s.name === 'kubernetes' && s.dir);
  const kinds = kubernetes ? releaseKinds(kubernetes.dir) : [];
  writeFileSync(join(building, 'index.json'), JSON.stringify({ sources: sourcesUsed, skipped, releaseKinds: kinds, documents }, null, 1));
  if (existsSync(index)) rmSync(building, { recursive: true, force: true });
  else {
    rmSync(dir, { recursive: true, force: true });
    renameSync(building, dir);
  }
  say(`${documents.length} documents in ${dir}`);
  return { dir, index };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = buildCorpus();
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(result)}\n` : `${result.dir}\n`);
}
