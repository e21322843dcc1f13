import * as fs from 'fs';
import * as path from 'path';
import type { LanguageAdapter } from '../../core/languages';
import { ManifestRunner } from '../manifestRule';
import { normalizeDistribution } from '../dependencies';
import { MAX_MANIFEST_CHARS, tooLarge } from '../limits';
import { parseRequirements } from './parse';

/**
 * requirements*.txt / *.in. A line parser cannot fail, so nothing is skipped except oversized files.
 * `-c constraints.txt` pins (read from disk beside the file) count as pins; a pip-tools source
 * (`requirements.in` with its compiled `requirements.txt` beside it) is meant to be loose.
 */
export const requirementsAdapter: LanguageAdapter = {
  async analyze(input) {
    if (input.text.length > MAX_MANIFEST_CHARS) return { findings: [], skipped: tooLarge(input.text) };
    const parsed = parseRequirements(input.text);
    const constrained = constrainedNames(input.path, parsed.constraints);
    const dependencies = parsed.dependencies.map((dependency) =>
      dependency.pin === 'loose' && constrained.has(normalizeDistribution(dependency.name))
        ? { ...dependency, pin: 'exact' as const }
        : dependency,
    );
    const runner = new ManifestRunner(input);
    if (!isPipToolsSource(input.path) && !isDevelopmentOnly(input.path))
      runner.run('dependencies', { path: input.path, text: input.text, dependencies });
    const missingInclude = parsed.includes.some((include) => !fs.existsSync(path.resolve(path.dirname(input.path), include)));
    return {
      findings: runner.findings,
      facts: {
        pythonManifest: true,
        pythonDistributions: parsed.dependencies.map((dependency) => normalizeDistribution(dependency.name)),
        pythonDistributionsUnknowable: missingInclude || undefined,
        appendOffset: input.text.length,
      },
    };
  },
};

function constrainedNames(file: string, constraints: string[]): Set<string> {
  const names = new Set<string>();
  for (const constraint of constraints) {
    try {
      const text = fs.readFileSync(path.resolve(path.dirname(file), constraint), 'utf8');
      for (const dependency of parseRequirements(text).dependencies) {
        if (dependency.pin === 'exact') names.add(normalizeDistribution(dependency.name));
      }
    } catch {
      // A constraints file that cannot be read pins nothing.
    }
  }
  return names;
}

/**
 * Requirements for tests, docs, linting or development never reach production (like Poetry dev groups
 * and Pipfile `[dev-packages]`), so their pins are not checked; they still count as declarations.
 */
function isDevelopmentOnly(file: string): boolean {
  const parts = file.replace(/\\/g, '/').split('/');
  const base = parts.pop() ?? '';
  if (/(^|[-_.])(dev|devel|develop|test|tests|testing|doc|docs|lint|linting|typing|ci)([-_.]|$)/i.test(base.replace(/\.(txt|in)$/i, '')))
    return true;
  return parts.some((part) => /^(tests?|testing|docs?|\.github|ci)$/i.test(part));
}

function isPipToolsSource(file: string): boolean {
  if (!/\.in$/i.test(file)) return false;
  return fs.existsSync(file.replace(/\.in$/i, '.txt'));
}
