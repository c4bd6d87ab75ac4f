import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import { shiftRange } from '../diagnostics';
import type { FileAnalysis } from '../fileAnalysis';

/** One symbol per document: "Deployment web" for a manifest, "Document 3" for other YAML. */
export function documentSymbols(file: FileAnalysis): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  file.chunks.forEach(({ chunk, analysis }, index) => {
    if (analysis.shape === 'empty') return;
    const range = shiftRange(analysis.extent, chunk.startLine);
    const selection = analysis.nameRange ? shiftRange(analysis.nameRange, chunk.startLine) : { start: range.start, end: range.start };
    const manifest = analysis.manifest;
    symbols.push({
      name: manifest ? `${manifest.kind} ${manifest.name ?? '(unnamed)'}` : `Document ${index + 1}`,
      // ASCII separators: one character beyond ASCII makes the whole answer a two-byte string,
      // which for ten thousand documents doubles its JSON encoding and decoding time.
      detail: manifest ? `${manifest.apiVersion}${manifest.namespace ? `, namespace ${manifest.namespace}` : ''}` : analysis.shape,
      kind: manifest ? SymbolKind.Class : SymbolKind.Module,
      range,
      selectionRange: selection,
    });
  });
  return symbols;
}
