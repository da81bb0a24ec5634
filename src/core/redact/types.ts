/** What every output path calls before a string leaves the process. */
export interface Redactor {
  redact(text: string): string;
}
