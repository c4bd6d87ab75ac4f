// Whether `npm ci` is due: node_modules missing, or installed from an older lock file. `npm start`
// and `npm test` both ask first, so a fresh clone needs nothing before either.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const npmCiArgs = ['ci', '--no-audit', '--no-fund'];

export function needsNpmCi(root) {
  const installed = join(root, 'node_modules/.package-lock.json');
  return !existsSync(installed) || statSync(installed).mtimeMs < statSync(join(root, 'package-lock.json')).mtimeMs;
}
