import type { en } from './en';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** Every language carries every key of the English catalogue: the compiler finds a missing translation. */
export type Messages = Widen<typeof en>;
