/**
 * Text from a workspace file, a kubeconfig or a cluster, made safe to put into Markdown that
 * VS Code renders (tooltips, hovers): it shows literally, so a name cannot add a link, a command
 * link, a remote image, HTML or formatting. Pure, without `vscode`, so a plain test reaches it.
 * The MarkdownStrings that hold such text stay untrusted and without HTML support.
 */

/** Every ASCII punctuation character may be backslash-escaped in CommonMark; all are, which also breaks bare-URL autolinks (`https\:`, `www\.`). */
const MARKDOWN_PUNCTUATION = /[!-/:-@[-`{-~]/g;

/** Line breaks would start new blocks (headings, lists, a paragraph that ends a code span). */
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/g;

/** The text as Markdown that renders as exactly that text, on one line. */
export function escapeMarkdown(text: string): string {
  return text.replace(LINE_BREAK, ' ').replace(MARKDOWN_PUNCTUATION, '\\$&');
}

/**
 * The text as an inline code span: nothing inside a code span is Markdown, so only the fence
 * needs care: one backtick longer than the longest run inside, padded when the text begins or
 * ends with a backtick (CommonMark strips one space of padding on each side).
 */
export function markdownCode(text: string): string {
  const line = text.replace(LINE_BREAK, ' ');
  const longestRun = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  if (line === '') return '` `';
  const pad = line.startsWith('`') || line.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}
