/** How an actor is named in the audit log, everywhere: `slack:U123 (alice)`, or `console:alice` when id and name agree. */
export const actorLabel = (a: { platform?: string; id: string; name?: string }): string =>
  `${a.platform ? a.platform + ':' : ''}${a.id}${a.name && a.name !== a.id ? ` (${a.name})` : ''}`;
