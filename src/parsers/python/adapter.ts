import type { LanguageAdapter } from '../../core/languages';
import { PYTHON_RULES } from '../../rules/python';
import { analyzePythonTree, parsePython } from './analyze';
import { pythonProjectFacts } from './facts';

export const pythonAdapter: LanguageAdapter = {
  async analyze(input) {
    const tree = await parsePython(input.text);
    try {
      const rules = PYTHON_RULES.filter((rule) => input.isEnabled(rule.id));
      const { findings, module } = await analyzePythonTree(tree, input.text, input.path, rules, input.options);
      return { findings, facts: pythonProjectFacts(module), hasSyntaxErrors: tree.rootNode.hasError };
    } finally {
      tree.delete();
    }
  },
};
