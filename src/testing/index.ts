/**
 * InkDB's testing helpers, published as `inkdb/testing`: a sqllogictest runner (parser,
 * result rendering, sorting, hashing, file runner) and the pure-TypeScript MD5 it uses.
 *
 * @module
 */

/** The sqllogictest runner: parse files, render/sort/hash results, run files against an engine. */
export { runSltFile, runSltFiles } from './sqllogictest.ts';
export { parseSlt } from './slt-parser.ts';
export { renderValue, renderInteger, renderReal, renderText, formatReal } from './slt-render.ts';
export { sortValues, hashValues, hashLine } from './slt-sort-hash.ts';
/** Types of the sqllogictest runner: the engine interface, records, options and results. */
export type { SltConnection, SltConnect, SltColumn, SltQueryResult } from './slt-connection.ts';
export type {
  SltCondition, SltRecordBase, SltRecord, SltStatementRecord, SltQueryRecord, SltHashThresholdRecord, SltHaltRecord,
  SltUnknownRecord, SltSortMode,
} from './slt-parser.ts';
export type { SltSource, SltOptions, SltFailureKind, SltFailure, SltFileResult, SltSummary } from './slt-options.ts';
/** Incremental MD5 over UTF-8 strings and bytes, for browsers and Node alike. */
export { Md5, md5Hex } from './md5.ts';
