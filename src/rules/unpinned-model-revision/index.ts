import { defineRule } from '../define';
import { manifest } from './manifest';
import { python } from './python';
import { typescript } from './typescript';

export const rule = defineRule({
  id: 'unpinned-model-revision',
  languages: ['py', 'ts/js', 'manifests'],
  category: 'deployment',
  severity: 'warning',
  fixable: false,
  summary: 'Models must be fetched by a pinned revision, version or tag, not by a reference that moves.',
  scope: 'production',
  docs: {
    why: 'A service that loads `from_pretrained("org/model")`, `models:/fraud/Production` or `bentoml.models.get("fraud")` loads whatever that reference points to on the day a pod starts. A push to the Hub repository, a stage transition in the registry or a new save changes the model under the running service — pods started on different days serve different models — and a rollback of the image cannot bring the old model back (ML Test Score, infrastructure test 7: models are versioned and deployments reproducible). A revision, version or tag makes the image mean one model.',
    flags:
      'Python: Hugging Face `from_pretrained`, `pipeline(model=...)`, `hf_hub_download`, `snapshot_download` and `SentenceTransformer(...)` given a Hub id with no `revision` (or `revision="main"`) — an id given as a literal, as the literal default of an env read (`os.getenv("MODEL_ID", "org/model")`), or through a module-level constant holding either; MLflow `load_model`/`load` of `models:/<name>/latest` and stage URIs (`models:/<name>/Production`); `bentoml.models.get("x")` and `"x:latest"`; `torch.hub.load("owner/repo", ...)` without `:ref`. TypeScript/JavaScript: transformers.js `pipeline(task, "org/model")` and `X.from_pretrained("org/model")` from `@huggingface/transformers`/`@xenova/transformers` without a `revision` option. Manifests: a KServe `InferenceService` `storageUri` ending in `latest`. Calls: on the callee; manifests: on the value.',
    doesNotFlag:
      'Local paths (`./weights`, `/models/bert`, `models/bert`); `local_files_only=True`; a `revision` other than `main` (a tag or commit); calls passing `**kwargs`; `runs:/…` URIs, versioned `models:/<name>/<n>` and alias `models:/<name>@alias` URIs; BentoML tags with a version; `torch.hub.load(..., source="local")`; ids read from env or config without a literal default, or from a parameter (the deployment pins them).',
    fix: 'None automatic (the pin must be a revision you have tested). Name it in the call: `revision="<commit sha>"` (Hugging Face; a tag works, a commit cannot move), `models:/<name>/<version>` or an alias you move deliberately (MLflow), `"<name>:<version>"` (BentoML), `"owner/repo:<tag>"` (torch.hub), a versioned `storageUri` (KServe).',
    bad: 'from transformers import AutoModelForSequenceClassification, AutoTokenizer\n\nMODEL_ID = "org/fraud-bert"\ntokenizer = AutoTokenizer.from_pretrained(MODEL_ID)\nmodel = AutoModelForSequenceClassification.from_pretrained(MODEL_ID)\n',
    good: 'import os\n\nfrom transformers import AutoModelForSequenceClassification, AutoTokenizer\n\nMODEL_ID = "org/fraud-bert"\nMODEL_REVISION = os.environ.get("MODEL_REVISION", "4f3c9a1d2b7e6f5a8c0d1e2f3a4b5c6d7e8f9a0b")\ntokenizer = AutoTokenizer.from_pretrained(MODEL_ID, revision=MODEL_REVISION)\nmodel = AutoModelForSequenceClassification.from_pretrained(MODEL_ID, revision=MODEL_REVISION)\n',
  },
  implementations: { python, typescript, manifest },
});
