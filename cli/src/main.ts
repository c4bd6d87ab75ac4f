import { readProcessStdin } from './inputs';
import { nodeLanguageServiceOptions } from '../../installation/languageServiceOptions';
import { BerthLanguageService } from '../../platform/languageService';
import { CLUSTER_USAGE, runCluster } from './commands/cluster';
import { DELETE_USAGE, runDelete } from './commands/delete';
import { DEPLOY_USAGE, runDeploy } from './commands/deploy';
import { DESCRIBE_USAGE, EVENTS_USAGE, runDescribe, runEvents } from './commands/describe';
import { LOGS_USAGE, runLogs } from './commands/logs';
import { PROMOTE_USAGE, runPromote, runSwitch, SWITCH_USAGE } from './commands/release';
import { ROLLOUT_USAGE, runRollout } from './commands/rollout';
import { runScale, SCALE_USAGE } from './commands/scale';
import { NODEPOOL_USAGE, runNodepool } from './commands/nodepool';
import { RENDER_USAGE, runRender } from './commands/render';
import { runValidate, VALIDATE_USAGE, type CommandIo } from './commands/validate';
import { escapeControlCharacters } from './output/terminalText';
import { UsageError } from './usageError';

const VERSION = '0.1.0';

const USAGE = `berth ${VERSION}: Berth platform and Kubernetes manifests from the command line.

Commands:
  berth validate [paths...]          Validate manifests
  berth render <paths...>            Print the Kubernetes objects platform documents become
  berth deploy <paths...>            Render and server-side apply to a cluster
  berth cluster up|down <file>       Create or delete the kwok or kind cluster a Cluster document describes
  berth nodepool scale <pool> --to N Add or remove a kwok node pool's nodes
  berth nodepool autoscale <files>   Autoscale pools with scaling.autoscale: true to pending pods
  berth scale <kind>/<name> --replicas N
  berth rollout status|restart|history|undo <kind>/<name>
  berth logs <pod|deployment/name>   Logs of a pod or of all a workload's pods
  berth delete <kind>/<name>         Delete with propagation (--cascade background|foreground|orphan)
  berth describe <kind>/<name>       Summary, conditions, owner chain and events (Secrets masked)
  berth events [<kind>/<name>]       Events of an object or a namespace
  berth promote <application>        Promote a canary Application's new version
  berth switch <application>         Switch a blue-green Application's Service to the other colour
  berth --version                    Print the version
Each command takes --help.

${VALIDATE_USAGE}

${RENDER_USAGE}

${DEPLOY_USAGE}

${CLUSTER_USAGE}

${NODEPOOL_USAGE}

${SCALE_USAGE}

${ROLLOUT_USAGE}

${LOGS_USAGE}

${DELETE_USAGE}

${DESCRIBE_USAGE}

${EVENTS_USAGE}

${PROMOTE_USAGE}

${SWITCH_USAGE}`;

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
  try {
    switch (command) {
      case 'validate':
        return runValidate(rest, new BerthLanguageService(nodeLanguageServiceOptions()), io);
      case 'render':
        return runRender(rest, new BerthLanguageService(nodeLanguageServiceOptions()), io);
      case 'deploy':
        return await runDeploy(rest, io);
      case 'cluster':
        return await runCluster(rest, io);
      case 'nodepool':
        return await runNodepool(rest, io);
      case 'scale':
        return await runScale(rest, io);
      case 'rollout':
        return await runRollout(rest, io);
      case 'logs':
        return await runLogs(rest, io);
      case 'delete':
        return await runDelete(rest, io);
      case 'describe':
        return await runDescribe(rest, io);
      case 'events':
        return await runEvents(rest, io);
      case 'promote':
        return await runPromote(rest, io);
      case 'switch':
        return await runSwitch(rest, io);
      case '--version':
      case 'version':
        io.stdout(`${VERSION}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE + '\n');
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr(`berth: ${(error as Error).message}\nRun 'berth --help' for usage.\n`);
      return 2;
    }
    io.stderr(`berth: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 3;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

// Exit through exitCode so stdout drains: large reports are written asynchronously to pipes.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
