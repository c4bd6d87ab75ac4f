// The apiserver's Pod Security verdict on one document in one namespace: `kubectl apply
// --dry-run=server`, one document per run (a warning does not name its object). A Pod the
// enforce level forbids is refused ("violates PodSecurity"); anything the warn level forbids,
// pods and pod templates alike, comes back as a warning ("would violate PodSecurity").
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';

export interface ApiserverVerdict {
  /** Refused by the enforce level: the plugin's `level:version` and detail. */
  readonly refused?: { readonly policy: string; readonly detail: string };
  /** Warned by the warn level: the plugin's `level:version` and detail. */
  readonly warned?: { readonly policy: string; readonly detail: string };
  /** Exit status and stderr, for messages. */
  readonly code: number;
  readonly stderr: string;
}

export interface KubectlTarget {
  readonly kubectl: string;
  readonly kubeconfig: string;
}

function run(target: KubectlTarget, args: string[], input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  // Discovery cache next to the kubeconfig, as scripts/cluster does: nothing under ~/.kube.
  const base = ['--kubeconfig', target.kubeconfig, '--cache-dir', join(dirname(target.kubeconfig), 'kube-cache')];
  return new Promise((resolve, reject) => {
    const child = spawn(target.kubectl, [...base, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

const REFUSED = /violates PodSecurity "([^"]+)": (.*)$/m;
const WARNED = /^Warning: would violate PodSecurity "([^"]+)": (.*)$/m;

export async function apiserverVerdict(target: KubectlTarget, namespace: string, document: string): Promise<ApiserverVerdict> {
  const r = await run(target, ['apply', '--dry-run=server', '-n', namespace, '-f', '-'], document);
  const refused = r.code !== 0 ? REFUSED.exec(r.stderr) : null;
  if (r.code !== 0 && !refused) throw new Error(`kubectl apply --dry-run=server refused the document for another reason than Pod Security:\n${r.stderr}\n${document}`);
  const warned = WARNED.exec(r.stderr);
  return {
    ...(refused ? { refused: { policy: refused[1]!, detail: refused[2]!.trim() } } : {}),
    ...(warned ? { warned: { policy: warned[1]!, detail: warned[2]!.trim() } } : {}),
    code: r.code,
    stderr: r.stderr,
  };
}

/** The apiserver's Kubernetes minor version (e.g. 36). */
export async function serverMinor(target: KubectlTarget): Promise<number> {
  const r = await run(target, ['version', '-o', 'json'], '');
  const minor = Number(/^(\d+)/.exec((JSON.parse(r.stdout) as { serverVersion?: { minor?: string } }).serverVersion?.minor ?? '')?.[1]);
  if (!Number.isInteger(minor)) throw new Error(`kubectl version named no server minor version:\n${r.stdout}${r.stderr}`);
  return minor;
}

/** The reasons of a plugin detail (`reason (detail), reason, …`), in order. */
export function reasonsOf(detail: string): string[] {
  const reasons: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < detail.length; i++) {
    const ch = detail[i]!;
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth === 0 && detail.startsWith(', ', i)) {
      reasons.push(current);
      current = '';
      i++;
      continue;
    }
    current += ch;
  }
  if (current !== '') reasons.push(current);
  return reasons.map((r) => r.replace(/ \(.*$/s, ''));
}

/** Runs `work` over `items`, `parallel` at a time, keeping their order. */
export async function inParallel<T, R>(items: readonly T[], parallel: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return results;
}
