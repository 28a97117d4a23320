/** Dependency-injection tokens of what main.ts builds before Nest starts. */
export const CONFIG = Symbol('CONFIG');
export const STORES = Symbol('STORES');
export const DOCUMENTS = Symbol('DOCUMENTS');
export const AUDIT = Symbol('AUDIT');
