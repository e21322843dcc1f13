/**
 * The suite entry in the standard @vscode/test-electron shape: the extension host requires this
 * file and calls run(). The same file runs under desktop VS Code (npm run test:electron) and inside
 * code-server (scripts/vscode-host/run.mjs). Extension-host console output never reaches the
 * runner's stdout in code-server, so results also go to the file named by PRODREADY_TEST_RESULTS.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

class ResultsReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const lines: string[] = [];
    const emit = (line: string) => {
      lines.push(line);
      console.log(line);
    };
    let passed = 0;
    let failed = 0;
    runner.on(Mocha.Runner.constants.EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (suite.title) emit(`${'  '.repeat(depth(suite) - 1)}${suite.title}`);
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, (test: Mocha.Test) => {
      passed++;
      emit(`${'  '.repeat(depth(test))}ok ${test.title} (${test.duration ?? 0} ms)`);
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test: Mocha.Test, error: Error) => {
      failed++;
      emit(`${'  '.repeat(depth(test))}FAIL ${test.title}`);
      for (const line of String(error?.stack ?? error)
        .split('\n')
        .slice(0, 60)) {
        emit(`${'  '.repeat(depth(test) + 2)}${line}`);
      }
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      emit(`${passed} passed, ${failed} failed`);
      const resultsFile = process.env.PRODREADY_TEST_RESULTS;
      if (resultsFile) fs.writeFileSync(resultsFile, lines.join('\n') + '\n');
    });
  }
}

function depth(runnable: Mocha.Runnable | Mocha.Suite): number {
  let level = 0;
  for (let parent = runnable.parent; parent && !parent.root; parent = parent.parent) level++;
  return runnable instanceof Mocha.Suite ? level + 1 : level;
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60_000,
    color: false,
    reporter: ResultsReporter,
    grep: process.env.PRODREADY_TEST_GREP || undefined,
  });
  const testFiles = (fs.readdirSync(__dirname, { recursive: true }) as string[]).filter((file) => file.endsWith('.test.js')).sort();
  for (const file of testFiles) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} tests failed`)) : resolve()));
    } catch (error) {
      reject(error);
    }
  });
}
