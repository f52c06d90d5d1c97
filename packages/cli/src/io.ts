/** What a command may touch of the outside world, so that tests run it in-process. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether to colour text output (a terminal, and NO_COLOR unset). */
  color: boolean;
}

/** Exit codes, as CI steps read them. */
export const EXIT = {
  ok: 0,
  /** The model has errors, or more warnings than `--max-warnings` allows. */
  findings: 1,
  /** The input could not be read or is not a valid model, or the command line is wrong. */
  badInput: 2,
} as const;

/** A failure that ends the command with a message and exit code 2 (never a stack trace). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
