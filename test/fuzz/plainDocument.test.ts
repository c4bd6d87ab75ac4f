// Fuzz tier, plain reader: documents mutated within and just beyond plain YAML (tricky scalars,
// comments, blank lines, indentation, block scalars, quoting) and by the general mutators. Where
// the fast reader answers, the full parser must agree on the data and the offsets, validation
// through the reader must give the full parse's analysis, and an issue anywhere in the document
// must land where the AST puts it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_VALIDATION_SETTINGS } from '../../platform/settings';
import { analyzeChunk, analyzeChunkFully, type AnalysisContext } from '../../platform/validate/analyzeChunk';
import { SchemaValidator } from '../../platform/validate/schemaValidator';
import { splitDocuments } from '../../platform/yaml/splitDocuments';
import { languageService } from '../helpers/languageService';
import { comparePlacement, compareWithFullParse } from '../helpers/plainDocumentOracle';
import { repoRoot } from '../helpers/repo';
import { documentSeed, loadCorpus, MUTATORS, Rng, type CorpusEntry } from './mutators';
import { fuzzBudget, saveFailure } from './report';

const SCALARS = [
  '1', '-1', '+1', '007', '0o17', '0o19', '0x1f', '0x', '1.', '.5', '-.5', '1e3', '1E+3', '.1e-2', '.inf', '-.INF', '.NaN', '.nan.', 'true', 'True', 'TRUE', 'tRUE',
  'false', 'null', 'NULL', 'nULL', '~', '~~', 'yes', 'No', 'on', '1_000', '12:30:00', '2026-12-03', 'a#b', 'a #b', 'x:y', 'x: y', 'x :y', '-x', '- x', '-', '--',
  '?x', '? x', ':x', 'a,b', '[a, b]', '[ ]', '[a, [b]]', '[a,]', '["a", \'b\', 3]', '[a: b]', '{}', '{ }', '{a: b}', '{a: 1, b: [x, "y"]}', '{"a": 1}', '{a: 1,}', '{a}', '{a: }', '{a: b: c}', '[{a: 1}, {b: 2}]', '{a: 1, a: 2}', '{? a: 1}', '{a:1}', '{a: 1} x', '[a, b] # c', '{a: [1, {b: ~}]}', '[.inf, 0x1f, "q"]', '"a\\tb"', '"\\u00e9\\x41\\U0001F600"', '"\\N"',
  '"\\"quoted\\""', '"#x"', "'it''s'", "''", '""', '"unterminated', "'unterminated", '"a" trailing', '"a" # comment', '&a x', '*a', '!!str 1', '!tag x', '%x', '@x', '`x',
  '|', '|-', '|+', '|2', '>', '>-', '| # comment', '|\n  one\n  two', '|-\n  one\n\n  two\n', '>\n  folded\n  lines\n\n  para', '>\n    more\n  less', '|\n    deep\n  shallow',
  '|\n  x\n     \n  y', 'plain\n  continued', '"quoted\n  continued"', 'trailing   ', 'é ü 中文', '\u00a0nbsp',
];

type PlainMutator = (lines: string[], rng: Rng) => void;

