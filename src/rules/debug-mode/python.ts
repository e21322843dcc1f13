import type { Node } from '@vscode/tree-sitter-wasm';
import { callParts, ensureImport } from '../../parsers/python/ast';
import type { PythonModule } from '../../parsers/python/module';
import type { PythonRuleImplementation, PythonRuleContext } from '../../parsers/python/rule';

/**
 * debug-mode: a literal `True` that turns on a debugger, auto-reload or a public share link —
 * `app.run(debug=True)`, `uvicorn.run(..., reload=True)`, `FastAPI(debug=True)`,
 * `demo.launch(share=True)`, `app.debug = True`. Values read from env or config are left alone.
 */

const WEB_APPS = /^(flask\.Flask|quart\.Quart|fastapi\.FastAPI|starlette\.applications\.Starlette|sanic\.Sanic)\(\)$/;

function keywordFor(callee: string | undefined, calleeText: string, module: PythonModule): string | undefined {
  if (callee === 'uvicorn.run' || callee === 'hypercorn.run') return 'reload';
  if (callee && /^(fastapi\.FastAPI|starlette\.applications\.Starlette)$/.test(callee)) return 'debug';
  if (calleeText.endsWith('.launch') && (callee?.startsWith('gradio.') || module.imports('gradio'))) return 'share';
  if (calleeText.endsWith('.run')) {
    const receiver = callee?.slice(0, -'.run'.length);
    if (
      (receiver && WEB_APPS.test(receiver)) ||
      module.imports('flask') ||
      module.imports('quart') ||
      /(^|\.)app$/.test(calleeText.slice(0, -4))
    ) {
      return 'debug';
    }
  }
  return undefined;
}

/**
 * The env-driven replacement: a read **with** a default, so the fix works where the deployment sets
 * nothing (and creates no `undeclared-env-var`). Gradio reads `GRADIO_SHARE` itself; the other
 * switches share `DEBUG`.
 */
function replaceWithEnv(context: PythonRuleContext, literal: Node, message: string, at: Node = literal, variable = 'DEBUG'): void {
  const imports =
    context.module.lookup('os', context.scope) === 'os' ? ensureImport(context.module, 'os', context.scope, literal.startIndex) : undefined;
  const fix = imports && {
    description: `Read the flag from the ${variable} environment variable (off unless it is "1")`,
    edits: [{ start: literal.startIndex, end: literal.endIndex, text: `os.environ.get("${variable}", "0") == "1"` }, ...imports],
    safe: true,
  };
  context.report(at.startIndex, at.endIndex, message, fix);
}

export const python: PythonRuleImplementation = {
  visitors: {
    call(node, context) {
      if (context.module.isTestFile) return;
      // The callee's text first: reading every call's arguments cost more than the rest of the rule.
      const callee = node.childForFieldName('function');
      if (!callee) return;
      const calleeText = context.text.slice(callee.startIndex, callee.endIndex);
      if (!/(run|launch|FastAPI|Starlette)$/.test(calleeText)) return;
      const parts = callParts(node);
      const keyword = keywordFor(context.module.qualify(callee, context.scope), calleeText, context.module);
      const value = keyword ? parts.keywords.get(keyword) : undefined;
      if (!value || value.type !== 'true') return;
      const what =
        keyword === 'reload'
          ? 'auto-reload runs a file watcher that restarts the server in production'
          : keyword === 'share'
            ? 'share=True opens a public tunnel to this app from the internet'
            : 'debug mode exposes an interactive debugger and stack traces to any client';
      replaceWithEnv(
        context,
        value,
        `${keyword}=True in ${calleeText}(): ${what}; read it from the environment`,
        value,
        keyword === 'share' ? 'GRADIO_SHARE' : 'DEBUG',
      );
    },
    assignment(node, context) {
      if (context.module.isTestFile) return;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type !== 'attribute' || right?.type !== 'true') return;
      if (left.childForFieldName('attribute')?.text !== 'debug') return;
      const receiver = context.module.qualify(left.childForFieldName('object'), context.scope);
      const receiverText = left.childForFieldName('object')?.text ?? '';
      if (!(receiver && WEB_APPS.test(receiver)) && !/(^|\.)app$/.test(receiverText)) return;
      replaceWithEnv(
        context,
        right,
        `${receiverText}.debug = True: debug mode exposes an interactive debugger and stack traces to any client; read it from the environment`,
        node,
      );
    },
  },
};
