import type { Node } from '@vscode/tree-sitter-wasm';
import { isHubId, isMutableBentoTag, isMutableMlflowUri, isUnpinnedHubRepo } from '../../knowledge/modelReferences';
import { callParts, type CallParts } from '../../parsers/python/ast';
import { calleeOf, callSpan } from '../../parsers/python/edits';
import { stringValue, type PythonModule } from '../../parsers/python/module';
import type { PythonRuleContext, PythonRuleImplementation } from '../../parsers/python/rule';

/**
 * unpinned-model-revision: a model fetched at load time by a reference that moves. Hugging Face
 * loaders (`from_pretrained`, `pipeline(model=...)`, `hf_hub_download`, `snapshot_download`,
 * `SentenceTransformer`) given a Hub id without `revision` (or `revision="main"`); MLflow
 * `models:/<name>/latest` and stage URIs; `bentoml.models.get("x")` / `"x:latest"`;
 * `torch.hub.load("owner/repo", ...)` without `:ref`. A Hub id counts when it is a literal, the
 * literal default of an env read (`os.getenv("MODEL_ID", "org/model")`), or a module-level constant
 * holding either (rules.md R2.5); ids read from config, parameters or env without a literal default
 * are the deployment's choice and are left alone.
 */

const CANDIDATES = new Set([
  'from_pretrained',
  'pipeline',
  'hf_hub_download',
  'snapshot_download',
  'SentenceTransformer',
  'get',
  'load',
  'load_model',
]);
const HF_LIBRARIES = ['transformers', 'huggingface_hub', 'sentence_transformers', 'diffusers', 'peft', 'optimum', 'timm', 'open_clip'];
const constants = new WeakMap<PythonModule, Map<string, Node | null>>();

/** Module-level names bound exactly once, with their value (null when bound more than once). */
function moduleConstants(module: PythonModule): Map<string, Node | null> {
  let map = constants.get(module);
  if (map) return map;
  map = new Map();
  for (const capture of module.captures) {
    if (capture.kind !== 'assignment' || capture.node.parent?.parent?.type !== 'module') continue;
    const left = capture.node.childForFieldName('left');
    const right = capture.node.childForFieldName('right');
    if (left?.type !== 'identifier') continue;
    map.set(left.text, map.has(left.text) || !right ? null : right);
  }
  constants.set(module, map);
  return map;
}

/** The literal a model reference evaluates to, when the code fixes it (a literal, an env default, a constant). */
function literalOf(node: Node | null | undefined, context: PythonRuleContext, depth = 0): string | undefined {
  if (!node || depth > 3) return undefined;
  const value = stringValue(node, context.text);
  if (value !== undefined) return value;
  if (node.type === 'parenthesized_expression') return literalOf(node.namedChild(0), context, depth + 1);
  if (node.type === 'call') {
    const qualified = context.module.qualify(node.childForFieldName('function'), context.scope);
    if (qualified !== 'os.environ.get' && qualified !== 'os.getenv') return undefined;
    const parts = callParts(node);
    return literalOf(parts.positional[1] ?? parts.keywords.get('default'), context, depth + 1);
  }
  if (node.type === 'identifier') {
    for (let fn = context.scope; fn; fn = fn.parent) {
      if (fn.locals.has(node.text) || fn.parameters.includes(node.text)) return undefined;
    }
    return literalOf(moduleConstants(context.module).get(node.text), context, depth + 1);
  }
  return undefined;
}

/** `revision=` is missing (and cannot hide in `**kwargs`) or names the moving `main` branch. */
function unpinned(parts: CallParts, context: PythonRuleContext): boolean {
  const revision = parts.keywords.get('revision');
  if (!revision) return !parts.hasKeywordSplat;
  return literalOf(revision, context) === 'main';
}

function reportHub(call: Node, context: PythonRuleContext, id: string, shown: string): void {
  const span = callSpan(call, context.text);
  context.report(
    span.start,
    span.end,
    `${shown}("${id}") fetches whatever the Hub repository holds at load time: the model can change under the running service and a rollback cannot bring the old one back; pin revision="<commit sha>"`,
  );
}

