// The apiserver's verdict on every corpus document: `kubectl apply --dry-run=server
// --validate=strict` into the test's namespace, exactly what a user would run. kubectl starts in
// ~0.1 s, so documents go in batches: when a batch applies cleanly every document in it is
// accepted; when it does not, the documents kubectl reports applied (each identified once) are
// accepted and the rest run alone, so that each refusal is read from a run of its document only.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { classifyRejection, type Rejection } from './apiserverRejection';
import { documentText, type Corpus, type CorpusDocument } from './corpus';
import { intoNamespace } from './intoNamespace';

export type ApiserverVerdict = { accepted: true } | ({ accepted: false } & Rejection);

export interface Kubectl {
  kubectl: string;
  kubeconfig: string;
  namespace: string;
}

/** kubectl built with the local cluster, as recorded in the cluster's state.json next to its kubeconfig. */
export function clusterKubectl(kubeconfig: string): string {
  const state = join(dirname(kubeconfig), 'state.json');
  if (!existsSync(state)) throw new Error(`No ${state}: the local cluster was not started by scripts/cluster.mjs, so its kubectl is unknown`);
  const kubectl = (JSON.parse(readFileSync(state, 'utf8')) as { kubectl?: string }).kubectl;
  if (!kubectl || !existsSync(kubectl)) throw new Error(`${state} names no kubectl that exists (${kubectl ?? 'none'})`);
  return kubectl;
}

const BATCH = 40;
const PARALLEL = 3;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function dryRun(k: Kubectl, stream: string): Promise<Run> {
  const args = [
    '--kubeconfig', k.kubeconfig,
    // Discovery cache next to the kubeconfig, as scripts/cluster does: nothing under ~/.kube.
    '--cache-dir', join(dirname(k.kubeconfig), 'kube-cache'),
    'apply', '--dry-run=server', '--validate=strict', '-n', k.namespace, '-f', '-',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(k.kubectl, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.on('error', () => undefined); // kubectl may exit before reading a broken stream
    child.stdin.end(stream);
  });
}

/** How kubectl names an applied object: `kind[.group]/name`, lower-case kind. */
function identity(doc: CorpusDocument): string | undefined {
  if (!doc.name || /^(\w+)?List$/.test(doc.kind)) return undefined; // generated names and lists: run alone
  const slash = doc.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : doc.apiVersion.slice(0, slash);
  return `${doc.kind.toLowerCase()}${group ? `.${group}` : ''}/${doc.name}`;
}

function appliedIdentities(stdout: string): Map<string, number> {
  const seen = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const m = /^(\S+) (created|configured|unchanged|serverside-applied) \(server dry run\)$/.exec(line.trim());
    if (m?.[1]) seen.set(m[1], (seen.get(m[1]) ?? 0) + 1);
  }
  return seen;
}

async function pool<T>(items: T[], parallel: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
}

export async function apiserverVerdicts(corpus: Corpus, k: Kubectl): Promise<Map<string, ApiserverVerdict>> {
  const verdicts = new Map<string, ApiserverVerdict>();
  const releaseKinds = new Set(corpus.releaseKinds);
  const texts = new Map(corpus.documents.map((d) => [d.id, intoNamespace(documentText(corpus, d), k.namespace)]));
  // kubectl reads a stream that starts with `{` as JSON throughout: such documents go alone.
  const alone = corpus.documents.filter((d) => /^\s*[{[]/.test(texts.get(d.id) ?? ''));
  const batchable = corpus.documents.filter((d) => !alone.includes(d));
  const batches: CorpusDocument[][] = [];
  for (let i = 0; i < batchable.length; i += BATCH) batches.push(batchable.slice(i, i + BATCH));
  const retry: CorpusDocument[] = [...alone];
  await pool(batches, PARALLEL, async (batch) => {
    const run = await dryRun(k, batch.map((d) => texts.get(d.id) ?? '').join('---\n'));
    if (run.code === 0) {
      for (const d of batch) verdicts.set(d.id, { accepted: true });
      return;
    }
    const applied = appliedIdentities(run.stdout);
    const counts = new Map<string, number>();
    for (const d of batch) {
      const id = identity(d);
      if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const d of batch) {
      const id = identity(d);
      if (id && counts.get(id) === 1 && applied.get(id) === 1) verdicts.set(d.id, { accepted: true });
      else retry.push(d);
    }
  });
  await pool(retry, PARALLEL, async (d) => {
    const run = await dryRun(k, texts.get(d.id) ?? '');
    verdicts.set(d.id, run.code === 0 ? { accepted: true } : { accepted: false, ...classifyRejection(run.stderr, releaseKinds) });
  });
  return verdicts;
}
