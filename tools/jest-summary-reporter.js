// Writes each jest run's counts to tmp/test-results/ so scripts/test.sh can print one closing
// "N passed, N failed" line for the whole suite (every Nx project runs its own jest).
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.name = path.relative(path.resolve(__dirname, '..'), globalConfig.rootDir);
  }

  onRunComplete(_contexts, results) {
    const dir = path.resolve(__dirname, '../tmp/test-results');
    fs.mkdirSync(dir, { recursive: true });
    const summary = {
      project: this.name,
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    fs.writeFileSync(path.join(dir, `${this.name.replaceAll("/", "_")}-${process.pid}.json`), JSON.stringify(summary));
  }
}

module.exports = SummaryReporter;