function hubIdArgument(parts: CallParts, keyword: string, position: number): Node | undefined {
  return parts.keywords.get(keyword) ?? parts.positional[position];
}

export const python: PythonRuleImplementation = {
  visitors: {
    call(node, context) {
      const callee = calleeOf(node, context.text);
      if (!CANDIDATES.has(callee.name)) return;
      const module = context.module;
      if (callee.name === 'from_pretrained') {
        if (!HF_LIBRARIES.some((library) => module.imports(library))) return;
        const parts = callParts(node);
        if (parts.keywords.get('local_files_only')?.type === 'true' || !unpinned(parts, context)) return;
        const id = literalOf(hubIdArgument(parts, 'pretrained_model_name_or_path', 0), context);
        if (id !== undefined && isHubId(id)) reportHub(node, context, id, `${callee.text.replace(/\s+/g, '')}`);
        return;
      }
      const qualified = module.qualify(callee.node, context.scope);
      if (!qualified) return;
      const parts = callParts(node);
      switch (qualified) {
        case 'transformers.pipeline':
        case 'transformers.pipelines.pipeline':
        case 'huggingface_hub.hf_hub_download':
        case 'huggingface_hub.snapshot_download':
        case 'huggingface_hub.file_download.hf_hub_download':
        case 'sentence_transformers.SentenceTransformer': {
          if (!unpinned(parts, context)) return;
          const argument = qualified.endsWith('pipeline')
            ? hubIdArgument(parts, 'model', 1)
            : qualified.endsWith('SentenceTransformer')
              ? hubIdArgument(parts, 'model_name_or_path', 0)
              : hubIdArgument(parts, 'repo_id', 0);
          const id = literalOf(argument, context);
          if (id !== undefined && isHubId(id)) reportHub(node, context, id, callee.text.replace(/\s+/g, ''));
          return;
        }
        case 'bentoml.models.get': {
          const tag = literalOf(hubIdArgument(parts, 'tag', 0), context);
          if (tag === undefined || !isMutableBentoTag(tag)) return;
          const span = callSpan(node, context.text);
          const name = tag.replace(/:latest$/i, '');
          context.report(
            span.start,
            span.end,
            `bentoml.models.get("${tag}") loads whichever version of ${name} was saved last: the model changes with the next save and a rollback cannot bring the old one back; pin the version tag ("${name}:<version>")`,
          );
          return;
        }
        case 'torch.hub.load': {
          if (literalOf(parts.keywords.get('source'), context) === 'local') return;
          const repo = literalOf(hubIdArgument(parts, 'repo_or_dir', 0), context);
          if (repo === undefined || !isUnpinnedHubRepo(repo)) return;
          const span = callSpan(node, context.text);
          context.report(
            span.start,
            span.end,
            `torch.hub.load("${repo}") runs the default branch of ${repo} as it is at load time: its code and weights can change under the running service; pin a tag or commit ("${repo}:<ref>")`,
          );
          return;
        }
      }
      if (qualified.startsWith('mlflow.') && (callee.name === 'load_model' || callee.name === 'load')) {
        const argument = hubIdArgument(parts, 'model_uri', 0);
        const uri = literalOf(argument, context);
        if (uri === undefined || !isMutableMlflowUri(uri)) return;
        const span = callSpan(node, context.text);
        const stage = uri.replace(/\/$/, '').split('/').pop()!;
        context.report(
          span.start,
          span.end,
          `${callee.text.replace(/\s+/g, '')}("${uri}") loads whichever version holds ${stage.toLowerCase() === 'latest' ? 'the latest registration' : `the ${stage} stage`} at load time: the model changes when the registry does, without a deploy; pin a version ("models:/<name>/<version>") or an alias you move deliberately ("models:/<name>@champion")`,
        );
      }
    },
  },
};
