// Berth's verdict held against the apiserver's, document by document: the confusion table,
// precision and recall, counts per Berth rule and per apiserver cause, and every disagreement,
// as Markdown.
import type { ApiserverVerdict } from './apiserverVerdicts';
import type { BerthDiagnostic, BerthVerdicts } from './berthVerdicts';
import type { Corpus, CorpusDocument } from './corpus';
import { rejectionClasses } from './rejectionClass';

export interface Disagreement {
  doc: CorpusDocument;
  berth: BerthDiagnostic[];
  apiserver: string;
}

export interface Agreement {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  falseErrors: Disagreement[];
  missed: Disagreement[];
  /** Refused for reasons of the cluster, not of the document: not counted. */
  environmental: Disagreement[];
  /** Refused by a limit of `kubectl apply` itself, not by the apiserver: not counted. */
  tool: Disagreement[];
  /** kubectl said something this tier cannot classify: not counted, listed so it gets a rule. */
  unclassified: Disagreement[];
  byRule: Map<string, { tp: number; fp: number; other: number }>;
  missedByClass: Map<string, number>;
}

export function compare(corpus: Corpus, api: Map<string, ApiserverVerdict>, berth: BerthVerdicts): Agreement {
  const a: Agreement = { tp: 0, fp: 0, fn: 0, tn: 0, precision: 0, recall: 0, falseErrors: [], missed: [], environmental: [], tool: [], unclassified: [], byRule: new Map(), missedByClass: new Map() };
  for (const doc of corpus.documents) {
    const verdict = api.get(doc.id);
    if (!verdict) throw new Error(`no apiserver verdict for ${doc.id}`);
    const errors = berth.get(doc.id) ?? [];
    const message = verdict.accepted ? '' : verdict.message;
    const entry = { doc, berth: errors, apiserver: message };
    const counted = verdict.accepted || verdict.kind === 'content';
    for (const code of new Set(errors.map((e) => e.code))) {
      const row = a.byRule.get(code) ?? { tp: 0, fp: 0, other: 0 };
      if (!counted) row.other++;
      else if (verdict.accepted) row.fp++;
      else row.tp++;
      a.byRule.set(code, row);
    }
    if (!verdict.accepted && verdict.kind === 'environment') a.environmental.push(entry);
    else if (!verdict.accepted && verdict.kind === 'tool') a.tool.push(entry);
    else if (!verdict.accepted && verdict.kind === 'unclassified') a.unclassified.push(entry);
    else if (verdict.accepted && errors.length > 0) {
      a.fp++;
      a.falseErrors.push(entry);
    } else if (verdict.accepted) a.tn++;
    else if (errors.length > 0) a.tp++;
    else {
      a.fn++;
      a.missed.push(entry);
      for (const c of new Set(rejectionClasses(doc.kind, message))) a.missedByClass.set(c, (a.missedByClass.get(c) ?? 0) + 1);
    }
  }
  a.precision = a.tp + a.fp === 0 ? 1 : a.tp / (a.tp + a.fp);
  a.recall = a.tp + a.fn === 0 ? 1 : a.tp / (a.tp + a.fn);
  return a;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ⏎ ');
const berthText = (errors: BerthDiagnostic[]) => errors.map((e) => `\`${e.code}\` ${e.message} (line ${e.line})`).join('<br>') || '—';
const apiText = (message: string) => message.replace(/^Error from server \(\w+\): error when (creating|patching|retrieving)[^:]*"STDIN": /gm, '').replace(/^The /, '');

function disagreementRows(list: Disagreement[]): string[] {
  return ['| document | kind | Berth errors | apiserver |', '| --- | --- | --- | --- |', ...list.map((d) => `| ${cell(d.doc.id)} | ${d.doc.kind} | ${cell(berthText(d.berth))} | ${cell(apiText(d.apiserver)) || 'accepted'} |`)];
}

export function agreementMarkdown(corpus: Corpus, a: Agreement): string {
  const pct = (x: number) => x.toFixed(3);
  const counted = a.tp + a.fp + a.fn + a.tn;
  const sources = corpus.sources.map((s) => `${s.module}@${s.version}${s.missing ? ` (left out: ${s.missing.split('\n')[0]})` : ''}`).join(', ');
  const rules = [...a.byRule.entries()].sort((x, y) => y[1].fp - x[1].fp || y[1].tp - x[1].tp || x[0].localeCompare(y[0]));
  const classes = [...a.missedByClass.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  return [
    '# Agreement with the apiserver',
    '',
    `${corpus.documents.length} documents from ${sources}.`,
    `Apiserver: \`kubectl apply --dry-run=server --validate=strict\` on the local control plane; Berth: \`berth validate --unknown-fields error\`.`,
    `${counted} counted; not counted: ${a.environmental.length} refused for reasons of the cluster, ${a.tool.length} by \`kubectl apply\` itself, ${a.unclassified.length} unclassified.`,
    '',
    '| | apiserver refuses (content) | apiserver accepts |',
    '| --- | ---: | ---: |',
    `| **Berth error** | TP ${a.tp} | FP ${a.fp} |`,
    `| **no Berth error** | FN ${a.fn} | TN ${a.tn} |`,
    '',
    `Precision **${pct(a.precision)}**, recall **${pct(a.recall)}**.`,
    '',
    '## Berth errors by rule (documents)',
    '',
    '| rule | TP | FP | on documents not counted |',
    '| --- | ---: | ---: | ---: |',
    ...rules.map(([code, r]) => `| \`${code}\` | ${r.tp} | ${r.fp} | ${r.other} |`),
    '',
    '## Missed rejections by apiserver cause (documents)',
    '',
    '| cause | documents |',
    '| --- | ---: |',
    ...classes.map(([c, n]) => `| ${cell(c)} | ${n} |`),
    '',
    `## False errors (${a.falseErrors.length})`,
    '',
    ...disagreementRows(a.falseErrors),
    '',
    `## Missed rejections (${a.missed.length})`,
    '',
    ...disagreementRows(a.missed),
    '',
    `## Not counted: refused for reasons of the cluster (${a.environmental.length})`,
    '',
    ...disagreementRows(a.environmental),
    '',
    `## Not counted: refused by \`kubectl apply\` itself (${a.tool.length})`,
    '',
    ...disagreementRows(a.tool),
    '',
    `## Not counted: unclassified (${a.unclassified.length})`,
    '',
    ...disagreementRows(a.unclassified),
    '',
  ].join('\n');
}
