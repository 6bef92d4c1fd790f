import { describe, expect, it } from 'vitest';
import { configText } from './collect-and-grade.js';

describe('configText', () => {
  it('keeps a single configuration text as it is', () => {
    expect(configText('hostname r1\n')).toBe('hostname r1\n');
  });

  it('joins the files of a multi-file configuration (CML 2.5+)', () => {
    expect(
      configText([
        { name: 'ios_config.txt', content: 'hostname r1' },
        { name: 'extra.txt', content: 'ip domain-name lab' },
      ]),
    ).toBe('hostname r1\nip domain-name lab');
  });

  it('gives no text for a node without configuration', () => {
    expect(configText(null)).toBe('');
    expect(configText([{ name: 'empty' }])).toBe('');
  });
});
