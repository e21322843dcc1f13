import { ruleTester } from '../ruleTester';

const ROOT = 'The final image stage runs as root: add a non-root USER so a compromised process does not own the container';

ruleTester.run('container-runs-as-root', {
  valid: [
    { name: 'a numeric non-root user', path: 'Dockerfile', code: 'FROM python:3.11-slim\nUSER 10001:10001\nCMD ["python"]\n' },
    {
      name: 'a user inherited from an earlier stage',
      path: 'Dockerfile',
      code: 'FROM python:3.11-slim AS base\nUSER app\nFROM base\nCMD ["python"]\n',
    },
    { name: 'a user from a variable', path: 'Dockerfile', code: 'FROM python:3.11-slim\nUSER ${APP_USER}\n' },
    { name: 'a nonroot base image', path: 'Dockerfile', code: 'FROM gcr.io/distroless/python3-debian12:nonroot\nCMD ["serve.py"]\n' },
    {
      name: 'a bitnami application image (non-root by default)',
      path: 'Dockerfile',
      code: 'FROM bitnami/pytorch:2.3.1\nCMD ["python", "serve.py"]\n',
    },
  ],
  invalid: [
    {
      name: 'the final stage FROM when no USER other than root is set',
      path: 'Dockerfile',
      code: 'FROM python:3.11-slim AS build\nUSER app\nRUN echo\n\nFROM python:3.11-slim\nCOPY --from=build /x /x\nUSER root\nCMD ["python", "serve.py"]\n',
      errors: [{ line: 5, column: 1, endLine: 5, endColumn: 22, message: ROOT }],
      output:
        'FROM python:3.11-slim AS build\nUSER app\nRUN echo\n\nFROM python:3.11-slim\nCOPY --from=build /x /x\nUSER root\nUSER 1000\nCMD ["python", "serve.py"]\n',
      safe: false,
    },
    {
      name: 'bitnami/minideb is a base image that runs as root',
      path: 'Dockerfile',
      code: 'FROM bitnami/minideb:bookworm\nCMD ["serve"]\n',
      errors: [{ line: 1, column: 1, message: ROOT }],
      output: 'FROM bitnami/minideb:bookworm\nUSER 1000\nCMD ["serve"]\n',
    },
    {
      name: 'adds USER 1000 before the final stage ENTRYPOINT, after any USER root, and not in an earlier stage',
      path: 'Dockerfile',
      code: 'FROM python:3.11-slim AS build\nRUN pip wheel .\n\nFROM python:3.11-slim\nUSER root\nRUN apt-get update\nENTRYPOINT ["python", "-m", "serve"]\n',
      errors: [{ line: 4, column: 1, endLine: 4, endColumn: 22, message: ROOT }],
      output:
        'FROM python:3.11-slim AS build\nRUN pip wheel .\n\nFROM python:3.11-slim\nUSER root\nRUN apt-get update\nUSER 1000\nENTRYPOINT ["python", "-m", "serve"]\n',
      safe: false,
    },
    {
      name: 'appends USER 1000 at the end without a command, keeping CRLF',
      path: 'Dockerfile',
      code: 'FROM python:3.11-slim\r\nRUN echo hi',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 22, message: ROOT }],
      output: 'FROM python:3.11-slim\r\nRUN echo hi\r\nUSER 1000\r\n',
    },
  ],
});
