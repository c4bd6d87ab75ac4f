import { permissionMatrix, reviewRules, whoAmI, type Cell, type NonResourceRule, type PermissionMatrix } from '../../../kube';
import { escapeMarkdown } from '../markdown';
import { reportError } from './feedback';
import type { CommandDeps } from './deps';
import { contextFor, targetOf } from './targets';

const CELL: Record<Cell, string> = { yes: '✓', some: 'named only', no: '·' };

/** The matrix as a Markdown document: one row per resource, one column per verb. */
export function permissionsMarkdown(matrix: PermissionMatrix, where: { context: string; user?: string }, nonResource: readonly NonResourceRule[]): string {
  const lines = [
    `# Permissions in namespace ${escapeMarkdown(matrix.namespace)}`,
    '',
    `${where.user ? `User ${escapeMarkdown(where.user)}` : 'The current identity'}, context ${escapeMarkdown(where.context)}, as the server's SelfSubjectRulesReview lists them (what \`kubectl auth can-i --list\` prints). ✓ allowed, · not allowed, "named only": only on the objects a rule names.`,
    '',
    `| resource | ${matrix.verbs.map(escapeMarkdown).join(' | ')} |`,
    `| --- | ${matrix.verbs.map(() => ':---:').join(' | ')} |`,
    ...matrix.rows.map((row) => `| ${escapeMarkdown(row.label)} | ${matrix.verbs.map((v) => CELL[row.cells[v] ?? 'no']).join(' | ')} |`),
  ];
  if (matrix.incomplete) lines.push('', `**Incomplete**: the server could not list every rule${matrix.evaluationError ? ` (${escapeMarkdown(matrix.evaluationError)})` : ''}, so a · may still be allowed.`);
  if (nonResource.length > 0) {
    lines.push('', '## Non-resource URLs', '', '| URL | verbs |', '| --- | --- |');
    for (const rule of nonResource) lines.push(`| ${rule.nonResourceURLs.map(escapeMarkdown).join(', ')} | ${rule.verbs.map(escapeMarkdown).join(', ')} |`);
  }
  lines.push('', 'A command you may not run says which verb on which resource to ask an administrator for.', '');
  return lines.join('\n');
}

/** Berth: Show Permissions: what the current identity may do in a namespace (the node's, else the selected one). */
export function showPermissionsCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<PermissionMatrix | undefined> => {
    const target = targetOf(arg);
    const context = await contextFor(deps, target, 'Berth: Show Permissions');
    if (!context.ok) return void (await reportError(deps, context.error, 'Show permissions'));
    if (context.value === undefined) return undefined;
    const namespace = target && 'namespace' in target && target.namespace ? target.namespace : deps.session.namespaceOf(context.value);
    const client = await deps.session.open(context.value, namespace);
    if (!client.ok) return void (await reportError(deps, client.error, 'Show permissions'));
    const [review, user] = await Promise.all([reviewRules(client.value, namespace), whoAmI(client.value)]);
    if (!review.ok) return void (await reportError(deps, review.error, 'Show permissions'));
    const matrix = permissionMatrix(review.value);
    await deps.documents.show(deps.documents.uri('permissions', context.value, `${namespace}.md`), permissionsMarkdown(matrix, { context: context.value, ...(user ? { user } : {}) }, review.value.nonResourceRules), 'markdown');
    return matrix;
  };
}
