// Installs the corpus's CRDs into the local control plane: server-side apply (the largest CRDs
// are over the 256 KiB a client-side apply records in an annotation), then a wait until each is
// Established. Applying what is already there changes nothing, so every run may install again;
// nothing is ever deleted (other tests may use the same CRDs).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { CorpusCrd, CrCorpus } from './crCorpus';

export interface CrdInstall {
  installed: CorpusCrd[];
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
  const result: CrdInstall = { installed: [], failed: [] };
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
  return result;
}
