import { parseArgs } from 'node:util';
import { formatKubeError, knownKind, parseResourceLabel, resolveKind, reviewAccess, type AccessQuery, type KubeClient } from '../../../kube';
import { KUBE_OPTIONS, interruptSignal } from '../clusterArgs';
import { UsageError } from '../usageError';
import { openForCommand } from './scale';
import type { CommandIo } from './validate';

export const CAN_I_USAGE = `Usage: berth can-i <verb> <type[/name] | /url-path> [--subresource S] [--context C] [--namespace N]

Asks the server whether the current identity may do one thing (a SelfSubjectAccessReview), as
kubectl auth can-i does: prints "yes" or "no" first (then the authorizer's reason, if it gave
one). type is a resource as kubectl names it (pods, deploy, deployments.apps, or a custom
resource's plural); a path such as /healthz asks about a non-resource URL.
Exit status: 0 yes, 1 no (or the question could not be asked: the reason is on stderr), 2 usage error.`;

/** The resource a type names: built-in names without a request, others through discovery, else as typed. */
async function resourceOf(client: KubeClient, type: string, io: CommandIo, signal: AbortSignal): Promise<{ group: string; resource: string }> {
  if (type === '*') return { group: '*', resource: '*' };
  const known = knownKind(type);
  if (known) return { group: known.apiVersion.includes('/') ? known.apiVersion.split('/')[0]! : '', resource: known.plural };
  const discovered = await resolveKind(client, type, { signal });
  if (discovered.ok) return { group: discovered.value.apiVersion.includes('/') ? discovered.value.apiVersion.split('/')[0]! : '', resource: discovered.value.plural };
  // As kubectl does: the question is still asked, about the resource as typed.
  io.stderr(`berth: warning: the server does not name a resource type "${type}"; asking about it as typed\n`);
  const parsed = parseResourceLabel(type);
  return { group: parsed.group, resource: parsed.resource };
}

export async function runCanI(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { ...KUBE_OPTIONS, subresource: { type: 'string' } } });
  if (values.help) {
    io.stdout(CAN_I_USAGE + '\n');
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError('berth can-i needs a verb and a resource, e.g. berth can-i delete pods');
  const [verb, what] = positionals as [string, string];
  if (!/^[a-z*][a-z-]*$/i.test(verb)) throw new UsageError(`"${verb}" is not a verb (get, list, watch, create, update, patch, delete, ...)`);
  const client = await openForCommand(values, io);
  if (!client) return 1;
  const interrupt = interruptSignal();
  try {
    let query: AccessQuery;
    if (what.startsWith('/')) {
      if (values.subresource !== undefined) throw new UsageError('--subresource applies to a resource, not to a URL path');
      query = { verb, path: what };
    } else {
      const slash = what.indexOf('/');
      const type = slash < 0 ? what : what.slice(0, slash);
      const name = slash < 0 ? undefined : what.slice(slash + 1);
      if (!type || name === '') throw new UsageError(`"${what}" is not a resource: use <type> or <type>/<name>`);
      const resource = await resourceOf(client, type, io, interrupt.signal);
      query = {
        verb,
        ...resource,
        ...(values.subresource ? { subresource: values.subresource } : {}),
        ...(name ? { name } : {}),
        namespace: client.namespace,
      };
    }
    const answer = await reviewAccess(client, query, { signal: interrupt.signal });
    if (!answer.ok) {
      io.stderr(`berth: ${formatKubeError(answer.error)}\n`);
      return 1;
    }
    const why = [answer.value.reason, answer.value.evaluationError].filter((s): s is string => !!s).map((s) => ` - ${s}`).join('');
    io.stdout(answer.value.allowed ? 'yes\n' : `no${why}\n`);
    return answer.value.allowed ? 0 : 1;
  } finally {
    interrupt.dispose();
  }
}
