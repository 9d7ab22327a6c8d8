/** Entry point of the `cognito-explorer` binary: wires the process streams to runCli. */
import { redact } from '../core/redact';
import { runCli } from './run';

// The SDK's Node-version notice would break the promise of exactly one stderr line on failure.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: Boolean(process.stdin.isTTY),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // runCli reports every failure itself; reaching here is a bug, still reported in one line.
    process.stderr.write(`error: ${redact(err instanceof Error ? err.message : String(err))}\n`);
    process.exitCode = 1;
  },
);
