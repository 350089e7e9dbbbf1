import { RegistryMinersError } from '@registry-miners/utils';

/** What a {@link GitCommandError} carries in `details`. */
export interface GitCommandErrorDetails {
  /** The arguments git ran with. */
  args: readonly string[];
  /** The exit status, or null when git was killed by a signal. */
  exitCode: number | null;
  /** The signal that killed git, if one did. */
  signal: NodeJS.Signals | null;
  /** The end of git's stderr (progress lines left out). */
  stderr: string;
}

/** A failed git command: the message names the subcommand and quotes the end of its stderr. */
export class GitCommandError extends RegistryMinersError<'ERR_GIT_COMMAND', GitCommandErrorDetails> {
  override name = 'GitCommandError';
  declare readonly details: GitCommandErrorDetails;

  constructor(details: GitCommandErrorDetails) {
    const { args, exitCode, signal, stderr } = details;
    const status = exitCode === null ? `was killed by ${signal ?? 'a signal'}` : `exited with ${exitCode}`;
    const detail = stderr
      .trim()
      .split('\n')
      .filter((line) => !line.startsWith('Cloning into'))
      .slice(-3)
      .join(' / ');
    // The subcommand (`clone`, `fetch`, `ls-remote`), after the leading `-c name=value` settings.
    const command = args.find((arg, index) => arg !== '-c' && args[index - 1] !== '-c') ?? '';
    super('ERR_GIT_COMMAND', `git ${command} ${status}${detail ? `: ${detail}` : ''}`, { details });
  }
}
