/** Analyst intelligence over the link graph: paths, co-sightings, cross-case links, feasibility, centrality, entity resolution. */
export {};
