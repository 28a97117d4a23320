/** The missing child's media and outputs: photos, face-match leads, posters, CAP alerts. */
export * from './photos';
export { PhotoFiles, type InspectedImage, type ReceivedFile } from './photos.files';
export { PHOTO_SQLITE_DDL, openEmbeddedPhotoStore } from './photos.embedded';
export { openNeo4jPhotoStore } from './photos.neo4j';
export { CYPHER as PHOTO_CYPHER } from './cypher';
export * from './faces';
export { FaceAnalyzer, type AnalysedPhoto, type DetectedFace, type FaceAnalyzerOptions } from './faces.analyzer';
export * from './profile';
export * from './risk';
export * from './area';
export * from './cap';
export * from './poster-i18n';
export * from './poster';
export * from './stats';
export * from './profile-store';
export { Neo4jChildRecordStore, openNeo4jChildRecords } from './profile-store/neo4j';
