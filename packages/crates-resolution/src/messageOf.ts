/** A short description of any thrown value, for error messages. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
