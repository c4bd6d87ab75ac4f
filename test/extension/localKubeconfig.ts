import { join } from 'node:path';

/** The local cluster's kubeconfig: the one the tier passes, else the one `npm run cluster -- up` writes in this clone. */
export function localKubeconfig(repo: string): string {
  const given = process.env.BERTH_TEST_KUBECONFIG || process.env.KUBECONFIG;
  return given && !given.includes(':') ? given : join(process.env.BERTH_CLUSTER_DIR || join(repo, '.cache/cluster'), 'kubeconfig');
}
