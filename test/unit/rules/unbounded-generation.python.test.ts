import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertClean, assertFixed, findings, located } from '../helpers';

const RULE = 'unbounded-generation';

describe('unbounded-generation (python)', () => {
  it('flags generate, LLM API calls and tokenizer calls on request data in serving code', async () => {
    const code = [
      'from fastapi import FastAPI',
      'from openai import OpenAI',
      'from transformers import AutoModelForCausalLM, AutoTokenizer',
      'app = FastAPI()',
      'client = OpenAI(timeout=10)',
      'tok = AutoTokenizer.from_pretrained("gpt2")',
      'lm = AutoModelForCausalLM.from_pretrained("gpt2")',
      '@app.post("/generate")',
      'def generate(prompt: str):',
      '    ids = tok(prompt, return_tensors="pt")',
      '    out = lm.generate(ids["input_ids"], do_sample=False)',
      '    reply = client.chat.completions.create(',
      '        model="gpt-4o-mini",',
      '        messages=[{"role": "user", "content": prompt}],',
      '    )',
      '    return {"text": tok.decode(out[0]), "reply": reply}',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code)).map((f) => f.at),
      ['10:11', '11:11', '12:13'],
    );
    const messages = (await findings(RULE, code)).map((f) => f.message);
    assert.match(messages[0], /^tok\(\) tokenizes request data without truncation=True/);
    assert.match(messages[1], /^lm\.generate\(\) has no max_new_tokens\/max_length/);
    assert.match(messages[2], /^client\.chat\.completions\.create\(\) has no max_tokens/);
  });

  it('flags unresolved model-like receivers, Anthropic and the Responses API, in model-server methods', async () => {
    const code = [
      'import anthropic, openai',
      'class Generator:',
      '    def __init__(self):',
      '        self.claude = anthropic.Anthropic(timeout=10)',
      '        self.oai = openai.OpenAI(timeout=10)',
      '    def predict(self, X, features_names=None):',
      '        a = self.model.generate(input_ids=X)',
      '        b = self.claude.messages.create(model="claude", messages=X)',
      '        c = self.oai.responses.create(model="gpt", input=X)',
      '        d = self.tokenizer.encode(X[0])',
      '        e = openai.ChatCompletion.create(model="gpt", messages=X)',
      '        return a, b, c, d, e',
      '',
    ].join('\n');
    // A class named like its module file is a Seldon model server.
    assert.deepEqual(
      (await located(RULE, code, 'app/generator.py')).map((f) => f.at),
      ['7:13', '8:13', '9:13', '10:13', '11:13'],
    );
    const messages = (await findings(RULE, code, 'app/generator.py')).map((f) => f.message);
    assert.match(messages[2], /has no max_output_tokens/);
  });

  it('flags unresolved receivers named like a model, not other generate() methods', async () => {
    const code = [
      'from fastapi import FastAPI',
      'app = FastAPI()',
      '@app.post("/a")',
      'def a(text: str, t5, base_model, ids):',
      '    t5.generate(text)',
      '    base_model.generate(text)',
      '    ids.generate()',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code)).map((f) => f.at),
      ['5:5', '6:5'],
    );
  });

  it('types self attributes initialised to None: a vLLM engine named model is left alone', async () => {
    await assertClean(
      RULE,
      [
        'from vllm import LLM',
        'class Generator:',
        '    def __init__(self):',
        '        self.model = None',
        '    def load(self):',
        '        self.model = LLM(model="m")',
        '    def predict(self, X, features_names=None):',
        '        return self.model.generate(X)',
        '',
      ].join('\n'),
      'app/generator.py',
    );
  });

  it('leaves bounded calls, **kwargs, non-HF receivers, Twilio messages, literals and non-serving code alone', async () => {
    await assertClean(
      RULE,
      [
        'from fastapi import FastAPI',
        'from vllm import LLM',
        'from twilio.rest import Client',
        'from transformers import AutoModelForSeq2SeqLM, AutoTokenizer, GenerationConfig',
        'app = FastAPI()',
        'engine = LLM(model="m")',
        'sms = Client("sid", "tok")',
        'tokenizer = AutoTokenizer.from_pretrained("t5-small")',
        'model = AutoModelForSeq2SeqLM.from_pretrained("t5-small")',
        'config = GenerationConfig(max_new_tokens=64)',
        '@app.post("/a")',
        'def a(text: str, **gen):',
        '    batch = tokenizer(text, truncation=True, return_tensors="pt")',
        '    model.generate(**batch)',
        '    model.generate(batch["input_ids"], max_new_tokens=64)',
        '    model.generate(batch["input_ids"], config)',
        '    model.generate(batch["input_ids"], generation_config=config)',
        '    model.generate(batch["input_ids"], **gen)',
        '    engine.generate([text])',
        '    sms.messages.create(to="+1", body=text)',
        '    tokenizer("summarize: ", add_special_tokens=False)',
        '    tokenizer(text, max_length=512)',
        '    self_check = uuid_gen.generate()',
        '    return {}',
        'def offline(text):',
        '    return model.generate(tokenizer(text)["input_ids"])',
        '',
      ].join('\n'),
    );
  });

  it('flags and fixes tokenizer calls that switch truncation off', async () => {
    const code = [
      'from fastapi import FastAPI',
      'app = FastAPI()',
      '@app.post("/a")',
      'def a(text: str):',
      '    return tokenizer(text, truncation=False, max_length=128)',
      '',
    ].join('\n');
    const [finding] = await findings(RULE, code);
    assert.match(finding.message, /^tokenizer\(\) tokenizes request data with truncation switched off/);
    assert.match(await assertFixed(RULE, code), /tokenizer\(text, truncation=True, max_length=128\)/);
  });

  it('fixes by adding the bound keyword, on multi-line calls with trailing commas too', async () => {
    const code = [
      'from fastapi import FastAPI',
      'from openai import OpenAI',
      'app = FastAPI()',
      'client = OpenAI(timeout=10)',
      '@app.post("/chat")',
      'async def chat(question: str):',
      '    enc = tokenizer(question)',
      '    out = model.generate(enc.input_ids)',
      '    return client.chat.completions.create(',
      '        model="gpt-4o-mini",',
      '        messages=[{"role": "user", "content": question}],',
      '    )',
      '',
    ].join('\n');
    const fixed = await assertFixed(RULE, code);
    assert.equal(
      fixed,
      [
        'from fastapi import FastAPI',
        'from openai import OpenAI',
        'app = FastAPI()',
        'client = OpenAI(timeout=10)',
        '@app.post("/chat")',
        'async def chat(question: str):',
        '    enc = tokenizer(question, truncation=True, max_length=512)',
        '    out = model.generate(enc.input_ids, max_new_tokens=256)',
        '    return client.chat.completions.create(',
        '        model="gpt-4o-mini",',
        '        messages=[{"role": "user", "content": question}],',
        '        max_tokens=256,',
        '    )',
        '',
      ].join('\n'),
    );
  });
});
