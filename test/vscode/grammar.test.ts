import * as assert from 'assert';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

/**
 * Tokenizes with the very TextMate engine, Oniguruma build and language grammars of the running
 * VS Code, plus our injection grammar, and checks the scopes of suppression comments.
 */
interface Token {
  text: string;
  scopes: string[];
}

// The host's own copies of these modules are used, so only the few members called are typed here.
interface Grammar {
  tokenizeLine(line: string, state: unknown): { tokens: { startIndex: number; endIndex: number; scopes: string[] }[] };
}
interface TextMate {
  INITIAL: unknown;
  Registry: new (options: {
    onigLib: Promise<unknown>;
    loadGrammar(scopeName: string): Promise<unknown>;
    getInjections(scopeName: string): string[] | undefined;
  }) => { loadGrammar(scopeName: string): Promise<Grammar | null> };
  parseRawGrammar(content: string, filePath: string): unknown;
}
interface Oniguruma {
  loadWASM(data: ArrayBuffer): Promise<void>;
  OnigScanner: new (patterns: string[]) => unknown;
  OnigString: new (text: string) => unknown;
}

async function loadTokenizer(): Promise<(scopeName: string, line: string) => Promise<Token[]>> {
  const appRoot = vscode.env.appRoot;
  const appRequire = createRequire(path.join(appRoot, 'package.json'));
  const textmate = appRequire('vscode-textmate') as TextMate;
  const oniguruma = appRequire('vscode-oniguruma') as Oniguruma;
  const wasmPath = path.join(path.dirname(appRequire.resolve('vscode-oniguruma')), 'onig.wasm');
  await oniguruma.loadWASM(fs.readFileSync(wasmPath).buffer as ArrayBuffer);

  const grammarFiles = new Map<string, string>();
  for (const extension of vscode.extensions.all) {
    for (const grammar of extension.packageJSON?.contributes?.grammars ?? []) {
      if (grammar.scopeName && grammar.path) grammarFiles.set(grammar.scopeName, path.join(extension.extensionPath, grammar.path));
    }
  }
  const ours: { scopeName: string; injectTo?: string[] }[] = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.grammars;
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => {
      const file = grammarFiles.get(scopeName);
      if (!file) return null;
      return textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
    getInjections: (scopeName: string) =>
      ours.filter((grammar) => grammar.injectTo?.includes(scopeName)).map((grammar) => grammar.scopeName),
  });
  return async (scopeName, line) => {
    const grammar = await registry.loadGrammar(scopeName);
    assert.ok(grammar, `grammar ${scopeName} is available`);
    const result = grammar.tokenizeLine(line, textmate.INITIAL);
    return result.tokens.map((token) => ({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes }));
  };
}

function scopesOf(tokens: Token[], text: string): string[] {
  const token = tokens.find((candidate) => candidate.text === text);
  assert.ok(token, `a token "${text}" in ${JSON.stringify(tokens.map((t) => t.text))}`);
  return token.scopes;
}

describe('suppression comment grammar', () => {
  let tokenize: (scopeName: string, line: string) => Promise<Token[]>;
  before(async () => {
    tokenize = await loadTokenizer();
  });

  const cases: [string, string, string][] = [
    ['source.python', 'requests.get(url)  # prodready: ignore[missing-timeout, print-logging]', 'missing-timeout'],
    ['source.ts', 'await fetch(url); // prodready: ignore[missing-timeout]', 'missing-timeout'],
    ['source.js', '// prodready: ignore[console-logging]', 'console-logging'],
    ['source.yaml', 'image: model:latest  # prodready: ignore[unpinned-image]', 'unpinned-image'],
    ['source.dockerfile', '# prodready: ignore[container-runs-as-root]', 'container-runs-as-root'],
  ];
  for (const [scope, line, ruleId] of cases) {
    it(`highlights the directive and rule ids in ${scope} comments`, async () => {
      const tokens = await tokenize(scope, line);
      assert.ok(scopesOf(tokens, 'prodready:').includes('keyword.control.directive.prodready'));
      assert.ok(scopesOf(tokens, 'ignore').includes('keyword.control.directive.suppression.prodready'));
      const idScopes = scopesOf(tokens, ruleId);
      assert.ok(idScopes.includes('entity.name.tag.rule-id.prodready'), idScopes.join(' '));
      assert.ok(
        idScopes.some((name) => name.startsWith('comment')),
        'still inside the comment',
      );
    });
  }

  it('marks every id of a list and leaves code outside comments alone', async () => {
    const tokens = await tokenize('source.python', 'x = "prodready: ignore[a]"  # prodready: ignore[missing-timeout, print-logging]');
    assert.ok(scopesOf(tokens, 'print-logging').includes('entity.name.tag.rule-id.prodready'));
    const inString = tokens.find((token) => token.text.includes('prodready: ignore[a]'));
    assert.ok(inString && !inString.scopes.includes('keyword.control.directive.prodready'), 'not inside strings');
  });

  it('highlights ignore-file', async () => {
    const tokens = await tokenize('source.python', '# prodready: ignore-file');
    assert.ok(scopesOf(tokens, 'ignore-file').includes('keyword.control.directive.suppression.prodready'));
  });
});
