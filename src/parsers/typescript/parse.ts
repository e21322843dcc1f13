import type * as Estree from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { isStackOverflow } from '../../core/types';

export type Node = TSESTree.Node;

let estree: typeof Estree | undefined;

/**
 * typescript-estree and the TypeScript compiler under it (~9 MB of JavaScript, ~0.3-0.7 s to load)
 * load on the first parse, not with the adapter: a run whose TS/JS files are all skipped as generated
 * never loads them. The bundles get this require as their `typescript.js` chunk (scripts/lib/typescriptChunk.mjs).
 */
function parser(): typeof Estree {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (estree ??= require('@typescript-eslint/typescript-estree') as typeof Estree);
}

/** `line` is the 1-based line of a syntax error, when the parser gave one. */
export type ParseResult = { program: TSESTree.Program } | { error: string; line?: number };

/**
 * Parses TS/JS with TypeScript's own parser through typescript-estree. JSX is on for `.tsx`/`.jsx`
 * and for plain `.js` (JSX in `.js` files is common in React code; `<T>x` casts do not exist there),
 * off for `.ts`, where `<T>x` is a cast. The parser cannot hand back a partial tree: any syntax
 * error throws, and the caller then reports the position instead of findings.
 */
export function parseTypeScript(text: string, path: string): ParseResult {
  const jsx = /\.(tsx|jsx|js|mjs|cjs)$/i.test(path);
  try {
    return { program: parseWith(text, path, jsx) };
  } catch (error) {
    // TypeScript's parser and typescript-estree's converter both recurse once per level of nesting:
    // a few hundred levels of brackets or ternaries (machine-made code) exhaust the call stack.
    if (isStackOverflow(error)) return { error: NESTED_TOO_DEEPLY };
    // A `.js` file may use `a < b > c` shapes that only parse without JSX: retry once.
    if (jsx && /\.(js|mjs|cjs)$/i.test(path)) {
      try {
        return { program: parseWith(text, path, false) };
      } catch {
        // report the first error
      }
    }
    if (error instanceof parser().TSError)
      return {
        error: `syntax error at ${error.location.start.line}:${error.location.start.column + 1}: ${error.message}`,
        line: error.location.start.line,
      };
    return { error: `cannot parse: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export const NESTED_TOO_DEEPLY = 'nested too deeply to parse (the TypeScript parser ran out of stack)';

function parseWith(text: string, path: string, jsx: boolean): TSESTree.Program {
  return parser().parse(text, {
    range: true,
    loc: false,
    comment: false,
    tokens: false,
    jsx,
    filePath: path,
    errorOnUnknownASTType: false,
  });
}

/** Child keys that hold only types: nothing a rule reads lives there, so the walk skips them. */
const TYPE_KEYS = new Set(['typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'superTypeArguments', 'implements']);

/** TS-only node kinds that still hold runtime code; every other `TS*` kind is a type and is skipped. */
const RUNTIME_TS_KINDS = new Set([
  'TSAsExpression',
  'TSNonNullExpression',
  'TSSatisfiesExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
  'TSModuleDeclaration',
  'TSModuleBlock',
  'TSExportAssignment',
  'TSParameterProperty',
  'TSEnumDeclaration',
  'TSEnumBody',
  'TSEnumMember',
  'TSImportEqualsDeclaration',
  'TSExternalModuleReference',
  'TSAbstractMethodDefinition',
  'TSAbstractPropertyDefinition',
]);

const childKeyCache = new Map<string, readonly string[]>();

function childKeys(type: string): readonly string[] {
  let keys = childKeyCache.get(type);
  if (!keys) {
    keys = ((visitorKeys as Record<string, readonly string[] | undefined>)[type] ?? []).filter((key) => !TYPE_KEYS.has(key));
    childKeyCache.set(type, keys);
  }
  return keys;
}

/**
 * The single walk: every runtime node in source order (pre-order), each given its `parent`. Types
 * are skipped. An explicit stack, not recursion: minified bundles nest deeper than the call stack.
 * Rules and module facts then read this flat list instead of walking again.
 */
export function flatten(program: TSESTree.Program): Node[] {
  const nodes: Node[] = [];
  const stack: Node[] = [program];
  while (stack.length) {
    const node = stack.pop()!;
    nodes.push(node);
    const keys = childKeys(node.type);
    // Children pushed last to first, so they pop in source order.
    for (let k = keys.length - 1; k >= 0; k--) {
      const child = (node as unknown as Record<string, unknown>)[keys[k]];
      if (!child) continue;
      if (Array.isArray(child)) {
        for (let i = child.length - 1; i >= 0; i--) if (child[i]) push(child[i] as Node, node, stack);
      } else if (typeof (child as Node).type === 'string') push(child as Node, node, stack);
    }
  }
  return nodes;
}

function push(child: Node, parent: Node, stack: Node[]): void {
  const type = child.type;
  if (type.charCodeAt(0) === 84 /* T */ && type.charCodeAt(1) === 83 /* S */ && !RUNTIME_TS_KINDS.has(type)) return;
  (child as { parent?: Node }).parent = parent;
  stack.push(child);
}
