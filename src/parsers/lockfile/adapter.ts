import * as path from 'path';
import { TomlError } from 'smol-toml';
import type { LanguageAdapter } from '../../core/languages';
import { MAX_LOCKFILE_BYTES, parseLockfile } from './versions';

/**
 * Lockfiles carry no findings of their own: they feed the unpinned-dependency fix. Analysing one only
 * checks that it parses, so a corrupt or oversized lockfile shows up under `skipped` with the reason.
 */
export const lockfileAdapter: LanguageAdapter = {
  async analyze(input) {
    if (input.text.length > MAX_LOCKFILE_BYTES) {
      return {
        findings: [],
        skipped: `lockfile too large to parse (${(input.text.length / (1024 * 1024)).toFixed(1)} MB; the limit is ${MAX_LOCKFILE_BYTES / (1024 * 1024)} MB)`,
      };
    }
    try {
      parseLockfile(path.basename(input.path), input.text);
    } catch (error) {
      if (error instanceof TomlError)
        return {
          findings: [],
          skipped: `${error.line}:${error.column}: invalid TOML: ${error.message.split('\n')[0].replace(/^Invalid TOML document: /, '')}`,
        };
      return { findings: [], skipped: `invalid lockfile: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
    }
    return { findings: [] };
  },
};
