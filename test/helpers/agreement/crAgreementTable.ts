// The custom-resource agreement: Berth's verdict held against the apiserver's per document, as
// for built-in kinds (agreementTable.ts), with two additions: refusals only for CEL rules that Berth
// stayed silent on are set apart (Berth does not evaluate CEL by design), and the table is given
// per operator and per mutation kind.
import type { ApiserverVerdict } from './apiserverVerdicts';
import { compare, type Agreement, type Disagreement } from './agreementTable';
import type { BerthDiagnostic, BerthVerdicts } from './berthVerdicts';
import type { CrCorpus, CrDocument } from './crCorpus';

export interface CrAgreement {
  all: Agreement;
  bySource: Map<string, Agreement>;
  /** Refused only for CEL rules, and Berth silent: not counted. */
  cel: Disagreement[];
}

export function compareCustomResources(corpus: CrCorpus, api: Map<string, ApiserverVerdict>, berth: BerthVerdicts, celOnly: ReadonlySet<string>): CrAgreement {
  const cel: Disagreement[] = [];
  const counted: CrDocument[] = [];
  for (const doc of corpus.documents) {
    const verdict = api.get(doc.id);
    if (verdict && !verdict.accepted && celOnly.has(doc.id) && !berth.has(doc.id)) cel.push({ doc, berth: [], apiserver: verdict.message });
    else counted.push(doc);
  }
  const all = compare({ ...corpus, documents: counted }, api, berth);
  const bySource = new Map<string, Agreement>();
  for (const source of [...new Set(corpus.documents.map((d) => d.source))]) {
    bySource.set(source, compare({ ...corpus, documents: counted.filter((d) => d.source === source) }, api, berth));
  }
  return { all, bySource, cel };
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ⏎ ');
const berthText = (errors: BerthDiagnostic[]) => errors.map((e) => `\`${e.code}\` ${e.message} (line ${e.line})`).join('<br>') || '—';
const apiText = (message: string) => message.replace(/^Error from server \(\w+\): error when (creating|patching|retrieving)[^:]*"STDIN": /gm, '').replace(/^The /, '');
const what = (doc: CrDocument) => (doc.mutation ? `${doc.mutation.kind} at \`${doc.mutation.path}\`` : 'as published');

function rows(list: Disagreement[]): string[] {
  return [
    '| document | kind | made | Berth errors | apiserver |',
    '| --- | --- | --- | --- | --- |',
    ...list.map((d) => `| ${cell(d.doc.id)} | ${d.doc.kind} | ${what(d.doc)} | ${cell(berthText(d.berth))} | ${cell(apiText(d.apiserver)) || 'accepted'} |`),
  ];
}

function countedRow(label: string, documents: number, a: Agreement, cel: number): string {
  const notCounted = a.environmental.length + a.tool.length + a.unclassified.length;
  return `| ${label} | ${documents} | ${a.tp} | ${a.fp} | ${a.fn} | ${a.tn} | ${cel} | ${notCounted} | ${a.precision.toFixed(3)} | ${a.recall.toFixed(3)} |`;
}

/** The per-operator table alone, as the test prints it for each mode. */
export function operatorTable(corpus: CrCorpus, r: CrAgreement): string[] {
  const docs = (source: string) => corpus.documents.filter((d) => d.source === source).length;
  const cel = (source: string) => r.cel.filter((d) => d.doc.source === source).length;
  return [
    '| operator | documents | TP | FP | FN | TN | CEL only (not counted) | other not counted | precision | recall |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...[...r.bySource.entries()].map(([source, a]) => countedRow(source, docs(source), a, cel(source))),
    countedRow('**all**', corpus.documents.length, r.all, r.cel.length),
  ];
}

/** Per mutation kind: how many mutants the apiserver refused, and how many of those Berth found. */
function mutationTable(corpus: CrCorpus, api: Map<string, ApiserverVerdict>, berth: BerthVerdicts): string[] {
  const kinds = new Map<string, { made: number; refused: number; found: number; accepted: number }>();
  for (const doc of corpus.documents) {
    const kind = doc.mutation?.kind ?? 'none (as published)';
    const row = kinds.get(kind) ?? { made: 0, refused: 0, found: 0, accepted: 0 };
    const verdict = api.get(doc.id);
    row.made++;
    if (verdict?.accepted) row.accepted++;
    else if (verdict?.kind === 'content') {
      row.refused++;
      if (berth.has(doc.id)) row.found++;
    }
    kinds.set(kind, row);
  }
  return [
    '| mutation | documents | apiserver accepts | apiserver refuses (content) | of those, Berth finds |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...[...kinds.entries()].map(([k, r]) => `| ${k} | ${r.made} | ${r.accepted} | ${r.refused} | ${r.found} |`),
  ];
}

export function crAgreementMarkdown(corpus: CrCorpus, mode: string, api: Map<string, ApiserverVerdict>, berth: BerthVerdicts, r: CrAgreement): string {
  const a = r.all;
  const sources = corpus.sources.map((s) => `${s.module}@${s.version}${s.missing ? ` (left out: ${s.missing.split('\n')[0]})` : ''}`).join(', ');
  const rules = [...a.byRule.entries()].sort((x, y) => y[1].fp - x[1].fp || y[1].tp - x[1].tp || x[0].localeCompare(y[0]));
  return [
    `# Agreement with the apiserver on custom resources (CRDs: ${mode})`,
    '',
    `${corpus.documents.length} documents (${corpus.documents.filter((d) => d.mutation).length} of them seeded mutations of the others) of ${corpus.crds.length} CRDs, from ${sources}.`,
    `Apiserver: the CRDs installed, \`kubectl apply --dry-run=server --validate=strict\`; Berth: the platform library in process, \`unknownFields\` and \`missingSchemas\` at error, the CRDs ${mode === 'catalog' ? "from the bundled catalog (schemas/crds; the samples' CRDs as workspace files)" : 'as workspace files'}.`,
    `"CEL only": the apiserver's message shows every cause is a CRD's CEL rule (x-kubernetes-validations), which Berth does not evaluate, and Berth reported nothing: listed, not counted as a miss.`,
    '',
    ...operatorTable(corpus, r),
    '',
    '## By mutation',
    '',
    ...mutationTable(corpus, api, berth),
    '',
    '## Berth errors by rule (documents)',
    '',
    '| rule | TP | FP | on documents not counted |',
    '| --- | ---: | ---: | ---: |',
    ...rules.map(([code, x]) => `| \`${code}\` | ${x.tp} | ${x.fp} | ${x.other} |`),
    '',
    `## False errors (${a.falseErrors.length})`,
    '',
    ...rows(a.falseErrors),
    '',
    `## Missed rejections (${a.missed.length})`,
    '',
    ...rows(a.missed),
    '',
    `## Not counted: refused only for CEL rules (${r.cel.length})`,
    '',
    ...rows(r.cel),
    '',
    `## Not counted: refused for reasons of the cluster, by kubectl itself, or unclassified (${a.environmental.length + a.tool.length + a.unclassified.length})`,
    '',
    ...rows([...a.environmental, ...a.tool, ...a.unclassified]),
    '',
  ].join('\n');
}
