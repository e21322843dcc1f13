import type { Node } from '@vscode/tree-sitter-wasm';
import type { FunctionInfo, PythonModule } from '../../parsers/python/module';
import { definePython, type PythonRuleContext } from '../../parsers/python/rule';

/**
 * unvalidated-input (python): in serving code, a raw request payload indexed without a schema —
 * Flask/Quart `request.json[...]` / `request.get_json(...)[...]`, FastAPI `(await request.json())[...]`
 * for a `Request` parameter, AWS Lambda `json.loads(event["body"])[...]`, the same through a variable
 * (`body = await request.json(); body["x"]`), and FastAPI handlers whose body parameter is typed
 * `dict`/`Dict[...]`/`Any` and then indexed (finding on the parameter). A payload passed to a
 * pydantic/marshmallow/pandera/jsonschema validator, or checked key by key, is left alone.
 */

interface Parameter {
  node: Node;
  name: string;
  type: string;
  defaultText: string;
}

type RawSource = 'flask' | 'request' | 'lambda';

interface State {
  /** Variables bound to a raw payload, per function. */
  rawVariables: Map<FunctionInfo, Map<string, RawSource>>;
  parameters: Map<FunctionInfo, Map<string, Parameter>>;
  reportedParameters: Set<Node>;
  /** Variables holding the Lambda event's raw body string (`body = event["body"]`), per function. */
  eventBodies: Map<FunctionInfo, Set<string>>;
}

function parametersOf(fn: FunctionInfo, state: State): Map<string, Parameter> {
  let parameters = state.parameters.get(fn);
  if (parameters) return parameters;
  parameters = new Map();
  for (const param of fn.node.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!param || (param.type !== 'typed_parameter' && param.type !== 'typed_default_parameter')) continue;
    const name =
      param.type === 'typed_parameter'
        ? param.namedChildren.find((c) => c?.type === 'identifier')?.text
        : param.childForFieldName('name')?.text;
    const type = param.childForFieldName('type')?.text.replace(/\s+/g, '') ?? '';
    const value = param.childForFieldName('value');
    if (name) parameters.set(name, { node: param, name, type, defaultText: value?.text ?? '' });
  }
  state.parameters.set(fn, parameters);
  return parameters;
}

