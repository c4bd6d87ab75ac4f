/** A document snippet from `snippets/berth.code-snippets` (VS Code's snippet file format). */
export interface DocumentSnippet {
  readonly name: string;
  readonly prefix: string;
  readonly body: string;
  readonly description: string;
}

interface SnippetFileEntry {
  readonly prefix?: string | readonly string[];
  readonly body?: string | readonly string[];
  readonly description?: string;
}

/** Parses a snippet file's text; a malformed file yields no snippets rather than an error. */
export function parseSnippetFile(text: string | undefined): DocumentSnippet[] {
  if (text === undefined) return [];
  let file: Record<string, SnippetFileEntry>;
  try {
    file = JSON.parse(text) as Record<string, SnippetFileEntry>;
  } catch {
    return [];
  }
  return Object.entries(file).flatMap(([name, entry]) => {
    if (!entry || entry.body === undefined) return [];
    const prefix = Array.isArray(entry.prefix) ? String(entry.prefix[0] ?? name) : String(entry.prefix ?? name);
    const body = Array.isArray(entry.body) ? entry.body.join('\n') : String(entry.body);
    return [{ name, prefix, body, description: entry.description ?? name }];
  });
}
