// Scenario: a user opens samples/ in VS Code, opens mistakes.yaml from the Explorer, opens the
// Problems panel from the status bar and reads Berth's diagnostics there.
import assert from 'node:assert/strict';

export const title = 'mistakes.yaml shows Berth diagnostics in the Problems panel';

/** Messages (from samples/mistakes.yaml) that must be listed; errors sort first, so they are visible. */
const expectedMessages = [
  /replicas must be an integer, not the string "three"/,
  /type must be one of dedicated, managed, serverless/,
  /Unknown instanceType "ecs\.g7\.larg"/,
];

export async function run({ page, screenshot }) {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'mistakes.yaml' }).click();
  await page.locator('.tabs-container .tab.active', { hasText: 'mistakes.yaml' }).waitFor();
  await page.locator('.monaco-editor .view-lines', { hasText: 'mistake-type' }).first().waitFor();

  // The status bar's problems item counts errors once the language server has published them.
  const problems = page.locator('#status\\.problems');
  await page.waitForFunction(() => {
    const item = document.querySelector('#status\\.problems');
    return item && /[1-9]\d*/.test(item.textContent ?? '');
  }, undefined, { timeout: 60_000 });
  await problems.click();

  const panel = page.locator('.markers-panel');
  await panel.waitFor();
  const rows = panel.locator('.monaco-list-row');
  await rows.filter({ hasText: 'mistakes.yaml' }).first().waitFor();
  for (const message of expectedMessages) {
    await rows.filter({ hasText: message }).first().waitFor({ timeout: 30_000 });
  }
  // Each marker row names its source and code, e.g. "berth(invalid-type)".
  const firstMarker = await rows.filter({ hasText: expectedMessages[0] }).first().innerText();
  assert.match(firstMarker, /berth\s*\(?invalid-type\)?/, `marker row: ${firstMarker}`);
  assert.match(firstMarker, /Ln 11, Col 13/, `marker row: ${firstMarker}`);
  // The editor shows the squiggle for the first one.
  await page.locator('.monaco-editor .squiggly-error').first().waitFor();
  await screenshot();
}
