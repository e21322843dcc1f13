import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { detectEol, indentationAt } from '../../core/text';
import type { TextEdit } from '../../core/types';
import type { TsRuleImplementation } from '../../parsers/typescript/rule';

/**
 * swallowed-exception (ts/js): an empty `catch {}` block. The error disappears: no log line, no
 * metric, the request carries on with whatever state the `try` left behind. The fix logs it with
 * the module's logger (or `console.error`), adding a `catch (err)` binding when there is none.
 */
export const typescript: TsRuleImplementation = {
  visitors: {
    CatchClause(node, context) {
      const clause = node as TSESTree.CatchClause;
      if (clause.body.body.length) return;
      const { text, module } = context;
      const edits: TextEdit[] = [];
      let name = 'err';
      if (clause.param) {
        if (clause.param.type !== 'Identifier') name = '';
        else name = clause.param.name;
      } else {
        const brace = clause.body.range[0];
        const keywordEnd = clause.range[0] + 'catch'.length;
        edits.push({ start: keywordEnd, end: brace, text: ' (err) ' });
      }
      const [bodyStart, bodyEnd] = clause.body.range;
      const indent = indentationAt(text, clause.range[0]);
      const eol = detectEol(text);
      const line = `${module.errorLogCall(name)};`;
      if (name) {
        if (text.slice(bodyStart + 1, bodyEnd - 1).trim() === '') {
          edits.push({ start: bodyStart, end: bodyEnd, text: `{${eol}${indent}${module.indentUnit}${line}${eol}${indent}}` });
        } else {
          // Keep the comments that explain the swallow; log before them.
          edits.push({ start: bodyStart + 1, end: bodyStart + 1, text: `${eol}${indent}${module.indentUnit}${line}` });
        }
      }
      context.report(
        clause.range[0],
        clause.body.range[0] + 1,
        'empty catch block: the error vanishes without a log line, and the request continues in an unknown state',
        name ? { description: `Log the error with ${module.loggerName ?? 'console'}.error`, edits, safe: true } : undefined,
      );
    },
  },
};
