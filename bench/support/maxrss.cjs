// Preloaded with `node -r`: prints the process's peak resident memory (KiB) on stderr as it exits.
process.on('exit', () => process.stderr.write(`\nmaxrss-kib ${process.resourceUsage().maxRSS}\n`));
