import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { type FileAnalysis } from '../../../src/core/engine';
import { analyzeText } from '../../../src/session/engine';
import { projectsOf } from '../../../src/core/project';
import { buildDeploymentModel, type DeploymentModel, type DeploymentTarget } from '../../../src/deployment/model';

export const ROOT = path.resolve('/work/projects/acme');

export interface Fixture {
  model: DeploymentModel;
  analyses: FileAnalysis[];
  /** The absolute path of a fixture file. */
  file(rel: string): string;
  /** The offset of `needle` in a fixture file's text. */
  offset(rel: string, needle: string): number;
}

/** Analyses an in-memory project (paths relative to ROOT) and builds the deployment model of its root project. */
export async function deploymentOf(files: Record<string, string>): Promise<Fixture> {
  const analyses: FileAnalysis[] = [];
  for (const [name, text] of Object.entries(files)) {
    const analysis = await analyzeText({ path: path.join(ROOT, name), text });
    assert.equal(analysis.skipped, undefined, `${name} was skipped: ${analysis.skipped}`);
    analyses.push(analysis);
  }
  const project = projectsOf(analyses, { roots: [ROOT], readText: () => undefined, hasMarker: () => false }).find(
    (candidate) => candidate.root === ROOT,
  );
  assert.ok(project, 'the fixture forms a project at its root');
  return {
    model: buildDeploymentModel(project),
    analyses,
    file: (rel) => path.join(ROOT, rel),
    offset: (rel, needle) => {
      const index = files[rel].indexOf(needle);
      assert.ok(index >= 0, `${needle} in ${rel}`);
      return index;
    },
  };
}

/** The facts of a target a test asserts exactly (everything but offsets and absolute paths). */
export function summary(target: DeploymentTarget) {
  return {
    kind: target.kind,
    via: target.via,
    entryModules: target.entryModules,
    scriptEntries: target.scriptEntries,
    deployedFiles: target.deployedFiles,
    installed: target.installedManifests.map((manifest) => `${manifest.file}${manifest.throughLockfile ? ' (lockfile)' : ''}`),
    port: target.port,
    healthRoute: target.healthRoute,
    gpu: target.gpu,
  };
}

export function targetAt(model: DeploymentModel, via: string): DeploymentTarget {
  const found = model.targets.find((target) => target.via.startsWith(via));
  assert.ok(found, `no target ${via}; targets: ${model.targets.map((target) => target.via).join(' | ')}`);
  return found;
}
