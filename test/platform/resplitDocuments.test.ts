import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resplit } from '../../platform/yaml/resplitDocuments';
import { splitDocuments, type YamlChunk } from '../../platform/yaml/splitDocuments';
import type { ChangedSpan } from '../../platform/text/changedSpan';

/** Plain data, to compare with deepEqual whatever object each chunk is. */
const plain = (chunks: readonly YamlChunk[]) => chunks.map(({ text, startOffset, startLine, lineCount }) => ({ text, startOffset, startLine, lineCount }));

function assertResplit(before: string, after: string, changed?: ChangedSpan): void {
  const context = `from ${JSON.stringify(before)}\nto ${JSON.stringify(after)}`;
  for (const span of changed ? [undefined, changed] : [undefined]) {
    const previous = splitDocuments(before);
    const { chunks, kept, resume } = resplit(before, previous, after, span);
    const where = `${context}${span ? `\nchanged ${JSON.stringify(span)}` : ''}`;
    assert.deepEqual(plain(chunks), plain(splitDocuments(after)), where);
    // What the analysis takes over by position: the kept documents are the earlier objects, the resumed ones the earlier texts.
    for (let i = 0; i < kept; i++) assert.equal(chunks[i], previous[i], `${where}\ndocument ${i} kept`);
    const movedFrom = chunks.length - (previous.length - resume);
    assert.ok(movedFrom >= kept, where);
    for (let i = resume; i < previous.length; i++) assert.equal(chunks[movedFrom + i - resume]!.text, previous[i]!.text, `${where}\ndocument ${i} resumed`);
  }
}

const documents = (count: number): string => Array.from({ length: count }, (_, i) => `---\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n`).join('');

test('an edit inside one document of many splits as the whole text would', () => {
  const before = documents(8);
  const at = before.indexOf('cm-4') + 4;
  assertResplit(before, before.slice(0, at) + 'x' + before.slice(at));
  assertResplit(before, before.slice(0, at) + '\n  labels: {}\n' + before.slice(at));
  assertResplit(before, before.slice(0, at - 6) + before.slice(at));
});

test('edits that make, break or move a document boundary split as the whole text would', () => {
  const before = documents(8);
  const marker = before.indexOf('---', 100);
  const cases = [
    before.slice(0, marker) + 'x' + before.slice(marker), // "x---": no longer a marker, two documents join
    before.slice(0, marker - 1) + before.slice(marker), // the line break before "---" removed
    before.slice(0, marker + 3) + 'x' + before.slice(marker + 3), // "---x"
    before.slice(0, marker + 3) + ' # c' + before.slice(marker + 3), // "--- # c": still a marker
    before.replace('name: cm-2\n', 'name: cm-2\n---\n'), // a new boundary
    before.replace('name: cm-2\n', 'name: cm-2\n...\n'), // a document end
    before.replace(/---\n/g, (m, offset: number) => (offset === 0 ? m : '...\n---\n')),
    before + 'extra: 1\n', // appended to the last document
    before + '---\n', // a new empty last document
    before.slice(0, -1), // the last line break removed
    'head: 1\n' + before, // text before the first marker
    before.slice(before.indexOf('---', 1)), // the first document removed
    '', // everything removed
    before + before, // the file doubled
  ];
  for (const after of cases) assertResplit(before, after);
});

test('random edits of a many-document file split as the whole text would', () => {
  // A deterministic generator: a failure reproduces.
  let seed = 19;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pieces = ['x', '\n', '---', '---\n', '\n---\n', '...\n', '\n...', ' ', '-', '.', 'key: v\n', '--- a\n', '\r\n'];
  let text = documents(12).replace('cm-5\n', 'cm-5\n...\n');
  for (let i = 0; i < 1500; i++) {
    const at = random(text.length + 1);
    const removed = random(4) === 0 ? random(12) : 0;
    const inserted = random(3) === 0 ? '' : pieces[random(pieces.length)]!;
    const next = text.slice(0, at) + inserted + text.slice(at + removed);
    assertResplit(text, next, { start: at, previousEnd: Math.min(at + removed, text.length), end: at + inserted.length });
    // Keep the file many documents long.
    text = splitDocuments(next).length < 6 ? documents(12) : next;
  }
});
