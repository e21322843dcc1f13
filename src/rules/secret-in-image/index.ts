import { defineRule } from '../define';
import { manifest } from './manifest';

export const rule = defineRule({
  id: 'secret-in-image',
  languages: ['manifests'],
  category: 'configuration',
  severity: 'error',
  fixable: false,
  summary: 'Dockerfiles must not bake credentials into the image (ARG/ENV secrets, copied key files).',
  docs: {
    why: 'Everything a Dockerfile puts in an image ships with it. Build args are recorded in the image history of every step that uses them (`docker history` shows them), `ENV` values sit in the image config, and a copied `.env`, private key or cloud credentials file stays in its layer even when a later step deletes it. Anyone who can pull the image — a registry mirror, a CI cache, a contractor — has the Hugging Face token, the AWS keys or the database password, and rotating them means rebuilding every image that holds them.',
    flags:
      "`ARG <NAME>` and `ENV <NAME>=...` where NAME is a secret name under `hardcoded-secret`'s naming rule (its last word is `token`, `secret`, `password`, `passwd`, `pwd`, `apikey`, or `key` after `api`, `access`, `secret` or `private`), and `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`; `COPY`/`ADD` of `.env` (and `.env.production`-style files), `*.pem`, `*.key`, `id_rsa*`, `.aws/`, `credentials*`, `kubeconfig`, `*service-account*.json`. In every stage that reaches a built image (each target stage and the stages it is built `FROM`). The finding sits on the instruction.",
    doesNotFlag:
      '`RUN --mount=type=secret,...` (the way to use a secret during a build); `ENV` of a secret name set to an empty value or a placeholder; names whose last word is not a secret word (`HF_TOKEN_PATH`, `MAX_TOKENS`, `TOKENIZER_NAME`); `.env.example`/`.env.sample`/`.env.template`; public certificates (`ca.pem`, `fullchain.pem`, anything copied into `ca-certificates`/`certs` folders); ARGs before the first `FROM` (they only parameterise `FROM`) and builder stages whose files are only copied out with `COPY --from`.',
    fix: "None automatic. For a secret a build step needs, `RUN --mount=type=secret,id=<name> ...` with `docker build --secret id=<name>,env=<NAME>` (the value never enters a layer); for one the service needs, inject it at run time — a Kubernetes Secret, compose `secrets:`/`environment:` from the host, the platform's secret manager.",
    examplePath: 'Dockerfile',
    bad: 'FROM python:3.11-slim\nARG HF_TOKEN\nENV HF_TOKEN=$HF_TOKEN\nCOPY .env /app/.env\nRUN pip install -r requirements.txt && python download_model.py\n',
    good: 'FROM python:3.11-slim\nRUN --mount=type=secret,id=HF_TOKEN,env=HF_TOKEN pip install -r requirements.txt && python download_model.py\n',
  },
  implementations: { manifest },
});
