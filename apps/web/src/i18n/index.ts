import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'es', name: 'Español' },
  { code: 'fr', name: 'Français' },
  { code: 'pt', name: 'Português' },
] as const;

const KEY = 'homeward.lang';

function initialLanguage(): string {
  const saved = localStorage.getItem(KEY);
  if (saved && LANGUAGES.some((l) => l.code === saved)) return saved;
  const nav = navigator.language.slice(0, 2);
  return LANGUAGES.some((l) => l.code === nav) ? nav : 'en';
}

/**
 * English is in the first chunk (it is also every language's fallback); the others are chunks of their
 * own, loaded when chosen or when the browser asks for one at start (main.tsx waits for i18nReady before
 * the first render, so no English flashes first). Three languages were a fifth of the initial JavaScript.
 */
const LOADERS: Record<string, () => Promise<object>> = {
  es: () => import('./es').then((m) => m.es),
  fr: () => import('./fr').then((m) => m.fr),
  pt: () => import('./pt').then((m) => m.pt),
};

async function loadLanguage(code: string): Promise<void> {
  const load = LOADERS[code];
  if (!load || i18next.hasResourceBundle(code, 'translation')) return;
  i18next.addResourceBundle(code, 'translation', await load());
}

export function setLanguage(code: string): void {
  localStorage.setItem(KEY, code);
  // Offline with a language never loaded: the interface stays in the one it has.
  loadLanguage(code).then(
    () => void i18next.changeLanguage(code),
    () => undefined,
  );
}

const first = initialLanguage();
void i18next.use(initReactI18next).init({
  resources: { en: { translation: en } },
  lng: 'en',
  fallbackLng: 'en',
  // React escapes already; double escaping would show &amp; in names.
  interpolation: { escapeValue: false },
  // i18next otherwise advertises a hosted service in every user's console.
  showSupportNotice: false,
});

i18next.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});
document.documentElement.lang = i18next.language;

/** Settles once the reader's language is loaded and in force (English when it cannot be loaded). */
export const i18nReady: Promise<void> =
  first === 'en'
    ? Promise.resolve()
    : loadLanguage(first).then(
        () => i18next.changeLanguage(first).then(() => undefined),
        () => undefined,
      );

export default i18next;
