import * as vscode from 'vscode';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_VALUES_BYTES } from '../../../../installation/catalog';
import { readLimitedFile } from '../../../../installation/readLimitedFile';
import type { Prompts } from '../../prompts/prompts';

export const INSTALL_WITH_VALUES = 'Install with these values';
export const CANCEL = 'Cancel';

/** A private copy of a chart's values.yaml that the user edits; dispose removes it. */
export interface ValuesCopy extends vscode.Disposable {
  readonly file: string;
}

/** Copies `valuesFile` (or an empty file) into a fresh temporary folder of its own. */
export async function copyValues(valuesFile: string | undefined): Promise<ValuesCopy> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-values-'));
  const file = join(dir, 'values.yaml');
  if (valuesFile) await copyFile(valuesFile, file);
  else await vscode.workspace.fs.writeFile(vscode.Uri.file(file), new Uint8Array());
  return { file, dispose: () => void rm(dir, { recursive: true, force: true }).catch(() => undefined) };
}

/**
 * Opens the copy for editing and waits until the user chooses "Install with these values" (unsaved
 * edits are saved first) or closes its editor (what was saved counts); the notification is not
 * modal, so the editor stays usable meanwhile. Returns the file's text, which is what helm reads;
 * undefined: cancelled.
 */
export async function editValues(prompts: Prompts, copy: ValuesCopy, what: string): Promise<string | undefined> {
  const uri = vscode.Uri.file(copy.file);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: false });
  const subscriptions: vscode.Disposable[] = [];
  // The text of the latest save: in code-server the tab's close can reach the extension before
  // the save that preceded it (the file still old, the document still dirty here).
  let saved: ((text: string) => void) | undefined;
  let lastSaved: string | undefined;
  subscriptions.push(
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (d.uri.toString() !== uri.toString()) return;
      lastSaved = d.getText();
      saved?.(lastSaved);
    }),
  );
  const closed = new Promise<'closed'>((resolve) => {
    subscriptions.push(
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        if (event.closed.some((tab) => isTabOf(tab, uri))) resolve('closed');
      }),
    );
  });
  try {
    const choice = await Promise.race([prompts.message('info', `Berth: edit the values of ${what}, then choose "${INSTALL_WITH_VALUES}" (or save and close the editor).`, INSTALL_WITH_VALUES, CANCEL), closed]);
    if (choice !== 'closed' && choice !== INSTALL_WITH_VALUES) return undefined;
    if (choice === INSTALL_WITH_VALUES && document.isDirty && !(await document.save())) return undefined;
    if (choice === 'closed' && document.isDirty) {
      // Closed with edits this side has not seen saved: a save in flight arrives shortly; none
      // (the edits were discarded) leaves the file as it is.
      const text = await new Promise<string | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), SAVE_SETTLE_MS);
        saved = (t) => {
          clearTimeout(timer);
          resolve(t);
        };
      });
      if (text !== undefined) lastSaved = text;
    }
    // helm reads the file: it holds what was saved last, whichever way the save went.
    if (lastSaved !== undefined) await writeFile(copy.file, lastSaved);
    const read = await readLimitedFile(copy.file, MAX_VALUES_BYTES);
    return read.kind === 'text' ? read.text : undefined;
  } finally {
    for (const s of subscriptions) s.dispose();
  }
}

/** How long a save may take to reach the extension after its editor closed. */
const SAVE_SETTLE_MS = 5_000;

/** Closes the editors of the copy before it is removed; one with unsaved edits stays, not to ask about them. */
export async function closeValuesEditors(copy: ValuesCopy): Promise<void> {
  const uri = vscode.Uri.file(copy.file);
  const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => isTabOf(tab, uri) && !tab.isDirty);
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
}

function isTabOf(tab: vscode.Tab, uri: vscode.Uri): boolean {
  return tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString();
}
