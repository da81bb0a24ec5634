/**
 * The one list of secret values the bot holds. Everything that knows a secret registers it here
 * (environment, config file, step environment, URL passwords, values learned at run time); the
 * redactor masks every registered value in all its encodings. `version` changes whenever a value
 * is added, so the redactor rebuilds its matcher only when it has to.
 */

/** Shorter values are too likely to be ordinary words or numbers ("admin", "1234"). */
export const MIN_SECRET_LENGTH = 6;
/** Learned values are bounded so a long-running bot cannot grow its matcher without limit. */
const MAX_LEARNED = 500;

export interface SecretEntry {
  value: string;
  /** where it came from, e.g. `env SLACK_BOT_TOKEN`, `config statuspage.apiKey`; never the value */
  source: string;
}

export class SecretRegistry {
  private readonly entries = new Map<string, SecretEntry>();
  private readonly learned: string[] = [];
  private readonly tooShort: SecretEntry[] = [];
  private ver = 0;

  /** Registers a value. Returns false when it is too short to mask without masking ordinary words. */
  add(value: string | undefined, source: string): boolean {
    if (value === undefined || value === '') return false;
    if (this.entries.has(value)) return true;
    if (value.length < MIN_SECRET_LENGTH) {
      if (!this.tooShort.some((e) => e.source === source)) this.tooShort.push({ value, source });
      return false;
    }
    this.entries.set(value, { value, source });
    this.ver++;
    return true;
  }

  /** A value found at run time (a token a pattern recognised): masked in every form from now on. */
  learn(value: string, source = 'learned at run time'): void {
    if (this.entries.has(value) || value.length < MIN_SECRET_LENGTH) return;
    this.add(value, source);
    this.learned.push(value);
    if (this.learned.length > MAX_LEARNED) {
      this.entries.delete(this.learned.shift()!);
      this.ver++;
    }
  }

  has(value: string): boolean {
    return this.entries.has(value);
  }

  values(): string[] {
    return [...this.entries.keys()];
  }

  /** where each value came from, for startup diagnostics (values are never included) */
  sources(): string[] {
    return [...this.entries.values()].map((e) => e.source);
  }

  /** secrets that were configured but are too short to mask safely; say so at startup */
  unmaskable(): string[] {
    return this.tooShort.map((e) => e.source);
  }

  get version(): number {
    return this.ver;
  }
}
