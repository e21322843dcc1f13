import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');

function sources(folder: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) out.push(...sources(full));
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

describe('architecture', () => {
  it('keeps the analysis core free of the vscode module, so the CLI and tests run the same code', () => {
    const offenders = ['src/core', 'src/rules', 'src/parsers', 'src/cli', 'src/deployment']
      .flatMap((folder) => sources(path.join(root, folder)))
      .filter((file) => /(from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\))/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(root, file));
    assert.deepEqual(offenders, []);
  });

  it('keeps the deployment model a function of facts: src/deployment imports only src/core and itself', () => {
    const offenders = sources(path.join(root, 'src/deployment')).flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/from\s+['"](\.[^'"]+)['"]/g)]
        .map((match) => path.relative(root, path.resolve(path.dirname(file), match[1])))
        .filter((target) => !target.startsWith(path.join('src', 'core')) && !target.startsWith(path.join('src', 'deployment')))
        .map((target) => `${path.relative(root, file)} -> ${target}`),
    );
    assert.deepEqual(offenders, []);
  });
});
