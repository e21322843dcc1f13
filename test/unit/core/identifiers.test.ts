import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { identifierWords } from '../../../src/core/identifiers';
import { envVarName } from '../../../src/parsers/python/literals';
import { isSecretName, nameWords, secretEnvName } from '../../../src/knowledge/secrets';

/** The splitting the secret detectors first had: camelCase and acronym boundaries by regex, then `_`, `-`, `.` and spaces. */
function replaceSplit(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .split(/[_\-.\s]+/)
    .filter(Boolean);
}

/** The single regex match that replaced it. */
function matchSplit(name: string): string[] {
  return name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? [];
}

describe('identifierWords', () => {
  const typical: Array<[string, string[]]> = [
    ['apiKey', ['api', 'Key']],
    ['AWSSecretKey', ['AWS', 'Secret', 'Key']],
    ['HTTPServer', ['HTTP', 'Server']],
    ['myAPIToken', ['my', 'API', 'Token']],
    ['OPENAI_API_KEY', ['OPENAI', 'API', 'KEY']],
    ['openaiApiKey', ['openai', 'Api', 'Key']],
    ['self.cache_dir', ['self', 'cache', 'dir']],
    ['session-token', ['session', 'token']],
    ['getHTTPResponseCode', ['get', 'HTTP', 'Response', 'Code']],
    ['A', ['A']],
    ['Ab', ['Ab']],
    ['ABc', ['A', 'Bc']],
    ['', []],
  ];

  it('splits typical names as the regex splitting did', () => {
    for (const [name, words] of typical) {
      assert.deepEqual(identifierWords(name), words, name);
      assert.deepEqual(matchSplit(name), words, name);
      if (name.length) assert.deepEqual(replaceSplit(name), words, name);
    }
  });

  it('splits digits and other characters as the single regex match did', () => {
    const samples = ['v2Key', 'sha256_secret', 'key2', 'base64Token', 'api$key', 'X509Cert', 'ÉtéKey', 'a__b--c..d', '$$$', '123'];
    for (const name of samples) assert.deepEqual(identifierWords(name), matchSplit(name), name);
    // Every string over a small alphabet up to length 5.
    const alphabet = ['A', 'B', 'a', 'b', '1', '_', 'é'];
    const visit = (prefix: string) => {
      assert.deepEqual(identifierWords(prefix), matchSplit(prefix), prefix);
      if (prefix.length < 5) for (const ch of alphabet) visit(prefix + ch);
    };
    visit('');
  });

  it('keeps what the secret and path rules derive from names', () => {
    assert.deepEqual(nameWords('AWSSecretKey'), ['aws', 'secret', 'key']);
    assert.ok(isSecretName('myAPIToken'));
    assert.ok(isSecretName('AWSSecretKey'));
    assert.ok(!isSecretName('HTTPServer'));
    assert.equal(secretEnvName('config.openaiApiKey'), 'OPENAI_API_KEY');
    assert.equal(envVarName('self.cacheDir'), 'CACHE_DIR');
    assert.equal(envVarName('HTTPServerURL'), 'HTTP_SERVER_URL');
  });

  it('is linear on long runs of capitals', () => {
    for (const name of ['A'.repeat(1_000_000) + 'a', 'AKIA'.repeat(250_000), 'aB'.repeat(500_000)]) {
      const started = performance.now();
      identifierWords(name);
      const ms = performance.now() - started;
      // Linear is milliseconds; quadratic on a million characters would be minutes. The bound leaves room for a busy machine.
      assert.ok(ms < 5000, `${ms.toFixed(0)} ms on ${name.slice(0, 8)}… (${name.length} characters)`);
    }
  });
});
