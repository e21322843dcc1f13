/* eslint-disable @typescript-eslint/no-explicit-any -- SARIF is checked against its schema, then read loosely */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import { cli, repoRoot } from './cliHarness';

describe('SARIF output', () => {
  it('validates against the SARIF 2.1.0 schema and carries what GitHub code scanning requires', async () => {
    const result = await cli(['check', '--format', 'sarif', 'examples/fraud-pilot'], repoRoot);
    const sarif = JSON.parse(result.stdout) as { runs: any[] };
    const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false });
    const validate = ajv.compile(schema);
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const run = sarif.runs[0];
    assert.ok(run.tool.driver.rules.length >= 25);
    for (const rule of run.tool.driver.rules) assert.match(rule.helpUri, /^https:\/\/.+\/docs\/rules\/[a-z-]+\.md$/);
    assert.ok(run.results.length > 0);
    for (const r of run.results) {
      assert.equal(typeof r.ruleId, 'string');
      assert.ok(['error', 'warning', 'note'].includes(r.level));
      const location = r.locations[0].physicalLocation;
      assert.match(location.artifactLocation.uri, /^examples\/fraud-pilot\//);
      assert.ok(location.region.startLine >= 1 && location.region.startColumn >= 1);
    }
    assert.ok(run.results.some((r: { fixes?: unknown[] }) => r.fixes?.length));
  });
});
