// Runs one extension-host suite with mocha, the contract of @vscode/test-electron's
// `extensionTestsPath`: the module exports `run(): Promise<void>`, which rejects when a test fails.
// mocha is not a project dependency: it comes from the tools folder (scripts/tools.mjs), named by
// BERTH_TOOLS_MODULES, which both runners set for the extension host.
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

type Done = () => void | Promise<void>;

/** The part of mocha's programmatic API these suites use. */
interface MochaSuite {
  addTest(test: unknown): void;
  beforeAll(fn: Done): void;
  afterAll(fn: Done): void;
}
interface MochaRunner {
  on(event: 'pass', fn: (test: { fullTitle(): string }) => void): void;
  on(event: 'fail', fn: (test: { fullTitle(): string }, error: Error) => void): void;
}
interface MochaInstance {
  suite: MochaSuite;
  run(done: (failures: number) => void): MochaRunner;
}
interface MochaModule {
  new (options: Record<string, unknown>): MochaInstance;
  Suite: { create(parent: MochaSuite, title: string): MochaSuite };
  Test: new (title: string, fn: Done) => unknown;
}

export interface SuiteDefinition {
  readonly title: string;
  readonly before?: Done;
  readonly after?: Done;
  /** Test titles to bodies, run in order. */
  readonly tests: Record<string, Done>;
}

function loadMocha(): MochaModule {
  const modules = process.env.BERTH_TOOLS_MODULES;
  if (!modules) throw new Error('BERTH_TOOLS_MODULES is not set: run the suite through test/extension/runInCodeServer.mjs or runTests.ts');
  return createRequire(join(modules, 'noop.js'))('mocha') as MochaModule;
}

/**
 * Runs the suite; prints mocha's spec report and a final `N passed, N failed` line, and writes the
 * counts to BERTH_TEST_RESULTS (a JSON file) when set, so a runner need not parse the log.
 */
export function runSuite(definition: SuiteDefinition): Promise<void> {
  const Mocha = loadMocha();
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const suite = Mocha.Suite.create(mocha.suite, definition.title);
  if (definition.before) suite.beforeAll(definition.before);
  if (definition.after) suite.afterAll(definition.after);
  for (const [title, fn] of Object.entries(definition.tests)) suite.addTest(new Mocha.Test(title, fn));

  const passed: string[] = [];
  const failed: { title: string; error: string }[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`${definition.title}: ${passed.length} passed, ${failed.length} failed`);
      const file = process.env.BERTH_TEST_RESULTS;
      if (file) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, `${JSON.stringify({ suite: definition.title, passed, failed }, null, 2)}\n`);
      }
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => passed.push(test.fullTitle()));
    runner.on('fail', (test, error) => failed.push({ title: test.fullTitle(), error: String(error?.stack ?? error) }));
  });
}
