import { messageText, severityName, type FileReport } from '../report';
import { escapeControlCharacters } from './terminalText';

/** JUnit XML: a test suite per file, a test case per diagnostic that fails it (errors only). */
export function formatJunit(reports: readonly FileReport[]): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const totalErrors = reports.reduce((n, r) => n + r.diagnostics.filter((d) => severityName(d) === 'error').length, 0);
  const totalTests = reports.reduce((n, r) => n + Math.max(1, r.diagnostics.length), 0);
  lines.push(`<testsuites name="berth validate" tests="${totalTests}" failures="${totalErrors}">`);
  for (const report of reports) {
    const errors = report.diagnostics.filter((d) => severityName(d) === 'error').length;
    const tests = Math.max(1, report.diagnostics.length);
    lines.push(`  <testsuite name="${xml(report.file)}" tests="${tests}" failures="${errors}">`);
    if (report.diagnostics.length === 0) lines.push(`    <testcase classname="${xml(report.file)}" name="valid"/>`);
    for (const d of report.diagnostics) {
      const where = `${report.file}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      const name = `${xml(String(d.code ?? 'berth'))} at ${xml(where)}`;
      const severity = severityName(d);
      if (severity === 'error') {
        lines.push(`    <testcase classname="${xml(report.file)}" name="${name}">`);
        lines.push(`      <failure type="${xml(String(d.code ?? 'berth'))}" message="${xml(messageText(d))}">${xml(`${where}: ${messageText(d)}`)}</failure>`);
        lines.push('    </testcase>');
      } else {
        lines.push(`    <testcase classname="${xml(report.file)}" name="${name}">`);
        lines.push(`      <system-out>${xml(`${severity}: ${where}: ${messageText(d)}`)}</system-out>`);
        lines.push('    </testcase>');
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

function xml(text: string): string {
  // XML 1.0 allows no C0 control but tab and newline, even as a character reference; they, and
  // the characters a CI log's terminal would act on, are shown as \u001b text instead.
  return escapeControlCharacters(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
