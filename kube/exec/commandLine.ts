/**
 * A command line as a user types it, split into the program and its arguments the way a POSIX
 * shell splits words (no expansion): for a container without a shell, nothing else can split it.
 */
import { err, ok, type Result } from '../../platform/result';

/** Words separated by blanks; '…' keeps everything literally, "…" and a backslash escape. */
export function splitCommandLine(text: string): Result<string[], string> {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 < text.length) word += text[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return err(`the command line has an unclosed ${quote === "'" ? 'single' : 'double'} quote`);
  if (inWord) words.push(word);
  if (words.length === 0) return err('the command line is empty');
  return ok(words);
}
