/** One row of the classifier table: the command, the class an on-call engineer expects, and words its reason must contain. */
export type Row = [command: string, expected: 'safe' | 'approve' | 'manual', reason: string];
