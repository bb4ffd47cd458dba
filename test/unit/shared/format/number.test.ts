import { describe, expect, it } from 'vitest';
import { numberFormat } from '../../../../shared/format/number.ts';

describe('numberFormat', () => {
  it('uses the Danish decimal comma unless the language is English', () => {
    expect(numberFormat('da', { maximumFractionDigits: 2 }).format(37.25)).toBe('37,25');
    expect(numberFormat('en', { maximumFractionDigits: 2 }).format(37.25)).toBe('37.25');
    expect(numberFormat('da', { maximumFractionDigits: 1 }).format(1234.56)).toBe('1.234,6');
    expect(numberFormat('da', { useGrouping: false }).format(1234)).toBe('1234');
  });

  it('keeps one formatter per language and options', () => {
    const options = { maximumFractionDigits: 2 };
    expect(numberFormat('da', options)).toBe(numberFormat('da', { maximumFractionDigits: 2 }));
    expect(numberFormat('da', options)).not.toBe(numberFormat('en', options));
    expect(numberFormat('da', options)).not.toBe(numberFormat('da', { maximumFractionDigits: 1 }));
  });
});
