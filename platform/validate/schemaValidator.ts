import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

/** Compiles each schema once, on first use, and validates data against it. */
export class SchemaValidator {
  private readonly ajv = new Ajv({
    strict: false,
    allErrors: true,
    verbose: true,
    validateFormats: false,
    allowUnionTypes: true,
    // The shipped schemas are checked by their own tests; validating them again costs half of every compile.
    validateSchema: false,
    // Kubernetes schemas are large and shared; ajv's own logging would write to the LSP's stdout.
    logger: false,
  });
  private readonly compiled = new Map<string, ValidateFunction>();

  validate(key: string, schema: object, data: unknown): readonly ErrorObject[] {
    let validateFn = this.compiled.get(key);
    if (!validateFn) {
      validateFn = this.ajv.compile(schema);
      this.compiled.set(key, validateFn);
    }
    return validateFn(data) ? [] : (validateFn.errors ?? []);
  }
}
