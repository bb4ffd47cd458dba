import { describe, expect, it } from 'vitest';
import da from '../../../renderer/i18n/locales/da.json';
import en from '../../../renderer/i18n/locales/en.json';

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) =>
    keysOf(child, prefix ? `${prefix}.${key}` : key),
  );
}

function placeholdersOf(text: unknown): string[] {
  return typeof text === 'string'
    ? [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1] ?? '').sort()
    : [];
}

function valueAt(tree: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) =>
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[key]
          : undefined,
      tree,
    );
}

describe('translations', () => {
  it('Danish and English have exactly the same keys', () => {
    expect(keysOf(en).sort()).toEqual(keysOf(da).sort());
  });

  it('every text uses the same placeholders in both languages', () => {
    for (const key of keysOf(da)) {
      expect(placeholdersOf(valueAt(en, key)), key).toEqual(placeholdersOf(valueAt(da, key)));
    }
  });

  it('no text is empty', () => {
    for (const [language, tree] of [
      ['da', da],
      ['en', en],
    ] as const) {
      for (const key of keysOf(tree)) {
        const value = valueAt(tree, key);
        expect(typeof value === 'string' && value.trim().length > 0, `${language}:${key}`).toBe(
          true,
        );
      }
    }
  });
});
