import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitDocuments } from '../../platform/yaml/splitDocuments';

test('splits at --- lines and keeps each document with its own first line', () => {
  const chunks = splitDocuments('a: 1\n---\nb: 2\n--- \nc: 3\n');
  assert.deepEqual(
    chunks.map((c) => [c.startLine, c.text]),
    [
      [0, 'a: 1\n'],
      [1, '---\nb: 2\n'],
      [3, '--- \nc: 3\n'],
    ],
  );
});

test('a leading --- does not make an empty document, and --- inside text does not split', () => {
  const chunks = splitDocuments('---\nkey: |\n  ---not a marker\n  text\nother: "---"\n');
  assert.equal(chunks.length, 1);
});

test('... ends a document', () => {
  const chunks = splitDocuments('a: 1\n...\nb: 2\n');
  assert.deepEqual(chunks.map((c) => c.text), ['a: 1\n...\n', 'b: 2\n']);
});

test('empty text is one empty chunk', () => {
  assert.deepEqual(splitDocuments('').map((c) => c.text), ['']);
});
