/** Analyst intelligence over the link graph: paths, co-sightings, cross-case links, feasibility, centrality, entity resolution. */
export {};
export * from './cosighting';
export * from './centrality';
export * from './resolution';
export * from './paths';
export * from './grading';
export * from './feasibility';
