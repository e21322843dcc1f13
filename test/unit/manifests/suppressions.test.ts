import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeText } from '../../../src/session/engine';
import { runProject } from './util';

describe('suppression comments in manifests', () => {
  it('silence a rule on the line or the line above in Dockerfiles, YAML, requirements and TOML', async () => {
    const cases: Array<[string, string, string]> = [
      ['Dockerfile', '# prodready: ignore[unpinned-image]\nFROM python:latest\nUSER app\n', 'unpinned-image'],
      ['requirements.txt', 'fastapi  # prodready: ignore[unpinned-dependency]\n', 'unpinned-dependency'],
      [
        'pyproject.toml',
        '[project]\nname = "x"\ndependencies = [\n  # prodready: ignore[unpinned-dependency]\n  "fastapi",\n]\n',
        'unpinned-dependency',
      ],
      ['docker-compose.yml', 'services:\n  db:\n    image: postgres  # prodready: ignore[unpinned-image]\n', 'unpinned-image'],
    ];
    for (const [file, text, rule] of cases) {
      const analysis = await analyzeText({ path: file, text });
      assert.deepEqual(
        analysis.findings.filter((finding) => finding.ruleId === rule).map((finding) => finding.message),
        [],
        file,
      );
    }
    const unsuppressed = await analyzeText({ path: 'Dockerfile', text: 'FROM python:latest\nUSER app\n' });
    assert.ok(unsuppressed.findings.some((finding) => finding.ruleId === 'unpinned-image'));
  });

  it('apply to cross-file findings in the file they sit in', async () => {
    const deployment = (comment: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: 1${comment}\n  template:\n    spec:\n      containers: []\n`;
    const root = path.resolve('/work/projects/suppress');
    assert.deepEqual((await runProject(root, { 'k8s.yaml': deployment('') })).lines, ['k8s.yaml:5:3 single-replica']);
    assert.deepEqual((await runProject(root, { 'k8s.yaml': deployment('  # prodready: ignore[single-replica]') })).lines, []);
  });
});