/** Line-level mutations that mostly keep a document plain, so the reader's answers are exercised, not only its refusals. */
const PLAIN_MUTATORS: Readonly<Record<string, PlainMutator>> = {
  scalar(lines, rng) {
    const keyed = lines.flatMap((line, i) => (/^\s*(- )?[^\s#:][^:#]*:( |$)/.test(line) ? [i] : []));
    if (keyed.length === 0) return;
    const i = rng.pick(keyed);
    const line = lines[i]!;
    const colon = line.indexOf(':', line.search(/\S/) + (line.trimStart().startsWith('- ') ? 2 : 0));
    const indent = ' '.repeat(line.search(/\S/) + 2);
    lines[i] = `${line.slice(0, colon + 1)} ${rng.pick(SCALARS).replace(/\n/g, `\n${indent}`)}`;
  },
  comment(lines, rng) {
    lines.splice(rng.int(0, lines.length), 0, `${' '.repeat(rng.int(0, 8))}#${rng.pick(['', ' note', '#', ' a: b'])}`);
  },
  blank(lines, rng) {
    lines.splice(rng.int(0, lines.length), 0, ' '.repeat(rng.pick([0, 0, 1, 2, 6, 12])));
  },
  trailingComment(lines, rng) {
    const i = rng.int(0, lines.length - 1);
    lines[i] = `${lines[i]}${rng.pick([' # c', '# c', '   #', ' #: x'])}`;
  },
  indent(lines, rng) {
    const i = rng.int(0, lines.length - 1);
    const shift = rng.pick([-2, -1, 1, 2]);
    lines[i] = shift > 0 ? ' '.repeat(shift) + lines[i]! : lines[i]!.replace(new RegExp(`^ {1,${-shift}}`), '');
  },
  dashSpacing(lines, rng) {
    const dashed = lines.flatMap((line, i) => (/^\s*- /.test(line) ? [i] : []));
    if (dashed.length > 0) {
      const i = rng.pick(dashed);
      lines[i] = lines[i]!.replace(/- /, rng.pick(['-   ', '-\n' + ' '.repeat(lines[i]!.search(/\S/) + 2), '- - ']));
    }
  },
  quoteKey(lines, rng) {
    const i = rng.int(0, lines.length - 1);
    lines[i] = lines[i]!.replace(/^(\s*(?:- )?)([^\s#:"'][^:#]*):( |$)/, (_, lead: string, key: string, after: string) => `${lead}${rng.chance(0.5) ? `"${key}"` : `'${key}'`}:${after}`);
  },
  repeatLine(lines, rng) {
    const i = rng.int(0, lines.length - 1);
    lines.splice(i + 1, 0, lines[i]!);
  },
};

function plainMutant(corpus: readonly CorpusEntry[], seed: number, index: number): { source: string; kinds: string[]; text: string } {
  const rng = new Rng(documentSeed(seed, index));
  const source = rng.pick(corpus);
  const kinds: string[] = [];
  const lines = source.text.split('\n');
  const count = rng.int(1, 4);
  for (let i = 0; i < count; i++) {
    const kind = rng.pick(Object.keys(PLAIN_MUTATORS));
    kinds.push(kind);
    PLAIN_MUTATORS[kind]!(lines, rng);
  }
  let text = lines.join('\n');
  // Now and then one of the general mutators on top, which mostly pushes the text beyond plain YAML.
  if (rng.chance(0.15)) {
    const kind = rng.pick(Object.keys(MUTATORS).filter((k) => k !== 'hugeScalar' && k !== 'deepNesting'));
    kinds.push(kind);
    text = MUTATORS[kind]!(text, rng, corpus);
  }
  return { source: source.name, kinds, text };
}

/** Plain-reader documents are numbered from here, apart from the other fuzz tests'. */
const FIRST = 3_000_000;

test('plain reader: mutated documents read fast agree with the full parse, in data, offsets, analysis and where issues land', () => {
  const { docs, seed } = fuzzBudget(3_000, 'BERTH_FUZZ_PLAIN_DOCS');
  const corpus = loadCorpus(repoRoot());
  const service = languageService();
  const context: AnalysisContext = { registry: service.registry, validator: new SchemaValidator(), settings: DEFAULT_VALIDATION_SETTINGS };
  const failures: string[] = [];
  let agreed = 0;
  let declined = 0;
  let placed = 0;
  for (let i = 0; i < docs && failures.length < 5; i++) {
    const m = plainMutant(corpus, seed, FIRST + i);
    for (const chunk of splitDocuments(m.text)) {
      const verdict = compareWithFullParse(chunk.text);
      let why = verdict.kind === 'disagreed' ? verdict.why : undefined;
      if (verdict.kind === 'agreed') {
        agreed++;
        try {
          assert.deepEqual(analyzeChunk(chunk, context), analyzeChunkFully(chunk, context));
        } catch (error) {
          why = `the analyses differ: ${error instanceof Error ? error.message.slice(0, 2_000) : String(error)}`;
        }
        const placement = comparePlacement(chunk.text);
        placed += placement.placed;
        if (why === undefined && placement.disagreements.length > 0) why = `issues are placed elsewhere than the full parse places them: ${placement.disagreements.slice(0, 3).join('; ')}`;
      } else if (verdict.kind === 'declined') declined++;
      if (why !== undefined) {
        const saved = saveFailure(`plain-${seed}-${FIRST + i}`, chunk.text, why);
        failures.push(`seed ${seed} document ${FIRST + i} (${m.kinds.join('+')} of ${m.source}), saved as ${saved}: ${why}`);
        break;
      }
    }
  }
  assert.deepEqual(failures, []);
  // Both sides of the reader must be exercised for the comparison to mean anything.
  assert.ok(agreed > docs / 4, `the reader answered for only ${agreed} documents of ${docs}`);
  assert.ok(declined > docs / 20, `the reader declined only ${declined} documents of ${docs}`);
  assert.ok(placed > agreed * 10, `the reader placed only ${placed} probe issues in ${agreed} documents`);
});
