// Spec output for people, plus a machine-readable tally for scripts/test.mjs.
// The tally is appended to the file named by MOCHA_SUMMARY_FILE (or reporter option summaryFile), which
// works from inside VS Code's extension host too; without a file it is printed as one `MOCHA_SUMMARY {...}` line.
const { appendFileSync } = require('node:fs');
const mocha = require('mocha');

const { Spec } = (mocha.default ?? mocha).reporters;

class SummaryReporter extends Spec {
  constructor(runner, options = {}) {
    super(runner, options);
    const file = options.reporterOption?.summaryFile ?? process.env.MOCHA_SUMMARY_FILE;
    runner.once('end', () => {
      const { passes = 0, failures = 0, pending = 0 } = this.stats;
      const summary = { passes, failures, pending };
      if (file) appendFileSync(file, JSON.stringify(summary) + '\n');
      else console.log(`MOCHA_SUMMARY ${JSON.stringify(summary)}`);
    });
  }
}

module.exports = SummaryReporter;
