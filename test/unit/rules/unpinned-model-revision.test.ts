import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertClean, findings, located } from '../helpers';
import { assertCleanTs } from '../tsHelpers';
import { at } from '../manifests/util';
import { isHubId } from '../../../src/knowledge/modelReferences';

const RULE = 'unpinned-model-revision';

describe('unpinned-model-revision (python)', () => {
  it('flags Hugging Face loads of Hub ids without a revision: literals, env defaults, module constants', async () => {
    const code = [
      'import os',
      'from transformers import AutoModel, AutoTokenizer, pipeline',
      'from huggingface_hub import hf_hub_download, snapshot_download',
      'from sentence_transformers import SentenceTransformer',
      'MODEL_ID = os.getenv("MODEL_ID", "org/fraud-bert")',
      'tok = AutoTokenizer.from_pretrained(MODEL_ID)',
      'model = AutoModel.from_pretrained("bert-base-uncased", revision="main")',
      'clf = pipeline("text-classification", model="org/clf")',
      'path = hf_hub_download(repo_id="org/weights", filename="model.safetensors")',
      'snap = snapshot_download("org/snap")',
      'emb = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code)).map((f) => f.at),
      ['6:7', '7:9', '8:7', '9:8', '10:8', '11:7'],
    );
    const [first] = await findings(RULE, code);
    assert.equal(
      first.message,
      'AutoTokenizer.from_pretrained("org/fraud-bert") fetches whatever the Hub repository holds at load time: the model can change under the running service and a rollback cannot bring the old one back; pin revision="<commit sha>"',
    );
    assert.equal(first.severity, 'warning');
    assert.equal(first.category, 'deployment');
    assert.equal(first.fix, undefined);
  });

  it('flags MLflow stage and latest URIs, unversioned BentoML tags and torch.hub without a ref', async () => {
    const code = [
      'import mlflow, bentoml, torch',
      'URI = "models:/fraud/Production"',
      'a = mlflow.pyfunc.load_model(URI)',
      'b = mlflow.sklearn.load_model(model_uri="models:/fraud/latest")',
      'c = bentoml.models.get("fraud")',
      'd = bentoml.models.get("fraud:latest")',
      'e = torch.hub.load("ultralytics/yolov5", "yolov5s")',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code)).map((f) => f.at),
      ['3:5', '4:5', '5:5', '6:5', '7:5'],
    );
    const messages = (await findings(RULE, code)).map((f) => f.message);
    assert.match(messages[0], /the Production stage at load time.*pin a version \("models:\/<name>\/<version>"\)/);
    assert.match(messages[2], /pin the version tag \("fraud:<version>"\)$/);
    assert.match(messages[4], /pin a tag or commit \("ultralytics\/yolov5:<ref>"\)$/);
  });

  it('does not flag pinned or local references, ids from config, versioned or alias URIs', async () => {
    await assertClean(
      RULE,
      [
        'import os, mlflow, bentoml, torch',
        'from transformers import AutoModel, pipeline',
        'from huggingface_hub import hf_hub_download',
        'a = AutoModel.from_pretrained("org/model", revision="4f3c9a1")',
        'b = AutoModel.from_pretrained("./weights")',
        'c = AutoModel.from_pretrained("/models/bert")',
        'd = AutoModel.from_pretrained("models/bert")',
        'e = AutoModel.from_pretrained(os.environ["MODEL_ID"])',
        'f = AutoModel.from_pretrained(settings.model_id)',
        'g = AutoModel.from_pretrained("org/model", **hub_options)',
        'h = AutoModel.from_pretrained("org/model", local_files_only=True)',
        'i = pipeline("sentiment-analysis", model=model, tokenizer=tokenizer)',
        'j = mlflow.pyfunc.load_model("models:/fraud/3")',
        'k = mlflow.pyfunc.load_model("models:/fraud@champion")',
        'l = mlflow.pyfunc.load_model("runs:/abc123/model")',
        'm = bentoml.models.get("fraud:v1.2")',
        'n = torch.hub.load("ultralytics/yolov5:v7.0", "yolov5s")',
        'o = torch.hub.load("./hubconf_dir", "m", source="local")',
        'def load(model_id):',
        '    return AutoModel.from_pretrained(model_id)',
        '',
      ].join('\n'),
    );
  });

  it('tells Hub ids from local folder names', () => {
    assert.deepEqual(
      ['gpt2', 'bert-base-uncased', 'org/model', 'Qwen/Qwen2.5-7B-Instruct', 'model', 'checkpoints/best', 'model.pt', '1.0', './x'].map(
        isHubId,
      ),
      [true, true, true, true, false, false, false, false, false],
    );
  });
});

describe('unpinned-model-revision (ts/js)', () => {
  it('flags transformers.js pipelines and from_pretrained without a revision', async () => {
    const code = [
      "import { pipeline, AutoModel } from '@huggingface/transformers';",
      "const MODEL = process.env.MODEL_ID ?? 'Xenova/distilbert-base-uncased';",
      "const classify = await pipeline('sentiment-analysis', MODEL);",
      "const embed = await pipeline('feature-extraction', 'Xenova/all-MiniLM-L6-v2', { revision: 'main' });",
      "const model = await AutoModel.from_pretrained('Xenova/bert');",
      "const pinned = await pipeline('feature-extraction', 'Xenova/e5', { revision: '4f3c9a1' });",
      "const local = await pipeline('feature-extraction', './models/e5');",
      'const configured = await pipeline(task, settings.model);',
      "const opaque = await pipeline('feature-extraction', 'Xenova/e5', options);",
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code, 'src/model.ts')).map((f) => f.at),
      ['3:24', '4:21', '5:21'],
    );
    const [first] = await findings(RULE, code, 'src/model.ts');
    assert.match(first.message, /^pipeline\("Xenova\/distilbert-base-uncased"\) fetches .* pin \{ revision: "<commit sha>" \}$/);
  });

  it('does not flag pipelines of other libraries', async () => {
    await assertCleanTs(RULE, "import { pipeline } from 'node:stream/promises';\nawait pipeline(source, 'org/model');\n", 'src/x.ts');
  });
});

describe('unpinned-model-revision (manifests)', () => {
  it('flags a KServe storageUri ending in latest, on the value', async () => {
    const yaml = [
      'apiVersion: serving.kserve.io/v1beta1',
      'kind: InferenceService',
      'metadata: {name: fraud}',
      'spec:',
      '  predictor:',
      '    model:',
      '      modelFormat: {name: sklearn}',
      '      storageUri: gs://models/fraud/latest',
      '---',
      'apiVersion: serving.kserve.io/v1beta1',
      'kind: InferenceService',
      'metadata: {name: pinned}',
      'spec:',
      '  predictor:',
      '    sklearn:',
      '      storageUri: gs://models/fraud/v3',
      '',
    ].join('\n');
    assert.deepEqual(await at(RULE, yaml, 'k8s/isvc.yaml'), [{ at: '8:19', text: 'gs://models/fraud/latest' }]);
  });
});
