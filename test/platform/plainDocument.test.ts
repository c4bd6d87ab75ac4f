// The fast reader of plain YAML documents: where it answers it agrees with the full parser, it
// declines what it cannot read exactly, and validation through it gives the same analyses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_VALIDATION_SETTINGS } from '../../platform/settings';
import { analyzeChunk, analyzeChunkFully, type AnalysisContext } from '../../platform/validate/analyzeChunk';
import { SchemaValidator } from '../../platform/validate/schemaValidator';
import { readPlainDocument } from '../../platform/yaml/plainDocument';
import { splitDocuments } from '../../platform/yaml/splitDocuments';
import { loadCorpus } from '../fuzz/mutators';
import { languageService } from '../helpers/languageService';
import { comparePlacement, compareWithFullParse } from '../helpers/plainDocumentOracle';
import { repoRoot } from '../helpers/repo';

const DEPLOYMENT = `---
# the web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # shown as the symbol
  labels:
    app.kubernetes.io/name: web
    "quoted key": 'it''s'
spec:
  replicas: 3

  selector:
    matchLabels: {}
  template:
    spec:
      containers:
      - name: web
        image: "nginx:1.27"
        args: [--port, "8080", -v]
        command:
          -   sh
          - -c
          - |
            echo "hello"
              indented
            done
        env:
          - name: NOTE
            value: >-
              folded
              text

              second paragraph
          - name: EMPTY
            value:
      volumes: []
# trailing comment
`;

test('plain reader: a typical Deployment is read without a full parse, with the same data and offsets', () => {
  assert.notEqual(readPlainDocument(DEPLOYMENT), undefined);
  assert.deepEqual(compareWithFullParse(DEPLOYMENT), { kind: 'agreed' });
});

test('plain reader: issues on every key, value, list item and missing child land where the full parse puts them', () => {
  const verdict = comparePlacement(DEPLOYMENT);
  assert.deepEqual(verdict.disagreements, []);
  // Only what is inside flow collections and the block collections' own values are left to the full parse.
  assert.ok(verdict.placed > verdict.declined * 2, `placed ${verdict.placed}, declined ${verdict.declined}`);
});

test('plain reader: issues on a document level, an empty value and a commented empty value are placed as the full parse places them', () => {
  for (const text of ['kind: Pod\napiVersion: v1\n', 'apiVersion: v1\nmetadata:\n  name:\nkind: Pod\n', 'apiVersion: v1 # api\nkind: Pod\nspec: # empty\ndata:\n  - \n  -\n']) {
    assert.deepEqual(comparePlacement(text).disagreements, [], text);
  }
});

