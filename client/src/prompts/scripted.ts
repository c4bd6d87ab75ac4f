import type { InputOptions, MessageLevel, PickItem, PromptRequest, Prompts } from './prompts';

/**
 * Answers for tests. `answer` sees each request and returns: for a pick, the label to choose; for
 * an input, the text (checked with the command's own validation, whose refusals are recorded);
 * for a confirm, true or false; for files, the paths; for a message, the action to click.
 * Undefined dismisses, as Escape would. Every request is recorded in `requests`.
 */
export type Answer = (request: PromptRequest) => unknown;

export class ScriptedPrompts implements Prompts {
  readonly requests: PromptRequest[] = [];
  /** Validation messages the command's input boxes gave for scripted text. */
  readonly refusals: string[] = [];
  private readonly listeners = new Set<(request: PromptRequest) => void>();

  constructor(private readonly answer: Answer = () => undefined) {}

  /** Calls `listener` for every later request; returns a function that stops it. */
  onRequest(listener: (request: PromptRequest) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  messages(level?: MessageLevel): { level: MessageLevel; message: string; actions: readonly string[] }[] {
    return this.requests.flatMap((r) => (r.kind === 'message' && (level === undefined || r.level === level) ? [r] : []));
  }

  private ask(request: PromptRequest): unknown {
    this.requests.push(request);
    const answer = this.answer(request);
    for (const listener of this.listeners) listener(request);
    return answer;
  }

  async pick<T>(items: readonly PickItem<T>[], options: { readonly title: string }): Promise<T | undefined> {
    const label = this.ask({ kind: 'pick', title: options.title, labels: items.map((i) => i.label) });
    return items.find((i) => i.label === label)?.value;
  }

  async input(options: InputOptions): Promise<string | undefined> {
    const text = this.ask({ kind: 'input', title: options.title, value: options.value ?? '' });
    if (typeof text !== 'string') return undefined;
    const refusal = options.validate?.(text);
    if (refusal !== undefined) {
      // The real input box would not accept it: record why and dismiss.
      this.refusals.push(refusal);
      return undefined;
    }
    return text;
  }

  async confirm(message: string, options: { readonly detail?: string; readonly action: string }): Promise<boolean> {
    return this.ask({ kind: 'confirm', message, detail: options.detail ?? '', action: options.action }) === true;
  }

  async openFiles(options: { readonly title: string }): Promise<string[] | undefined> {
    const files = this.ask({ kind: 'files', title: options.title });
    return Array.isArray(files) ? files.map(String) : undefined;
  }

  async message(level: MessageLevel, message: string, ...actions: string[]): Promise<string | undefined> {
    const action = this.ask({ kind: 'message', level, message, actions });
    return typeof action === 'string' && actions.includes(action) ? action : undefined;
  }
}
