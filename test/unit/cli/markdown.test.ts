import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { cli, repoRoot } from './cliHarness';

describe('markdown readiness report', () => {
  it('gives a verdict per category, then findings grouped by file', async () => {
    const pilot = await cli(['check', '--format', 'markdown', 'examples/fraud-pilot'], repoRoot);
    assert.match(pilot.stdout, /^# Production readiness report/);
    assert.match(pilot.stdout, /\*\*❌ Not ready\*\*/);
    assert.match(pilot.stdout, /\| Configuration \| ❌ fail \| \d+ \|/);
    assert.match(pilot.stdout, /^## Configuration: fail$/m);
    assert.match(pilot.stdout, /^### `examples\/fraud-pilot\/app\/main\.py`$/m);
    const twin = await cli(['check', '--format', 'markdown', 'examples/fraud-production'], repoRoot);
    assert.match(twin.stdout, /\*\*✅ Ready\*\*/);
    assert.doesNotMatch(twin.stdout, /❌/);
  });
});
