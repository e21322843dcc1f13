import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../src/session/engine';
import { generatedCode, MAX_SCRIPT_CHARS } from '../../../src/parsers/typescript/generated';

/** A hand-written-looking module of about `chars` characters, with one finding (a fetch without a timeout) at its end. */
function handWritten(chars: number): string {
  const line = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';
  return line.repeat(Math.ceil(chars / line.length)) + "fetch('http://model');\n";
}

describe('TS/JS generated code', () => {
  it('skips bundles over the size limit with the reason, before parsing', async () => {
    const text = handWritten(MAX_SCRIPT_CHARS + 1);
    const analysis = await analyzeText({ path: 'dist/bundle.js', text });
    assert.deepEqual(analysis.findings, []);
    assert.match(analysis.skipped ?? '', /^looks like a generated bundle \(\d+ KB; TS\/JS files over 512 KB are not analysed\)$/);
  });

  it('skips minified code: a .min.js name, or lines averaging hundreds of characters', async () => {
    const minified = 'var a=1;'.repeat(10_000) + "fetch('http://model');";
    assert.match(generatedCode(minified, 'lib/index.js') ?? '', /^looks like minified code \(lines average \d+ characters\)/);
    assert.match(generatedCode(handWritten(40_000), 'vendor/lib.min.js') ?? '', /^looks like minified code \(a \.min\.js file\)/);
    const analysis = await analyzeText({ path: 'lib/index.js', text: minified });
    assert.deepEqual(analysis.findings, []);
    assert.match(analysis.skipped ?? '', /minified/);
  });

  it('analyses hand-written code, and small files whatever their line length', async () => {
    assert.equal(generatedCode(handWritten(MAX_SCRIPT_CHARS - 1000), 'src/big.ts'), undefined);
    const oneLine = `const prompt = "${'x'.repeat(20_000)}"; fetch('http://model');\n`;
    assert.equal(generatedCode(oneLine, 'src/prompt.min.js'), undefined);
    const analysis = await analyzeText({ path: 'src/prompt.ts', text: oneLine });
    assert.equal(analysis.skipped, undefined);
    assert.deepEqual(
      analysis.findings.map((finding) => finding.ruleId),
      ['missing-timeout'],
    );
  });

  // 1,000 levels: 10,000 on one line would be skipped as minified before the parser saw it.
  it('reports nesting deeper than the parser can recurse as such, not as an internal error', async () => {
    for (const text of [
      `const x = ${'('.repeat(1_000)}1${')'.repeat(1_000)};\n`,
      `const z = ${'a ? '.repeat(1_000)}b${' : c'.repeat(1_000)};\n`,
    ]) {
      for (const path of ['src/deep.ts', 'src/deep.js']) {
        const analysis = await analyzeText({ path, text });
        assert.equal(analysis.skipped, 'nested too deeply to parse (the TypeScript parser ran out of stack)', path);
      }
    }
  });
});
