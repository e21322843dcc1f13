import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertClean, assertFixed, findings, located } from '../helpers';
import { assertFixedAlone } from './fixSafety';

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

  it('flags LangChain chat models built without max_tokens anywhere in the module, on the constructor', async () => {
    const code = [
      'from langchain_openai import ChatOpenAI as Chat',
      'from langchain_anthropic import ChatAnthropic',
      'from langchain_community.chat_models import AzureChatOpenAI',
      'llm = Chat(model="gpt-4o", timeout=30)',
      'def factory():',
      '    return ChatAnthropic(model="claude-3", timeout=30)',
      'azure = AzureChatOpenAI(deployment_name="d", timeout=30)',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [
      { at: '4:7', text: 'Chat(model="gpt-4o", timeout=30)' },
      { at: '6:12', text: 'ChatAnthropic(model="claude-3", timeout=30)' },
      { at: '7:9', text: 'AzureChatOpenAI(deployment_name="d", timeout=30)' },
    ]);
    const messages = (await findings(RULE, code)).map((f) => f.message);
    assert.equal(
      messages[0],
      "ChatOpenAI() has no max_tokens: every call through it can generate until the model's output limit, holding the API (and paying for it) for minutes",
    );
    assert.match(
      messages[1],
      /^ChatAnthropic\(\) has no max_tokens: every call gets the package's default \(1,024 tokens in langchain-anthropic\)/,
    );
  });

  it('leaves LangChain models with max_tokens (or its aliases, or in model_kwargs), **kwargs and local classes alone', async () => {
    await assertClean(
      RULE,
      [
        'from langchain_openai import ChatOpenAI',
        'from langchain_anthropic import ChatAnthropic',
        'a = ChatOpenAI(max_tokens=512)',
        'b = ChatOpenAI(max_completion_tokens=512)',
        'c = ChatAnthropic(max_tokens_to_sample=512)',
        'd = ChatOpenAI(model_kwargs={"max_tokens": 512})',
        'e = ChatOpenAI(model_kwargs=extra)',
        'f = ChatOpenAI(**settings)',
        '',
      ].join('\n'),
    );
    await assertClean(RULE, 'class ChatOpenAI:\n    pass\nllm = ChatOpenAI()\n');
  });

  it('flags openai 0.x acreate in serving code, and fixes LangChain models and legacy calls safely', async () => {
    const code = [
      'import openai',
      'from fastapi import FastAPI',
      'from langchain_openai import ChatOpenAI',
      'app = FastAPI()',
      'llm = ChatOpenAI(',
      '    model="gpt-4o",',
      '    timeout=30,',
      ')',
      '@app.post("/c")',
      'async def c(q: str):',
      '    try:',
      '        return await openai.ChatCompletion.acreate(model="m", messages=[{"role": "user", "content": q}], request_timeout=30)',
      '    except Exception:',
      '        return None',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code)).map((f) => f.at),
      ['5:7', '12:22'],
    );
    assert.ok((await findings(RULE, code)).every((f) => f.fix?.safe === true));
    const fixed = await assertFixedAlone(RULE, code);
    assert.match(fixed, /llm = ChatOpenAI\(\n    model="gpt-4o",\n    timeout=30,\n    max_tokens=256,\n\)/);
    assert.match(fixed, /request_timeout=30, max_tokens=256\)/);
  });
});
