import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { at } from '../manifests/util';

const RULE = 'unpinned-image';

describe('unpinned-image (manifests)', () => {
  it('flags FROM with no tag or :latest on every stage, not stage references, digests, variables or template placeholders', async () => {
    const text = [
      'ARG BASE=python:3.11-slim',
      'FROM python:latest AS builder',
      'RUN pip wheel -r requirements.txt',
      'FROM ${BASE}',
      'FROM builder AS test',
      'FROM registry.internal:5000/team/base',
      'FROM --platform=linux/amd64 nvidia/cuda@sha256:0123456789abcdef',
      'FROM ubuntu:22.04',
      'FROM scratch',
      'FROM <YOUR_BASE_IMAGE>:latest',
      '',
    ].join('\n');
    assert.deepEqual(await at(RULE, text, 'Dockerfile'), [
      { at: '2:1', text: 'FROM python:latest' },
      { at: '6:1', text: 'FROM registry.internal:5000/team/base' },
    ]);
  });

  it('flags Kubernetes container images on their image: line and compose images that are pulled', async () => {
    const k8s =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: redis\n    - name: b\n      image: "ghcr.io/acme/model:1.4.0"\n  initContainers:\n    - name: init\n      image: busybox:latest\n';
    assert.deepEqual(await at(RULE, k8s, 'pod.yaml'), [
      { at: '8:7', text: 'image: redis' },
      { at: '13:7', text: 'image: busybox:latest' },
    ]);
    const compose =
      'services:\n  api:\n    build: .\n    image: acme/api\n  db:\n    image: postgres:latest\n  cache:\n    image: redis:7.2\n';
    assert.deepEqual(await at(RULE, compose, 'docker-compose.yml'), [{ at: '6:5', text: 'image: postgres:latest' }]);
  });
});

describe('unpinned-image (CRDs)', () => {
  it('reads KubeRay head and worker groups, Seldon custom containers and KServe custom containers', async () => {
    const text = [
      'apiVersion: ray.io/v1',
      'kind: RayService',
      'metadata: {name: rs}',
      'spec:',
      '  rayClusterConfig:',
      '    headGroupSpec:',
      '      template:',
      '        spec:',
      '          containers:',
      '            - name: ray-head',
      '              image: rayproject/ray-ml:latest',
      '    workerGroupSpecs:',
      '      - groupName: gpu',
      '        template:',
      '          spec:',
      '            containers:',
      '              - name: ray-worker',
      '                image: rayproject/ray-ml',
      '      - groupName: cpu',
      '        template:',
      '          spec:',
      '            containers:',
      '              - name: ray-worker',
      '                image: rayproject/ray-ml:2.34.0',
      '---',
      'apiVersion: ray.io/v1',
      'kind: RayCluster',
      'metadata: {name: rc}',
      'spec:',
      '  headGroupSpec:',
      '    template:',
      '      spec:',
      '        containers: [{name: head, image: acme/ray}]',
      '---',
      'apiVersion: machinelearning.seldon.io/v1',
      'kind: SeldonDeployment',
      'metadata: {name: s}',
      'spec:',
      '  predictors:',
      '    - name: default',
      '      componentSpecs:',
      '        - spec:',
      '            containers:',
      '              - name: classifier',
      '                image: acme/classifier',
      '---',
      'apiVersion: serving.kserve.io/v1beta1',
      'kind: InferenceService',
      'metadata: {name: i}',
      'spec:',
      '  predictor:',
      '    containers:',
      '      - name: kserve-container',
      '        image: acme/predictor:latest',
      '',
    ].join('\n');
    assert.deepEqual(
      (await at(RULE, text, 'crds.yaml')).map((f) => `${f.at} ${f.text}`),
      [
        '11:15 image: rayproject/ray-ml:latest',
        '18:17 image: rayproject/ray-ml',
        '33:35 image: acme/ray',
        '45:17 image: acme/classifier',
        '54:9 image: acme/predictor:latest',
      ],
    );
  });
});
