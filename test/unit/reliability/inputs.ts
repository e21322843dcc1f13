/**
 * Inputs for the fuzz and regex-safety tests: one sample path per file kind the engine knows, real
 * seed files (the examples/ projects, plus small inline ones for kinds they lack), and the hostile
 * shapes every adapter must survive.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileKindOf, type FileKind } from '../../../src/core/fileKinds';

export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** A path per kind; `fileKindOf` must agree (checked by the fuzz test, so a new kind is noticed). */
export const SAMPLE_PATHS: Record<FileKind, string[]> = {
  python: ['app/serve.py'],
  typescript: ['src/server.ts', 'src/view.tsx', 'lib/index.js', 'lib/index.mjs'],
  notebook: ['notebooks/train.ipynb'],
  requirements: ['requirements.txt'],
  pyproject: ['pyproject.toml'],
  pipfile: ['Pipfile'],
  'package-json': ['package.json'],
  dockerfile: ['Dockerfile'],
  yaml: ['k8s/deployment.yaml'],
  dotenv: ['.env'],
  lockfile: ['poetry.lock', 'package-lock.json'],
  procfile: ['Procfile'],
  makefile: ['Makefile'],
  shell: ['scripts/start.sh'],
  justfile: ['justfile'],
  'model-settings': ['models/model-settings.json'],
  tsconfig: ['tsconfig.json'],
};

export const ALL_KINDS = Object.keys(SAMPLE_PATHS) as FileKind[];

export interface Seed {
  name: string;
  path: string;
  kind: FileKind;
  text: string;
}

const INLINE: Array<Omit<Seed, 'kind'>> = [
  {
    name: 'inline pyproject.toml',
    path: 'pyproject.toml',
    text: [
      '[project]',
      'name = "scoring"',
      'version = "0.1.0"',
      'dependencies = ["fastapi", "torch>=2.1", "requests==2.31.0", \'numpy\']',
      '',
      '[project.optional-dependencies]',
      'dev = ["pytest"]',
      '',
      '[tool.poetry.dependencies]',
      'python = "^3.11"',
      'uvicorn = { version = "*", extras = ["standard"] }',
      '',
    ].join('\n'),
  },
  {
    name: 'inline Pipfile',
    path: 'Pipfile',
    text: [
      '[[source]]',
      'url = "https://example.invalid/simple"',
      'verify_ssl = true',
      '',
      '[packages]',
      'flask = "*"',
      'torch = "==2.1.0"',
      '',
      '[dev-packages]',
      'pytest = "*"',
      '',
    ].join('\n'),
  },
  {
    name: 'inline .env',
    path: '.env',
    text: [
      'MODEL_URL=http://localhost:8080',
      'API_KEY=sk-live-0123456789abcdefABCDEF0123',
      '# comment',
      'export DEBUG=1',
      'QUOTED="a b # c"',
      '',
    ].join('\n'),
  },
  {
    name: 'inline poetry.lock',
    path: 'poetry.lock',
    text: [
      '[[package]]',
      'name = "requests"',
      'version = "2.31.0"',
      'description = "HTTP"',
      'optional = false',
      '',
      '[metadata]',
      'lock-version = "2.0"',
      'python-versions = "^3.11"',
      '',
    ].join('\n'),
  },
  {
    name: 'inline package-lock.json',
    path: 'package-lock.json',
    text: JSON.stringify(
      {
        name: 'gateway',
        lockfileVersion: 3,
        requires: true,
        packages: { '': { dependencies: { express: '^4.19.0' } }, 'node_modules/express': { version: '4.19.2' } },
      },
      null,
      2,
    ),
  },
  {
    name: 'inline compose.yaml',
    path: 'docker-compose.yml',
    text: [
      'services:',
      '  api:',
      '    image: python:latest',
      '    ports: ["8000:8000"]',
      '    environment:',
      '      - DEBUG=1',
      '    command: uvicorn app:api --reload',
      '',
    ].join('\n'),
  },
];

/** Every file of examples/ the engine analyses, plus the inline seeds; sorted, so runs are repeatable. */
export function seeds(): Seed[] {
  const out: Seed[] = [];
  const examples = path.join(ROOT, 'examples');
  const visit = (folder: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile()) {
        const kind = fileKindOf(full);
        const text = fs.readFileSync(full, 'utf8');
        if (kind && text.length) out.push({ name: path.relative(ROOT, full), path: full, kind, text });
      }
    }
  };
  visit(examples);
  for (const seed of INLINE) out.push({ ...seed, kind: fileKindOf(seed.path)! });
  return out;
}

