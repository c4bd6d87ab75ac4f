import * as vscode from 'vscode';
import { documentsInLines, type SourceFile } from '../../../../kube/deploy/plan';
import { splitDocuments } from '../../../../platform/yaml/splitDocuments';
import { parseDocument } from 'yaml';

const decoder = new TextDecoder();

/** The text of a file: the editor's (unsaved edits included) when it is open, else the disk's. */
async function textOf(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return open ? open.getText() : decoder.decode(await vscode.workspace.fs.readFile(uri));
}

function isYamlPath(uri: vscode.Uri): boolean {
  return /\.ya?ml$/i.test(uri.path);
}

export async function fileSource(uri: vscode.Uri, documents?: ReadonlySet<number>): Promise<SourceFile> {
  return { uri: uri.toString(), text: await textOf(uri), ...(documents ? { documents } : {}) };
}

/** Every YAML file below a folder (node_modules and dot-folders left out), in path order. */
export async function folderSources(folder: vscode.Uri): Promise<SourceFile[]> {
  const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.{yaml,yml}'), '{**/node_modules/**,**/.*/**}');
  uris.sort((a, b) => a.path.localeCompare(b.path));
  return Promise.all(uris.map((uri) => fileSource(uri)));
}

/** A file or folder URI from the explorer. */
export async function uriSources(uri: vscode.Uri): Promise<SourceFile[]> {
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.type & vscode.FileType.Directory) return folderSources(uri);
  return isYamlPath(uri) || vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()) ? [await fileSource(uri)] : [];
}

/** The documents of the editor the selection touches (the document at the cursor when empty). */
export function selectionSource(editor: vscode.TextEditor): SourceFile {
  const text = editor.document.getText();
  const documents = new Set<number>();
  for (const selection of editor.selections) {
    for (const index of documentsInLines(text, selection.start.line, selection.end.line)) documents.add(index);
  }
  return { uri: editor.document.uri.toString(), text, documents };
}

/** The one document of `uri` whose kind and metadata.name match (a Platform view node). */
export async function namedDocumentSource(uri: vscode.Uri, kind: string, name: string): Promise<SourceFile> {
  const text = await textOf(uri);
  const documents = new Set<number>();
  splitDocuments(text).forEach((chunk, index) => {
    const value = parseDocument(chunk.text, { logLevel: 'silent' }).toJS() as { kind?: unknown; metadata?: { name?: unknown } } | null;
    if (value?.kind === kind && value.metadata?.name === name) documents.add(index);
  });
  return { uri: uri.toString(), text, documents };
}
