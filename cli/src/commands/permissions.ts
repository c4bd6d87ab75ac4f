import { parseArgs } from 'node:util';
import { formatKubeError, permissionMatrix, reviewRules, whoAmI, type Cell, type PermissionMatrix } from '../../../kube';
import { KUBE_OPTIONS, interruptSignal } from '../clusterArgs';
import { UsageError } from '../usageError';
import { openForCommand } from './scale';
import type { CommandIo } from './validate';

export const PERMISSIONS_USAGE = `Usage: berth permissions [--context C] [--namespace N] [--output text|json]

What the current identity may do in a namespace (a SelfSubjectRulesReview, the rules kubectl
auth can-i --list prints), as a matrix of verbs × resources: the resources Berth uses and every
resource a rule names. "yes": allowed; "named": only on the objects a rule names; "-": not
allowed. --output json adds the rules themselves.
Exit status: 0 printed, 1 the cluster refused or failed, 2 usage error.`;

const CELL_TEXT: Record<Cell, string> = { yes: 'yes', some: 'named', no: '-' };

/** The matrix as aligned columns: one row per resource, one column per verb. */
export function formatMatrix(matrix: PermissionMatrix): string {
  const header = ['RESOURCE', ...matrix.verbs.map((v) => v.toUpperCase())];
  const rows = matrix.rows.map((row) => [row.label, ...matrix.verbs.map((v) => CELL_TEXT[row.cells[v] ?? 'no'])]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export async function runPermissions(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { ...KUBE_OPTIONS, output: { type: 'string', short: 'o' } } });
  if (values.help) {
    io.stdout(PERMISSIONS_USAGE + '\n');
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`berth permissions takes no arguments (got "${positionals[0]}"); use --namespace`);
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json') throw new UsageError(`--output must be text or json, not "${output}"`);
  const client = await openForCommand(values, io);
  if (!client) return 1;
  const interrupt = interruptSignal();
  try {
    const [review, user] = await Promise.all([reviewRules(client, client.namespace, { signal: interrupt.signal }), whoAmI(client, { signal: interrupt.signal })]);
    if (!review.ok) {
      io.stderr(`berth: ${formatKubeError(review.error)}\n`);
      return 1;
    }
    const matrix = permissionMatrix(review.value);
    if (output === 'json') {
      io.stdout(
        JSON.stringify(
          {
            context: client.context,
            namespace: client.namespace,
            ...(user ? { user } : {}),
            incomplete: matrix.incomplete,
            ...(matrix.evaluationError ? { evaluationError: matrix.evaluationError } : {}),
            verbs: matrix.verbs,
            rows: matrix.rows.map((r) => ({ resource: r.label, cells: r.cells })),
            resourceRules: review.value.resourceRules,
            nonResourceRules: review.value.nonResourceRules,
          },
          null,
          2,
        ) + '\n',
      );
      return 0;
    }
    io.stdout(`Permissions of ${user ? `"${user}"` : 'the current identity'} in namespace "${client.namespace}" (context "${client.context}"):\n\n`);
    io.stdout(formatMatrix(matrix));
    if (matrix.incomplete) io.stdout(`\nThe server could not list every rule${matrix.evaluationError ? ` (${matrix.evaluationError})` : ''}: a "-" may still be allowed; ask with berth can-i.\n`);
    return 0;
  } finally {
    interrupt.dispose();
  }
}
