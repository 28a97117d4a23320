import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { pt } from './pt';

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

export function setLanguage(code: string): void {
  localStorage.setItem(KEY, code);
  void i18next.changeLanguage(code);
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, es: { translation: es }, fr: { translation: fr }, pt: { translation: pt } },
  lng: initialLanguage(),
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

export default i18next;
