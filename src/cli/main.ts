/**
 * Entry point of the `cognito-explorer` binary, built on its own into dist/cli.js (esbuild.mjs): help and version
 * come from the help text inside this file, with nothing else loaded; every command runs through runCli.
 */
import { HELP_TABLE } from './help';
import { processIo, writeFd } from './processIo';
import { quickAnswer } from './quick';

const argv = process.argv.slice(2);
const quick = quickAnswer(argv, HELP_TABLE);
if (quick) {
  writeFd(quick.fd, quick.text);
  process.exitCode = quick.code;
} else {
  // Node 22 keeps V8's compiled code of the files loaded below on disk, so later runs skip compiling them: with
  // --cpu-prof, compiling the CLI and the SDK was the largest part of a sign-in's own time.
  process.getBuiltinModule('node:module').enableCompileCache?.();
  // The SDK's Node-version notice would break the promise of exactly one stderr line on failure.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const io = processIo();
  import('./run').then(
    ({ runCli, redact }) =>
      runCli(argv, io).then(
        (code) => {
          process.exitCode = code;
        },
        (err: unknown) => {
          // runCli reports every failure itself; reaching here is a bug, still reported in one line.
          io.stderr.write(`error: ${redact(err instanceof Error ? err.message : String(err))}\n`);
          process.exitCode = 1;
        },
      ),
    (err: unknown) => {
      // dist/cli-run.js missing or broken: the installation is, and nothing secret has been read yet.
      io.stderr.write(`error: Could not load the CLI (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); reinstall it.\n`);
      process.exitCode = 1;
    },
  );
}