/** Deeply nested input for a kind (about `depth` levels). */
export function deepNesting(kind: FileKind, depth: number): string {
  const open = (o: string, c: string, middle = '') => o.repeat(depth) + middle + c.repeat(depth);
  switch (kind) {
    case 'python':
      return (
        `x = ${open('(', ')', '1')}\ny = ${open('[', ']')}\nz = ${open('{', '}', '')}\n` +
        'if a:\n'.concat(Array.from({ length: 200 }, (_, i) => ' '.repeat(i + 1) + 'if a:\n').join('')) +
        ' '.repeat(201) +
        'pass\n'
      );
    case 'typescript':
      return `const x = ${open('(', ')', '1')};\nconst y = ${open('[', ']')};\nfunction f() ${open('{', '}')}\nconst z = ${'a ? '.repeat(depth)}b${' : c'.repeat(depth)};\n`;
    case 'notebook':
      return `{"cells": [{"cell_type": "code", "source": ["x = ${open('(', ')', '1')}"], "metadata": ${open('{"a":', '}', '1')}}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`;
    case 'package-json':
    case 'lockfile':
      return `{"dependencies": ${open('{"a":', '}', '"1"')}, "x": ${open('[', ']')}}`;
    case 'pyproject':
    case 'pipfile':
      return `[project]\ndependencies = ${open('[', ']')}\nx = ${open('{a=', '}', '1')}\n`;
    case 'yaml':
      return (
        `a: ${open('[', ']')}\nb: ${open('{a: ', '}', '1')}\n` + Array.from({ length: 500 }, (_, i) => ' '.repeat(i) + '- ').join('\n')
      );
    default:
      return `${open('(', ')')}\n${open('[', ']')}\n${open('{', '}')}\n${'\\\n'.repeat(depth)}`;
  }
}

/** One line of about `size` characters, in shapes each format allows on one line. */
export function hugeLine(kind: FileKind, size: number): string {
  const filler = 'abcdefghij'.repeat(Math.ceil(size / 10)).slice(0, size);
  switch (kind) {
    case 'python':
      return `x = "${filler}"; y = [${'1,'.repeat(size / 20)}]; import requests; requests.get("${filler.slice(0, 1000)}")`;
    case 'typescript':
      return `const x = "${filler}";${'a+'.repeat(size / 20)}b;fetch("${filler.slice(0, 1000)}");`;
    case 'notebook':
      return JSON.stringify({
        cells: [{ cell_type: 'code', source: [`x = "${filler}"`], metadata: {}, outputs: [] }],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      });
    case 'package-json':
    case 'lockfile':
      return JSON.stringify({ name: filler, dependencies: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`p${i}`, '*'])) });
    case 'pyproject':
    case 'pipfile':
      return `x = "${filler}"`;
    case 'yaml':
      return `image: ${filler}`;
    case 'dockerfile':
      return `FROM python\nRUN ${filler}`;
    case 'requirements':
      return `${filler}==1.0`;
    default:
      return `KEY=${filler}`;
  }
}

/** The hostile byte-level variants of a text: line endings, BOM, NUL, control characters, surrogates. */
export function variants(text: string): Array<{ name: string; text: string }> {
  const lf = text.replace(/\r\n?/g, '\n');
  return [
    { name: 'CRLF', text: lf.replace(/\n/g, '\r\n') },
    { name: 'lone CR', text: lf.replace(/\n/g, '\r') },
    {
      name: 'mixed endings',
      text: lf
        .split('\n')
        .map((line, i) => line + ['\n', '\r\n', '\r'][i % 3])
        .join(''),
    },
    { name: 'BOM', text: '\uFEFF' + lf },
    { name: 'NUL bytes', text: lf.replace(/ /g, (space, offset: number) => (offset % 7 === 0 ? '\0' : space)) },
    { name: 'form feeds and vertical tabs', text: lf.replace(/\n/g, '\n\f\v') },
    { name: 'lone surrogates', text: lf.replace(/e/g, '\uD800') },
    { name: 'U+2028 separators', text: lf.replace(/\n/g, '\u2028\n') },
    { name: 'tabs for indentation', text: lf.replace(/^( {4})+/gm, (spaces) => '\t'.repeat(spaces.length / 4)) },
    { name: 'no final newline', text: lf.replace(/\n+$/, '') },
  ];
}