test('plain reader: scalars resolve as the YAML 1.2 core schema says, quoted ones stay strings', () => {
  const scalars = ['1', '-1', '+1', '012', '0o17', '0o18', '0x1F', '0xG', '1.5', '.5', '5.', '1e3', '1.2E-3', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', 'true', 'False', 'TRUE', 'tRue', 'null', 'Null', '~', 'yes', 'on', 'off', '1_000', '12:30', '2026-01-01', 'a#b', 'x:y', 'http://h:80/p', '-', '- a', '"a\\tb\\u00e9\\x41\\\\"', '"#hash"', "'single ''quoted'''", '"a: b"', 'trailing   ', 'with # comment'];
  for (const scalar of scalars) {
    const text = `key: ${scalar}\nother: 1\n`;
    const verdict = compareWithFullParse(text);
    assert.notEqual(verdict.kind, 'disagreed', `${JSON.stringify(text)}: ${verdict.kind === 'disagreed' ? verdict.why : ''}`);
  }
  assert.deepEqual(readPlainDocument('a: 0o17\nb: 0x1F\nc: .inf\nd: "1"\ne: ~\nf: 1e3\n')?.value, { a: 15, b: 31, c: Infinity, d: '1', e: null, f: 1000 });
});

test('plain reader: one-line flow collections, nested, read as the full parser reads them', () => {
  for (const text of ['a: {app: web, tier: "front"}\n', 'a: [1, [2, 3], {b: c}]\n', "a: {requests: {cpu: 100m, memory: '1Gi'}}\n", 'a: { }\nb: [ ]\n', '- {name: x, value: "1"}\n']) {
    const verdict = compareWithFullParse(text);
    assert.notEqual(verdict.kind, 'disagreed', `${JSON.stringify(text)}: ${verdict.kind === 'disagreed' ? verdict.why : ''}`);
  }
  assert.deepEqual(readPlainDocument('a: {app: web, n: [1, "2"]}\n')?.value, { a: { app: 'web', n: [1, '2'] } });
});

test('plain reader: block scalars keep their lines, chomping and folding as the full parser does', () => {
  for (const text of ['a: |\n  one\n  two\n', 'a: |-\n  one\n\n  two\n\n', 'a: >\n  one\n  two\n\n  three\n', 'a: >-\n  one\n', 'a: |\n  last line without a break', 'a: |\n\n  after a blank line\nb: 1\n', '- x\n']) {
    const verdict = compareWithFullParse(text);
    assert.notEqual(verdict.kind, 'disagreed', `${JSON.stringify(text)}: ${verdict.kind === 'disagreed' ? verdict.why : ''}`);
  }
  assert.equal(readPlainDocument('a: |\n  one\n  two\n\n')?.value.a, 'one\ntwo\n');
});

test('plain reader: declines what only the full parser reads right, so that parser reports or resolves it', () => {
  const declined = {
    anchor: 'a: &x 1\nb: *x\n',
    tag: 'a: !!str 1\n',
    'multi-line plain scalar': 'a: one\n  two\n',
    'multi-line quoted scalar': 'a: "one\n  two"\n',
    'flow mapping over two lines': 'a: {b: 1,\n  c: 2}\n',
    'flow entry without a value': 'a: {b, c: 1}\n',
    'repeated key': 'a: 1\na: 2\n',
    'tab indentation': 'a:\n\tb: 1\n',
    'keep chomping': 'a: |+\n  x\n',
    'explicit indentation': 'a: |2\n   x\n',
    'top-level sequence': '- a\n- b\n',
    'document end marker': 'a: 1\n...\n',
    'merge key': '<<: {a: 1}\n',
    'complex key': '? a\n: 1\n',
    'non-string key': '1: a\n',
    'nested mapping on one line': 'a: b: c\n',
    'byte order mark': '\ufeffa: 1\n',
    'carriage return': 'a: 1\r\nb: 2\r\n',
    'more indented line after a value': 'a: 1\n   b: 2\n',
  };
  for (const [what, text] of Object.entries(declined)) assert.equal(readPlainDocument(text), undefined, what);
});

test('validation through the plain reader gives the analyses of the full parse, on every sample and fixture', () => {
  const service = languageService();
  const context: AnalysisContext = { registry: service.registry, validator: new SchemaValidator(), settings: DEFAULT_VALIDATION_SETTINGS };
  let read = 0;
  for (const entry of loadCorpus(repoRoot())) {
    for (const chunk of splitDocuments(entry.text)) {
      if (readPlainDocument(chunk.text)) read++;
      assert.deepEqual(analyzeChunk(chunk, context), analyzeChunkFully(chunk, context), `${entry.name} at line ${chunk.startLine + 1}`);
    }
  }
  // The comparison means something only if the fast reader answered for most of them.
  assert.ok(read > 50, `the plain reader answered for only ${read} documents`);
});

test('validation through the plain reader: a manifest without kind or apiVersion gets the full parse analysis, with the fix on the right key', () => {
  const service = languageService();
  const context: AnalysisContext = { registry: service.registry, validator: new SchemaValidator(), settings: DEFAULT_VALIDATION_SETTINGS };
  const texts = ['apiVersion: apps/v1\nmetadata:\n  name: web\nspec:\n  replicas: 2\n', 'kind: Deployment\nmetadata:\n  name: web\n', 'kind: Widget\nspec: {}\n'];
  const codes: string[] = [];
  for (const text of texts) {
    const [chunk] = splitDocuments(text);
    assert.ok(readPlainDocument(chunk!.text), 'read by the plain reader');
    const analysis = analyzeChunk(chunk!, context);
    assert.deepEqual(analysis, analyzeChunkFully(chunk!, context), text);
    codes.push(...analysis.diagnostics.map((d) => `${d.code} line ${d.range.start.line}`));
  }
  assert.deepEqual(codes, ['missing-kind line 0', 'missing-api-version line 0', 'missing-api-version line 0']);
});
