/**
 * The questions commands ask and the messages they show, behind one small interface, so the
 * extension-host tests can answer them (ScriptedPrompts) instead of clicking. Free of `vscode`.
 */
export interface PickItem<T> {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly value: T;
}

export type MessageLevel = 'info' | 'warning' | 'error';

/** What a command asked, as a test sees it. */
export type PromptRequest =
  | { readonly kind: 'pick'; readonly title: string; readonly labels: readonly string[] }
  | { readonly kind: 'input'; readonly title: string; readonly value: string }
  | { readonly kind: 'confirm'; readonly message: string; readonly detail: string; readonly action: string }
  | { readonly kind: 'files'; readonly title: string }
  | { readonly kind: 'message'; readonly level: MessageLevel; readonly message: string; readonly actions: readonly string[] };

export interface InputOptions {
  readonly title: string;
  readonly prompt?: string;
  readonly value?: string;
  /** A message saying why the text is not acceptable, or undefined when it is. */
  readonly validate?: (text: string) => string | undefined;
}

export interface Prompts {
  /** The chosen item's value; undefined when dismissed. */
  pick<T>(items: readonly PickItem<T>[], options: { readonly title: string; readonly placeHolder?: string }): Promise<T | undefined>;
  input(options: InputOptions): Promise<string | undefined>;
  /** A modal confirmation naming what will happen; true only when the user chose `action`. */
  confirm(message: string, options: { readonly detail?: string; readonly action: string }): Promise<boolean>;
  /** File paths chosen in an open dialog; undefined when dismissed. */
  openFiles(options: { readonly title: string; readonly filters?: Record<string, string[]> }): Promise<string[] | undefined>;
  /** A notification; resolves with the action chosen, or undefined. Never modal. */
  message(level: MessageLevel, message: string, ...actions: string[]): Promise<string | undefined>;
}
