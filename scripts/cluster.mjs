// `npm run cluster -- <command>`: the embedded local Kubernetes cluster, a real control plane
// built from source with simulated (kwok) nodes for the node pools of
// samples/platform/local-cluster.yaml. Used by `npm start`, `npm test` and by hand.
import { up, down, status, interruptUp } from './cluster/lifecycle.mjs';
import { ensureBinaries } from './cluster/binaries.mjs';
import { ensureMetricsServer } from './cluster/metrics-server.mjs';
import { ensureHelm } from './cluster/helm.mjs';
import { regenerateKubernetesGoMod } from './cluster/gomod.mjs';
import { findGo } from './cluster/go.mjs';
import { clusterPaths } from './cluster/paths.mjs';
import { UserError } from './cluster/log.mjs';
import { startApiserver, stopApiserver } from './cluster/apiserver.mjs';
import { existsSync } from 'node:fs';

const usage = `usage: npm run cluster -- <command>
  up            build the binaries if needed, start the cluster and wait until it is ready;
                writes progress.json (state, step, estimate) and up.log in the cluster folder
  up --build-only, build
                only build (or find cached) binaries
  helm          only build (or find cached) helm, printing its path
  status        exit 0 only while the cluster is up and ready
  kubeconfig    print the path of the cluster's kubeconfig (its current-context is the cluster)
  down          stop and delete everything up started
  apiserver stop|start [--graceful] [--shared]
                stop (SIGKILL; --graceful: SIGTERM) or start again only the kube-apiserver of a
                kwok cluster, for fault tests; refuses the shared .cache/cluster without --shared
  gomod <v1.X.Y>
                regenerate cluster/go/kubernetes/go.mod for another Kubernetes release

Environment: BERTH_CACHE_DIR (built binaries; default $XDG_CACHE_HOME/berth or ~/.cache/berth),
BERTH_CLUSTER_DIR (the running cluster's files; default .cache/cluster in the repository).`;

async function buildAll() {
  await ensureBinaries();
  await ensureMetricsServer();
  await ensureHelm();
}

async function main(argv) {
  const [command, ...rest] = argv;
  switch (command) {
    case 'up':
      if (rest.includes('--build-only')) await buildAll();
      else {
        for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
          process.on(signal, () => {
            interruptUp(signal);
            process.exit(signal === 'SIGTERM' ? 143 : 130);
          });
        }
        process.stdout.write(`${await up()}\n`);
      }
      return 0;
    case 'build':
      await buildAll();
      return 0;
    case 'helm':
      process.stdout.write(`${(await ensureHelm()).binary}\n`);
      return 0;
    case 'status':
      return status();
    case 'kubeconfig': {
      const { kubeconfig } = clusterPaths();
      if (!existsSync(kubeconfig)) throw new UserError(`no kubeconfig at ${kubeconfig}: run \`npm run cluster -- up\` first`);
      process.stdout.write(`${kubeconfig}\n`);
      return 0;
    }
    case 'down':
      await down();
      return 0;
    case 'apiserver': {
      const allowShared = rest.includes('--shared');
      if (rest[0] === 'stop') {
        const pid = await stopApiserver({ allowShared, signal: rest.includes('--graceful') ? 'SIGTERM' : 'SIGKILL' });
        process.stdout.write(pid ? `stopped kube-apiserver (pid ${pid})\n` : 'kube-apiserver was not running\n');
        return 0;
      }
      if (rest[0] === 'start') {
        const { pid, readyMs } = await startApiserver({ allowShared });
        process.stdout.write(`kube-apiserver ready (pid ${pid}) in ${readyMs} ms\n`);
        return 0;
      }
      throw new UserError('usage: npm run cluster -- apiserver stop|start [--graceful] [--shared]');
    }
    case 'gomod': {
      const found = findGo();
      if (!found || !/^v1\.\d+\.\d+$/.test(rest[0] ?? '')) throw new UserError('usage: npm run cluster -- gomod v1.X.Y (needs Go)');
      regenerateKubernetesGoMod(found.go, rest[0]);
      return 0;
    }
    default:
      process.stderr.write(`${usage}\n`);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    const text = err instanceof UserError ? err.message : String(err.stack ?? err);
    process.stderr.write(text.split('\n').map((line) => `cluster: ${line}\n`).join(''));
    process.exitCode = 1;
  },
);
