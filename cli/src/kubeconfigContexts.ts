import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';

/**
 * The context names of the user's kubeconfig (KUBECONFIG's files, else ~/.kube/config), which
 * `spec.cluster` may name as registered clusters. Unreadable files contribute nothing: a
 * validation run must not fail because the machine has no cluster access.
 */
export function kubeconfigContextNames(env: NodeJS.ProcessEnv = process.env): string[] {
  const files = env.KUBECONFIG ? env.KUBECONFIG.split(delimiter).filter(Boolean) : [join(homedir(), '.kube', 'config')];
  const names = new Set<string>();
  for (const file of files) {
    try {
      const config = parse(readFileSync(file, 'utf8')) as { contexts?: { name?: unknown }[] } | null;
      for (const context of config?.contexts ?? []) if (typeof context?.name === 'string') names.add(context.name);
    } catch {
      // Missing or malformed: no contexts from this file.
    }
  }
  return [...names];
}
