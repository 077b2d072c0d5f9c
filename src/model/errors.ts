/**
 * A problem in what configures the run (flags, config file, the user's own policies): no verdict can
 * be trusted, so the CLI prints one line naming the place and exits 2.
 */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'ConfigError';
  }

  /** `file:line:col: message`, or as much of the location as is known. */
  format(): string {
    if (!this.file) return this.message;
    const where = this.line ? `${this.file}:${this.line}:${this.column ?? 1}` : this.file;
    return `${where}: ${this.message}`;
  }
}
