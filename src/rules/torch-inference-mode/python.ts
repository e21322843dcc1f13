import type { Node } from '@vscode/tree-sitter-wasm';
import type { Fix } from '../../core/types';
import { selfContainedFunction } from '../../parsers/python/ast';
import { calleeOf, callSpan, decoratedWith, torchForFix, wrappableStatement, wrapStatement } from '../../parsers/python/edits';
import type { FunctionInfo, PythonModule } from '../../parsers/python/module';
import { definePython, type PythonRuleContext } from '../../parsers/python/rule';

/**
 * torch-inference-mode: a PyTorch model called in serving code while the module never switches a model
 * to eval mode and the call runs outside `torch.no_grad()`/`torch.inference_mode()`. A model is a name
 * or `self.` attribute bound to `torch.load`/`torch.jit.load` (and `jit.script`/`trace`), a
 * `transformers`/`peft` model's `from_pretrained`, a `torchvision.models`/`timm` constructor, a
 * `torch.nn` layer, an instance of a class of this module that subclasses `nn.Module`, or anything
 * `.load_state_dict(...)` is called on; `.to(...)`,
 * `.cuda()` and the like keep it a model. Calls are `model(x)` and `model.forward(x)`. Bindings made
 * anywhere in the module count (a startup hook may bind the model after the handler's definition),
 * so the decision is taken when the walk is over. Pipelines (`transformers.pipeline`, `diffusers`)
 * are not tracked: they run under `no_grad` themselves.
 */

/** Methods that return the module they are called on. */
const SAME_MODULE_METHODS = new Set(['to', 'cuda', 'cpu', 'half', 'float', 'double', 'bfloat16', 'eval', 'requires_grad_', 'share_memory']);
const LOADERS = /^torch\.(load|jit\.(load|script|trace)|hub\.load)$|^torchvision\.models\.\w+$|^timm\.create_model$|^torch\.nn\.[A-Z]\w*$/;
const PRETRAINED = /^(transformers|peft)\.(\w+)\.from_pretrained$/;
const NOT_A_MODEL = /Tokenizer|Processor|Config|FeatureExtractor|Pipeline|Extractor/;
const MODULE_BASES =
  /^(torch\.nn\.Module|torch\.nn\.modules\.module\.Module|pytorch_lightning\.LightningModule|lightning(\.pytorch)?\.LightningModule)$/;
const GRAD_OFF_DECORATORS = /^torch\.(no_grad|inference_mode|autograd\.(no_grad|inference_mode))$/;

interface Candidate {
  call: Node;
  /** The binding the callee refers to. */
  key: string;
  /** The `with` statements around the call. */
  withs: Node[];
  scope: FunctionInfo | undefined;
  serving: FunctionInfo;
}

interface State {
  /** Binding key → a model source: 'model', or a class name whose instances may be models. */
  bindings: Map<string, string>;
  candidates: Candidate[];
  evalCalled: boolean;
  /** Whether the module imports a torch library (read on the first capture). */
  usesTorch?: boolean;
}

function usesTorch(module: PythonModule, state: State): boolean {
  state.usesTorch ??= module.imports('torch') || module.imports('transformers') || module.imports('peft') || module.imports('timm');
  return state.usesTorch;
}

/** What a binding's value makes it: 'model', `class:<Name>` (decided later), or undefined. */
function modelSource(value: Node, context: PythonRuleContext, state: State): string | undefined {
  let node: Node | null = value;
  while (node?.type === 'call' || node?.type === 'await') {
    if (node.type === 'await') {
      node = node.namedChild(0);
      continue;
    }
    const callee = calleeOf(node, context.text);
    if (callee.node?.type === 'attribute' && SAME_MODULE_METHODS.has(callee.name)) {
      node = callee.node.childForFieldName('object');
      continue;
    }
    break;
  }
  if (!node) return undefined;
  if (node.type === 'identifier' || node.type === 'attribute') {
    const key = bindingKey(node, context);
    return key ? state.bindings.get(key) : undefined;
  }
  if (node.type !== 'call') return undefined;
  const callee = calleeOf(node, context.text);
  const qualified = context.module.qualify(callee.node, context.scope);
  if (qualified && LOADERS.test(qualified)) return 'model';
  const pretrained = qualified ? PRETRAINED.exec(qualified) : null;
  if (pretrained && !NOT_A_MODEL.test(pretrained[2])) return 'model';
  if (callee.node?.type === 'identifier' && qualified === undefined) return `class:${callee.text}`;
  return undefined;
}

/**
 * The binding a name or `self.` attribute refers to from the current scope: the innermost function
 * that binds the name (a local or a parameter), else the module; `self.x` is the class's attribute.
 */
function bindingKey(target: Node, context: PythonRuleContext, declaredGlobal = false): string | undefined {
  if (target.type === 'identifier') {
    const name = target.text;
    if (!declaredGlobal) {
      for (let fn = context.scope; fn; fn = fn.parent) {
        if (fn.locals.has(name) || fn.parameters.includes(name)) return `f:${fn.start}:${name}`;
      }
    }
    return `g:${name}`;
  }
  if (target.type === 'attribute') {
    const object = target.childForFieldName('object');
    const klass = context.scope?.classInfo;
    if (object?.type === 'identifier' && object.text === 'self' && klass) {
      return `c:${klass.start}:${target.childForFieldName('attribute')?.text ?? ''}`;
    }
  }
  return undefined;
}

