// Deterministic mutation of YAML text for the fuzz tier. Document i of a run is a pure function
// of (seed, i): a failure is reproduced from the two numbers the test prints.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** mulberry32: small, fast, good enough to pick mutations. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** The seed of document `index` in a run seeded `seed`, independent of every other document. */
export function documentSeed(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export interface CorpusEntry {
  readonly name: string;
  readonly text: string;
}

type Mutator = (text: string, rng: Rng, corpus: readonly CorpusEntry[]) => string;

function lines(text: string): string[] {
  return text.split('\n');
}

/** Line indices whose content looks like `key: ...` (a mapping entry). */
function keyLines(all: readonly string[]): number[] {
  return all.flatMap((line, i) => (/^\s*(- )?[^\s#:][^:#]*:(\s|$)/.test(line) ? [i] : []));
}

/** A position just after a `key: ` on a random key line, or the end of the text. */
function valueOffset(text: string, rng: Rng): number {
  const all = lines(text);
  const keys = keyLines(all);
  if (keys.length === 0) return text.length;
  const line = rng.pick(keys);
  let offset = 0;
  for (let i = 0; i < line; i++) offset += all[i]!.length + 1;
  return offset + all[line]!.indexOf(':') + 1;
}

/** Replaces what follows `key:` on a random key line with `value`. */
function replaceValue(text: string, rng: Rng, value: string): string {
  const at = valueOffset(text, rng);
  const end = text.indexOf('\n', at);
  return `${text.slice(0, at)} ${value}${end === -1 ? '' : text.slice(end)}`;
}

const UNICODE_POOL = [
  0x0000, 0x0007, 0x0008, 0x000b, 0x000c, 0x001b, 0x007f, 0x0085, 0x00a0, 0x00ad, 0x0300, 0x034f, 0x061c, 0x1680, 0x180e, 0x2000, 0x200b,
  0x200d, 0x200e, 0x202e, 0x2028, 0x2029, 0x2060, 0x3000, 0xfeff, 0xfffd, 0xfffe, 0xffff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0x1f600, 0x1f9d1,
  0x10ffff, 0xe000, 0x4e2d, 0x0416, 0x05d0, 0x0e01,
];

function randomCodePoint(rng: Rng): string {
  // Lone surrogates on purpose: the editor can send them; the server must not choke.
  const code = rng.chance(0.7) ? rng.pick(UNICODE_POOL) : rng.int(0x20, 0x2ffff);
  return code >= 0xd800 && code <= 0xdfff ? String.fromCharCode(code) : String.fromCodePoint(code);
}

/** Every kind of mutation, by name (the name is reported with the slowest document and any failure). */
export const MUTATORS: Readonly<Record<string, Mutator>> = {
  byteFlip(text, rng) {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length === 0) return '\u0000';
    const flips = rng.int(1, 8);
    for (let i = 0; i < flips; i++) bytes[rng.int(0, bytes.length - 1)]! ^= 1 << rng.int(0, 7);
    return rng.chance(0.5) ? bytes.toString('utf8') : bytes.toString('latin1');
  },
  truncate(text, rng) {
    return text.slice(0, rng.int(0, text.length));
  },
  indentShift(text, rng) {
    const all = lines(text);
    const count = rng.int(1, Math.max(1, Math.ceil(all.length / 4)));
    for (let n = 0; n < count; n++) {
      const i = rng.int(0, all.length - 1);
      const shift = rng.pick([-4, -2, -1, 1, 2, 3, 8]);
      all[i] = shift > 0 ? ' '.repeat(shift) + all[i]! : all[i]!.replace(new RegExp(`^ {1,${-shift}}`), '');
    }
    return all.join('\n');
  },
  duplicateKeys(text, rng) {
    const all = lines(text);
    const keys = keyLines(all);
    if (keys.length === 0) return `${text}\na: 1\na: 2\n`;
    const count = rng.int(1, 4);
    for (let n = 0; n < count; n++) {
      const i = rng.pick(keyLines(all));
      all.splice(i + rng.int(0, 1), 0, rng.chance(0.5) ? all[i]! : all[i]!.replace(/:.*$/, ': duplicate'));
    }
    return all.join('\n');
  },
  hugeScalar(text, rng) {
    const size = rng.pick([10_000, 100_000, 500_000, 1_000_000]);
    const unit = rng.pick(['x', 'ab ', '9', 'é', '\\"', '0.5']);
    const body = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    const style = rng.int(0, 3);
    const value = style === 0 ? body.replace(/[\\"]/g, '') : style === 1 ? `"${body}"` : style === 2 ? `'${body.replace(/'/g, "''")}'` : `|\n  ${body.replace(/\\/g, '')}`;
    return replaceValue(text, rng, value);
  },
  deepNesting(text, rng) {
    const depth = rng.pick([50, 500, 2_000, 10_000]);
    switch (rng.int(0, 2)) {
      case 0:
        return replaceValue(text, rng, `${'['.repeat(depth)}1${']'.repeat(depth)}`);
      case 1:
        return replaceValue(text, rng, `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`);
      default: {
        // Block nesting: a two-space step per level (capped so the file stays a few MB).
        const levels = Math.min(depth, 1_000);
        const block = Array.from({ length: levels }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n');
        return `${replaceValue(text, rng, '')}\nnested:\n${block} end\n`;
      }
    }
  },
  aliasChain(text, rng) {
    const length = rng.int(2, 40);
    const fanout = rng.int(1, 10);
    const entries = [`a0: &a0 ${rng.pick(['x', '{k: v}', '[1, 2]', '"s"'])}`];
    for (let i = 1; i < length; i++) entries.push(`a${i}: &a${i} [${Array(fanout).fill(`*a${i - 1}`).join(', ')}]`);
    if (rng.chance(0.3)) entries.push(`merge: {<<: *a${length - 1}}`, 'undefined: *nowhere');
    const chain = entries.join('\n');
    if (rng.chance(0.5)) return `${text}\n${chain}\n`;
    // Anchors inside a manifest, with an alias used as a value elsewhere in it.
    return replaceValue(`${text}\nanchors:\n${chain.replace(/^/gm, '  ')}\n`, rng, `*a${rng.int(0, length - 1)}`);
  },
  randomUnicode(text, rng) {
    const count = rng.int(1, 20);
    let out = text;
    for (let i = 0; i < count; i++) {
      const at = rng.int(0, out.length);
      out = out.slice(0, at) + randomCodePoint(rng) + out.slice(at);
    }
    return out;
  },
  crlf(text, rng) {
    switch (rng.int(0, 2)) {
      case 0:
        return text.replace(/\r?\n/g, '\r\n');
      case 1:
        return text.replace(/\n/g, () => (rng.chance(0.5) ? '\r\n' : '\n'));
      default:
        return text.replace(/\n/g, () => (rng.chance(0.3) ? '\r' : '\n'));
    }
  },
  bom(text, rng) {
    switch (rng.int(0, 2)) {
      case 0:
        return `\ufeff${text}`;
      case 1:
        return `\ufeff\ufeff${text}`;
      default:
        return text.replace(/^---/m, '---\n\ufeff');
    }
  },
  tabs(text, rng) {
    const all = lines(text);
    const count = rng.int(1, Math.max(1, Math.ceil(all.length / 3)));
    for (let n = 0; n < count; n++) {
      const i = rng.int(0, all.length - 1);
      all[i] = rng.chance(0.6) ? all[i]!.replace(/^( {2})+/, (s) => '\t'.repeat(s.length / 2)) : all[i]!.replace(/: /, ':\t');
    }
    return all.join('\n');
  },
  /** Half of this document glued to half of another: manifests of mixed kinds and broken seams. */
  splice(text, rng, corpus) {
    const other = rng.pick(corpus).text;
    return text.slice(0, rng.int(0, text.length)) + (rng.chance(0.5) ? '\n---\n' : '') + other.slice(rng.int(0, other.length));
  },
  documentMarkers(text, rng) {
    const all = lines(text);
    const count = rng.int(1, 5);
    for (let n = 0; n < count; n++) all.splice(rng.int(0, all.length), 0, rng.pick(['---', '...', '--- !!map', '%YAML 1.2', '%TAG ! tag:x,2000:', '--- |', '---\n---']));
    return all.join('\n');
  },
};

export const MUTATION_KINDS = Object.keys(MUTATORS);

export interface Mutant {
  readonly source: string;
  readonly kinds: readonly string[];
  readonly text: string;
}

/** Document `index` of a run: one to three mutations applied to one corpus entry. */
export function mutant(corpus: readonly CorpusEntry[], seed: number, index: number): Mutant {
  const rng = new Rng(documentSeed(seed, index));
  const source = rng.pick(corpus);
  // The first mutation cycles through the kinds so every kind appears in a short run.
  const kinds = [MUTATION_KINDS[index % MUTATION_KINDS.length]!];
  const more = rng.int(0, 2);
  for (let i = 0; i < more; i++) kinds.push(rng.pick(MUTATION_KINDS));
  let text = source.text;
  for (const kind of kinds) text = MUTATORS[kind]!(text, rng, corpus);
  return { source: source.name, kinds, text };
}

/** Manifests kept inline so the corpus covers kinds that the samples do not. */
const INLINE: Record<string, string> = {
  'inline/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  mode: fast\n  limit: "10"\n',
  'inline/statefulset.yaml':
    'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  replicas: 3\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers:\n        - name: db\n          image: postgres:16\n          ports: [{containerPort: 5432}]\n          resources:\n            limits: {cpu: 500m, memory: 1Gi}\n  volumeClaimTemplates:\n    - metadata: {name: data}\n      spec:\n        accessModes: [ReadWriteOnce]\n        resources: {requests: {storage: 10Gi}}\n',
  'inline/cronjob.yaml':
    'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: job\n              image: busybox\n              command: ["sh", "-c", "echo hi"]\n',
  'inline/platform.yaml':
    'apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: fuzz\nspec:\n  type: managed\n  provider: kwok\n  kubernetesVersion: "1.36"\n---\napiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata:\n  name: pool\nspec:\n  cluster: fuzz\n  instanceType: m5.large\n  desired: 3\n  taints:\n    - {key: gpu, value: "true", effect: NoSchedule}\n---\napiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  cluster: fuzz\n  image: nginx:1.27\n  replicas: 2\n  ports: [{name: http, port: 80}]\n  scaling: {min: 2, max: 5, targetCPU: 70}\n',
  'inline/flow.yaml': '{apiVersion: v1, kind: Service, metadata: {name: s, labels: {a: b}}, spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}}\n',
  'inline/list.yaml': 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: s}\n    stringData: {password: hunter2}\n',
};

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    });
}

/**
 * Every .yaml under samples/ and test/fixtures/, plus the inline manifests. Not test/fixtures/fuzz:
 * those are already pathological (regressions.test.ts runs them), and mutating them again makes
 * every run slower without finding anything new.
 */
export function loadCorpus(root: string): CorpusEntry[] {
  const fuzzFixtures = join(root, 'test/fixtures/fuzz');
  const files = [...yamlFiles(join(root, 'samples')), ...yamlFiles(join(root, 'test/fixtures')).filter((path) => !path.startsWith(fuzzFixtures))];
  return [
    ...files.map((path) => ({ name: relative(root, path), text: readFileSync(path, 'utf8') })),
    ...Object.entries(INLINE).map(([name, text]) => ({ name, text })),
  ];
}

/** Where failing inputs are saved, with what reproduces them. */
export function describeMutant(m: Mutant, seed: number, index: number): string {
  return `seed ${seed} document ${index}: ${m.kinds.join('+')} of ${m.source} (${m.text.length} chars)`;
}
