// The local cluster the ui scenarios run against: the kubeconfig the test tier passes, else the
// one `npm run cluster -- up` writes in this clone; and deploying a sample to it with the CLI.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/tools/paths.mjs';

export function localKubeconfig() {
  const given = process.env.BERTH_TEST_KUBECONFIG || process.env.KUBECONFIG;
  const path = given && !given.includes(':') ? given : join(process.env.BERTH_CLUSTER_DIR || join(repoRoot, '.cache/cluster'), 'kubeconfig');
  if (!existsSync(path)) throw new Error(`the local cluster is not up (no ${path}): run \`npm run cluster -- up\``);
  return path;
}

/** Server-side applies a sample with the berth CLI: idempotent, another scenario may have deployed it. */
export function deploySample(sample, kubeconfig) {
  execFileSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'deploy', join(repoRoot, sample), '--context', 'kwok-local'], { env: { ...process.env, KUBECONFIG: kubeconfig }, stdio: 'pipe' });
}
