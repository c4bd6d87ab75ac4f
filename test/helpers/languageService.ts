import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import { DEFAULT_VALIDATION_SETTINGS, type ValidationSettings } from '../../platform/settings';
import { BerthLanguageService } from '../../platform/languageService';
import { nodeLanguageServiceOptions } from '../../installation/languageServiceOptions';
import { repoRoot } from './repo';

let shared: BerthLanguageService | undefined;

/** One language service over the real shipped schemas, shared by a test file (compiling is the slow part). */
export function languageService(): BerthLanguageService {
  shared ??= new BerthLanguageService(nodeLanguageServiceOptions(repoRoot()));
  return shared;
}

let counter = 0;
export function yamlDocument(text: string, uri = `file:///test/doc${++counter}.yaml`): TextDocument {
  return TextDocument.create(uri, 'yaml', 1, text);
}

/** Best-practice checks off: a test of validation sees the apiserver's verdict alone. The checks' own tests turn them on. */
export const NO_CHECKS: ValidationSettings['checks'] = { '*': 'off' };

/** The default settings, but with the best-practice checks off (see NO_CHECKS), changed by `overrides`. */
export function settings(overrides: Partial<ValidationSettings> = {}): ValidationSettings {
  return { ...DEFAULT_VALIDATION_SETTINGS, checks: NO_CHECKS, ...overrides };
}

export const CARET = '<|>';

/** A fixture with one caret marker: the text without it and the marker's position. */
export function withCaret(textWithCaret: string): { text: string; position: Position } {
  const offset = textWithCaret.indexOf(CARET);
  if (offset === -1) throw new Error('fixture has no caret marker <|>');
  const text = textWithCaret.slice(0, offset) + textWithCaret.slice(offset + CARET.length);
  const before = text.slice(0, offset).split('\n');
  return { text, position: { line: before.length - 1, character: before[before.length - 1]!.length } };
}

/** The source text a diagnostic's range covers, for asserting exact ranges readably. */
export function rangeText(document: TextDocument, range: { start: Position; end: Position }): string {
  return document.getText(range);
}
