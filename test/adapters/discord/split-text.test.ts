import { describe, expect, it } from 'vitest';

import { fencedBlocks, splitText } from '../../../src/adapters/discord/split-text.js';

describe('splitText', () => {
  it('cuts at line breaks first, then spaces, then anywhere, losing no characters but the separators', () => {
    expect(splitText('aaa\nbbb\nccc', 8)).toEqual(['aaa\nbbb', 'ccc']);
    expect(splitText('aaa bbb ccc', 8)).toEqual(['aaa bbb', 'ccc']);
    expect(splitText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(splitText('short', 10)).toEqual(['short']);
  });
});

describe('fencedBlocks', () => {
  it('closes and reopens the fence in every chunk', () => {
    const blocks = fencedBlocks('1111\n2222\n3333', 'sh', 16);
    expect(blocks).toEqual(['```sh\n1111\n```', '```sh\n2222\n```', '```sh\n3333\n```']);
    expect(blocks.every((b) => b.length <= 16)).toBe(true);
  });
});
