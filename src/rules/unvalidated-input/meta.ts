import type { RuleMeta } from '../../core/types';

export const meta: RuleMeta = {
  id: 'unvalidated-input',
  languages: ['py', 'ts/js'],
  category: 'input-contracts',
  severity: 'warning',
  fixable: false,
  summary: 'Validate request payloads with a schema.',
  docs: {
    why: 'Indexing a raw request payload trusts the client: a missing key raises a 500 instead of a 422, wrong types reach the model, and malformed input becomes a crash or a silently wrong prediction. A schema validates, documents and rejects bad input at the edge.',
    flags:
      'in serving code, raw request payloads indexed or passed on without a schema: Flask `request.json[...]`/`request.get_json()[...]`, FastAPI handlers whose body parameter is typed `dict`/`Dict`/`Any`/`Request` and then indexed; ts: `req.body.x` used without a validator (zod/joi/yup/ajv/class-validator) imported in the module.',
    doesNotFlag: 'pydantic/marshmallow/pandera/zod-validated inputs.',
    fix: 'none (message names the schema library to use).',
  },
};
