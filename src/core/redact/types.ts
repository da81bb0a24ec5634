/** What every output path calls before a string leaves the process. */
export interface Redactor {
  redact(text: string): string;
  /** a secret learned at run time (an interaction token): masked in every form from now on */
  learn?(value: string, source: string): void;
  /** redact(), plus secretlint's vendor rules: for step output, where unknown tokens show up */
  redactAsync?(text: string): Promise<string>;
}
