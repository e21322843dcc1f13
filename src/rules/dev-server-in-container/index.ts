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
      'In Dockerfile `CMD`/`ENTRYPOINT`, compose/Kubernetes `command`/`args`: `flask run`, `--reload`, `--debug`, `jupyter`, `papermill`, `nbconvert --execute`, `streamlit run` used as the serving process.',
    doesNotFlag:
      'Production servers (gunicorn, uvicorn without `--reload`, model servers); development tools in `RUN` build steps; earlier build stages.',
    fix: 'none.',
    examplePath: 'Dockerfile',
    bad: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["flask", "run", "--host=0.0.0.0"]\n',
    good: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "2", "app:app"]\n',
  },
  implementations: { manifest },
});
