/// <reference types="vite/client" />

/** Build-time switches of the demo. */
interface ImportMetaEnv {
  /** `on` exposes the database to the Playwright kit in a production build (always on in dev). */
  readonly VITE_INKDB_TEST_HOOK?: string;
}
