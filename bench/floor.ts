/**
 * The in-process floor: `yaml` parseAllDocuments + one compiled ajv validator per kind, with
 * errors mapped back to lines. No LSP, no incrementality: every "edit" re-validates the file.
 * Runs in its own process (dist/bench/floor.js <spec.json>) so its peak RSS is its own.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { LineCounter, parseAllDocuments } from 'yaml';
import { KINDS, PLATFORM_API_VERSION, PLATFORM_KINDS, kindSchemas, platformSchema, type Kind } from './schemas';
import { smallFile } from './generate';
import { applyEdit, vmHWM, type FloorSpec, type FloorResult } from './shared';

interface FloorDiagnostic {
  line: number;
  message: string;
}

function compile(repoRoot: string, kinds: readonly Kind[], platform: boolean): Map<string, ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, allowUnionTypes: true, logger: false });
  const schemas = kindSchemas(repoRoot, kinds);
  const validators = new Map<string, ValidateFunction>();
  for (const { apiVersion, kind } of kinds) validators.set(`${apiVersion}/${kind}`, ajv.compile(schemas.get(`${apiVersion}/${kind}`)!));
  if (platform) {
    ajv.addSchema(platformSchema(repoRoot), 'platform');
    for (const kind of PLATFORM_KINDS) validators.set(`${PLATFORM_API_VERSION}/${kind}`, ajv.compile({ $ref: `platform#/definitions/${kind}` }));
  }
  return validators;
}

function validate(text: string, validators: Map<string, ValidateFunction>): FloorDiagnostic[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter });
  const out: FloorDiagnostic[] = [];
  if (!Array.isArray(docs)) return out;
  for (const doc of docs) {
    for (const error of doc.errors) out.push({ line: lineCounter.linePos(error.pos[0]).line - 1, message: error.message });
    const value = doc.toJS() as { apiVersion?: unknown; kind?: unknown } | null;
    if (!value || typeof value !== 'object') continue;
    const validator = validators.get(`${String(value.apiVersion)}/${String(value.kind)}`);
    if (!validator || validator(value)) continue;
    for (const error of validator.errors ?? []) {
      const path = error.instancePath
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      const node = (path.length ? doc.getIn(path, true) : doc.contents) as { range?: [number, number, number] } | undefined;
      const offset = node?.range?.[0] ?? 0;
      out.push({ line: lineCounter.linePos(offset).line - 1, message: `${error.instancePath} ${error.message ?? ''}` });
    }
  }
  return out;
}

function main(): void {
  const spec = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as FloorSpec;
  let t = performance.now();
  const validators = compile(spec.repoRoot, spec.kinds ?? KINDS, spec.platform === true);
  // Warm up on a small file, as the language servers are warmed up before the timed open.
  validate(smallFile(1), validators);
  const compileMs = performance.now() - t;
  let text = readFileSync(spec.file, 'utf8');
  const openMs: number[] = [];
  let diagnostics: FloorDiagnostic[] = [];
  for (let i = 0; i < spec.opens; i++) {
    t = performance.now();
    diagnostics = validate(text, validators);
    openMs.push(performance.now() - t);
  }
  // After the full opens, so the parser runs as warm as it did in them.
  const parseMs: number[] = [];
  for (let i = 0; i < spec.opens; i++) {
    t = performance.now();
    parseAllDocuments(text, { lineCounter: new LineCounter() });
    parseMs.push(performance.now() - t);
  }
  const editMs: number[] = [];
  const original = text;
  for (let i = 0; i < spec.edits; i++) {
    text = i % 2 === 0 ? applyEdit(original, spec.editAt, 'x') : original;
    t = performance.now();
    validate(text, validators);
    editMs.push(performance.now() - t);
  }
  const expected = new Set(spec.errorLines);
  const result: FloorResult = {
    compileMs,
    openMs,
    editMs,
    errorsOnExpectedLines: new Set(diagnostics.filter((d) => expected.has(d.line)).map((d) => d.line)).size,
    otherDiagnostics: diagnostics.filter((d) => !expected.has(d.line)).map((d) => `${d.line + 1}: ${d.message}`),
    totalDiagnostics: diagnostics.length,
    sampleMessage: diagnostics[0]?.message ?? '',
    vmHWMKiB: vmHWM(process.pid),
    parseMs,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

main();
