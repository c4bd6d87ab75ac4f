// Installs the corpus's CRDs into the local control plane: server-side apply (the largest CRDs
// are over the 256 KiB a client-side apply records in an annotation), then a wait until each is
// Established. Applying what is already there changes nothing, so every run may install again.
// What a run installed is deleted after it (removeCrds): with the CRDs left behind, a later
// built-in agreement run would see the apiserver patch a CRD a document names instead of creating it.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { CorpusCrd, CrCorpus } from './crCorpus';

export interface CrdInstall {
  installed: CorpusCrd[];
  /** Installed CRDs that were not in the cluster before: the ones to delete afterwards. */
  added: CorpusCrd[];
  failed: { crd: CorpusCrd; message: string }[];
}

const FIELD_MANAGER = 'berth-agreement';
/** A few CRDs per kubectl: one request body stays well under the apiserver's 3 MiB limit. */
const PER_RUN = 8;

function kubectlRun(kubectl: string, kubeconfig: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const all = ['--kubeconfig', kubeconfig, '--cache-dir', join(dirname(kubeconfig), 'kube-cache'), ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(kubectl, all, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function apply(kubectl: string, kubeconfig: string, corpus: CrCorpus, crds: CorpusCrd[]) {
  const files = crds.flatMap((c) => ['-f', join(corpus.dir, c.file)]);
  return kubectlRun(kubectl, kubeconfig, ['apply', '--server-side', '--force-conflicts', `--field-manager=${FIELD_MANAGER}`, ...files]);
}

export async function installCrds(corpus: CrCorpus, kubectl: string, kubeconfig: string): Promise<CrdInstall> {
  const result: CrdInstall = { installed: [], added: [], failed: [] };
  const before = await kubectlRun(kubectl, kubeconfig, ['get', 'customresourcedefinitions', '-o', 'name']);
  const existing = new Set(before.stdout.split('\n').map((line) => line.trim().replace(/^customresourcedefinition\.apiextensions\.k8s\.io\//, '')));
  const applied: CorpusCrd[] = [];
  for (let i = 0; i < corpus.crds.length; i += PER_RUN) {
    const batch = corpus.crds.slice(i, i + PER_RUN);
    if ((await apply(kubectl, kubeconfig, corpus, batch)).code === 0) {
      applied.push(...batch);
      continue;
    }
    // One refusal fails the run: each of them again alone, to know which.
    for (const crd of batch) {
      const run = await apply(kubectl, kubeconfig, corpus, [crd]);
      if (run.code === 0) applied.push(crd);
      else result.failed.push({ crd, message: run.stderr.trim() });
    }
  }
  const wait = (crds: CorpusCrd[]) => kubectlRun(kubectl, kubeconfig, ['wait', '--for=condition=Established', '--timeout=60s', ...crds.map((c) => `customresourcedefinition/${c.name}`)]);
  if (applied.length > 0 && (await wait(applied)).code === 0) result.installed.push(...applied);
  else {
    for (const crd of applied) {
      const run = await wait([crd]);
      if (run.code === 0) result.installed.push(crd);
      else result.failed.push({ crd, message: `not Established: ${run.stderr.trim()}` });
    }
  }
  result.added.push(...applied.filter((crd) => !existing.has(crd.name)));
  return result;
}

/** Deletes CRDs (and so their objects); returns kubectl's complaint when it fails. */
export async function removeCrds(crds: readonly CorpusCrd[], kubectl: string, kubeconfig: string): Promise<string | undefined> {
  if (crds.length === 0) return undefined;
  const run = await kubectlRun(kubectl, kubeconfig, ['delete', '--ignore-not-found', '--wait=false', ...crds.map((c) => `customresourcedefinition/${c.name}`)]);
  return run.code === 0 ? undefined : run.stderr.trim();
}
