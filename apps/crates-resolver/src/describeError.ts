/** One readable block for any error: `error: message`, its hint, and the chain of causes when useful. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `error: ${String(error)}`;
  const lines = [`error: ${error.message}`];
  const hint = (error as { hint?: unknown }).hint;
  if (typeof hint === 'string' && hint !== '') lines.push(`hint: ${hint}`);
  let cause = error.cause;
  for (let depth = 0; cause instanceof Error && depth < 3; depth += 1, cause = cause.cause) {
    if (!error.message.includes(cause.message)) lines.push(`cause: ${cause.message}`);
  }
  if (process.env.CRATES_RESOLVER_DEBUG && error.stack) lines.push(error.stack);
  return lines.join('\n');
}
