import { defineRule } from '../define';
import { python } from './python';
import { typescript } from './typescript';
import { manifest } from './manifest';

export const rule = defineRule({
  id: 'hardcoded-secret',
  languages: ['py', 'ts/js', 'manifests'],
  category: 'configuration',
  severity: 'error',
  fixable: true,
  summary: 'No API keys, tokens or passwords in source or manifests.',
  scope: 'not-tests',
  docs: {
    why: 'A key in source code is shared with everyone who can read the repository, its history, its container images and its logs, and it cannot be rotated without a deploy. Secrets belong in the environment or a secret store.',
    flags:
      'a string literal of 8 or more characters without whitespace held by a name whose last word (split on `_`, `-` and camelCase) is `token`, `secret`, `password`, `passwd`, `pwd`, `apikey`, or `key` preceded by `api`, `access`, `secret` or `private` — py: assignments (`API_KEY = "..."`, `self.token = "..."`, `os.environ["X"] = "..."`), keyword arguments (`OpenAI(api_key="...")`), dict literal keys (`{"api_key": "..."}`), parameter defaults (`def f(token="...")`) and `==`/`!=` comparisons (`if password == "..."`); and any literal in a known key format whatever its name (`sk-…` OpenAI, `sk-ant-…` Anthropic, `AKIA…` AWS, `hf_…`, `ghp_…`/`github_pat_…`, `xox[bp]-…`). The message shows the value masked (first and last characters only).',
    doesNotFlag:
      'names whose last word differs (`max_tokens`, `pad_token_id`, `TOKENIZER_NAME`, `primary_key`) and tokenizer special tokens (`eos_token`, `pad_token`); placeholders — values containing `your`, `example`, `sample`, `changeme`, `placeholder`, `dummy`, `fake`, `test`, `any-`, `xxx`, `not-needed`, `<`, `${`, `{{`, the values `EMPTY`/`none`, the name itself, in manifests the documented defaults of local servers (`minioadmin`, Kubeflow\'s `minio`/`minio123` and Dex `12341234`, Argilla\'s `argilla.apikey`), environment variable names (`"OPENAI_API_KEY"`) and other identifiers (`"next_token"`); values shorter than 8 characters or with whitespace; raw strings and patterns with backslashes; values read from env/config; f-strings; in Python test files, everything but the known key formats (fixtures are full of made-up credentials).',
    fix: 'py: `os.environ["<NAME>"]` (NAME from the holder in UPPER_SNAKE, or from the key format: `OPENAI_API_KEY`, `HF_TOKEN`, ...), adding `import os` — offered as an explicit (not on-save) fix because the deployment must then provide the variable; none inside environment writes or defaults. ts: `process.env.<NAME>`.',
    bad: 'from openai import OpenAI\n\nclient = OpenAI(api_key="sk-proj-3xAmPl3K3yV4lu3Th4tL00ksR34l")',
    good: 'from openai import OpenAI\n\n# reads OPENAI_API_KEY, which the deployment sets\nclient = OpenAI()',
  },
  implementations: { python, typescript, manifest },
});
