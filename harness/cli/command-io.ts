/** What a command may touch of the process: injected so commands run the same in tests and in the CLI. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal that wants colours. */
  color: boolean;
  /** The stream long commands draw live progress on (stderr) when it is a terminal; absent in tests. */
  progressStream?: NodeJS.WriteStream;
}
