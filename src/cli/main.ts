/** Entry point of the `cognito-explorer` binary: wires the process streams to runCli. */
import * as nodeModule from 'node:module';

// Node 22 keeps V8's compiled code of the files loaded below on disk, so later runs skip compiling them: with
// --cpu-prof, compiling the CLI and the SDK was the largest part of a sign-in's own time. (Absent before Node 22.1.)
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// The SDK's Node-version notice would break the promise of exactly one stderr line on failure.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Loaded after the cache is on; everything a command needs beyond this loads when that command runs.
import('./run')
  .then(({ runCli }) =>
    runCli(process.argv.slice(2), {
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
      isTTY: Boolean(process.stdin.isTTY),
    }),
  )
  .then(
    (code) => {
      process.exitCode = code;
    },
    async (err: unknown) => {
      // runCli reports every failure itself; reaching here is a bug, still reported in one line.
      const { redact } = await import('../core/redact');
      process.stderr.write(`error: ${redact(err instanceof Error ? err.message : String(err))}\n`);
      process.exitCode = 1;
    },
  );
