import { defineRule } from '../define';
import { manifest } from './manifest';

export const rule = defineRule({
  id: 'unpinned-image',
  languages: ['manifests'],
  category: 'deployment',
  severity: 'warning',
  fixable: false,
  summary: 'Pin container images to a tag or digest other than latest.',
  docs: {
    why: 'An untagged or `:latest` base image changes under you: rebuilds pull a different OS, Python or CUDA version, and what passed CI is not what runs.',
    flags:
      'An image reference with no tag, or `:latest`: every Dockerfile `FROM` that pulls an image (builder stages too: an unpinned builder changes every build), on the `FROM`; every compose `image:` of a service that pulls it; every Kubernetes container and init container `image:` (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, Knative-style `spec.template` kinds), KServe and Seldon custom containers, and KubeRay `RayService`/`RayCluster`/`RayJob` head and worker groups, on the `image:` line.',
    doesNotFlag:
      '`FROM <earlier stage>` and `FROM scratch` (they pull nothing); digests (`@sha256:…`); references behind a variable (`${BASE}`, `{{ }}`); compose `image:` beside `build:` (it names the image compose builds).',
    fix: 'none.',
    examplePath: 'Dockerfile',
    bad: 'FROM python:latest\nCOPY . /app\nCMD ["python", "-m", "app.worker"]\n',
    good: 'FROM python:3.11.9-slim\nCOPY . /app\nCMD ["python", "-m", "app.worker"]\n',
  },
  implementations: { manifest },
});
