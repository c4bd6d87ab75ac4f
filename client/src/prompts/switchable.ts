import type { InputOptions, MessageLevel, PickItem, Prompts } from './prompts';

/**
 * The prompts commands use: the real UI, or the ones a test put in place through the extension's
 * API (`testing.usePrompts`). One object, so commands never hold a stale reference.
 */
export class SwitchablePrompts implements Prompts {
  private current: Prompts;

  constructor(private readonly ui: Prompts) {
    this.current = ui;
  }

  /** Replaces the prompts; undefined puts the real UI back. */
  use(prompts: Prompts | undefined): void {
    this.current = prompts ?? this.ui;
  }

  pick<T>(items: readonly PickItem<T>[], options: { readonly title: string; readonly placeHolder?: string }): Promise<T | undefined> {
    return this.current.pick(items, options);
  }
  input(options: InputOptions): Promise<string | undefined> {
    return this.current.input(options);
  }
  confirm(message: string, options: { readonly detail?: string; readonly action: string }): Promise<boolean> {
    return this.current.confirm(message, options);
  }
  openFiles(options: { readonly title: string; readonly filters?: Record<string, string[]> }): Promise<string[] | undefined> {
    return this.current.openFiles(options);
  }
  message(level: MessageLevel, message: string, ...actions: string[]): Promise<string | undefined> {
    return this.current.message(level, message, ...actions);
  }
}
