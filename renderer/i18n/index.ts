import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../shared/ipc/schemas.ts';
import da from './locales/da.json';
import en from './locales/en.json';

export const resources = { da: { translation: da }, en: { translation: en } } as const;

/** A fresh i18next instance. Danish is the default and the fallback for any key English lacks. */
export async function createI18n(language: Language): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'da',
    supportedLngs: ['da', 'en'],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
