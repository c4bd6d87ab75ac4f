import { checkById, checkHelpUri } from '../../../platform/policy/checks/catalog';
import { messageText, severityName, type FileReport } from '../report';

/** SARIF 2.1.0 for code scanning: one run, one rule per diagnostic code, 1-based regions. */
export function formatSarif(reports: readonly FileReport[], version: string): string {
  const ruleIds = [...new Set(reports.flatMap((r) => r.diagnostics.map((d) => String(d.code ?? 'berth'))))].sort();
  const results = reports.flatMap((report) =>
    report.diagnostics.map((d) => ({
      ruleId: String(d.code ?? 'berth'),
      ruleIndex: ruleIds.indexOf(String(d.code ?? 'berth')),
      level: sarifLevel(severityName(d)),
      message: { text: messageText(d) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: report.file.split('\\').join('/') },
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
            },
          },
        },
      ],
    })),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'berth', version, informationUri: 'https://berth.dev', rules: ruleIds.map(sarifRule) } },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** A rule as code-scanning UIs show it: a best-practice check with its descriptions and help link, any other code by name. */
function sarifRule(id: string): object {
  const check = checkById(id);
  if (!check) return { id, shortDescription: { text: id } };
  const full = `${check.description} ${check.remediation}`;
  return {
    id,
    name: id,
    shortDescription: { text: plain(check.summary) },
    fullDescription: { text: plain(full) },
    help: { text: plain(check.remediation), markdown: check.remediation },
    helpUri: checkHelpUri(id),
    defaultConfiguration: { level: check.defaultLevel === 'off' ? 'none' : sarifLevel(check.defaultLevel) },
    properties: { tags: ['best-practice', check.scope], kubeLinter: check.kubeLinter, polaris: check.polaris },
  };
}

/** Markdown code spans as plain text. */
function plain(text: string): string {
  return text.replace(/`/g, '');
}

function sarifLevel(severity: string): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}
