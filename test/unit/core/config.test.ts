import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { ConfigError, parseConfig } from '../../../src/core/config';
import { RULE_IDS } from '../../../src/session/engine';

const FILE = '/repo/.prodready.yaml';

function error(text: string): string {
  try {
    parseConfig(text, FILE, RULE_IDS);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.message;
  }
  assert.fail('expected a ConfigError');
}

describe('.prodready.yaml', () => {
  it('reads severities, excludes and the default timeout', () => {
    const config = parseConfig(
      'rules:\n  missing-timeout: warning\n  console-logging: off\nexclude: ["build/**"]\ndefaultTimeoutSeconds: 30\n',
      FILE,
      RULE_IDS,
    );
    assert.deepEqual(config.rules, { 'missing-timeout': 'warning', 'console-logging': 'off' });
    assert.deepEqual(config.exclude, ['build/**']);
    assert.equal(config.options.defaultTimeoutSeconds, 30);
    assert.equal(config.options.llmTimeoutSeconds, 60, 'llmTimeoutSeconds keeps its default');
  });

  it('reads llmTimeoutSeconds, the timeout LLM fixes insert, and validates it like defaultTimeoutSeconds', () => {
    const config = parseConfig('llmTimeoutSeconds: 120\n', FILE, RULE_IDS);
    assert.equal(config.options.llmTimeoutSeconds, 120);
    assert.equal(config.options.defaultTimeoutSeconds, 10);
    assert.match(error('llmTimeoutSeconds: 0\n'), /key 'llmTimeoutSeconds' must be a number of seconds between 0 and 3600/);
    assert.match(error('llmTimeoutSeconds: "60"\n'), /key 'llmTimeoutSeconds' must be a number/);
    assert.equal(
      error('llmTimeoutSecond: 60\n'),
      `${FILE}: unknown key 'llmTimeoutSecond' (did you mean 'llmTimeoutSeconds'?); expected one of rules, exclude, defaultTimeoutSeconds, llmTimeoutSeconds`,
    );
  });

  it('accepts YAML 1.1 `off` written unquoted and an empty file', () => {
    assert.deepEqual(parseConfig('rules:\n  debug-mode: off\n', FILE, RULE_IDS).rules, { 'debug-mode': 'off' });
    assert.deepEqual(parseConfig('', FILE, RULE_IDS).rules, {});
  });

  it('names the file and key for typos, unknown ids, bad values and broken YAML', () => {
    assert.equal(
      error('rule:\n  debug-mode: off\n'),
      `${FILE}: unknown key 'rule' (did you mean 'rules'?); expected one of rules, exclude, defaultTimeoutSeconds, llmTimeoutSeconds`,
    );
    assert.match(error('rules:\n  missing-timeot: off\n'), /unknown rule id 'rules\.missing-timeot' \(did you mean 'missing-timeout'\?\)/);
    assert.match(error('rules:\n  debug-mode: loud\n'), /'rules\.debug-mode' must be one of off, info, warning, error, not 'loud'/);
    assert.match(error('defaultTimeoutSeconds: soon\n'), /key 'defaultTimeoutSeconds' must be a number/);
    assert.match(error('exclude: build\n'), /key 'exclude' must be a list of glob strings/);
    assert.match(error('rules: [\n'), /^\/repo\/\.prodready\.yaml:\d+:\d+: invalid YAML: /);
  });
});
