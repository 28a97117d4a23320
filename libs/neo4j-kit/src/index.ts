export { decodeValue, decodeRow, decodeRecord, toNumber, toBytes, toWireBytes, int, type Row } from './values';
export { DriverRunner, runSchemaStatement, type Tx, type TxRunner, type DriverRunnerOptions } from './runner';
