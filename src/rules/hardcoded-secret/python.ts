import type { Node } from '@vscode/tree-sitter-wasm';
import type { Fix } from '../../core/types';
import { ensureImport } from '../../parsers/python/ast';
import { readStringLiteral } from '../../parsers/python/literals';
import { stringValue } from '../../parsers/python/module';
import type { PythonRuleImplementation, PythonRuleContext } from '../../parsers/python/rule';
import { detectSecret, embeddedKeyFormat, isSecretName, maskSecret, type SecretMatch } from '../../knowledge/secrets';

/**
 * hardcoded-secret (python): a string literal assigned to, passed as, keyed by, defaulted into or
 * compared with a secret-named target (`api_key = "..."`, `Client(api_key="...")`,
 * `{"api_key": "..."}`, `def f(token="...")`, `if password == "..."`), and any literal in a known key
 * format wherever it is. Finding on the literal; the message shows it masked.
 */

/** The name that holds the literal `node`, read from the text before it and then from the tree. */
function holderName(node: Node, context: PythonRuleContext): string | undefined {
  const text = context.text;
  let i = node.startIndex - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r' || text[i] === '\\')) i--;
  const before = text[i];
  // Only `name = "..."`, `name: "..."`, `x == "..."`/`x != "..."` shapes can have a holder.
  if (before !== '=' && before !== ':') return undefined;
  if (!mayHoldSecret(text, i)) return undefined;
  const parent = node.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case 'assignment': {
      if (parent.childForFieldName('right')?.startIndex !== node.startIndex) return undefined;
      return targetName(parent.childForFieldName('left'), context);
    }
    case 'keyword_argument':
    case 'default_parameter':
    case 'typed_default_parameter':
      return parent.childForFieldName('name')?.text;
    case 'pair': {
      if (parent.childForFieldName('value')?.startIndex !== node.startIndex) return undefined;
      const key = parent.childForFieldName('key');
      return key?.type === 'string' ? stringValue(key, text) : key?.type === 'identifier' ? key.text : undefined;
    }
    case 'comparison_operator': {
      const operator = text.slice(i - 1, i + 1);
      if (operator !== '==' && operator !== '!=') return undefined;
      // A credential check (`password == "s3cr3t!"`) holds a secret; a lexer or parser comparing its
      // current token with a word (`token == "#bygroup"`, `current_token == 'rbracket'`) does not.
      if (/^[^\w\s]*[a-z]+$/.test(stringValue(node, text) ?? '')) return undefined;
      const other = parent.namedChild(0);
      return other && other.startIndex !== node.startIndex ? targetName(other, context) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A text-only pre-check before the tree is touched: the name written before the `=`/`:` at `i` must
 * be a secret name, unless the shape hides it (an annotation `x: str = `, a subscript target `d["k"] = `).
 */
function mayHoldSecret(text: string, i: number): boolean {
  let j = i - 1;
  if (text[i] === '=' && (text[j] === '=' || text[j] === '!')) j--;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  const quote = text[j];
  if (quote === '"' || quote === "'") {
    const open = text.lastIndexOf(quote, j - 1);
    return open >= 0 && isSecretName(text.slice(open + 1, j));
  }
  let k = j;
  while (k >= 0 && /[\w$]/.test(text[k])) k--;
  if (k < j && isSecretName(text.slice(k + 1, j + 1))) return true;
  if (text[i] !== '=') return false;
  // `api_key: str = "..."` and `os.environ["API_KEY"] = "..."`: the tree has the name.
  const lineStart = text.lastIndexOf('\n', i) + 1;
  const head = text.slice(lineStart, i);
  return head.includes(':') || head.trimEnd().endsWith(']');
}

function targetName(target: Node | null, context: PythonRuleContext): string | undefined {
  if (!target) return undefined;
  if (target.type === 'identifier') return target.text;
  if (target.type === 'attribute') return target.childForFieldName('attribute')?.text;
  if (target.type === 'subscript') return stringValue(target.childForFieldName('subscript'), context.text);
  return undefined;
}

/** Literals inside environment reads and writes: the fix would read a variable into itself. */
function insideEnvironmentCall(node: Node, context: PythonRuleContext): boolean {
  const parent = node.parent;
  if (parent?.type === 'assignment') {
    const left = parent.childForFieldName('left');
    return left?.type === 'subscript' && /environ$/.test(left.childForFieldName('value')?.text ?? '');
  }
  const call = parent?.type === 'argument_list' ? parent.parent : parent?.type === 'keyword_argument' ? parent.parent?.parent : null;
  if (call?.type !== 'call') return false;
  const callee = call.childForFieldName('function');
  return /environ|getenv|putenv/.test(callee ? context.text.slice(callee.startIndex, callee.endIndex) : '');
}

function fixFor(node: Node, context: PythonRuleContext, match: SecretMatch, isBytes: boolean): Fix | undefined {
  const module = context.module;
  if (!match.envName || module.lookup('os', context.scope) !== 'os' || insideEnvironmentCall(node, context)) return undefined;
  return {
    description: `Read ${match.envName} from the environment`,
    edits: [
      { start: node.startIndex, end: node.endIndex, text: `os.environ["${match.envName}"]${isBytes ? '.encode()' : ''}` },
      ...ensureImport(module, 'os'),
    ],
    // The deployment must now provide the variable: the user applies this knowingly.
    safe: false,
  };
}

export const python: PythonRuleImplementation = {
  visitors: {
    string(node, context) {
      const text = context.text;
      const literal = readStringLiteral(text, node.startIndex);
      if (!literal || literal.isFString) return;
      const value = literal.value;
      if (value.length < 8) return;
      if (/\s/.test(value)) {
        // Prose or markup; only a known-format key inside it (`"Bearer sk-..."`) is a secret. No fix: the rest of the text stays.
        const embedded = embeddedKeyFormat(value);
        if (embedded && node.parent?.type !== 'expression_statement') {
          context.report(
            node.startIndex,
            node.endIndex,
            `${embedded.format.what} in source ("${maskSecret(embedded.key)}"): everyone with access to the repository, its history or the image has it, and rotating it needs a deploy; read it from the environment (os.environ["${embedded.format.env}"]) or a secret store`,
          );
        }
        return;
      }
      let match = detectSecret(value);
      // Raw strings are regular expressions and Windows paths; backslashes mark patterns and escapes, not keys.
      if (!match && (literal.prefix.includes('r') || value.includes('\\'))) return;
      // Test fixtures are full of made-up credentials; only a real key format counts there.
      if (!match && context.module.isTestFile) return;
      if (!match) {
        const name = holderName(node, context);
        if (!name) return;
        match = detectSecret(value, name);
        if (!match) return;
      } else {
        const name = holderName(node, context);
        if (name) match = detectSecret(value, name) ?? match;
      }
      if (node.parent?.type === 'expression_statement') return;
      const what = match.reason === 'format' ? match.what : `a hardcoded ${match.what.replace(/^a value for /, '')}`;
      context.report(
        node.startIndex,
        node.endIndex,
        `${what} in source ("${maskSecret(value)}"): everyone with access to the repository, its history or the image has it, and rotating it needs a deploy; read it from the environment (os.environ["${match.envName}"]) or a secret store`,
        fixFor(node, context, match, literal.isBytes),
      );
    },
  },
};
