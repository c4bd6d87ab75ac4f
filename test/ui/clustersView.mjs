// The Clusters view as the ui scenarios drive it: the Berth activity opened, rows found by their
// text, and a row expanded only when it is collapsed (a click on an open row would close it).
import { runFromPalette } from './palette.mjs';

export async function openClustersView(page) {
  await page.locator('.activitybar .action-item a[aria-label^="Berth"]').click();
  const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Clusters' }) });
  const row = (text) => view.locator('.monaco-list-row', { hasText: text });
  const expand = async (text) => {
    const r = row(text).first();
    await r.waitFor();
    if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
  };
  /** Berth: Filter Namespaces from the palette, set to `filter`; resolves when the view's title says so. */
  const filterNamespaces = async (filter) => {
    const quickInput = page.locator('.quick-input-widget input[type="text"]').first();
    // The same widget comes back as the filter's input box.
    await runFromPalette(page, 'Berth: Filter Namespaces', page.locator('.quick-input-widget', { hasText: 'Namespaces to show' }));
    await quickInput.fill(filter);
    await page.keyboard.press('Enter');
    await view.locator('.pane-header', { hasText: `namespaces: ${filter}` }).waitFor();
  };
  return { view, row, expand, filterNamespaces };
}
