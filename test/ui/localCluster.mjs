// The local cluster the ui scenarios run against: the kubeconfig the test tier passes, else the
// one `npm run cluster -- up` writes in this clone; and deploying a sample to it with the CLI.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
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

/** The local cluster's kubeconfig and context, for a scenario that creates and deletes namespaces: only ever on this machine's cluster. */
export function localCluster() {
  const path = localKubeconfig();
  const text = readFileSync(path, 'utf8');
  const server = /server:\s*(\S+)/.exec(text)?.[1] ?? '';
  if (!/^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(server)) throw new Error(`refusing to run against ${server} (${path})`);
  return { path, context: /current-context:\s*(\S+)/.exec(text)?.[1] ?? '' };
}

/** kubectl built with the local cluster (for a scenario's setup and cleanup, not for what it checks). */
export function localKubectl() {
  const cache = process.env.BERTH_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'berth');
  const bin = join(cache, 'bin');
  const dir = existsSync(bin) ? readdirSync(bin).map((d) => join(bin, d)).find((d) => existsSync(join(d, 'manifest.json')) && existsSync(join(d, 'kubectl'))) : undefined;
  if (!dir) throw new Error(`no kubectl under ${bin}: run \`npm run cluster -- up\``);
  return join(dir, 'kubectl');
}
