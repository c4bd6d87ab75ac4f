// The fallback for machines without Go: a kind cluster, when kind, kubectl and a running container
// engine are present. Node pools are not simulated there (kind's nodes are real containers); the
// script says so. Nothing is downloaded by this script: kind pulls its node image itself.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runLogged, tailOf } from './run.mjs';
import { say, UserError } from './log.mjs';

function onPath(cmd, args = ['version']) {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

/** Whether kind can run here: kind and kubectl installed, Docker or Podman answering. */
export function kindAvailable() {
  if (!onPath('kind') || !onPath('kubectl', ['version', '--client'])) return false;
  return onPath('docker', ['info']) || onPath('podman', ['info']);
}

export async function createKindCluster(name, paths) {
  say(`Go is not installed: creating kind cluster "${name}" instead (node pools are not simulated on kind)`);
  const log = join(paths.dir, 'kind.log');
  const code = await runLogged('kind', ['create', 'cluster', '--name', name, '--kubeconfig', paths.kubeconfig, '--wait', '3m'], { log });
  if (code !== 0) throw new UserError(`kind create cluster failed; last lines of ${log}:\n${tailOf(log)}`);
}

export async function deleteKindCluster(name, paths) {
  const log = join(paths.dir, 'kind.log');
  say(`deleting kind cluster "${name}"`);
  const code = await runLogged('kind', ['delete', 'cluster', '--name', name, '--kubeconfig', paths.kubeconfig], { log });
  if (code !== 0) throw new UserError(`kind delete cluster failed; last lines of ${log}:\n${tailOf(log)}`);
}
