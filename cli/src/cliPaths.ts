import { isAbsolute, join, relative, resolve } from 'node:path';
import { readLimitedFileSync } from '../../installation/readLimitedFile';

/**
 * The CLI names files by the paths the user gave (relative stays relative), and so must a file a
 * tool names: a rendering failure or values file lands on the same report as the file itself.
 */
export function cliPaths(folderAsGiven: string): { fileUri: (path: string) => string; folderPath: (uri: string) => string } {
  const absolute = isAbsolute(folderAsGiven);
  return {
    fileUri: (path) => (absolute ? resolve(path) : relative(process.cwd(), resolve(path)).split('\\').join('/')),
    folderPath: (uri) => resolve(uri),
  };
}

/** A chart folder's values.schema.json, when it has one under the size limit (megabytes). */
export function readValuesSchema(folder: string, maxMegabytes: number): string | undefined {
  const read = readLimitedFileSync(join(folder, 'values.schema.json'), maxMegabytes * 1024 * 1024);
  return read.kind === 'text' ? read.text : undefined;
}
