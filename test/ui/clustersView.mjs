// The Clusters view as the ui scenarios drive it: the Berth activity opened, rows found by their
// text, and a row expanded only when it is collapsed (a click on an open row would close it).
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
    const asked = page.locator('.quick-input-widget', { hasText: 'Namespaces to show' });
    // The palette's click can be lost: the list may be re-rendered under it, or the palette closed
    // by a focus change, and then no command runs. The palette is opened again (at most three
    // times, each said in the output); the command's own input box is still what is waited for.
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('F1');
      await quickInput.waitFor();
      await quickInput.fill('>Berth: Filter Namespaces');
      // Click the command's own row: Enter runs whichever row has focus, and under load the list may
      // still be settling (recently used commands first) when the row appears.
      await page.locator('.quick-input-list .monaco-list-row[aria-label^="Berth: Filter Namespaces"]').first().click();
      // The same widget comes back as the filter's input box.
      try {
        await asked.waitFor({ timeout: attempt < 3 ? 10_000 : 30_000 });
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
      console.log(`    (palette: "Berth: Filter Namespaces" did not open its input box within 10 s, attempt ${attempt}; opening the palette again)`);
      await page.keyboard.press('Escape');
    }
    await quickInput.fill(filter);
    await page.keyboard.press('Enter');
    await view.locator('.pane-header', { hasText: `namespaces: ${filter}` }).waitFor();
  };
  return { view, row, expand, filterNamespaces };
}
