export * from './errors';
export * from './ids';
export * from './validate';
export * from './types';
export * from './policy';
export * from './resolution-keys';
export * from './countries';
export * from './time-zone';
