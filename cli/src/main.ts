import { join } from 'node:path';
import { readProcessStdin } from './inputs';
import { nodeLanguageServiceOptions } from '../../installation/languageServiceOptions';
import { BerthLanguageService } from '../../platform/languageService';
import { POLICY_USAGE, runPolicy } from './commands/policy';
import { RENDER_USAGE, runRender } from './commands/render';
import { runValidate, VALIDATE_USAGE, type CommandIo } from './commands/validate';
import { runUpgradeCheck, UPGRADE_CHECK_USAGE } from './commands/upgradeCheck';
import { exitCodeOf } from './exitCode';
import { escapeControlCharacters } from './output/terminalText';
import { UsageError } from './usageError';

const VERSION = '0.1.0';

const SUMMARY = `berth ${VERSION}: Berth platform and Kubernetes manifests from the command line.

Commands:
  berth validate [paths...]          Validate manifests
  berth render <paths...>            Print the Kubernetes objects platform documents become
  berth policy list                  The best-practice checks, their default levels and kube-linter/Polaris names
  berth upgrade-check --to X.Y [paths...]
                                     What upgrading to Kubernetes X.Y would break (files, live cluster)
  berth deploy <paths|chart|overlay>
                                     Render and server-side apply to a cluster; install a Helm chart
  berth releases                     The Helm releases (helm list)
  berth rollback <release> <rev>     Roll a Helm release back to a revision
  berth cluster up|down <file>       Create or delete the kwok or kind cluster a Cluster document describes
  berth nodepool scale <pool> --to N Add or remove a kwok node pool's nodes
  berth nodepool autoscale <files>   Autoscale pools with scaling.autoscale: true to pending pods
  berth scale <kind>/<name> --replicas N
  berth rollout status|restart|history|undo <kind>/<name>
  berth logs <pod|deployment/name>   Logs of a pod or of all a workload's pods
  berth exec <pod> [-c C] -- cmd...  Run a command in a container (-i stdin, -t terminal)
  berth port-forward <pod|svc/name> [local:]remote
                                     Forward local ports to a pod, Service or workload
  berth can-i <verb> <resource>      Whether the current identity may (yes or no)
  berth permissions                  What the current identity may do in a namespace
  berth delete <kind>/<name>         Delete with propagation (--cascade background|foreground|orphan)
  berth describe <kind>/<name>       Summary, conditions, owner chain and events (Secrets masked)
  berth events [<kind>/<name>]       Events of an object or a namespace
  berth top nodes|pools|pods|apps   CPU and memory now (metrics.k8s.io) against allocatable or requests
  berth promote <application>        Promote a canary Application's new version
  berth switch <application>         Switch a blue-green Application's Service to the other colour
  berth backup <app|namespace/N|-l S> --to DIR
                                     Save live objects as clean manifests with checksums
  berth restore DIR [--namespace N]  Re-create a backup's objects, verifying it first
  berth --version                    Print the version
Each command takes --help.`;

/**
 * The commands that need only the platform library, run from this bundle. Cluster commands live
 * in cli/src/clusterCommands.ts (dist/cli-cluster.js), loaded only when one runs: add them there.
 */
const LOCAL_COMMANDS: Readonly<Record<string, (argv: readonly string[], io: CommandIo) => number | Promise<number>>> = {
  validate: (argv, io) => runValidate(argv, new BerthLanguageService(nodeLanguageServiceOptions()), io, { crds: (context, stderr) => clusterCommands().clusterCrdsForValidate(context, stderr) }),
  render: (argv, io) => runRender(argv, new BerthLanguageService(nodeLanguageServiceOptions()), io),
  policy: (argv, io) => runPolicy(argv, io),
  'upgrade-check': (argv, io) => runUpgradeCheck(argv, io, nodeLanguageServiceOptions().readSchemaFile, (context, table, target) => clusterCommands().checkClusterUpgrade(context, table, target)),
};

type ClusterCommands = typeof import('./clusterCommands');

/** The cluster commands' bundle, beside this one (a plain require: esbuild leaves it to run time). */
function clusterCommands(): ClusterCommands {
  return require(join(__dirname, 'cli-cluster.js')) as ClusterCommands;
}

function usage(): string {
  return [SUMMARY, VALIDATE_USAGE, RENDER_USAGE, POLICY_USAGE, UPGRADE_CHECK_USAGE, ...clusterCommands().clusterUsages()].join('\n\n');
}

async function main(argv: readonly string[]): Promise<number> {
  // Names, messages and values come from files and clusters: escaped here, at the one place
  // every command's output reaches the terminal, so no command can forget.
  const io: CommandIo = {
    stdout: (text) => process.stdout.write(escapeControlCharacters(text)),
    stderr: (text) => process.stderr.write(escapeControlCharacters(text)),
    readStdin: readProcessStdin,
    version: VERSION,
  };
  const [command, ...rest] = argv;
  return exitCodeOf(() => {
    switch (command) {
      case '--version':
      case 'version':
        io.stdout(`${VERSION}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout(usage() + '\n');
        return command === undefined ? 2 : 0;
    }
    const local = Object.hasOwn(LOCAL_COMMANDS, command) ? LOCAL_COMMANDS[command] : undefined;
    if (local) return local(rest, io);
    const cluster = clusterCommands().runClusterCommand(command, rest, io);
    if (cluster) return cluster;
    throw new UsageError(`unknown command "${command}"`);
  }, io);
}

// Exit through exitCode so stdout drains: large reports are written asynchronously to pipes.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
