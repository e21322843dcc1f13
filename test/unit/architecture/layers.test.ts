import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The shape of the code, enforced: dependencies point one way —
 * front ends (cli, vscode, extension) → session → rules → parsers → deployment/knowledge → core —
 * and no module of src/ is part of an import cycle (type-only imports included: a cycle of types
 * is still two modules that cannot be understood apart).
 */
const SRC = path.resolve(__dirname, '../../../../src');

const LAYERS: Array<[prefix: string, rank: number]> = [
  ['core/', 0],
  ['knowledge/', 1],
  ['deployment/', 1],
  ['parsers/', 2],
  ['rules/', 3],
  ['session/', 4],
  ['cli/', 5],
  ['server/', 5],
  ['vscode/', 5],
  ['extension.ts', 5],
];

function layerOf(file: string): [string, number] {
  const relative = path.relative(SRC, file).split(path.sep).join('/');
  const layer = LAYERS.find(([prefix]) => relative.startsWith(prefix));
  assert.ok(layer, `${relative} is in no layer: add its folder to LAYERS`);
  return layer;
}

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

/** The src files a module imports (relative specifiers resolved; packages are not followed). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (!specifier.startsWith('.')) continue;
    const base = path.resolve(path.dirname(file), specifier);
    const target = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
    assert.ok(target, `${path.relative(SRC, file)} imports ${specifier}, which does not resolve to a .ts file`);
    out.push(target);
  }
  return out;
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const name = (file: string) => path.relative(SRC, file).split(path.sep).join('/');

describe('architecture', () => {
  it('every import points down the layers (front ends → session → rules → parsers → core)', () => {
    const violations: string[] = [];
    for (const [file, targets] of graph) {
      const [fromLayer, fromRank] = layerOf(file);
      for (const target of targets) {
        const [toLayer, toRank] = layerOf(target);
        if (toRank > fromRank) violations.push(`${name(file)} (${fromLayer}) imports ${name(target)} (${toLayer})`);
        else if (toRank === fromRank && fromRank === 5 && toLayer !== fromLayer && toLayer !== 'vscode/') {
          violations.push(`${name(file)} (${fromLayer}) imports another front end: ${name(target)}`);
        }
      }
    }
    assert.deepEqual(violations, []);
  });

  it('only the editor glue imports vscode', () => {
    const offenders = files.filter((file) => {
      const relative = name(file);
      if (relative.startsWith('vscode/') || relative === 'extension.ts') return false;
      return /from\s+['"]vscode['"]|require\(['"]vscode['"]\)/.test(fs.readFileSync(file, 'utf8'));
    });
    assert.deepEqual(offenders.map(name), []);
  });

  it('no module of src/ is part of an import cycle', () => {
    // Tarjan's strongly connected components: any component of two or more modules is a cycle.
    let index = 0;
    const indexOf = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (file: string) => {
      indexOf.set(file, index);
      low.set(file, index++);
      stack.push(file);
      onStack.add(file);
      for (const target of graph.get(file) ?? []) {
        if (!indexOf.has(target)) {
          visit(target);
          low.set(file, Math.min(low.get(file)!, low.get(target)!));
        } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, indexOf.get(target)!));
      }
      if (low.get(file) === indexOf.get(file)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(name(member));
        } while (member !== file);
        if (component.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(component.sort());
      }
    };
    for (const file of files) if (!indexOf.has(file)) visit(file);
    assert.deepEqual(cycles, []);
  });

  it('the checker sees real imports (a guard against a regex that matches nothing)', () => {
    const engine = graph.get(path.join(SRC, 'session/engine.ts')) ?? [];
    assert.ok(engine.includes(path.join(SRC, 'rules/index.ts')));
    assert.ok(engine.includes(path.join(SRC, 'core/engine.ts')));
    assert.ok((graph.get(path.join(SRC, 'parsers/index.ts')) ?? []).includes(path.join(SRC, 'parsers/python/adapter.ts')));
  });
});