function declaresGlobal(name: string, scope: FunctionInfo | undefined, text: string): boolean {
  if (!scope) return false;
  return new RegExp(`\\b(global|nonlocal)\\s+(\\w+\\s*,\\s*)*${name}\\b`).test(text.slice(scope.start, scope.end));
}

function isGradOffContext(withStatement: Node, context: PythonRuleContext, scope: FunctionInfo | undefined): boolean {
  const clause = withStatement.namedChildren.find((child) => child?.type === 'with_clause');
  for (const item of clause?.namedChildren ?? []) {
    let value = item?.childForFieldName('value') ?? null;
    if (value?.type === 'as_pattern') value = value.namedChild(0);
    while (value?.type === 'parenthesized_expression') value = value.namedChild(0);
    if (value?.type !== 'call') continue;
    const qualified = context.module.qualify(calleeOf(value, context.text).node, scope);
    if (qualified && GRAD_OFF_DECORATORS.test(qualified)) return true;
    if (qualified && /^torch\.(autograd\.)?set_grad_enabled$/.test(qualified) && /\(\s*False\s*\)$/.test(value.text)) return true;
  }
  return false;
}

export const python = definePython<State>({
  createState: () => ({ bindings: new Map(), candidates: [], evalCalled: false }),
  visitors: {
    assignment(node, context, state) {
      if (!usesTorch(context.module, state)) return;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) return;
      const source = modelSource(right, context, state);
      if (!source) return;
      const global = left.type === 'identifier' && declaresGlobal(left.text, context.scope, context.text);
      const key = bindingKey(left, context, global);
      if (key) state.bindings.set(key, source);
    },
    call(node, context, state) {
      if (!usesTorch(context.module, state)) return;
      const callee = calleeOf(node, context.text);
      if (callee.name === 'load_state_dict' && callee.node?.type === 'attribute') {
        // Only an nn.Module has load_state_dict: whatever it is called on is a model.
        const receiver = callee.node.childForFieldName('object');
        const key = receiver ? bindingKey(receiver, context) : undefined;
        if (key) state.bindings.set(key, 'model');
        return;
      }
      if (callee.name === 'eval' || callee.name === 'train') {
        const args = context.text.slice(calleeOf(node, context.text).node?.endIndex ?? node.endIndex, node.endIndex).replace(/\s+/g, '');
        if (callee.receiver && (callee.name === 'eval' ? args === '()' : args === '(False)')) state.evalCalled = true;
        return;
      }
      const serving = context.servingFunction;
      if (!serving || state.evalCalled) return;
      let target = callee.node;
      if (callee.name === 'forward' && target?.type === 'attribute') target = target.childForFieldName('object');
      if (!target || (target.type !== 'identifier' && target.type !== 'attribute')) return;
      const key = bindingKey(target, context);
      if (!key) return;
      const withs = context.ancestors.filter((a) => a.kind === 'with_statement').map((a) => a.node);
      state.candidates.push({ call: node, key, withs, scope: context.scope, serving });
    },
  },
  finish(context, state) {
    if (state.evalCalled || !state.candidates.length) return;
    const moduleClasses = torchModuleClasses(context.module);
    const isModel = (source: string | undefined) =>
      source === 'model' || (source?.startsWith('class:') && moduleClasses.has(source.slice(6)));
    for (const candidate of state.candidates) {
      if (!isModel(state.bindings.get(candidate.key))) continue;
      if (decoratedWith(candidate.scope, (d) => GRAD_OFF_DECORATORS.test(d))) continue;
      if (candidate.withs.some((w) => isGradOffContext(w, context, candidate.scope))) continue;
      const span = callSpan(candidate.call, context.text);
      const shown = `${calleeOf(candidate.call, context.text).text.replace(/\s+/g, '')}()`;
      context.report(
        span.start,
        span.end,
        `${shown} runs a PyTorch model in ${candidate.serving.name}() outside torch.inference_mode()/no_grad(), and the module never calls .eval(): every request builds an autograd graph and dropout/batch-norm stay in training mode`,
        inferenceModeFix(candidate.call, context, candidate.scope),
      );
    }
  },
});

/** Classes of this module that subclass `nn.Module`, directly or through another such class. */
function torchModuleClasses(module: PythonModule): Set<string> {
  const found = new Set<string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const klass of module.classes) {
      if (found.has(klass.name)) continue;
      if (klass.bases.some((base) => MODULE_BASES.test(base) || found.has(base))) {
        found.add(klass.name);
        grew = true;
      }
    }
  }
  return found;
}

function inferenceModeFix(call: Node, context: PythonRuleContext, scope: FunctionInfo | undefined): Fix | undefined {
  // A function that runs on its own (a KFP component) does not see the module's `import torch`.
  if (selfContainedFunction(scope)) return undefined;
  const statement = wrappableStatement(call, context.text);
  if (!statement) return undefined;
  const torch = torchForFix(context.module);
  const edit = wrapStatement(context.text, statement, `with ${torch.name}.inference_mode():`);
  if (!edit) return undefined;
  return { description: `Run the call under ${torch.name}.inference_mode()`, edits: [edit, ...torch.edits], safe: true };
}
