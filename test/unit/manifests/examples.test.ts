import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type FileAnalysis } from '../../../src/core/engine';
import { analyzeText } from '../../../src/session/engine';
import { fileKindOf } from '../../../src/core/fileKinds';
import { analyzeProject } from '../../../src/session/engine';
import type { Finding } from '../../../src/core/types';

const EXAMPLES = path.resolve(__dirname, '../../../../examples');
/** The rules this part of prodready owns: manifests, notebooks and the workspace pass. */
const DEPLOYMENT_RULES = new Set([
  'unpinned-dependency',
  'missing-dependency',
  'unpinned-image',
  'container-runs-as-root',
  'missing-healthcheck',
  'dev-server-in-container',
  'missing-resource-limits',
  'missing-probes',
  'single-replica',
  'notebook-in-production',
  'undeclared-env-var',
]);

function filesUnder(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(full);
    return fileKindOf(full) ? [full] : [];
  });
}

async function check(folder: string): Promise<Array<{ file: string; finding: Finding }>> {
  const texts = new Map<string, string>();
  const analyses: FileAnalysis[] = [];
  for (const file of filesUnder(folder)) {
    texts.set(file, fs.readFileSync(file, 'utf8'));
    const analysis = await analyzeText({ path: file, text: texts.get(file)! });
    assert.equal(analysis.skipped, undefined, `${file}: ${analysis.skipped}`);
    analyses.push(analysis);
  }
  const cross = analyzeProject(analyses, { roots: [folder], readText: (file) => texts.get(file) });
  return analyses.flatMap((analysis) =>
    (cross.get(analysis.path) ?? analysis.findings).map((finding) => ({ file: path.relative(folder, analysis.path), finding })),
  );
}

describe('examples', () => {
  it('the pilot shows at least 10 distinct manifest, notebook and cross-file rules, including in its notebook', async () => {
    const found = await check(path.join(EXAMPLES, 'fraud-pilot'));
    const rules = new Set(found.map(({ finding }) => finding.ruleId));
    const deployment = [...rules].filter((rule) => DEPLOYMENT_RULES.has(rule) || rule === 'hardcoded-secret' || rule === 'hardcoded-path');
    assert.ok(deployment.length >= 10, deployment.join(', '));
    assert.ok(found.some(({ file, finding }) => file.endsWith('.ipynb') && finding.cell !== undefined));
    for (const rule of ['hardcoded-secret', 'hardcoded-path']) {
      assert.ok(
        found.some(({ file, finding }) => finding.ruleId === rule && /Dockerfile|\.ya?ml$/.test(file)),
        `${rule} in a manifest`,
      );
    }
  });

  it('the production twin has no deployment finding', async () => {
    const found = await check(path.join(EXAMPLES, 'fraud-production'));
    const deployment = found.filter(
      ({ file, finding }) => DEPLOYMENT_RULES.has(finding.ruleId) || /Dockerfile|\.ya?ml$|requirements|\.ipynb$/.test(file),
    );
    assert.deepEqual(
      deployment.map(({ file, finding }) => `${file}: ${finding.ruleId} ${finding.message}`),
      [],
    );
  });
});
