import { parseArgs } from 'node:util';
import { CHECKS, checkHelpUri, KUBE_LINTER_CHECKS_AS_ERRORS } from '../../../platform/policy/checks/catalog';
import { IGNORE_CHECKS_ANNOTATION } from '../../../platform/policy/checks/suppression';
import { UsageError } from '../usageError';
import type { CommandIo } from './validate';

export const POLICY_USAGE = `Usage: berth policy list [--output text|json]

Lists every best-practice check of \`berth validate\` and the editor: its ID, its default level,
whether it looks at one document or the whole workspace, the kube-linter and Polaris checks it
stands for, and what it finds. Levels are set with \`berth validate --checks\` or the setting
berth.policy.checks; an object is exempted with the annotation ${IGNORE_CHECKS_ANNOTATION}: ID,ID
(or kube-linter's ignore-check.kube-linter.io/<check>, or Polaris's polaris.fairwinds.com/<check>-exempt: "true").`;

const FORMATS = ['text', 'json'] as const;

export function runPolicy(argv: readonly string[], io: Pick<CommandIo, 'stdout'>): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { output: { type: 'string', short: 'o', default: 'text' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(POLICY_USAGE + '\n');
    return 0;
  }
  const [subcommand, ...rest] = positionals;
  if (subcommand !== 'list' || rest.length > 0) throw new UsageError(subcommand === undefined ? 'berth policy needs a subcommand: list' : `unknown policy subcommand "${[subcommand, ...rest].join(' ')}"; use list`);
  const format = FORMATS.find((f) => f === values.output);
  if (!format) throw new UsageError(`--output must be one of ${FORMATS.join(', ')}, not "${values.output}"`);
  io.stdout(format === 'json' ? policyJson() : policyText());
  return 0;
}

function policyJson(): string {
  const checks = CHECKS.map((c) => ({ id: c.id, defaultLevel: c.defaultLevel, scope: c.scope, summary: c.summary, description: c.description, remediation: c.remediation, helpUri: checkHelpUri(c.id), kubeLinter: c.kubeLinter, polaris: c.polaris }));
  return JSON.stringify({ checks, kubeLinterChecksReportedAsErrors: KUBE_LINTER_CHECKS_AS_ERRORS }, null, 2) + '\n';
}

function policyText(): string {
  const rows = [['ID', 'DEFAULT', 'SCOPE', 'KUBE-LINTER', 'POLARIS', 'FINDS'], ...CHECKS.map((c) => [c.id, c.defaultLevel, c.scope, c.kubeLinter.join(',') || '-', c.polaris.join(',') || '-', c.summary.replace(/`/g, '')])];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '));
  const asErrors = Object.entries(KUBE_LINTER_CHECKS_AS_ERRORS).map(([name, codes]) => `${name} (${codes})`).join(', ');
  return `${lines.join('\n')}\n\nkube-linter checks Berth reports as errors, since the apiserver refuses what they find: ${asErrors}.\n`;
}
