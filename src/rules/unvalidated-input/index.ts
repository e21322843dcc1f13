import { defineRule } from '../define';
import { python } from './python';
import { typescript } from './typescript';

export const rule = defineRule({
  id: 'unvalidated-input',
  languages: ['py', 'ts/js'],
  category: 'input-contracts',
  severity: 'warning',
  fixable: false,
  summary: 'Validate request payloads with a schema.',
  scope: 'production',
  docs: {
    why: 'Indexing a raw request payload trusts the client: a missing key raises a 500 instead of a 4xx, wrong types reach the model, and malformed input becomes a crash or a silently wrong prediction. A schema validates, documents and rejects bad input at the edge.',
    flags:
      'in serving code, raw request payloads indexed without a schema — py: Flask/Quart `request.json[...]` / `request.get_json(...)[...]`, FastAPI `(await request.json())[...]` for a `Request` parameter, AWS Lambda `json.loads(event["body"])[...]`, the same through a variable (`body = await request.json(); body["x"]`), each on the raw access; FastAPI handlers whose body parameter is typed `dict`/`Dict[...]`/`Any`/`Mapping` and then indexed, once on the parameter. ts: `req.body.x` (Express, Fastify `request.body.x`, Koa `ctx.request.body.x`), Hono `(await c.req.json()).x` and Next.js `(await req.json()).x`, directly, through a variable (`const body = await req.json(); body.x`) or destructured (`const { a } = body`), in a handler that does not hand the body to a validator. Importing zod/joi/yup/ajv/class-validator is not validating: the body has to flow into it.',
    doesNotFlag:
      'pydantic/marshmallow/pandera/zod-validated inputs. ts: a handler that passes the body (or a variable holding it) to a validator — `Schema.parse(body)`, `safeParse`, `v.parse(Schema, body)`, `schema.validate(req.body)`, an ajv `validate(body)`, `plainToInstance(Dto, req.body)` — or a route with a schema the framework enforces (Fastify `schema`). py: a payload passed to a validator (`Model(**data)`, `Model.model_validate(data)`, `schema.load(data)`, `jsonschema.validate(instance=data, ...)`) or checked key by key (`if "x" not in data`, `isinstance(data, dict)`); reads with `.get(...)`; parameters that are not the body (`Depends`, `Query`, `Header`, ...); code outside serving functions.',
    fix: 'none (the message names the schema library to use: a pydantic model as the FastAPI body type, or a pydantic/marshmallow schema for Flask and Lambda).',
    bad: 'from fastapi import FastAPI\n\napp = FastAPI()\n\n@app.post("/predict")\ndef predict(payload: dict):\n    return {"y": model.predict([payload["features"]])}',
    good: 'from fastapi import FastAPI\nfrom pydantic import BaseModel\n\napp = FastAPI()\n\nclass Features(BaseModel):\n    features: list[float]\n\n@app.post("/predict")\ndef predict(payload: Features):\n    return {"y": model.predict([payload.features])}',
  },
  implementations: { python, typescript },
});
