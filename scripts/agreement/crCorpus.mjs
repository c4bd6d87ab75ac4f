#!/usr/bin/env node
// Assembles the custom-resource agreement corpus: the CRDs of the bundled catalog's operators
// (scripts/schemas/crdSources.mjs, the CRD folders of the sources it bundles) and of samples/, the
// operators' own example custom resources and the samples' ones (those a CRD of that set
// defines), and seeded mutations of each (crMutations.mjs), at most MAX_DOCUMENTS in all. Like
// corpus.mjs it writes one file per document under <cache>/agreement-crs/<hash>/ with index.json,
// the hash covering the pins, the scripts and samples/, and reuses a folder built before.
//
//   node scripts/agreement/crCorpus.mjs          builds (or reuses) the corpus, prints its folder
//   node scripts/agreement/crCorpus.mjs --json   prints { dir, index } for a test to read
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { cacheDir, repoRoot } from '../cluster/paths.mjs';
import { crdSources } from '../schemas/crdSources.mjs';
import { locateModules } from './modules.mjs';
import { groupOf, isBuiltInGroup, manifestDocuments, manifestFiles, relativeTo } from './manifests.mjs';
import { applyMutation, mutationSites, pathText, pickSites, seededRandom } from './crMutations.mjs';

const here = dirname(fileURLToPath(import.meta.url));
/** Keeps the tier within a few minutes: every mutant of a valid resource is one more dry run. */
export const MAX_DOCUMENTS = 600;
const MAX_MUTATIONS_PER_RESOURCE = 3;
const CRD = 'apiextensions.k8s.io/v1 CustomResourceDefinition';
const SAMPLES = { name: 'samples', module: 'samples/', version: 'this repository' };

function say(message) {
  process.stderr.write(`agreement (custom resources): ${message}\n`);
}

function bump(skipped, reason) {
  skipped[reason] = (skipped[reason] ?? 0) + 1;
}

function isRecord(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function toValue(text) {
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false });
  return doc.errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 100 });
}

/** The sources of the corpus: the operators' modules as located, and samples/ of this repository. */
function inputs() {
  const located = locateModules(crdSources);
  for (const s of located.filter((x) => x.missing)) say(`${s.module}@${s.version} left out: ${s.missing}`);
  const samplesDir = join(repoRoot, 'samples');
  const samples = { ...SAMPLES, crdRoots: ['.'], exampleRoots: ['.'], dir: samplesDir };
  return [samples, ...located];
}

function corpusKey(sources) {
  const h = createHash('sha256');
  for (const script of ['crCorpus.mjs', 'crMutations.mjs', 'manifests.mjs', '../schemas/crdSources.mjs']) h.update(readFileSync(join(here, script)));
  for (const s of sources) h.update(`${s.name} ${s.module}@${s.version} ${s.dir ? 'found' : 'missing'}\n`);
  // samples/ is this repository's: its text, not a pin, says whether it changed.
  for (const file of manifestFiles(sources[0].dir, {})) h.update(`${relativeTo(sources[0].dir, file)}\n`).update(readFileSync(file));
  return h.digest('hex').slice(0, 16);
}

/**
 * The CRDs to install and validate against, one per name: the samples' first, then an
 * experimental channel's (a superset of its standard channel: every field, enum value and version
 * of both is served, so both channels' examples are judged), then the other sources' in order.
 */
function collectCrds(sources, target, skipped) {
  const crds = [];
  const byName = new Set();
  const rank = (s) => (s.name === SAMPLES.name ? 0 : s.channel === 'experimental' ? 1 : 2);
  const ordered = sources.filter((s) => s.dir && s.bundled !== false).sort((a, b) => rank(a) - rank(b));
  for (const source of ordered) {
    for (const root of source.crdRoots) {
      for (const file of manifestFiles(join(source.dir, root), {})) {
        for (const doc of manifestDocuments(file, {}, ({ apiVersion, kind }) => (`${apiVersion} ${kind}` === CRD ? undefined : 'not a CRD'))) {
          const value = toValue(doc.text);
          const spec = isRecord(value) ? value.spec : undefined;
          if (!isRecord(spec) || typeof spec.group !== 'string' || typeof spec.names?.kind !== 'string' || !Array.isArray(spec.versions) || typeof value.metadata?.name !== 'string') {
            bump(skipped, 'CRD without group, kind, versions or name');
            continue;
          }
          const name = value.metadata.name;
          if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253) {
            bump(skipped, 'CRD whose name is no DNS subdomain');
            continue;
          }
          if (byName.has(name)) {
            bump(skipped, 'CRD defined by an earlier source');
            continue;
          }
          byName.add(name);
          const rel = `crds/${source.name}/${name}.yaml`;
          mkdirSync(dirname(join(target, rel)), { recursive: true });
          writeFileSync(join(target, rel), doc.text);
          const versions = spec.versions.filter(isRecord).map((v) => ({ name: String(v.name), served: v.served !== false, openApi: isRecord(v.schema?.openAPIV3Schema) ? v.schema.openAPIV3Schema : undefined }));
          crds.push({ name, group: spec.group, kind: spec.names.kind, source: source.name, file: rel, versions });
        }
      }
    }
  }
  return crds;
}

