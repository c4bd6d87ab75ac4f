// Agreement with the apiserver on custom resources. The CRDs of the bundled catalog's operators
// (scripts/schemas/crdSources.mjs) and of samples/ are installed into the local control plane;
// their own example resources, the samples' ones, and seeded mutations of each (a leaf of the
// wrong type, an unknown field, a required field removed, an enum value or a format broken:
// scripts/agreement/crMutations.mjs) go through `kubectl apply --dry-run=server --validate=strict`,
// and Berth's verdict on each document is held against the apiserver's, Berth reading the CRDs
// from the bundled catalog and, again, from the same CRD files as workspace files. It prints the
// tables and writes them to test-results/agreement-crs.md.
//
// The gates are those of the built-in tier: no false error (cr-known-false-errors.json lists any
// still allowed, with its reason) and a recall of the apiserver's refusals no lower than
// cr-recall-floor.json. A refusal only for a CRD's CEL rules, which Berth does not evaluate, is
// listed apart and not counted, but only where the apiserver's message shows it is one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLocalCluster } from '../helpers/cluster';
import { repoRoot } from '../helpers/repo';
import { apiserverVerdicts, clusterKubectl } from '../helpers/agreement/apiserverVerdicts';
import { crdOf, crdText, loadCrCorpus, type CrCorpus } from '../helpers/agreement/crCorpus';
import { installCrds, removeCrds } from '../helpers/agreement/installCrds';
import { berthCrVerdicts, type CrdMode } from '../helpers/agreement/berthCrVerdicts';
import { celMessages, isCelOnly } from '../helpers/agreement/celRejection';
import { compareCustomResources, crAgreementMarkdown, operatorTable, type CrAgreement } from '../helpers/agreement/crAgreementTable';
import type { ApiserverVerdict } from '../helpers/agreement/apiserverVerdicts';

interface KnownFalseError {
  document: string;
  mode: CrdMode;
  reason: string;
}

/** The recall the tier aims at: the floor is raised towards it as rules land, not past it. */
const TARGET_RECALL = 0.99;

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(repoRoot(), 'test/fixtures/agreement', name), 'utf8')) as T;
}

test('a refusal is set apart as CEL only when every cause the apiserver names is a CEL rule of the CRD', () => {
  const messages = ['Must have port for Service reference', 'sectionName or port must be specified, not both'];
  const one = 'The HTTPRoute "r" is invalid: spec.rules[0].backendRefs[0]: Invalid value: "object": Must have port for Service reference';
  assert.equal(isCelOnly(one, messages), true);
  const two = 'The HTTPRoute "r" is invalid: [spec.parentRefs[0]: Invalid value: "object": sectionName or port must be specified, not both, spec.rules[0]: Invalid value: "object": failed rule: size(self.matches) <= 8]';
  assert.equal(isCelOnly(two, messages), true);
  const mixed = 'The HTTPRoute "r" is invalid: [spec.hostnames[0]: Invalid value: "a_b": spec.hostnames[0] in body should match \'^\\*?[a-z]\', spec.rules[0]: Invalid value: "object": Must have port for Service reference]';
  assert.equal(isCelOnly(mixed, messages), false);
  assert.equal(isCelOnly('Error from server (BadRequest): error when creating "STDIN": HTTPRoute in version "v1" cannot be handled as a HTTPRoute: strict decoding error: unknown field "spec.x"', messages), false);
  // A message Berth's reader did not find in the CRD (a messageExpression's) is no proof.
  assert.equal(isCelOnly('The Gateway "g" is invalid: spec.listeners: Invalid value: "array": computed at run time', messages), false);
});

function celOnlyRefusals(corpus: CrCorpus, api: Map<string, ApiserverVerdict>): Set<string> {
  const messages = new Map<string, string[]>();
  const out = new Set<string>();
  for (const doc of corpus.documents) {
    const verdict = api.get(doc.id);
    const crd = crdOf(corpus, doc);
    if (!crd || !verdict || verdict.accepted || verdict.kind !== 'content') continue;
    if (!messages.has(crd.name)) messages.set(crd.name, celMessages(crdText(corpus, crd)));
    if (isCelOnly(verdict.message, messages.get(crd.name) ?? [])) out.add(doc.id);
  }
  return out;
}

