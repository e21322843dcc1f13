import { defineRule } from '../define';
import { manifest } from './manifest';

export const rule = defineRule({
  id: 'container-runs-as-root',
  languages: ['manifests'],
  category: 'deployment',
  severity: 'warning',
  fixable: true,
  summary: 'Every image stage that ships should run as a non-root user.',
  docs: {
    why: "A container that runs as root turns any code-execution bug (a pickle load, a template injection) into root on the container and a step towards the node. Most clusters' security policies reject such pods.",
    flags:
      "In a Dockerfile, each target stage whose chain sets no `USER` other than root, on that stage's `FROM`. Target stages (deployment.md §1): the final stage and every stage with its own `CMD`/`ENTRYPOINT` that no other stage builds `FROM`, copies from (`COPY --from`) or mounts from (`RUN --mount=from=`); a stage built `FROM` an earlier one inherits its user.",
    doesNotFlag:
      'Stages that only feed another stage; AWS Lambda base images (`public.ecr.aws/lambda/*`, `amazon/aws-lambda-*`: Lambda runs the function as its own user); base images that default to a non-root user (distroless `:nonroot`, Chainguard, Bitnami, `jupyter/*`, `rayproject/ray`, `pytorch/torchserve`); `USER ${VAR}` and `FROM ${VAR}`, whose value prodready cannot know.',
    fix: "unsafe (files the build wrote as root may need `--chown`): switch to a user with a home directory — one the Dockerfile already creates with `useradd`/`adduser` (`USER <name>`), else for Debian/Ubuntu bases `RUN useradd --create-home --uid 10001 app` + `USER app`, Alpine `RUN adduser -D -u 10001 app` + `USER app`, distroless `USER nonroot`. The lines go before the stage's `CMD`/`ENTRYPOINT` when no build step follows it, else at the end of the stage. An unknown base gets no fix; the message says so.",
    examplePath: 'Dockerfile',
    bad: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "-m", "app.worker"]\n',
    good: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nUSER 1000\nCMD ["python", "-m", "app.worker"]\n',
  },
  implementations: { manifest },
});
