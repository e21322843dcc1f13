import type { LanguageAdapter } from '../../core/languages';
import { MAX_MANIFEST_CHARS, tooLarge } from '../limits';

/**
 * `.env` / `.env.example` files declare environment names for undeclared-env-var. Lines that are not
 * `NAME=value` (or `export NAME=value`) are ignored, as dotenv loaders do, so nothing is skipped.
 */
export const dotenvAdapter: LanguageAdapter = {
  async analyze(input) {
    if (input.text.length > MAX_MANIFEST_CHARS) return { findings: [], skipped: tooLarge(input.text) };
    const names = new Set<string>();
    for (const match of input.text.matchAll(/^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[=:]/gm)) names.add(match[1]);
    return { findings: [], facts: { deploymentArtifact: true, envProvided: [...names] } };
  },
};
