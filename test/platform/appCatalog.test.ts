// The App Catalog's reading of charts: the summary a Catalog row shows (cleaned text from
// Chart.yaml), the charts shipped in catalog/, and the values check run before an install.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogRoot, listBundledCharts, readChartFile } from '../../installation/catalog';
import { chartSummary, displayText } from '../../platform/catalog/chartSummary';
import { valuesProblems } from '../../platform/catalog/valuesProblems';
import { repoRoot } from '../helpers/repo';

describe('chart summaries', () => {
  it('takes the display name and category from the berth.dev annotations', () => {
    const summary = chartSummary('apiVersion: v2\nname: shop\nversion: 1.2.0\nappVersion: "3.1"\ndescription: The shop.\nannotations:\n  berth.dev/display-name: Shop front\n  berth.dev/category: web\n');
    assert.deepEqual(summary, { ok: true, value: { name: 'shop', version: '1.2.0', appVersion: '3.1', description: 'The shop.', displayName: 'Shop front', category: 'web' } });
  });

  it('falls back to the chart name and the "other" category', () => {
    const summary = chartSummary('apiVersion: v2\nname: tool\nversion: 0.1.0\nannotations: {berth.dev/category: spaceship}\n');
    assert.ok(summary.ok);
    assert.equal(summary.value.displayName, 'tool');
    assert.equal(summary.value.category, 'other');
  });

  it('makes text from the file one bounded line: no control or bidirectional characters, long text cut', () => {
    const summary = chartSummary(`apiVersion: v2\nname: x\nversion: 1.0.0\ndescription: "line one\\nline\\u202e two\\u001b[31m ${'long '.repeat(200)}"\n`);
    assert.ok(summary.ok);
    assert.ok(!/[\n\u202e\u001b]/.test(summary.value.description!), summary.value.description);
    assert.ok(summary.value.description!.startsWith('line one line two [31m long'));
    assert.ok(summary.value.description!.length <= 300 && summary.value.description!.endsWith('…'));
    assert.equal(displayText('  a\t\tb  ', 10), 'a b');
  });

  it('refuses a chart whose name could not name a release, or that has no version', () => {
    assert.equal(chartSummary('apiVersion: v2\nname: ../etc\nversion: 1.0.0\n').ok, false);
    assert.equal(chartSummary('apiVersion: v2\nname: x\n').ok, false);
    assert.equal(chartSummary('- a list\n').ok, false);
    assert.equal(chartSummary('name: [broken\n').ok, false);
  });
});

describe('the bundled catalog', () => {
  it('ships web-app, cache, database and batch-job, each with a display name and its category', async () => {
    const charts = await listBundledCharts(repoRoot());
    assert.deepEqual(
      charts.map((c) => [c.name, c.category, c.source]).sort(),
      [['batch-job', 'batch', 'bundled'], ['cache', 'cache', 'bundled'], ['database', 'database', 'bundled'], ['web-app', 'web', 'bundled']],
    );
    for (const chart of charts) {
      assert.notEqual(chart.displayName, chart.name, `${chart.name} has a display name`);
      assert.ok(chart.description && chart.appVersion, `${chart.name} has a description and an appVersion`);
      assert.equal(chart.dir, join(catalogRoot(repoRoot()), chart.name));
    }
  });

  it("every chart's default values fit its values.schema.json, which types and describes every value", async () => {
    for (const chart of await listBundledCharts(repoRoot())) {
      const values = await readChartFile(chart.dir, 'values.yaml');
      const schema = await readChartFile(chart.dir, 'values.schema.json');
      assert.ok(values.ok && values.value && schema.ok && schema.value, chart.name);
      assert.deepEqual(valuesProblems(values.value, schema.value), [], chart.name);
      assert.match(schema.value, /json-schema\.org\/draft-07/, `${chart.name}: draft-07`);
      const untyped = untypedValues(JSON.parse(schema.value) as Schema);
      assert.deepEqual(untyped, [], `${chart.name}: values without a type, description or default`);
    }
  });
});

describe('values checked before an install', () => {
  const dir = join(repoRoot(), 'catalog/web-app');
  const schema = readFileSync(join(dir, 'values.schema.json'), 'utf8');
  const defaults = readFileSync(join(dir, 'values.yaml'), 'utf8');

  it('names the line and the rule a value breaks', () => {
    const problems = valuesProblems('image:\n  repository: nginx\n  tag: "1.27"\nreplicaCount: 500\n', schema, defaults);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0]!, /^line 4: .*replicaCount.*100/);
  });

  it('refuses an unknown value, a latest tag and a wrong type', () => {
    assert.equal(valuesProblems('replicas: 2\n', schema, defaults).length, 1);
    assert.equal(valuesProblems('image: {repository: nginx, tag: latest}\n', schema, defaults).length, 1);
    assert.equal(valuesProblems('service: {port: "80"}\n', schema, defaults).length, 1);
  });

  it('checks the defaults overridden by the file, as helm coalesces them', () => {
    assert.deepEqual(valuesProblems('replicaCount: 3\n', schema, defaults), []);
    assert.deepEqual(valuesProblems('image: {tag: "1.28"}\n', schema, defaults), [], 'the repository comes from the defaults');
    assert.deepEqual(valuesProblems('', schema, defaults), [], 'an empty file keeps every default');
    const removed = valuesProblems('# no image\nimage:\n  repository: null\n', schema, defaults);
    assert.equal(removed.length, 1, 'null removes a default, and repository is required');
    assert.match(removed[0]!, /repository/);
  });

  it('says where the YAML is broken', () => {
    const problems = valuesProblems('replicaCount: 2\nimage: [\n', schema, defaults);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^line \d+: not valid YAML/);
  });
});

interface Schema {
  type?: string;
  description?: string;
  default?: unknown;
  $ref?: string;
  properties?: Record<string, Schema>;
  definitions?: Record<string, Schema>;
}

/** Leaf values (not objects, not references) lacking a type, description or default. */
function untypedValues(schema: Schema, path = ''): string[] {
  const out: string[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const at = path ? `${path}.${name}` : name;
    if (property.$ref) continue;
    if (property.type === 'object' && property.properties) {
      if (!property.description) out.push(at);
      out.push(...untypedValues(property, at));
    } else if (!property.type || !property.description || !('default' in property)) out.push(at);
  }
  return out;
}
