import { describe, expect, it } from 'vitest';
import da from '../../../renderer/i18n/locales/da.json';
import en from '../../../renderer/i18n/locales/en.json';
import { createI18n, switchLanguage } from '../../../renderer/i18n/index.ts';

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

describe('createI18n and switchLanguage', () => {
  it('starts in the language asked for, English loaded on demand', async () => {
    const english = await createI18n('en');
    expect(english.language).toBe('en');
    expect(english.t('signIn.title')).toBe(en.signIn.title);
    const danish = await createI18n('da');
    expect(danish.t('signIn.title')).toBe(da.signIn.title);
    expect(danish.hasResourceBundle('en', 'translation')).toBe(false);
  });

  it('switches both ways, loading English once', async () => {
    const instance = await createI18n('da');
    await switchLanguage(instance, 'en');
    expect(instance.t('signIn.title')).toBe(en.signIn.title);
    await switchLanguage(instance, 'da');
    expect(instance.t('signIn.title')).toBe(da.signIn.title);
    await switchLanguage(instance, 'en');
    expect(instance.language).toBe('en');
  });
});
