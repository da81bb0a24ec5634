import { describe, expect, it } from 'vitest';
import { splitFrontMatter } from '../../../src/core/runbook/split-front-matter.js';

describe('splitFrontMatter', () => {
  it('cuts the YAML off and says on which file line the markdown starts', () => {
    expect(splitFrontMatter('---\nid: db\ntitle: T\n---\n# Title\n')).toEqual({ yaml: 'id: db\ntitle: T\n', unclosed: false, body: '# Title\n', bodyLine: 5 });
  });

  it('accepts CRLF, trailing blanks on the fences, an empty block and no body', () => {
    expect(splitFrontMatter('--- \r\nid: db\r\n---\t\r\n\r\n## A\r\n')).toMatchObject({ yaml: 'id: db\r\n', body: '\r\n## A\r\n', bodyLine: 4 });
    expect(splitFrontMatter('---\n---\n# T')).toEqual({ yaml: '', unclosed: false, body: '# T', bodyLine: 3 });
    expect(splitFrontMatter('---\nid: x\n---')).toEqual({ yaml: 'id: x\n', unclosed: false, body: '', bodyLine: 4 });
  });

  it('no front matter: the whole text is markdown', () => {
    expect(splitFrontMatter('# T\n---\nid: x\n---\n')).toEqual({ yaml: undefined, unclosed: false, body: '# T\n---\nid: x\n---\n', bodyLine: 1 });
    expect(splitFrontMatter('')).toEqual({ yaml: undefined, unclosed: false, body: '', bodyLine: 1 });
    expect(splitFrontMatter('----\nid: x\n----\n').yaml).toBeUndefined();
  });

  it('never closed: reported, and the text stays markdown', () => {
    expect(splitFrontMatter('---\nid: db\n\n# Title\n')).toEqual({ yaml: undefined, unclosed: true, body: '---\nid: db\n\n# Title\n', bodyLine: 1 });
    expect(splitFrontMatter('---').unclosed).toBe(true);
  });
});
