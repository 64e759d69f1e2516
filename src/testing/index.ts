/**
 * InkDB's testing helpers, published as `inkdb/testing`: a sqllogictest runner (parser,
 * result rendering, sorting, hashing, file runner) and the pure-TypeScript MD5 it uses.
 *
 * @module
 */

/** The sqllogictest runner: parse files, render/sort/hash results, run files against an engine. */
export {
  parseSlt, runSltFile, runSltFiles, renderValue, renderInteger, renderReal, renderText, formatReal,
  sortValues, hashValues, hashLine,
} from './sqllogictest.ts';
/** Types of the sqllogictest runner: the engine interface, records, options and results. */
export type {
  SltConnection, SltConnect, SltColumn, SltQueryResult, SltCondition, SltRecordBase, SltRecord,
  SltStatementRecord, SltQueryRecord, SltHashThresholdRecord, SltHaltRecord, SltUnknownRecord, SltSortMode,
  SltSource, SltOptions, SltFailureKind, SltFailure, SltFileResult, SltSummary,
} from './sqllogictest.ts';
/** Incremental MD5 over UTF-8 strings and bytes, for browsers and Node alike. */
export { Md5, md5Hex } from './md5.ts';
