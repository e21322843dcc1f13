import * as assert from 'node:assert/strict';
import { parseTypeScript } from '../../src/parsers/typescript/parse';
import { assertClean } from './helpers';

/**
 * `assertClean` for TS/JS: first checks the snippet parses as it is. A TS/JS file with a syntax
 * error is skipped or analysed with its broken line blanked, so a near-miss with a typo could pass
 * without testing what it claims to.
 */
export async function assertCleanTs(ruleId: string, text: string, path = 'src/server.ts'): Promise<void> {
  const parsed = parseTypeScript(text, path);
  assert.ok(!('error' in parsed), `snippet does not parse (${'error' in parsed ? parsed.error : ''}):\n${text}`);
  await assertClean(ruleId, text, path);
}
