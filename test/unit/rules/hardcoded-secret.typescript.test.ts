import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertFixed, findings, located } from '../helpers';
import { assertCleanTs as assertClean } from '../tsHelpers';

const RULE = 'hardcoded-secret';
const TS = 'src/client.ts';

describe('hardcoded-secret (ts/js)', () => {
  it('flags secret-named targets and known key formats, masking the value', async () => {
    const code = [
      "const OPENAI_API_KEY = 'sk-proj-Zq8Xv2Lm4Np6Rt8Vw0Yb2Cd4';",
      "const client = new Client({ apiKey: 'a1b2c3d4e5f6g7h8' });",
      "const dbPassword = 'Tr0ub4dor&3';",
      "const headers = { Authorization: 'Bearer hf_abcdefghijklmnopqrstuvwxyzABCDEF12' };",
      'let authToken: string;',
      "authToken = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';",
      '',
    ].join('\n');
    const found = await located(RULE, code, TS);
    assert.deepEqual(
      found.map((finding) => finding.at),
      ['1:24', '2:37', '3:20', '4:34', '6:13'],
    );
  });

  it('never shows the secret in the message', async () => {
    const { findings } = await import('../helpers');
    const [finding] = await findings(RULE, "const apiKey = 'a1b2c3d4e5f6g7h8';\n", TS);
    assert.ok(!finding.message.includes('a1b2c3d4e5f6g7h8'));
    assert.match(finding.message, /a\*+8/);
  });

  it('leaves placeholders, short values, non-secret names and env reads alone', async () => {
    await assertClean(
      RULE,
      [
        "const apiKey = 'your-api-key-here';",
        "const token = '<token>';",
        "const password = 'changeme';",
        "const secret = '${SECRET}';",
        "const pwd = 'short';",
        'const max_tokens = 12345678;',
        "const tokenizerName = 'bert-base-uncased';",
        "const keyName = 'abcdefghijkl';",
        'const apiKey2 = process.env.OPENAI_API_KEY;',
        "const task = 'disk-abcdefghijklmnopqrstuvwxyz';",
        "const text = 'an api key looks like this one';",
        '',
      ].join('\n'),
      TS,
    );
    await assertClean(RULE, "const apiKey = 'a1b2c3d4e5f6g7h8';\n", 'src/__tests__/client.ts');
  });

  it('fixes to process.env.<NAME>, named after the target or the key format', async () => {
    const fixed = await assertFixed(
      RULE,
      [
        "const client = new OpenAI({ apiKey: 'sk-proj-Zq8Xv2Lm4Np6Rt8Vw0Yb2Cd4' });",
        "const key = 'sk-proj-Zq8Xv2Lm4Np6Rt8Vw0Yb2Cd4';",
        "const dbPassword = 'Tr0ub4dor&3';",
        "const headers = { Authorization: 'Bearer hf_abcdefghijklmnopqrstuvwxyzABCDEF12' };",
        '',
      ].join('\n'),
      TS,
    );
    // A generic holder takes the key format's variable (R2.2), not API_KEY; OpenAI is not imported here, so it stays.
    assert.match(fixed, /new OpenAI\(\{ apiKey: process\.env\.OPENAI_API_KEY \}\)/);
    assert.match(fixed, /const key = process\.env\.OPENAI_API_KEY;/);
    assert.match(fixed, /const dbPassword = process\.env\.DB_PASSWORD;/);
    assert.match(fixed, /Authorization: `Bearer \$\{process\.env\.HF_TOKEN\}`/);
  });

  it('removes apiKey from SDK clients that read their own variable, and names other keys after their library', async () => {
    const code = [
      "import OpenAI from 'openai';",
      "import Anthropic from '@anthropic-ai/sdk';",
      "import { Pinecone } from '@pinecone-database/pinecone';",
      "const a = new OpenAI({ apiKey: 'sk-proj-Zq8Xv2Lm4Np6Rt8Vw0Yb2Cd4' });",
      "const b = new Anthropic({ timeout: 10, apiKey: 'sk-ant-api03-Zq8Xv2Lm4Np6Rt8Vw0Yb2Cd4Ef' });",
      "const c = new Pinecone({ apiKey: 'pcsk_4f9a8b7c6d5e4f3a' });",
      '',
    ].join('\n');
    const found = await findings(RULE, code, TS);
    assert.equal(found.length, 3);
    assert.ok(
      found.every((f) => f.fix?.safe === false),
      'the deployment must set the variable: explicit fixes only (R2.6)',
    );
    const fixed = await assertFixed(RULE, code, TS);
    assert.match(fixed, /new OpenAI\(\{\}\)/);
    assert.match(fixed, /new Anthropic\(\{ timeout: 10 \}\)/);
    assert.match(fixed, /new Pinecone\(\{ apiKey: process\.env\.PINECONE_API_KEY \}\)/);
  });
});
