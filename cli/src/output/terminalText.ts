/**
 * Text fit for a terminal: characters a terminal acts on (C0 controls but newline and tab, DEL,
 * C1 controls: clear screen, colours, OSC 8 hyperlinks) or that reorder what it shows (bidi
 * embeddings, overrides and isolates) become a visible `\u001b`, so the reader sees that
 * something is there. `\uXXXX` is also JSON's escape for the same character, so a JSON document
 * stays the same JSON; the YAML writer double-quotes strings with control characters, where it
 * is YAML's escape too.
 */
const TERMINAL_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

export function escapeControlCharacters(text: string): string {
  return text.replace(TERMINAL_CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