/** The custom resources of every source's example folders that one of the CRDs defines. */
function collectResources(sources, crdByKind, target, skipped) {
  const seen = new Set();
  const resources = [];
  const choose = ({ apiVersion, kind, groups }) => {
    if (groups.length > 1) return 'List (document)';
    if (isBuiltInGroup(groupOf(apiVersion))) return 'built-in kind (document)';
    return crdByKind.has(`${groupOf(apiVersion)} ${kind}`) ? undefined : 'custom resource no CRD of the set defines (document)';
  };
  for (const source of sources.filter((s) => s.dir)) {
    for (const root of source.exampleRoots) {
      for (const file of manifestFiles(join(source.dir, root), skipped)) {
        const path = relativeTo(source.dir, file);
        for (const doc of manifestDocuments(file, skipped, choose)) {
          const digest = createHash('sha256').update(doc.text.trim()).digest('hex');
          if (seen.has(digest)) {
            bump(skipped, 'duplicate of another document');
            continue;
          }
          seen.add(digest);
          const id = `${source.name}/${path}#${doc.number}`;
          const rel = `docs/${id}.yaml`;
          mkdirSync(dirname(join(target, rel)), { recursive: true });
          writeFileSync(join(target, rel), doc.text);
          resources.push({ id, file: rel, source: source.name, path, document: doc.number, apiVersion: doc.apiVersion, kind: doc.kind, name: doc.name, text: doc.text });
        }
      }
    }
  }
  return resources;
}

/** Seeded mutants of each resource, spread so the whole corpus stays within MAX_DOCUMENTS. */
function mutate(resources, crdByKind, target, skipped) {
  const budget = Math.max(0, MAX_DOCUMENTS - resources.length);
  const each = Math.min(MAX_MUTATIONS_PER_RESOURCE, Math.ceil(budget / Math.max(1, resources.length)));
  const mutants = [];
  for (const resource of resources) {
    if (mutants.length >= budget) break;
    const crd = crdByKind.get(`${groupOf(resource.apiVersion)} ${resource.kind}`);
    const version = crd?.versions.find((v) => v.served && v.name === resource.apiVersion.slice(resource.apiVersion.indexOf('/') + 1));
    const value = toValue(resource.text);
    if (!version?.openApi || !isRecord(value)) {
      bump(skipped, 'no mutation: version not served or document unreadable (document)');
      continue;
    }
    const sites = pickSites(mutationSites(value, version.openApi), Math.min(each, budget - mutants.length), seededRandom(resource.id));
    sites.forEach((site, i) => {
      const text = applyMutation(resource.text, site, `-m${i + 1}`);
      if (text === undefined) return void bump(skipped, 'mutation that could not be applied');
      const id = `${resource.id}~m${i + 1}`;
      const rel = `docs/${id}.yaml`;
      writeFileSync(join(target, rel), text);
      const name = resource.name ? `${resource.name}-m${i + 1}` : '';
      mutants.push({ ...resource, id, file: rel, name, text: undefined, mutation: { of: resource.id, kind: site.kind, path: pathText(site.path) } });
    });
  }
  return mutants;
}

function assemble(sources, target) {
  const skipped = {};
  const crds = collectCrds(sources, target, skipped);
  const crdByKind = new Map(crds.map((c) => [`${c.group} ${c.kind}`, c]));
  const resources = collectResources(sources, crdByKind, target, skipped).slice(0, MAX_DOCUMENTS);
  const mutants = mutate(resources, crdByKind, target, skipped);
  const documents = [...resources, ...mutants].map(({ text: _text, ...doc }) => doc);
  return { crds: crds.map(({ versions: _versions, ...crd }) => crd), documents, skipped };
}

/** Builds the corpus unless it is cached; returns its folder and the path of its index. */
export function buildCrCorpus() {
  const sources = inputs();
  const dir = join(cacheDir(), 'agreement-crs', corpusKey(sources));
  const index = join(dir, 'index.json');
  if (existsSync(index)) return { dir, index };
  // Built next to its final place and renamed, so a half-written corpus is never reused.
  const building = `${dir}.${process.pid}.tmp`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const { crds, documents, skipped } = assemble(sources, building);
  const sourcesUsed = sources.map(({ name, module, version, missing, bundled }) => ({ name, module, version, ...(bundled === false ? { bundled } : {}), ...(missing ? { missing } : {}) }));
  writeFileSync(join(building, 'index.json'), JSON.stringify({ sources: sourcesUsed, skipped, releaseKinds: [], crds, documents }, null, 1));
  if (existsSync(index)) rmSync(building, { recursive: true, force: true });
  else {
    rmSync(dir, { recursive: true, force: true });
    renameSync(building, dir);
  }
  say(`${crds.length} CRDs, ${documents.length} documents (${documents.filter((d) => d.mutation).length} mutated) in ${dir}`);
  return { dir, index };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = buildCrCorpus();
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(result)}\n` : `${result.dir}\n`);
}
