import { ruleTester } from '../ruleTester';

const untagged = (image: string) => `Image '${image}' has no tag: every pull may get a different image; pin a version tag (or a digest)`;
const latest = (image: string) =>
  `Image '${image}' uses the latest tag: every pull may get a different image; pin a version tag (or a digest)`;

ruleTester.run('unpinned-image', {
  valid: [
    {
      name: 'stage references, digests, variables, version tags and scratch',
      path: 'Dockerfile',
      code: 'ARG BASE=python:3.11-slim\nFROM ${BASE} AS builder\nFROM builder AS test\nFROM nvidia/cuda@sha256:0123456789abcdef\nFROM ubuntu:22.04\nFROM scratch\n',
    },
  ],
  invalid: [
    {
      name: 'FROM with no tag or :latest on every stage, not stage references, digests or variables',
      path: 'Dockerfile',
      code: [
        'ARG BASE=python:3.11-slim',
        'FROM python:latest AS builder',
        'RUN pip wheel -r requirements.txt',
        'FROM ${BASE}',
        'FROM builder AS test',
        'FROM registry.internal:5000/team/base',
        'FROM --platform=linux/amd64 nvidia/cuda@sha256:0123456789abcdef',
        'FROM ubuntu:22.04',
        'FROM scratch',
        '',
      ].join('\n'),
      errors: [
        { line: 2, column: 1, endLine: 2, endColumn: 19, message: latest('python:latest') },
        { line: 6, column: 1, endLine: 6, endColumn: 38, message: untagged('registry.internal:5000/team/base') },
      ],
      output: null,
    },
    {
      name: 'Kubernetes container images, on their image: line',
      path: 'pod.yaml',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: redis\n    - name: b\n      image: "ghcr.io/acme/model:1.4.0"\n  initContainers:\n    - name: init\n      image: busybox:latest\n',
      errors: [
        { line: 8, column: 7, endLine: 8, endColumn: 19, message: untagged('redis') },
        { line: 13, column: 7, endLine: 13, endColumn: 28, message: latest('busybox:latest') },
      ],
      output: null,
    },
    {
      name: 'compose images that are pulled, not the name of an image that is built',
      path: 'docker-compose.yml',
      code: 'services:\n  api:\n    build: .\n    image: acme/api\n  db:\n    image: postgres:latest\n  cache:\n    image: redis:7.2\n',
      errors: [{ line: 6, column: 5, endLine: 6, endColumn: 27, message: latest('postgres:latest') }],
      output: null,
    },
  ],
});
