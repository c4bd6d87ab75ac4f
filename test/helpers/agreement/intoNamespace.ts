// Moves a manifest into the test's namespace for the apiserver's dry run, touching only the
// `metadata.namespace` values: re-serializing the YAML would change what kubectl decodes (YAML 1.1
// booleans, octal numbers, duplicate keys), and that is exactly what is being measured.
// kubectl's `-n` fills the namespace of objects that name none.

/** The document's text with every `metadata.namespace` (of the object or of List items) set to `namespace`. */
export function intoNamespace(text: string, namespace: string): string {
  return /^\s*[{[]/.test(text) ? jsonIntoNamespace(text, namespace) : yamlIntoNamespace(text, namespace);
}

function jsonIntoNamespace(text: string, namespace: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text; // YAML in flow style, or broken: the apiserver's verdict on it as it is
  }
  const visit = (object: unknown): void => {
    if (!object || typeof object !== 'object' || Array.isArray(object)) return;
    const record = object as Record<string, unknown>;
    const metadata = record.metadata as Record<string, unknown> | undefined;
    if (metadata && typeof metadata === 'object' && typeof metadata.namespace === 'string' && metadata.namespace !== '') metadata.namespace = namespace;
    if (Array.isArray(record.items)) record.items.forEach(visit);
  };
  visit(value);
  return `${JSON.stringify(value)}\n`;
}

const INDENT = /^(\s*)(?:-\s+)?/;

function yamlIntoNamespace(text: string, namespace: string): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    // CRLF files keep their line ends.
    const cr = raw.endsWith('\r') ? '\r' : '';
    const line = cr ? raw.slice(0, -1) : raw;
    // metadata: {name: x, namespace: y}
    if (/\bmetadata:\s*\{/.test(line)) {
      lines[i] = line.replace(/(\bnamespace:\s*)("[^"]*"|'[^']*'|[^,}\s]+)/, `$1${namespace}`) + cr;
      continue;
    }
    const match = /^(\s*)namespace:\s*(\S.*)$/.exec(line);
    if (!match || match[2]?.startsWith('#')) continue;
    if (isUnderMetadata(lines, i, match[1]?.length ?? 0)) lines[i] = `${match[1]}namespace: ${namespace}${cr}`;
  }
  return lines.join('\n');
}

/** Whether the nearest less-indented key line above line `at` is `metadata:`. */
function isUnderMetadata(lines: string[], at: number, indent: number): boolean {
  for (let j = at - 1; j >= 0; j--) {
    const line = lines[j] ?? '';
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const lead = INDENT.exec(line)?.[0].length ?? 0;
    // A list item's dash at the key's column opens the mapping the key belongs to.
    if (lead < indent || (lead === indent && /^\s*-\s/.test(line))) return /^\s*(?:-\s+)?metadata:\s*(?:#.*)?$/.test(line);
  }
  return false;
}
