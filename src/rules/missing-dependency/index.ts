import { defineRule } from '../define';
import { missingDependency } from './project';

export const rule = defineRule({
  id: 'missing-dependency',
  languages: ['cross-file'],
  category: 'deployment',
  severity: 'error',
  fixable: true,
  summary: 'Every third-party import of serving code must be declared in a manifest.',
  scope: 'production',
  docs: {
    why: "A module that the serving code imports but no manifest declares works on the developer's machine (where it happened to be installed) and fails with ImportError in the container.",
    flags:
      'In cross-file: a third-party module imported by Python serving code that no Python manifest of the workspace declares (maps import names to distributions: `sklearn`\u2192`scikit-learn`, `cv2`\u2192`opencv-python`, `PIL`\u2192`pillow`, `yaml`\u2192`pyyaml`, \u2026); only when the workspace has a manifest.',
    doesNotFlag: 'Anything outside the files and patterns listed above.',
    fix: 'add the distribution to the manifest.',
  },
  implementations: { project: missingDependency },
});
