import type { en } from './en';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** Every language carries every key of the English catalogue: the compiler finds a missing translation. */
export type Messages = Widen<typeof en>;

// Translation keys are checked at compile time: t('a.missing.key') does not compile, and a key built
// from a value (t(`kind.${kind}`)) compiles only when every value the type allows names a key.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