test('Berth agrees with the apiserver on custom resources, with the bundled catalog and with workspace CRDs', { timeout: 900_000 }, async (t) => {
  assert.ok(existsSync(join(repoRoot(), 'schemas/crds/index.json')), 'schemas/crds/index.json is missing: the bundled CRD catalog was not generated (npm run schemas:crds)');
  const cluster = await useLocalCluster(t);
  const corpus = loadCrCorpus();
  const missing = corpus.sources.filter((s) => s.missing);
  assert.deepEqual(missing.map((s) => `${s.module}@${s.version}: ${s.missing}`), [], 'Operators of the catalog whose Go modules could not be had: their CRDs and examples would go unmeasured');
  assert.ok(corpus.documents.some((d) => !d.mutation) && corpus.documents.some((d) => d.mutation), `The custom-resource corpus has no examples or no mutants (${corpus.documents.length} documents in ${corpus.dir})`);

  // How long each part takes, for the tier's budget: printed, never asserted.
  let started = Date.now();
  const took = (what: string) => {
    t.diagnostic(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    started = Date.now();
  };
  const kubectl = clusterKubectl(cluster.kubeconfigPath);
  const install = await installCrds(corpus, kubectl, cluster.kubeconfigPath);
  t.after(async () => {
    const failure = await removeCrds(install.added, kubectl, cluster.kubeconfigPath);
    if (failure) t.diagnostic(`the CRDs this test installed could not be deleted: ${failure}`);
  });
  took(`${install.installed.length} CRDs installed`);
  assert.deepEqual(install.failed.map((f) => `${f.crd.source} ${f.crd.name}: ${f.message}`), [], 'CRDs the apiserver would not install');

  const api = await apiserverVerdicts(corpus, { kubectl, kubeconfig: cluster.kubeconfigPath, namespace: cluster.namespace });
  took(`${corpus.documents.length} documents dry-run`);
  const refused = [...api.values()].filter((v) => !v.accepted && v.kind === 'content').length;
  assert.ok(refused > 0, 'The apiserver refused no document: the mutations measure nothing (are the CRDs installed with their schemas?)');
  const celOnly = celOnlyRefusals(corpus, api);

  const allowed = fixture<KnownFalseError[]>('cr-known-false-errors.json');
  const { recall: floor } = fixture<{ recall: number }>('cr-recall-floor.json');
  const reports: string[] = [];
  const results: [CrdMode, CrAgreement][] = [];
  for (const mode of ['catalog', 'workspace'] as const) {
    const berth = berthCrVerdicts(corpus, mode);
    took(`Berth, CRDs from the ${mode}`);
    const agreement = compareCustomResources(corpus, api, berth, celOnly);
    results.push([mode, agreement]);
    reports.push(crAgreementMarkdown(corpus, mode, api, berth, agreement));
    process.stdout.write(`\ncustom resources, CRDs from the ${mode}:\n${operatorTable(corpus, agreement).join('\n')}\n`);
  }
  const dir = join(repoRoot(), 'test-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'agreement-crs.md'), reports.join('\n'));

  for (const [mode, agreement] of results) {
    const allowedIds = new Set(allowed.filter((e) => e.mode === mode).map((e) => e.document));
    const unexpected = agreement.all.falseErrors.filter((d) => !allowedIds.has(d.doc.id));
    assert.deepEqual(
      unexpected.map((d) => `${d.doc.id}: ${d.berth.map((e) => `${e.code} ${e.message}`).join('; ')}`),
      [],
      `CRDs from the ${mode}: Berth reports errors on custom resources the apiserver accepts (see test-results/agreement-crs.md; a true fix is better than an entry in test/fixtures/agreement/cr-known-false-errors.json)`,
    );
    const stillFalse = new Set(agreement.all.falseErrors.map((d) => d.doc.id));
    const stale = [...allowedIds].filter((id) => api.get(id)?.accepted && !stillFalse.has(id));
    assert.deepEqual(stale, [], `CRDs from the ${mode}: these false errors are fixed: remove them from test/fixtures/agreement/cr-known-false-errors.json`);
    assert.ok(
      agreement.all.recall >= floor,
      `CRDs from the ${mode}: recall ${agreement.all.recall.toFixed(3)} fell below the floor ${floor} (test/fixtures/agreement/cr-recall-floor.json): ${agreement.all.missed.length} refusals pass Berth, see test-results/agreement-crs.md`,
    );
    if (floor < TARGET_RECALL && agreement.all.recall >= floor + 0.01) t.diagnostic(`CRDs from the ${mode}: recall ${agreement.all.recall.toFixed(3)}: raise test/fixtures/agreement/cr-recall-floor.json`);
  }
});
