/**
 * Slash-command options → the core's argument text: `name:value` tokens, values with spaces or
 * quotes double-quoted (the core splits shell-style and never evaluates), in the order given.
 */
export interface OptionLike {
  name: string;
  value?: string | number | boolean | null;
  options?: readonly OptionLike[];
}

export function optionsToArgs(options: readonly OptionLike[]): string {
  const tokens: string[] = [];
  for (const o of options) {
    if (o.options?.length) tokens.push(optionsToArgs(o.options)); // subcommand groups: flatten
    else if (o.value !== undefined && o.value !== null) tokens.push(`${o.name}:${quote(String(o.value))}`);
  }
  return tokens.filter(Boolean).join(' ');
}

function quote(v: string): string {
  if (v !== '' && !/[\s"'\\]/.test(v)) return v;
  return '"' + v.replace(/["\\$`]/g, (c) => '\\' + c) + '"';
}
