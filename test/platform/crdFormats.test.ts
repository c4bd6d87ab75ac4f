import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkedStringFormat, formatGeneration, stringFormat } from '../../platform/schema/crd/formats/stringFormats';
import { crdDefaulted } from '../../platform/schema/crd/crdDefaults';
import { structuralSchema } from '../../platform/schema/crd/structuralSchema';
import { repoRoot } from '../helpers/repo';

interface VerdictTable {
  readonly source: string;
  readonly formats: Readonly<Record<string, { readonly accepted: readonly string[]; readonly refused: readonly string[] }>>;
}

/** Values Go's validators were asked about, with their answers (see the file's `source`). */
const table = JSON.parse(readFileSync(join(repoRoot(), 'test/fixtures/platform/crd-formats.json'), 'utf8')) as VerdictTable;

/** Formats Berth checks only where the apiserver certainly refuses (net/mail and net/url are not ported whole). */
const LENIENT = new Set(['email', 'uri']);

test("every string format agrees with the apiserver's Go validators on the recorded values", () => {
  const disagreements: string[] = [];
  for (const [name, { accepted, refused }] of Object.entries(table.formats)) {
    const format = stringFormat(name);
    const accepts = (value: string): boolean => (format ? format.accepts(value) : true);
    for (const value of accepted) if (!accepts(value)) disagreements.push(`${name} refuses ${JSON.stringify(value)}, which Go accepts`);
    for (const value of refused) if (accepts(value) && !LENIENT.has(name)) disagreements.push(`${name} accepts ${JSON.stringify(value)}, which Go refuses`);
  }
  assert.deepEqual(disagreements, []);
  assert.ok(Object.keys(table.formats).length >= 25, 'the table covers every checked format');
});

test('the lenient formats still refuse what Go certainly refuses', () => {
  assert.equal(stringFormat('email')!.accepts('no-at-sign'), false);
  assert.equal(stringFormat('uri')!.accepts('relative/path'), false);
  assert.equal(stringFormat('uri')!.accepts('http://host/%zz'), false);
  assert.equal(stringFormat('uri')!.accepts('https://example.com/a?b=c'), true);
});

test('which formats are checked: by name with dashes ignored, on string (or untyped) schemas, from the version that knows them', () => {
  assert.ok(checkedStringFormat('date-time', 'string', 36));
  assert.ok(checkedStringFormat('datetime', undefined, 36));
  assert.equal(checkedStringFormat('date-time', 'integer', 36), undefined, 'a format on another type is dropped');
  assert.equal(checkedStringFormat('int32', 'string', 36), undefined, 'unknown to the string registry');
  assert.equal(checkedStringFormat('password', 'string', 36), undefined, 'accepts anything');
  assert.equal(checkedStringFormat('DATE', 'string', 36), undefined, 'names are case-sensitive');
  assert.equal(checkedStringFormat('k8s-short-name', 'string', 34), undefined);
  assert.ok(checkedStringFormat('k8s-short-name', 'string', 35));
  assert.notEqual(formatGeneration(34), formatGeneration(35));
  assert.equal(formatGeneration(35), formatGeneration(36));
});

test('the format checks stay linear on huge values', () => {
  const huge = [`${'1'.repeat(2_000_000)}`, `${'a-'.repeat(1_000_000)}.com`, `${'9'.repeat(1_000_000)} ${'x'.repeat(1_000_000)}`, `http://${'%41'.repeat(500_000)}/`, 'A'.repeat(2_000_000)];
  for (const name of ['duration', 'hostname', 'uri', 'byte', 'date-time', 'ipv6', 'cidr', 'creditcard', 'isbn', 'mac', 'k8s-long-name']) {
    const format = stringFormat(name)!;
    for (const value of huge) assert.equal(typeof format.accepts(value), 'boolean');
  }
});

test("a CRD's defaults are filled in where the document leaves a field out, never over a value, and inside the defaults", () => {
  const schema = structuralSchema(
    {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          default: {},
          required: ['size'],
          properties: {
            size: { type: 'integer', default: 3 },
            owner: { type: 'string', nullable: true, default: 'nobody' },
            limits: { type: 'object', default: { cpu: '1' }, properties: { cpu: { type: 'string' }, memory: { type: 'string', default: '1Gi' } } },
            tags: { type: 'array', items: { type: 'object', properties: { key: { type: 'string', default: 'k' } } } },
          },
        },
      },
    },
    36,
  );
  assert.deepEqual(crdDefaulted({}, schema), { spec: { size: 3, owner: 'nobody', limits: { cpu: '1', memory: '1Gi' } } });
  assert.deepEqual(crdDefaulted({ spec: { size: 5, owner: null, tags: [{}, { key: 'x' }] } }, schema), {
    spec: { size: 5, owner: null, limits: { cpu: '1', memory: '1Gi' }, tags: [{ key: 'k' }, { key: 'x' }] },
  });
  const untouched = { spec: { size: 1, owner: 'a', limits: { cpu: '2', memory: '2Gi' } } };
  assert.equal(crdDefaulted(untouched, schema), untouched, 'nothing to fill: the same object');
});
