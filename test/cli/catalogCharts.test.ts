// The App Catalog's bundled charts (catalog/) as a user installs them: `helm lint --strict`
// passes, and what `helm template` renders, with the defaults and with each optional part
// switched on, passes `berth validate` with no errors, meets Pod Security "restricted" and sets
// requests and limits. Uses the helm Berth builds from source; its absence is a failure, not a skip.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLocalTool, missingToolMessage } from '../../installation/tools/localTools';
import { berth } from '../helpers/cli';
import { repoRoot } from '../helpers/repo';

const catalog = join(repoRoot(), 'catalog');
const helm = findLocalTool('helm');

/** Each chart's renderings: the defaults, and --set lists that switch its optional parts on. */
const VARIANTS: Record<string, Record<string, readonly string[]>> = {
  'web-app': { defaults: [], 'ingress and autoscaling': ['ingress.enabled=true', 'autoscaling.enabled=true', 'env.LOG_LEVEL=debug'] },
  cache: { defaults: [], persistence: ['persistence.enabled=true', 'persistence.storageClass=standard'] },
  database: { defaults: [], 'no persistence, given password': ['persistence.enabled=false', 'auth.password=example'] },
  'batch-job': { defaults: [], 'on a schedule': ['schedule=*/5 * * * *', 'timeZone=Europe/Berlin', 'parallelism=2', 'completions=4'] },
};

function runHelm(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  if (!helm) assert.fail(`the App Catalog tests need helm: ${missingToolMessage('helm')}`);
  const result = spawnSync(helm, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the bundled App Catalog charts', () => {
  it('are web-app, cache, database and batch-job', () => {
    assert.deepEqual(readdirSync(catalog).sort(), Object.keys(VARIANTS).sort());
  });

  for (const [chart, variants] of Object.entries(VARIANTS)) {
    it(`${chart}: helm lint --strict passes`, () => {
      const lint = runHelm(['lint', '--strict', join(catalog, chart)]);
      assert.equal(lint.status, 0, lint.stdout + lint.stderr);
    });

    for (const [variant, set] of Object.entries(variants)) {
      it(`${chart} (${variant}): renders, and berth validate finds no errors, no Pod Security "restricted" finding and no missing requests or limits`, () => {
        const rendered = runHelm(['template', 'demo', join(catalog, chart), '--namespace', 'catalog-test', ...set.flatMap((s) => ['--set', s])]);
        assert.equal(rendered.status, 0, rendered.stderr);
        assert.match(rendered.stdout, /^kind: (Deployment|StatefulSet|Job|CronJob)$/m, 'a workload is rendered');
        const file = join(mkdtempSync(join(tmpdir(), 'berth-catalog-')), `${chart}.yaml`);
        writeFileSync(file, rendered.stdout);
        const validated = berth(['validate', '--policy', 'restricted', file]);
        assert.equal(validated.status, 0, validated.stdout + validated.stderr);
        assert.match(validated.stdout, /: 0 errors,/);
        assert.doesNotMatch(validated.stdout, /\[(pod-security|run-as-non-root|privilege-escalation-container|unset-(cpu|memory)-(request|limit))\]/);
      });
    }
  }

  it('helm refuses values that break a chart\'s values.schema.json, naming the value', () => {
    const refused = runHelm(['template', 'demo', join(catalog, 'web-app'), '--set', 'replicaCount=1000']);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /replicaCount/);
  });
});
