import { defineRule } from '../define';
import { python } from './python';
import { printsImportedByServing } from './project';

export const rule = defineRule({
  id: 'print-logging',
  languages: ['py', 'cross-file'],
  category: 'observability',
  severity: 'warning',
  fixable: true,
  summary: 'Use a logger, not print, in serving code.',
  scope: 'production',
  docs: {
    why: '`print` writes unstructured text to stdout with no level, no timestamp, no request context and no way to turn it down. In a container it is interleaved, block-buffered (and lost when the process is killed), and log pipelines cannot filter or alert on it. A `logging` logger gives levels, structure and handlers that the platform can route.',
    flags:
      'Python: the builtin `print(...)` (not a shadowing `print` such as `from rich import print`, nor `print(..., file=f)` writing to a file) anywhere in a module that contains serving code, including its helpers and module-level code, outside `if __name__ == "__main__":`; and in a module that a serving module of the same project imports directly (`from app import helpers`, `import app.helpers`, `from . import helpers`, `from .helpers import f`), found by the workspace pass (`prodready check` on a folder, the readiness command).',
    doesNotFlag:
      'Python: modules without serving code that no serving module imports (and, when one file is checked alone, any module without serving code: imports are followed by the workspace pass), test files (`test_*.py`, `*_test.py`, `tests/`), scripts under `scripts/`, notebooks, code under `if __name__ == "__main__":`, and command-line entry points whose printed output is the program\'s result (functions decorated with click/typer `@*.command()`).',
    fix: 'Python: replace the call with `logger.info(...)` (`logger.error(...)` when `file=sys.stderr`); several arguments become one %-style message (`print("got", x, y)` → `logger.info("got %s %s", x, y)`, `sep=` honoured, literal `%` escaped), a single string or f-string is kept as it is, and `end=`/`flush=` are dropped. Adds `import logging` (with the standard-library imports, where isort and ruff put it) and `logger = logging.getLogger(__name__)` after the imports unless the module already has a logger, which is reused (loguru gets `{}` placeholders). When the module is a script entry (it has an `if __name__ == "__main__":` block or starts a server with `uvicorn.run`/`app.run`) and nothing in it configures logging (`logging.basicConfig`/`dictConfig`/`fileConfig`, a `log_config=`, loguru, structlog), the fix also adds `logging.basicConfig(level=logging.INFO)` before the logger line: an unconfigured logger drops everything below WARNING, so the messages would not reach the container\'s output. No fix for `print(*args)`, a non-literal `sep=`, or a bare `print()`. The fix also clears `missing-logging`. Prints found through an import get the same fix as a quick fix in the editor; `--fix` applies the fixes of each file\'s own findings only.',
    bad: 'from fastapi import FastAPI\n\napp = FastAPI()\n\n@app.post("/predict")\ndef predict(x: float):\n    print("input", x)\n    return {"y": x * 2}',
    good: 'import logging\nfrom fastapi import FastAPI\n\nlogger = logging.getLogger(__name__)\napp = FastAPI()\n\n@app.post("/predict")\ndef predict(x: float):\n    logger.info("input %s", x)\n    return {"y": x * 2}',
  },
  notebooks: false,
  implementations: { python, project: printsImportedByServing },
});
