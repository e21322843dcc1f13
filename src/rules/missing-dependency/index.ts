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
      'Across files: a third-party module imported by Python serving code that no Python manifest of the workspace declares (maps import names to distributions: `sklearn`\u2192`scikit-learn`, `cv2`\u2192`opencv-python`, `PIL`\u2192`pillow`, `yaml`\u2192`pyyaml`, \u2026); only when the workspace has a manifest.',
    doesNotFlag:
      "The standard library, the project's own modules and packages, optional (guarded) imports, tests; projects without a Python manifest, and projects whose dependencies cannot be listed (a `setup.py`, a `-r` include that is missing).",
    fix: 'add the distribution to the manifest.',
    examplePath: 'requirements.txt',
    exampleFiles: {
      'app/main.py':
        'import joblib\nfrom fastapi import FastAPI\n\napp = FastAPI()\nmodel = joblib.load("/models/model.joblib")\n\n@app.get("/score")\ndef score(x: float):\n    return {"y": model.predict([[x]]).tolist()}\n',
    },
    bad: 'fastapi==0.111.0\n',
    good: 'fastapi==0.111.0\njoblib==1.4.2\n',
  },
  implementations: { project: missingDependency },
});
