/**
 * nodegit calls the deprecated `Buffer()` constructor, and Node prints a DEP0005 warning on stderr
 * that users cannot act on. Every other warning is still printed.
 */
export function quietDependencyWarnings(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning: Error & { code?: string }) => {
    if (warning.code === 'DEP0005') return;
    process.stderr.write(`${warning.name}: ${warning.message}\n`);
  });
}
