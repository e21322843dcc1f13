import type { RuleMeta } from '../../core/types';

export const meta: RuleMeta = {
  id: 'hardcoded-secret',
  languages: ['py', 'ts/js', 'manifests'],
  category: 'configuration',
  severity: 'error',
  fixable: true,
  summary: 'No API keys, tokens or passwords in source or manifests.',
  docs: {
    why: 'A key in source code is shared with everyone who can read the repository, its history, its container images and its logs, and it cannot be rotated without a deploy. Secrets belong in the environment or a secret store.',
    flags:
      'a literal assigned to or passed as a name matching `api_key|apikey|token|secret|password|passwd|access_key` (case-insensitive) when the literal is not empty and not an obvious placeholder; any literal matching a known key format (`sk-\u2026` OpenAI, `sk-ant-\u2026`, `AKIA[0-9A-Z]{16}`, `hf_\u2026`, `ghp_\u2026`, `xox[bp]-\u2026`).',
    doesNotFlag: 'placeholders (`""`, `"changeme"`, `"<...>"`, `"${...}"`, `"xxx"`), values read from env/config.',
    fix: 'py: `os.environ["<NAME>"]`; ts: `process.env.<NAME>`.',
  },
};
