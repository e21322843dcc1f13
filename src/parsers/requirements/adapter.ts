import * as fs from 'fs';
import * as path from 'path';
import type { LanguageAdapter } from '../../core/languages';
import { ManifestRunner } from '../../rules/manifests';
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
    if (!isPipToolsSource(input.path)) runner.run('dependencies', { path: input.path, text: input.text, dependencies });
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

function isPipToolsSource(file: string): boolean {
  if (!/\.in$/i.test(file)) return false;
  return fs.existsSync(file.replace(/\.in$/i, '.txt'));
}
