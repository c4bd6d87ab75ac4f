import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { IssueData } from '../validate/issue';
import { DIAGNOSTIC_SOURCE } from '../diagnostics';

/**
 * Quick fixes for Berth's diagnostics, from the hints each diagnostic carries: replace a value
 * with a close allowed one, insert a missing field, move to a replacement apiVersion.
 */
export function quickFixes(document: TextDocument, diagnostics: readonly Diagnostic[], extraEdits: (d: Diagnostic) => TextEdit[] = () => []): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const data = (diagnostic.data ?? {}) as IssueData;
    const original = document.getText(diagnostic.range);
    const quote = /^["']/.test(original) ? original[0]! : '';
    const replacements = data.apiVersion ? [data.apiVersion] : (data.replacements ?? []);
    replacements.slice(0, 5).forEach((replacement, index) => {
      const edits: TextEdit[] = [{ range: diagnostic.range, newText: `${quote}${replacement}${quote}` }];
      if (data.apiVersion) edits.push(...extraEdits(diagnostic));
      actions.push({
        title: data.apiVersion ? `Change to ${replacement}${edits.length > 1 ? ' and add what it requires' : ''}` : `Change to "${replacement}"`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: index === 0,
        edit: { changes: { [document.uri]: edits } },
      });
    });
    if (data.insertField) {
      const edit = insertFieldEdit(document, diagnostic, data.insertField.name, data.insertField.placeholder);
      if (edit) {
        actions.push({
          title: `Add required field "${data.insertField.name}"`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: replacements.length === 0,
          edit: { changes: { [document.uri]: [edit] } },
        });
      }
    }
  }
  return actions;
}

/**
 * Inserts `name: placeholder` as the first child of the block key the diagnostic sits on, or
 * as a top-level field when it sits on a top-level key (the document's own missing fields).
 */
function insertFieldEdit(document: TextDocument, diagnostic: Diagnostic, name: string, placeholder: string): TextEdit | undefined {
  const line = diagnostic.range.start.line;
  const text = lineText(document, line);
  const indent = /^\s*(?:-\s+)?/.exec(text)![0].length;
  const topLevel = diagnostic.range.start.character === 0 && /^(apiVersion|kind)\b/.test(text.trimStart());
  let childIndent: number;
  if (topLevel) childIndent = 0;
  else {
    // Only a block mapping (`key:` alone on its line) can take a new line below it.
    if (!/:\s*(#.*)?$/.test(text)) return undefined;
    const next = nextContentLine(document, line);
    const nextIndent = next === undefined ? -1 : /^\s*/.exec(next)![0].length;
    childIndent = nextIndent > indent ? nextIndent : indent + 2;
  }
  const field = `${' '.repeat(childIndent)}${name}: ${placeholder}`;
  if (line + 1 >= document.lineCount) {
    const end = { line, character: text.length };
    return { range: { start: end, end }, newText: `\n${field}` };
  }
  const position = { line: line + 1, character: 0 };
  return { range: { start: position, end: position }, newText: `${field}\n` };
}

/** A line's text without its line break (a huge file is not split into lines for one fix). */
function lineText(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/(?:\r\n|\r|\n)$/, '');
}

/** The first line after `line` that is neither blank nor a comment. */
function nextContentLine(document: TextDocument, line: number): string | undefined {
  for (let at = line + 1; at < document.lineCount; at++) {
    const text = lineText(document, at);
    if (text.trim() !== '' && !text.trimStart().startsWith('#')) return text;
  }
  return undefined;
}
