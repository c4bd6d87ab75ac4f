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
        tool: { driver: { name: 'berth', version, informationUri: 'https://berth.dev', rules: ruleIds.map((id) => ({ id, shortDescription: { text: id } })) } },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function sarifLevel(severity: string): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}
