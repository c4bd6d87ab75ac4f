import { loadKubeconfig } from '../../kube/kubeconfig';

/**
 * The context names of the user's kubeconfig (read as kubectl does), which `spec.cluster` may
 * name as registered clusters. A missing or malformed kubeconfig contributes nothing: a
 * validation run must not fail because the machine has no cluster access.
 */
export function kubeconfigContextNames(env: NodeJS.ProcessEnv = process.env): string[] {
  const loaded = loadKubeconfig({ kubeconfigEnv: env.KUBECONFIG });
  return loaded.ok ? loaded.value.contexts.map((context) => context.name) : [];
}
