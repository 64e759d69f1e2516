/**
 * Every Playwright spec in e2e/ runs in at least one project of playwright.config.ts (a spec
 * left out of every project would silently never run).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import config from '../playwright.config.ts';

const E2E = join(dirname(fileURLToPath(import.meta.url)), '..', 'e2e');

describe('playwright.config.ts', () => {
  it('runs every e2e spec in at least one project', () => {
    const specs = readdirSync(E2E).filter((f) => f.endsWith('.e2e.ts'));
    expect(specs.length).toBeGreaterThan(5);
    const matched = new Set<string>();
    for (const p of config.projects ?? []) {
      const m = p.testMatch;
      const list = Array.isArray(m) ? m : m === undefined ? [] : [m];
      for (const x of list) if (typeof x === 'string') matched.add(x);
    }
    expect(specs.filter((s) => !matched.has(s))).toEqual([]);
  });
});
