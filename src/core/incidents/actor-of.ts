/** The audit log names actors by label (`slack:U123 (alice)`, `console:alice`, `system`); the timeline wants id and name. */
import type { Person } from './model.js';

export function personOfLabel(label: string): Person {
  const m = /^(?:([a-z]+):)?(.+?)(?: \((.*)\))?$/.exec(label);
  if (!m) return { id: label, name: label };
  const id = m[2]!;
  return { id, name: m[3] ?? id };
}

export const BOT: Person = { id: 'opsbridge', name: 'opsbridge' };
export const isBot = (p: Person): boolean => p.id === 'system' || p.id === BOT.id;
