// The Pod Security fixtures (test/fixtures/pod-security: one file per control, a violating and a
// compliant Pod and Deployment each) and what each document's annotations say each level forbids.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './repo';

export const FIXTURE_DIR = join(repoRoot(), 'test/fixtures/pod-security');
export const EXPECT_ANNOTATION = 'pod-security.test.berth.dev/';

export interface PodSecurityFixture {
  /** The control the file is about (its file name). */
  readonly control: string;
  readonly kind: 'Pod' | 'Deployment';
  readonly name: string;
  /** The document as JSON (one object). */
  readonly object: Record<string, unknown>;
  /** The controls each level (at the newest version) forbids, in the plugin's order. */
  readonly expected: { readonly baseline: readonly string[]; readonly restricted: readonly string[] };
}

export function podSecurityFixtures(): PodSecurityFixture[] {
  return readdirSync(FIXTURE_DIR)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(FIXTURE_DIR, file), 'utf8')).map((doc) => {
        const object = doc.toJS() as { kind: 'Pod' | 'Deployment'; metadata: { name: string; annotations: Record<string, string> } };
        const list = (level: string): string[] => (object.metadata.annotations[EXPECT_ANNOTATION + level] ?? '').split(',').filter((c) => c !== '');
        return { control: file.replace(/\.yaml$/, ''), kind: object.kind, name: object.metadata.name, object: object as unknown as Record<string, unknown>, expected: { baseline: list('baseline'), restricted: list('restricted') } };
      }),
    );
}

/** A Namespace document with Pod Security labels, as YAML. */
export function namespaceYaml(name: string, labels: Readonly<Record<string, string>>): string {
  const lines = Object.entries(labels).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`);
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${lines.length > 0 ? `  labels:\n${lines.join('\n')}\n` : ''}`;
}

/** The fixture moved into a namespace, as one JSON document (valid YAML). */
export function inNamespace(fixture: PodSecurityFixture, namespace: string): string {
  const metadata = { ...(fixture.object.metadata as Record<string, unknown>), namespace };
  return `${JSON.stringify({ ...fixture.object, metadata })}\n`;
}
