import type { LanguageAdapter } from '../../core/languages';
import { implementationsOf } from '../../core/rule';
import { analyzePythonTree, parsePython } from './analyze';
import { pythonDeployment } from './deployment';
import { pythonProjectFacts } from './facts';
import { parseDocument } from './incremental';
import type { PythonRuleImplementation } from './rule';

export const pythonAdapter: LanguageAdapter = {
  async analyze(input) {
    // Editor documents keep their tree for the next incremental parse; one-off analyses free it.
    const tree = input.document ? await parseDocument(input.text, input.document) : await parsePython(input.text);
    try {
      const rules = implementationsOf<PythonRuleImplementation>(input.rules, 'python');
      const { findings, module, ifImportedByServing } = await analyzePythonTree(tree, input.text, input.path, rules, input.options);
      const facts = { ...pythonProjectFacts(module), deployment: { python: pythonDeployment(module) } };
      if (ifImportedByServing.length) facts.ifImportedByServing = ifImportedByServing;
      return { findings, facts, hasSyntaxErrors: tree.rootNode.hasError };
    } finally {
      if (!input.document) tree.delete();
    }
  },
};
