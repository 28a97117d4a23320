export * from './elements';
export * from './filters';
export * from './styles';
export * from './layouts';
export * from './paths';
export * from './use-cytoscape';
