import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertClean, assertFixed, findings, located } from '../helpers';
import { detectSecret, isSecretName, maskSecret } from '../../../src/knowledge/secrets';

const RULE = 'hardcoded-secret';
const OPENAI = 'sk-proj-' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4';
const ANTHROPIC_LIKE = 'sk-ant-api03-' + 'B4'.repeat(15) + 'z';

describe('hardcoded-secret (python)', () => {
  it('flags secret-named assignments, keywords, dict keys, defaults and comparisons, on the literal', async () => {
    const code = [
      'API_KEY = "a8f5f167f44f4964e6c998dee827110c"',
      'self_db_password: str = "Pr0dPassw0rd!"',
      'client = Client(authToken="9f8e7d6c5b4a3210")',
      'headers = {"x-api-key": "q9w8e7r6t5y4u3i2"}',
      'def connect(secret="hunter2hunter2"):',
      '    if secret == "letmein-2024":',
      '        return 1',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [
      { at: '1:11', text: '"a8f5f167f44f4964e6c998dee827110c"' },
      { at: '2:25', text: '"Pr0dPassw0rd!"' },
      { at: '3:27', text: '"9f8e7d6c5b4a3210"' },
      { at: '4:25', text: '"q9w8e7r6t5y4u3i2"' },
      { at: '5:20', text: '"hunter2hunter2"' },
      { at: '6:18', text: '"letmein-2024"' },
    ]);
  });

  it('does not flag a lexer comparing its current token with a word', async () => {
    await assertClean(
      RULE,
      [
        'def tokens(token, current_token):',
        '    if token == "#bygroup":',
        '        return 1',
        "    while not current_token == 'rbracket':",
        '        pass',
        '',
      ].join('\n'),
    );
  });

  it('flags known key formats whatever the name, and shows them masked', async () => {
    const code = `import openai\nopenai.Client("${OPENAI}")\nCONFIG = ["AKIAIOSFODNN7ABCDEFG"]\n`;
    const found = await findings(RULE, code);
    assert.equal(found.length, 2);
    assert.match(found[0].message, /OpenAI API key/);
    assert.match(found[0].message, /"s\*{8}4"/);
    assert.ok(!found.some((f) => f.message.includes(OPENAI) || f.message.includes('AKIAIOSFODNN7ABCDEFG')));
  });

  it('finds a known-format key inside a longer literal, without a fix', async () => {
    const found = await findings(RULE, `headers = {"Authorization": "Bearer ${OPENAI}"}\nnote = "see the docs for details on keys"\n`);
    assert.equal(found.length, 1);
    assert.equal(found[0].fix, undefined);
    assert.match(found[0].message, /OpenAI API key/);
  });

  it('leaves non-secret names, placeholders, short values, env reads and prose alone', async () => {
    const code = [
      'import os',
      'max_tokens = "4096000000"',
      'pad_token_id = "abcdefghij"',
      'TOKENIZER_NAME = "bert-base-uncased"',
      'eos_token = "[ENDOFTEXT]"',
      // Documented local-server defaults (R2.1, R2.5).
      'client = rg.Argilla(api_url="http://0.0.0.0:6900", api_key="argilla.apikey")',
      'minio = Minio("minio:9000", access_key="minio", secret_key="minioadmin")',
      'MINIO_SECRET_KEY = "minio123"',
      'DEX_PASSWORD = "12341234"',
      'api_key = os.environ["OPENAI_API_KEY"]',
      'token = os.getenv("HF_TOKEN", "")',
      'password = "changeme"',
      'API_KEY = "your-api-key-here"',
      'SECRET = "${SECRET_VALUE}"',
      'token = "<TOKEN>"',
      'api_key = "EMPTY"',
      'api_key = "not-needed"',
      'password = "password"',
      'secret = "short"',
      'password = "has some spaces"',
      'api_key = "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxx"',
      'key = "a8f5f167f44f4964e6c998dee827110c"',
      'api_key_env = "OPENAI_API_KEY"',
      'token = "OPENAI_API_KEY"',
      'def f(api_key=None):',
      '    return api_key',
      '',
    ].join('\n');
    await assertClean(RULE, code);
  });

  it('in tests, flags only known key formats', async () => {
    const code = `PASSWORD = "s3cretPassw0rd"\nTOKEN = "${OPENAI}"\n`;
    assert.deepEqual(
      (await located(RULE, code, 'tests/test_auth.py')).map((f) => f.at),
      ['2:9'],
    );
  });

  it('matches names by their last word', () => {
    for (const name of [
      'api_key',
      'OPENAI_API_KEY',
      'apiKey',
      'access_token',
      'clientSecret',
      'db-password',
      'AWS_SECRET_ACCESS_KEY',
      'private_key',
      'pwd',
    ])
      assert.ok(isSecretName(name), name);
    for (const name of ['max_tokens', 'pad_token_id', 'TOKENIZER_NAME', 'key', 'primary_key', 'token_url', 'password_hash'])
      assert.ok(!isSecretName(name), name);
    assert.equal(detectSecret('abcdefgh', 'token')?.envName, 'TOKEN');
    assert.equal(maskSecret('abcdef'), 'a****f');
  });

  it('fixes to os.environ[...] named after the holder or the key format, adding import os', async () => {
    const code = `"""Svc."""\nimport openai\nOPENAI_API_KEY = "${OPENAI}"\nclient = openai.OpenAI(api_key="${OPENAI}")\nx = ["${OPENAI}"]\n`;
    const fixed = await assertFixed(RULE, code);
    // OpenAI() reads OPENAI_API_KEY itself: the argument goes.
    assert.equal(
      fixed,
      '"""Svc."""\nimport os\n\nimport openai\nOPENAI_API_KEY = os.environ["OPENAI_API_KEY"]\nclient = openai.OpenAI()\nx = [os.environ["OPENAI_API_KEY"]]\n',
    );
  });

  it('names the variable after the holder, or the library a generic holder belongs to, never a bare API_KEY', async () => {
    const cases: Array<[string, string]> = [
      [`openai_api_key = "${OPENAI}"`, 'openai_api_key = os.environ["OPENAI_API_KEY"]'],
      // A generic holder with a known key format: the format's variable.
      [
        `from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(api_key="${OPENAI}")`,
        'ChatOpenAI(api_key=os.environ["OPENAI_API_KEY"])',
      ],
      // A generic holder of an unknown format: prefixed with the client's library.
      [
        'import pinecone\npc = pinecone.Pinecone(api_key="pcsk_4f9a8b7c6d5e4f3a")',
        'pinecone.Pinecone(api_key=os.environ["PINECONE_API_KEY"])',
      ],
      [
        'import redis\nr = redis.Redis(host="cache", password="s3cr3t-Pa55word")',
        'redis.Redis(host="cache", password=os.environ["REDIS_PASSWORD"])',
      ],
      ['import openai\nopenai.api_key = "Xq83mZ0pLk29vBnw"', 'openai.api_key = os.environ["OPENAI_API_KEY"]'],
      ['class Client:\n    def __init__(self):\n        self.api_key = "Xq83mZ0pLk29vBnw"', 'self.api_key = os.environ["API_KEY"]'],
    ];
    for (const [code, expected] of cases) {
      const found = await findings(RULE, code + '\n');
      assert.equal(found.length, 1, code);
      assert.equal(found[0].fix?.safe, false, `${code}: the deployment must set the variable, so the fix is explicit`);
      assert.match(found[0].message, /which the deployment must then set/);
      assert.ok((await assertFixed(RULE, code + '\n')).includes(expected), `${code}\n→ ${expected}`);
    }
  });

  it('removes the key argument of SDK clients that read their own variable', async () => {
    const cases: Array<[string, string]> = [
      [`from openai import OpenAI\nclient = OpenAI(api_key="${OPENAI}")\n`, 'from openai import OpenAI\nclient = OpenAI()\n'],
      [
        `from openai import AsyncOpenAI\nclient = AsyncOpenAI(api_key="${OPENAI}", timeout=30)\n`,
        'from openai import AsyncOpenAI\nclient = AsyncOpenAI(timeout=30)\n',
      ],
      [
        `import anthropic\nclient = anthropic.Anthropic(\n    timeout=30,\n    api_key="sk-ant-api03-${'a'.repeat(30)}Z",\n)\n`,
        'import anthropic\nclient = anthropic.Anthropic(\n    timeout=30,\n)\n',
      ],
    ];
    for (const [code, expected] of cases) assert.equal(await assertFixed(RULE, code), expected);
    // A key for another variable than the one the SDK reads stays an explicit read.
    const other = await assertFixed(RULE, `from openai import OpenAI\nclient = OpenAI(api_key="${ANTHROPIC_LIKE}")\n`);
    assert.match(other, /OpenAI\(api_key=os\.environ\["ANTHROPIC_API_KEY"\]\)/);
  });

  it('offers no fix inside environment writes and defaults', async () => {
    const code = `import os\nos.environ["OPENAI_API_KEY"] = "${OPENAI}"\nkey = os.getenv("OPENAI_API_KEY", "${OPENAI}")\n`;
    const found = await findings(RULE, code);
    assert.equal(found.length, 2);
    assert.ok(found.every((f) => f.fix === undefined));
  });
});
