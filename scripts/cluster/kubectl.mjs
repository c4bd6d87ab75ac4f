// The few kubectl calls `up` and `status` make. kubectl is the one built with the cluster (or, for
// kind, the one on PATH); its `wait` watches the API, so nothing here sleeps for a fixed time.
import { dirname, join } from 'node:path';
import { runCaptured } from './run.mjs';
import { platformRenderers } from './platform.mjs';

export function kubectlFor(kubectl, kubeconfig) {
  // Discovery cache next to the kubeconfig: nothing is written under ~/.kube.
  const base = ['--kubeconfig', kubeconfig, '--cache-dir', join(dirname(kubeconfig), 'kube-cache')];
  const run = (args, input) => runCaptured(kubectl, [...base, ...args], { input });
  return {
    run,
    /** Whether the apiserver answers /readyz with ok. */
    async apiReady() {
      const r = await run(['get', '--raw', '/readyz', '--request-timeout=5s']);
      return r.code === 0 && r.stdout.trim() === 'ok';
    },
    async apply(manifests) {
      const r = await run(['apply', '-f', '-'], manifests.map((m) => JSON.stringify(m)).join('\n'));
      if (r.code !== 0) throw new Error(`kubectl apply failed: ${r.stderr.trim()}`);
    },
    /** Names of the node-pool nodes that report Ready. */
    async readyPoolNodes() {
      const { NODEPOOL_LABEL } = await platformRenderers();
      const r = await run(['get', 'nodes', '-l', NODEPOOL_LABEL, '-o', 'json', '--request-timeout=5s']);
      if (r.code !== 0) return [];
      return JSON.parse(r.stdout).items
        .filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
        .map((n) => n.metadata.name);
    },
    /** Waits, watching, until `kubectl wait` conditions hold; throws with kubectl's words otherwise. */
    async wait(args, what) {
      const r = await run(['wait', ...args]);
      if (r.code !== 0) throw new Error(`timed out waiting for ${what}: ${(r.stderr || r.stdout).trim()}`);
    },
  };
}
