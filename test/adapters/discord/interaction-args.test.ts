import { describe, expect, it } from 'vitest';

import { optionsToArgs } from '../../../src/adapters/discord/interaction-args.js';

describe('optionsToArgs', () => {
  it('renders options as name:value tokens, quoting values with spaces or quotes', () => {
    expect(optionsToArgs([{ name: 'topic', value: 'db' }, { name: 'step', value: 3 }])).toBe('topic:db step:3');
    expect(optionsToArgs([{ name: 'message', value: 'API is "slow" $HOME' }])).toBe('message:"API is \\"slow\\" \\$HOME"');
    expect(optionsToArgs([{ name: 'note', value: '' }, { name: 'skip', value: null }])).toBe('note:""');
  });

  it('flattens subcommand options', () => {
    expect(optionsToArgs([{ name: 'replay', options: [{ name: 'since', value: '2h' }] }])).toBe('since:2h');
  });
});
