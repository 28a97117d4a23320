/** The missing child's media and outputs: photos, face-match leads, posters, CAP alerts. */
export * from './profile';
export * from './risk';
export * from './area';
export * from './cap';
export * from './poster-i18n';
export * from './poster';
export * from './stats';
export * from './profile-store';
