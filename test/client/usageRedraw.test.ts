// Which Clusters view rows a usage sample redraws, and at what pace: only rows whose numbers
// changed, a few per refresh, since VS Code refreshes a batch of rows in quadratic time.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DrawnUsage, REDRAW_SPACING_MS, RedrawPacer, ROWS_PER_REDRAW } from '../../client/src/views/clusters/usageRedraw';

const rows = (parentId: string, count: number) => Array.from({ length: count }, (_, i) => ({ id: `${parentId}/pod-${i}`, parentId }));

describe('usage redraw', () => {
  test('changed rows go to the tree a batch at a time, spaced beyond VS Code\'s merge window', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const batches: string[][] = [];
    const pacer = new RedrawPacer<{ id: string; parentId: string }>((batch) => batches.push(batch.map((r) => r.id)));
    try {
      const many = rows('ctx/allPods', 2 * ROWS_PER_REDRAW + 5);
      pacer.add(many);
      // The first batch at once, so a few changed rows are drawn without delay.
      assert.deepEqual(batches, [many.slice(0, ROWS_PER_REDRAW).map((r) => r.id)]);
      // Queued again before their turn: drawn once.
      pacer.add(many.slice(-3));
      t.mock.timers.tick(REDRAW_SPACING_MS - 1);
      assert.equal(batches.length, 1);
      t.mock.timers.tick(1);
      assert.equal(batches.length, 2);
      t.mock.timers.tick(REDRAW_SPACING_MS);
      assert.deepEqual(batches.map((b) => b.length), [ROWS_PER_REDRAW, ROWS_PER_REDRAW, 5]);
      assert.deepEqual(batches.flat(), many.map((r) => r.id));
      t.mock.timers.tick(10 * REDRAW_SPACING_MS);
      assert.equal(batches.length, 3);
      // Idle again: the next change is drawn at once.
      pacer.add(rows('ctx/ns/shop/pods', 2));
      assert.deepEqual(batches[3], ['ctx/ns/shop/pods/pod-0', 'ctx/ns/shop/pods/pod-1']);
    } finally {
      pacer.dispose();
    }
  });

  test('a refresh of the tree drops what is queued', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let drawn = 0;
    const pacer = new RedrawPacer<{ id: string; parentId: string }>((batch) => (drawn += batch.length));
    pacer.add(rows('ctx/allPods', 100));
    pacer.clear();
    t.mock.timers.tick(10 * REDRAW_SPACING_MS);
    assert.equal(drawn, ROWS_PER_REDRAW);
    assert.equal(pacer.waiting, 0);
    pacer.dispose();
  });

  test('a row is changed, the same or gone against the text it was drawn with', () => {
    const drawn = new DrawnUsage<{ id: string; parentId: string }>();
    const [a, b, c] = rows('ctx/allPods', 3) as [{ id: string; parentId: string }, { id: string; parentId: string }, { id: string; parentId: string }];
    drawn.record(a, undefined);
    drawn.record(b, 'CPU 5m/10m (50%)');
    assert.equal(drawn.compare(a, 'CPU 5m/10m (50%)'), 'changed');
    assert.equal(drawn.compare(a, undefined), 'same');
    assert.equal(drawn.compare(b, 'CPU 5m/10m (50%)'), 'same');
    assert.equal(drawn.compare(b, 'CPU 6m/10m (60%)'), 'changed');
    assert.equal(drawn.compare(c, undefined), 'gone');
  });

  test('after a sample only rows drawn with another text change; rows gone from the tree do not', () => {
    const drawn = new DrawnUsage<{ id: string; parentId: string }>();
    const [a, b, c] = rows('ctx/allPods', 3) as [{ id: string; parentId: string }, { id: string; parentId: string }, { id: string; parentId: string }];
    drawn.record(a, 'CPU 5m');
    drawn.record(b, 'CPU 5m');
    const texts = new Map([[a.id, 'CPU 6m'], [b.id, 'CPU 5m'], [c.id, 'CPU 1m']]);
    assert.deepEqual(drawn.changed([a, b, c], (row) => texts.get(row.id)), [a]);
  });

  test('the drawn rows are those recorded and not forgotten with their parent', () => {
    const drawn = new DrawnUsage<{ id: string; parentId: string }>();
    const pods = rows('ctx/allPods', 2);
    const pools = rows('ctx/nodePools', 1);
    for (const row of [...pods, ...pools]) drawn.record(row, undefined);
    drawn.record(pods[0]!, 'CPU 1m');
    assert.deepEqual(drawn.rows(), [...pods, ...pools], 'a row drawn twice is there once');
    drawn.forgetChildrenOf('ctx/allPods');
    assert.deepEqual(drawn.rows(), pools);
    drawn.forgetUnder('ctx');
    assert.deepEqual(drawn.rows(), []);
  });

  test('a parent listed again forgets its own rows; a collapsed node forgets every row below it', () => {
    const drawn = new DrawnUsage<{ id: string; parentId: string }>();
    const shop = { id: 'ctx/ns/shop/pods/web', parentId: 'ctx/ns/shop/pods' };
    const container = { id: 'ctx/ns/shop/pods/web/x', parentId: 'ctx/ns/shop/pods/web' };
    const other = { id: 'ctx/ns/shopping/pods/api', parentId: 'ctx/ns/shopping/pods' };
    for (const row of [shop, container, other]) drawn.record(row, '1m');
    drawn.forgetChildrenOf('ctx/ns/shop/pods');
    assert.deepEqual([drawn.compare(shop, '1m'), drawn.compare(container, '1m')], ['gone', 'same']);
    drawn.record(shop, '1m');
    drawn.forgetUnder('ctx/ns/shop');
    // A sibling whose id merely starts with the same letters is kept.
    assert.deepEqual([drawn.compare(shop, '1m'), drawn.compare(container, '1m'), drawn.compare(other, '1m')], ['gone', 'gone', 'same']);
    drawn.clear();
    assert.equal(drawn.compare(other, '1m'), 'gone');
  });
});
