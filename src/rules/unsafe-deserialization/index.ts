import { defineRule } from '../define';
import { python } from './python';

export const rule = defineRule({
  id: 'unsafe-deserialization',
  languages: ['py'],
  category: 'configuration',
  severity: 'error',
  fixable: true,
  summary: 'Model and payload loads must not run code: weights_only torch loads, pinned remote code, no pickles of request data.',
  scope: 'production',
  docs: {
    why: 'Pickle is a program, not a data format: unpickling runs whatever the file says. A `torch.load` of a full pickle, a `pickle.loads` of an uploaded payload, or a Hub model loaded with `trust_remote_code=True` at whatever its repository holds today all hand code execution in the serving process — with its credentials, its network and its data — to whoever controls the file, the client or the repository. Bandit flags every `pickle.load`, so teams learn to ignore it; this rule flags the loads where the input is not a trusted artifact.',
    flags:
      "`torch.load(...)` without `weights_only=True` (or with `weights_only=False`); `from_pretrained`/`pipeline`/`AutoModel*` called with `trust_remote_code=True` and no `revision` (or `revision=\"main\"`); `pickle.load(s)`, `joblib.load`, `dill.load(s)`, `cloudpickle.load(s)`, `pickle.Unpickler` and `np.load(..., allow_pickle=True)` whose argument is request data: the request object's body, files or form (Flask `request.data`/`request.files[...]`, `await request.body()`, an `UploadFile`'s `.read()`), a serving function's parameter (the body of a route, a Lambda `event`, a TorchServe `data`), or a value decoded from them (`base64.b64decode`, `io.BytesIO`, indexing, `.read()`), followed through local variables. The finding sits on the callee.",
    doesNotFlag:
      '`torch.load(..., weights_only=True)`, and `weights_only=` given a variable (the caller decides); calls passing `**kwargs`; `trust_remote_code=True` with a pinned `revision`, or on a local path; pickle, joblib, dill and numpy loads of files (a trusted artifact, typically read at startup) and of anything that is not request data.',
    fix: '`torch.load`: add `weights_only=True` (or turn `weights_only=False` into `True`). Unsafe, so offered in the editor only: a checkpoint that pickles a whole module no longer loads; save and load a `state_dict` instead. For remote code, pin `revision="<commit sha>"`; for request payloads, accept a data format (JSON, safetensors, `np.load` without pickles).',
    bad: 'import pickle\nimport torch\nfrom fastapi import FastAPI, UploadFile\n\napp = FastAPI()\nmodel = torch.load("model.pt")\n\n\n@app.post("/score")\nasync def score(file: UploadFile):\n    features = pickle.loads(await file.read())\n    return {"score": float(model(features))}\n',
    good: 'import json\nimport torch\nfrom fastapi import FastAPI, UploadFile\n\napp = FastAPI()\nmodel = build_model()\nmodel.load_state_dict(torch.load("model.pt", weights_only=True))\n\n\n@app.post("/score")\nasync def score(file: UploadFile):\n    features = torch.tensor(json.loads(await file.read()))\n    return {"score": float(model(features))}\n',
  },
  implementations: { python },
});
