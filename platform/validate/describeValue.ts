/** Human wording for values and types in messages: `the string "three"`, `an integer`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (typeof value === 'string') return `the string ${JSON.stringify(truncate(value))}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean (true or false)',
  object: 'a mapping',
  array: 'a list',
  null: 'empty',
};

export function describeTypes(types: string | readonly string[]): string {
  const list = (Array.isArray(types) ? types : [types as string]).filter((t) => t !== 'null');
  const words = list.map((t) => TYPE_WORDS[t] ?? t);
  if (words.length <= 1) return words[0] ?? 'empty';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

export function truncate(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The field name a message talks about: `replicas`, `ports[0]`, or the document itself. */
export function fieldName(path: readonly (string | number)[], kind?: string): string {
  const last = path[path.length - 1];
  if (last === undefined) return kind ?? 'the document';
  if (typeof last === 'number') return `${fieldName(path.slice(0, -1), kind)}[${last}]`;
  return last;
}

/** The dotted path shown in messages: `spec.scaling.min`, `spec.ports[0].port`. */
export function dottedPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out ? `.${segment}` : segment;
  return out;
}
