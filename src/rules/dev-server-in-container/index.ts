import { defineRule } from '../define';
import { manifest } from './manifest';

export const rule = defineRule({
  id: 'dev-server-in-container',
  languages: ['manifests'],
  category: 'deployment',
  severity: 'error',
  fixable: false,
  summary: "Do not run a development server as the container's process.",
  docs: {
    why: 'Development servers (`flask run`, `--reload`, `--debug`, Jupyter, Streamlit) are single-process, watch files, expose debuggers and are not built for concurrent traffic. Production containers run a production server (gunicorn, uvicorn without reload, a model server).',
    flags:
      "The command a container runs — each Dockerfile target stage's `ENTRYPOINT` + `CMD` (inherited through `FROM <stage>`; an `ENTRYPOINT` resets an inherited `CMD`), compose `entrypoint:`/`command:`, Kubernetes `command:`/`args:` — when it is a development server: `flask run`, `--reload`, `--debug`, `jupyter notebook|lab|server` (also `jupyter-lab`...), `fastapi dev`, `manage.py runserver`, and `streamlit run` with `--server.runOnSave true` or `--global.developmentMode true` (`=` or a space). On the `CMD`/`ENTRYPOINT` (where it is written) or the `command:`/`args:` key.",
    doesNotFlag:
      "Build steps (`RUN`) and stages that only feed another stage; `streamlit run` without development flags (it is Streamlit's server); notebook runners (`papermill`, `nbconvert --execute`), which `notebook-in-production` reports; `--log-level debug`, `--reload=false`.",
    fix: 'none.',
    examplePath: 'Dockerfile',
    bad: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["flask", "run", "--host=0.0.0.0"]\n',
    good: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "2", "app:app"]\n',
  },
  implementations: { manifest },
});
