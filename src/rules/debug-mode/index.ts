import { defineRule } from '../define';
import { python } from './python';

export const rule = defineRule({
  id: 'debug-mode',
  languages: ['py'],
  category: 'configuration',
  severity: 'error',
  fixable: true,
  summary: 'No debug, reload or share mode in a deployed service.',
  scope: 'runnable',
  docs: {
    why: "Debug and reload modes run interactive debuggers (remote code execution in Flask's case), file watchers that restart the server, and share links that expose the app to the internet. They belong on a laptop, never in a deployed service.",
    flags:
      'Python: Flask `app.run(debug=True)`, `uvicorn.run(..., reload=True)`, `FastAPI(debug=True)`, Gradio `.launch(share=True)`, `app.debug = True` \u2014 a literal `True` anywhere outside tests.',
    doesNotFlag: 'Python: values read from env/config.',
    fix: 'Python: replace the literal with an env read **with** a default, `os.environ.get("DEBUG", "0") == "1"` (`GRADIO_SHARE` for Gradio\'s `share=`, the variable Gradio itself reads), so the switch is off wherever the deployment sets nothing and the fix creates no `undeclared-env-var`; adds `import os`, placed where isort and ruff put it (the standard-library section, alphabetically, after the docstring and `__future__` imports and before third-party and first-party imports). Safe: applied by `--fix`.',
    bad: 'from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", debug=True)\n',
    good: 'import os\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", debug=os.environ.get("DEBUG", "0") == "1")\n',
  },
  implementations: { python },
});
