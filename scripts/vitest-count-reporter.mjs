// Vitest reporter that ends the run with one plain `protocol and server: N passed, N failed` line, which CI reads.
export default class CountReporter {
  onTestRunEnd(testModules, unhandledErrors) {
    const count = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') count.passed += 1;
        else if (state === 'failed') count.failed += 1;
        else count.skipped += 1;
      }
      // A file that could not even load has no tests; it still failed.
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) count.failed += 1;
    }
    count.failed += unhandledErrors?.length ?? 0;
    process.on('exit', () => console.log(`protocol and server: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`));
  }
}
