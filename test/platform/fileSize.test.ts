// The size limit of berth.validation.maxFileSize counts UTF-8 bytes, as the file has on disk.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { oversized } from '../../platform/fileSize';
import { megabytes } from '../../platform/settings';

const limit = 1;
const limitBytes = megabytes(limit);

it('an ASCII text is as many bytes as characters', () => {
  assert.equal(oversized('a'.repeat(limitBytes), limit), undefined);
  assert.deepEqual(oversized('a'.repeat(limitBytes + 1), limit), { bytes: limitBytes + 1, limit });
});

it('counts two bytes for é, three for €, four for a character outside the BMP, three for a lone surrogate', () => {
  const text = 'a'.repeat(limitBytes - 9) + 'é€😀\ud800';
  assert.deepEqual(oversized(text, limit), { bytes: limitBytes - 9 + 2 + 3 + 4 + 3, limit });
  assert.equal(oversized('a'.repeat(limitBytes - 12) + 'é€😀\ud800', limit), undefined, 'exactly at the limit is not over it');
});
