import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The import rules of .dependency-cruiser.mjs (`npm run lint:deps`), run on purpose-made files
 * laid out like the app's, so each rule is shown to catch the import it names and to let the
 * allowed one through.
 */

const CONFIG = new URL('../../../.dependency-cruiser.mjs', import.meta.url);

let forbidden: IForbiddenRuleType[];
let root: string;

beforeAll(async () => {
  ({ forbidden } = ((await import(CONFIG.href)) as { default: { forbidden: IForbiddenRuleType[] } }).default);
  root = mkdtempSync(join(tmpdir(), 'ums-import-rules-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The rules broken by one file importing another, both written under a fresh folder. */
async function brokenBy(from: string, to: string): Promise<string[]> {
  const base = mkdtempSync(join(root, 'case-'));
  const relative = join(...Array(from.split('/').length - 1).fill('..'), to).replace(/\.ts$/, '.js');
  for (const [file, text] of [
    [to, 'export const value = 1;\n'],
    [from, `import { value } from './${relative}';\nexport const copy = value;\n`],
  ] as const) {
    mkdirSync(dirname(join(base, file)), { recursive: true });
    writeFileSync(join(base, file), text);
  }
  const result = await cruise(
    ['backend'],
    { ruleSet: { forbidden }, validate: true, baseDir: base, tsPreCompilationDeps: true },
    { extensions: ['.ts', '.js'] },
  );
  const output = result.output as ICruiseResult;
  // Resolved, or the rules below would pass for want of an edge.
  expect(output.modules.find((m) => m.source === from)?.dependencies[0]?.resolved).toBe(to);
  return output.summary.violations.map((v) => v.rule.name);
}

describe('the import rules', () => {
  it('let only recordEvent reach the audit repository, so no event skips the registry', async () => {
    expect(
      await brokenBy('backend/src/services/groups.service.ts', 'backend/src/db/audit.repository.ts'),
    ).toEqual(['audit-through-registry']);
    expect(await brokenBy('backend/src/plugins/audit-hook.ts', 'backend/src/db/audit.repository.ts')).toEqual(
      ['audit-through-registry'],
    );
    expect(
      await brokenBy('backend/src/services/audit.service.ts', 'backend/src/db/audit.repository.ts'),
    ).toEqual([]);
  });

  it('keep routes off db/ and db/ off the layers above it', async () => {
    expect(await brokenBy('backend/src/routes/groups/index.ts', 'backend/src/db/dialect.ts')).toEqual([
      'routes-not-db',
    ]);
    expect(await brokenBy('backend/src/db/fast/index.ts', 'backend/src/services/users.service.ts')).toEqual([
      'db-not-upward',
    ]);
    expect(
      await brokenBy('backend/src/services/users.service.ts', 'backend/src/db/users.repository.ts'),
    ).toEqual([]);
  });
});
