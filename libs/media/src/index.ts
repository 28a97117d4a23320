/** The missing child's media and outputs: photos, face-match leads, posters, CAP alerts. */
export {};
