// The command palette as the ui scenarios drive it.

/**
 * Runs `command` from the palette by clicking its own row: Enter would run whichever row has focus,
 * and under load the list may still be settling (recently used commands first) when the row appears.
 * A click on a row can be lost when the list is re-rendered under it, and then no command runs: with
 * `opens` (a locator for what the command shows first, such as its quick pick's rows) the palette is
 * opened again when that has not come within 10 s, at most three times, each retry said in the
 * output; the last attempt waits 30 s. Without `opens` the row is clicked once: for commands whose
 * first sign may take longer than that, a retry could run them twice.
 */
export async function runFromPalette(page, command, opens) {
  const input = page.locator('.quick-input-widget input[type="text"]').first();
  const row = page.locator(`.quick-input-list .monaco-list-row[aria-label^="${command.replace(/["\\]/g, '\\$&')}"]`).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor();
    await input.fill(`>${command}`);
    await row.click();
    if (!opens) return;
    try {
      await opens.waitFor({ timeout: attempt < 3 ? 10_000 : 30_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
    console.log(`    (palette: "${command}" showed nothing within 10 s, attempt ${attempt}; opening the palette again)`);
    await page.keyboard.press('Escape');
  }
}
