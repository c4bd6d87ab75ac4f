import * as vscode from 'vscode';
import type { InputOptions, MessageLevel, PickItem, Prompts } from './prompts';

/**
 * The real UI: quick picks, input boxes, modal dialogs and notifications. Picks and input boxes
 * stay open when focus leaves them (a click in the editor to copy a name, a notification, the
 * workbench restoring a view): the commands ask several questions in a row, and a focus change
 * would otherwise cancel the whole command silently. Escape still cancels.
 */
export class VscodePrompts implements Prompts {
  async pick<T>(items: readonly PickItem<T>[], options: { readonly title: string; readonly placeHolder?: string }): Promise<T | undefined> {
    const chosen = await vscode.window.showQuickPick(
      items.map((item) => ({ label: item.label, description: item.description, detail: item.detail, item })),
      { title: options.title, placeHolder: options.placeHolder, matchOnDescription: true, ignoreFocusOut: true },
    );
    return chosen?.item.value;
  }

  input(options: InputOptions): Promise<string | undefined> {
    return Promise.resolve(
      vscode.window.showInputBox({
        title: options.title,
        prompt: options.prompt,
        value: options.value,
        ignoreFocusOut: true,
        validateInput: options.validate ? (text) => options.validate!(text) ?? null : undefined,
      }),
    );
  }

  async confirm(message: string, options: { readonly detail?: string; readonly action: string }): Promise<boolean> {
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail: options.detail }, options.action);
    return choice === options.action;
  }

  async openFiles(options: { readonly title: string; readonly filters?: Record<string, string[]> }): Promise<string[] | undefined> {
    const uris = await vscode.window.showOpenDialog({ title: options.title, canSelectMany: true, canSelectFiles: true, canSelectFolders: false, filters: options.filters, openLabel: 'Register' });
    return uris?.map((uri) => uri.fsPath);
  }

  message(level: MessageLevel, message: string, ...actions: string[]): Promise<string | undefined> {
    const show = level === 'error' ? vscode.window.showErrorMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    return Promise.resolve(show(message, ...actions));
  }
}
