/**
 * The runner's default file reader, the one place it touches Node: `node:fs/promises` through a
 * computed specifier (so browser bundles leave it out), gunzipping `.gz` files with the
 * web-standard `DecompressionStream`.
 *
 * @module
 */

/** Reads a test file as UTF-8 text, gunzipped when its path ends in `.gz`. */
export async function defaultReadFile(path: string): Promise<string> {
  // A computed specifier keeps bundlers from pulling node:fs into browser builds.
  const spec = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ spec)) as typeof import('node:fs/promises');
  if (!path.endsWith('.gz')) return fs.readFile(path, 'utf8');
  // Gzipped corpus files: the web-standard DecompressionStream (no node:zlib here).
  const gz = new Blob([await fs.readFile(path)]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(gz).text();
}