const DICT_TYPES =
  /^(?:typing\.)?(?:dict|Dict|Any|Mapping|MutableMapping)(?:\[.*\])?(?:\|None)?$|^(?:typing\.)?(?:Optional|Annotated)\[(?:typing\.)?(?:dict|Dict|Any)\b/;
const REQUEST_TYPES = /^(?:fastapi\.|starlette\.requests\.)?Request$/;
/** Defaults that make a parameter something other than the JSON body. */
const NOT_BODY = /^(?:fastapi\.)?(?:Depends|Query|Header|Path|Cookie|File|Form|Security|UploadFile)\s*\(/;

function isFastApiRoute(fn: FunctionInfo, module: PythonModule): boolean {
  return fn.serving === 'route' && (module.imports('fastapi') || module.imports('starlette') || module.imports('litestar'));
}

/** What raw payload an expression is, if it is one (`request.get_json()`, `await request.json()`, `json.loads(event["body"])`). */
function rawSourceOf(expression: Node, context: PythonRuleContext, serving: FunctionInfo, state: State): RawSource | undefined {
  const text = context.text.slice(expression.startIndex, expression.endIndex).replace(/\s+/g, '');
  if (/(?:^|\.)request\.(?:json|get_json\(.*\))$/.test(text)) {
    const qualified = context.module.qualify(expression, context.scope) ?? '';
    return /^(?:flask|quart)\.request\.(?:json|get_json\(\))$/.test(qualified) ? 'flask' : undefined;
  }
  const awaited = /^\(?await(\w+)\.(?:json|get_json)\(\)\)?$/.exec(text);
  if (awaited) {
    const param = parametersOf(serving, state).get(awaited[1]);
    if (param && REQUEST_TYPES.test(param.type)) return 'request';
    return undefined;
  }
  const lambda = /^\(?json\.loads\((\w+)(?:\[["']body["']\]|\.get\(["']body["'](?:,[^()]*)?\))\)\)?$/.exec(text);
  // `body = event["body"]` first, then `json.loads(body)`.
  const throughVariable = /^\(?json\.loads\((\w+)\)\)?$/.exec(text);
  if (
    throughVariable &&
    serving.serving === 'lambda' &&
    context.scope &&
    state.eventBodies.get(context.scope)?.has(throughVariable[1]) &&
    context.module.lookup('json', context.scope) === 'json'
  ) {
    return 'lambda';
  }
  if (
    lambda &&
    serving.serving === 'lambda' &&
    serving.parameters[0] === lambda[1] &&
    context.module.lookup('json', context.scope) === 'json'
  ) {
    return 'lambda';
  }
  return undefined;
}

/** Whether the function hands `name` (a variable or `request.json`) to a validator, or checks its keys. */
function isValidated(fn: FunctionInfo, name: string, context: PythonRuleContext): boolean {
  const body = context.text.slice(fn.start, fn.end);
  const n = name.replace(/[.()[\]]/g, (c) => `\\${c}`);
  return new RegExp(
    `\\*\\*\\s*${n}\\b|(?<!json\\.|pickle\\.|yaml\\.)(?:model_validate|model_validate_json|parse_obj|parse_raw|validate|validate_python|validate_json|load|loads|from_dict|structure)\\(\\s*${n}\\b|validate\\([^)]*instance\\s*=\\s*${n}\\b|["'][^"'\\n]+["']\\s+(?:not\\s+)?in\\s+${n}\\b|isinstance\\(\\s*${n}\\b`,
  ).test(body);
}

const SCHEMA_ADVICE = 'validate it with a pydantic model (or a marshmallow schema) first';

function report(context: PythonRuleContext, node: Node, source: RawSource, access: string): void {
  const where = source === 'lambda' ? 'the Lambda event body' : 'the request body';
  const status = source === 'request' ? '422' : '400';
  context.report(
    node.startIndex,
    node.endIndex,
    `${access} indexes ${where} without a schema: a missing key or a wrong type raises a 500 instead of a ${status} and malformed input reaches the model; ${SCHEMA_ADVICE}`,
  );
}

export const python = definePython<State>({
  createState: () => ({ rawVariables: new Map(), parameters: new Map(), reportedParameters: new Set(), eventBodies: new Map() }),
  visitors: {
    assignment(node, context, state) {
      const serving = context.servingFunction;
      if (!serving || !context.scope) return;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type !== 'identifier' || !right) return;
      const source = rawSourceOf(right, context, serving, state);
      let variables = state.rawVariables.get(context.scope);
      if (serving.serving === 'lambda') {
        const bodyText = context.text.slice(right.startIndex, right.endIndex).replace(/\s+/g, '');
        const isEventBody = new RegExp(
          `^${serving.parameters[0] ?? '\\0'}(?:\\[["']body["']\\]|\\.get\\(["']body["'](?:,[^()]*)?\\))$`,
        ).test(bodyText);
        let bodies = state.eventBodies.get(context.scope);
        if (isEventBody) {
          if (!bodies) state.eventBodies.set(context.scope, (bodies = new Set()));
          bodies.add(left.text);
        } else if (!source) bodies?.delete(left.text);
      }
      if (!source) {
        // Rebinding a name to something else ends its raw payload.
        variables?.delete(left.text);
        return;
      }
      if (!variables) state.rawVariables.set(context.scope, (variables = new Map()));
      if (!isValidated(context.scope, left.text, context)) variables.set(left.text, source);
    },
    subscript(node, context, state) {
      const serving = context.servingFunction;
      if (!serving) return;
      const value = node.childForFieldName('value');
      if (!value) return;
      const parent = node.parent;
      // Writing into the payload (`data["x"] = ...`) is not reading it unchecked.
      if (
        (parent?.type === 'assignment' || parent?.type === 'augmented_assignment') &&
        parent.childForFieldName('left')?.startIndex === node.startIndex
      ) {
        return;
      }
      const module = context.module;
      if (value.type === 'identifier') {
        const name = value.text;
        for (let fn = context.scope; fn; fn = fn.parent) {
          const source = state.rawVariables.get(fn)?.get(name);
          if (source) return report(context, node, source, `${name}[...]`);
          if (fn.locals.has(name) && fn !== context.scope) break;
        }
        // FastAPI: a body parameter typed dict/Any, indexed.
        if (!isFastApiRoute(serving, module) || (context.scope && context.scope !== serving && context.scope.locals.has(name))) return;
        const param = parametersOf(serving, state).get(name);
        if (!param || !DICT_TYPES.test(param.type) || NOT_BODY.test(param.defaultText)) return;
        if (state.reportedParameters.has(param.node) || isValidated(serving, name, context)) return;
        state.reportedParameters.add(param.node);
        context.report(
          param.node.startIndex,
          param.node.endIndex,
          `${param.name}: ${param.type} accepts any JSON body and is then indexed: FastAPI cannot validate or document it, and a missing key raises a 500 instead of a 422; declare a pydantic model as the body type`,
        );
        return;
      }
      if (value.type !== 'attribute' && value.type !== 'call' && value.type !== 'parenthesized_expression') return;
      const source = rawSourceOf(value, context, serving, state);
      if (!source) return;
      const raw = context.text.slice(value.startIndex, value.endIndex);
      if (source === 'flask' && isValidated(serving, withoutCall(raw), context)) return;
      report(context, node, source, `${raw}[...]`);
    },
  },
});

/** `request.get_json(force=True)` → `request.get_json`: cut from the first `(` when the text ends with `)`. */
function withoutCall(raw: string): string {
  const open = raw.indexOf('(');
  return open >= 0 && raw.endsWith(')') ? raw.slice(0, open) : raw;
}
