// Loaded with `node --import` into the CLI under test: prints the process's peak RSS as it exits.
process.on('exit', () => {
  process.stderr.write(`peak-rss-bytes ${process.resourceUsage().maxRSS * 1024}\n`);
});
