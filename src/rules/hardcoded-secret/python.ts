import type { Node } from '@vscode/tree-sitter-wasm';
import type { Fix, TextEdit } from '../../core/types';
import { isPythonStdlib } from '../../knowledge/pythonStdlib';
import { ensureImport } from '../../parsers/python/ast';
import { readStringLiteral } from '../../parsers/python/literals';
import { stringValue } from '../../parsers/python/module';
import type { PythonRuleImplementation, PythonRuleContext } from '../../parsers/python/rule';
import {
  detectSecret,
  embeddedKeyFormat,
  isSecretName,
  libraryPrefix,
  maskSecret,
  secretVariable,
  type SecretMatch,
} from '../../knowledge/secrets';

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

/** SDK clients that read their own key from the environment when the argument is left out. */
const SELF_CONFIGURING: Record<string, string> = {
  'openai.OpenAI': 'OPENAI_API_KEY',
  'openai.AsyncOpenAI': 'OPENAI_API_KEY',
  'openai.AzureOpenAI': 'AZURE_OPENAI_API_KEY',
  'openai.AsyncAzureOpenAI': 'AZURE_OPENAI_API_KEY',
  'anthropic.Anthropic': 'ANTHROPIC_API_KEY',
  'anthropic.AsyncAnthropic': 'ANTHROPIC_API_KEY',
  'anthropic.Client': 'ANTHROPIC_API_KEY',
};

/** The call a keyword argument belongs to (`OpenAI(api_key="...")` for the literal), if it is one. */
function keywordCall(node: Node): { call: Node; argument: Node; keyword: string } | undefined {
  const argument = node.parent;
  if (argument?.type !== 'keyword_argument' || argument.childForFieldName('value')?.startIndex !== node.startIndex) return undefined;
  const call = argument.parent?.parent;
  const keyword = argument.childForFieldName('name')?.text;
  return call?.type === 'call' && keyword ? { call, argument, keyword } : undefined;
}

/**
 * The library a generic holder belongs to, as an env-name prefix: the package of the client it is
 * passed to (`OpenAI(api_key=...)` → `OPENAI`, `redis.Redis(password=...)` → `REDIS`,
 * `langchain_openai.ChatOpenAI` → `OPENAI`), or of the module an attribute is set on
 * (`openai.api_key = ...`). Undefined for local classes and objects.
 */
function ownerPrefix(node: Node, context: PythonRuleContext): string | undefined {
  const module = context.module;
  let qualified: string | undefined;
  const call = keywordCall(node);
  if (call) qualified = module.qualify(call.call.childForFieldName('function'), context.scope);
  else if (node.parent?.type === 'assignment') {
    const left = node.parent.childForFieldName('left');
    if (left?.type === 'attribute') {
      const object = module.qualify(left.childForFieldName('object'), context.scope);
      // Only a module (`openai`), not an instance (`self`, `config`).
      if (object && !object.includes('(') && module.imports(object)) qualified = `${object}.x`;
    }
  }
  if (!qualified || !qualified.includes('.')) return undefined;
  const top = qualified.split('.')[0];
  if (top === 'self' || isPythonStdlib(top)) return undefined;
  return libraryPrefix(top);
}

/** The variable the secret should come from (`secretVariable`): holder, key format, then the library it is passed to. */
function envNameFor(
  node: Node,
  context: PythonRuleContext,
  match: SecretMatch,
  holder: string | undefined,
  format: string | undefined,
): string {
  if (!holder || !isSecretName(holder)) return match.envName;
  return secretVariable(holder, format, ownerPrefix(node, context));
}

/** Removes a keyword argument from its call, with its comma; undefined where comments make the layout unsure. */
function removeArgument(call: Node, argument: Node): TextEdit | undefined {
  const list = call.childForFieldName('arguments');
  if (!list || list.type !== 'argument_list' || list.namedChildren.some((child) => child?.type === 'comment')) return undefined;
  const args = list.namedChildren.filter((child): child is Node => child !== null);
  const index = args.findIndex((arg) => arg.startIndex === argument.startIndex);
  if (index < 0) return undefined;
  const next = args[index + 1];
  if (next) return { start: argument.startIndex, end: next.startIndex, text: '' };
  const previous = args[index - 1];
  if (previous) return { start: previous.endIndex, end: argument.endIndex, text: '' };
  return { start: list.startIndex + 1, end: list.endIndex - 1, text: '' };
}

function fixFor(node: Node, context: PythonRuleContext, envName: string, isBytes: boolean): Fix | undefined {
  const module = context.module;
  if (insideEnvironmentCall(node, context)) return undefined;
  const call = keywordCall(node);
  if (call && call.keyword === 'api_key' && !isBytes) {
    const sdkVariable = SELF_CONFIGURING[module.qualify(call.call.childForFieldName('function'), context.scope) ?? ''];
    if (sdkVariable === envName) {
      const edit = removeArgument(call.call, call.argument);
      if (edit) {
        return {
          description: `Remove api_key=: the client reads ${envName} from the environment, which the deployment must then set`,
          edits: [edit],
          safe: false,
        };
      }
    }
  }
  if (!envName || module.lookup('os', context.scope) !== 'os') return undefined;
  const imports = ensureImport(module, 'os', context.scope, node.startIndex);
  if (!imports) return undefined;
  return {
    description: `Read ${envName} from the environment (the deployment must then set it)`,
    edits: [{ start: node.startIndex, end: node.endIndex, text: `os.environ["${envName}"]${isBytes ? '.encode()' : ''}` }, ...imports],
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
      const format = match?.reason === 'format' ? match.envName : undefined;
      const holder = holderName(node, context);
      if (!match) {
        if (!holder) return;
        match = detectSecret(value, holder);
        if (!match) return;
      } else if (holder) {
        match = detectSecret(value, holder) ?? match;
      }
      if (node.parent?.type === 'expression_statement') return;
      const envName = envNameFor(node, context, match, holder, format);
      const what = match.reason === 'format' ? match.what : `a hardcoded ${match.what.replace(/^a value for /, '')}`;
      context.report(
        node.startIndex,
        node.endIndex,
        `${what} in source ("${maskSecret(value)}"): everyone with access to the repository, its history or the image has it, and rotating it needs a deploy; read it from the environment (os.environ["${envName}"], which the deployment must then set) or a secret store`,
        fixFor(node, context, envName, literal.isBytes),
      );
    },
  },
};
