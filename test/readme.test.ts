/**
 * The README's examples are real files: the "Use it in your app" block is
 * test/readme/use-in-your-app.tsx (type-checked with the rest of the project) and the "Test your
 * app with Playwright" block is e2e/readme-example.e2e.ts (run by Playwright against the demo).
 * This test keeps each block identical to its file, and the screenshots it shows present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The fenced block that follows `<!-- file … -->` in the README. */
function blockAfterMarker(file: string): string {
  const marker = readme.indexOf(`<!-- ${file} `);
  expect(marker, `README has no <!-- ${file} … --> marker`).toBeGreaterThan(0);
  const open = readme.indexOf('```', marker);
  const start = readme.indexOf('\n', open) + 1;
  const end = readme.indexOf('\n```', start);
  return readme.slice(start, end + 1);
}

describe('README examples', () => {
  for (const file of ['test/readme/use-in-your-app.tsx', 'e2e/readme-example.e2e.ts']) {
    it(`the block marked ${file} is that file`, () => {
      expect(blockAfterMarker(file)).toBe(readFileSync(join(root, file), 'utf8'));
    });
  }

  it('the app example is at most 25 lines and uses inkdb/react', () => {
    const app = blockAfterMarker('test/readme/use-in-your-app.tsx');
    expect(app.trimEnd().split('\n').length).toBeLessThanOrEqual(25);
    expect(app).toContain("from 'inkdb/react'");
  });

  it('the kit example runs in both Playwright projects', () => {
    const config = readFileSync(join(root, 'playwright.config.ts'), 'utf8');
    expect(config).toMatch(/DEMO_SPECS = \[[^\]]*'readme-example\.e2e\.ts'/);
  });

  it('the screenshots it shows exist and are PNG files', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+\.png)\)/g)].map((m) => m[1]!);
    expect(images).toEqual(['docs/images/demo-console.png', 'docs/images/demo-chat.png']);
    for (const img of images) {
      expect(existsSync(join(root, img)), img).toBe(true);
      expect(readFileSync(join(root, img)).subarray(1, 4).toString('latin1')).toBe('PNG');
    }
  });
});
