/**
 * Module declarations for the page bundle (bench/browser only): Vite's `?url` asset imports, and
 * sql.js, which ships no types (its adapter narrows the value it gets).
 */

declare module '*?url' {
  /** The URL of the emitted asset. */
  const url: string;
  export default url;
}

declare module 'sql.js' {
  /** sql.js's initializer (`sql-wasm-browser.js` under Vite's `browser` condition). */
  const initSqlJs: (config?: { locateFile?: (file: string) => string }) => Promise<unknown>;
  export default initSqlJs;
}
