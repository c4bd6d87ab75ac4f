/**
 * Reads a file below the `schemas/` folder by its relative path ("platform/v1alpha1.json");
 * undefined when it is missing. Injected so the core never touches the file system itself.
 */
export type SchemaFileReader = (relativePath: string) => string | undefined;

export function readJson<T>(read: SchemaFileReader, relativePath: string): T {
  const text = read(relativePath);
  if (text === undefined) throw new Error(`Berth's schema file ${relativePath} is missing: reinstall Berth or rebuild the schemas.`);
  return JSON.parse(text) as T;
}
