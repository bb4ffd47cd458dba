import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../shared/ipc/schemas.ts';
import da from './locales/da.json';

type Translation = typeof da;

/** Danish ships with the first screen; English loads when it is first chosen. */
const translations: Record<Language, () => Promise<Translation>> = {
  da: () => Promise.resolve(da),
  en: async () => (await import('./locales/en.json')).default,
};

/** A fresh i18next instance in `language`. Danish is the fallback for any key English lacks. */
export async function createI18n(language: Language): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    resources: { da: { translation: da } },
    lng: 'da',
    fallbackLng: 'da',
    supportedLngs: ['da', 'en'],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  await switchLanguage(instance, language);
  return instance;
}

/** Loads `language`'s texts if this instance lacks them, then switches to it. */
export async function switchLanguage(instance: i18n, language: Language): Promise<void> {
  if (!instance.hasResourceBundle(language, 'translation'))
    instance.addResourceBundle(language, 'translation', await translations[language]());
  if (instance.language !== language) await instance.changeLanguage(language);
}
