import { findNodeAtLocation, type Node } from 'jsonc-parser';
import { LineIndex } from '../../core/text';
import type { DeploymentFileFacts, PackageJsonFacts } from '../../deployment/facts';
import { shellCommand } from '../../deployment/shell';

/** What a package.json deploys (deployment.md §1): its scripts (`start` and what `npm run X` runs) and `main`. */
export function packageJsonDeployment(root: Node, text: string): DeploymentFileFacts {
  const lines = new LineIndex(text);
  const facts: PackageJsonFacts = { scripts: {} };
  const scripts = findNodeAtLocation(root, ['scripts']);
  for (const property of scripts?.type === 'object' ? (scripts.children ?? []) : []) {
    const [key, value] = property.children ?? [];
    if (!key || !value || typeof key.value !== 'string' || typeof value.value !== 'string') continue;
    if (key.value === '__proto__' || key.value === 'constructor' || key.value === 'prototype') continue;
    facts.scripts[key.value] = {
      command: shellCommand(value.value, lines.position(key.offset).line + 1, value.offset, value.offset + value.length),
    };
  }
  const main = findNodeAtLocation(root, ['main']);
  if (typeof main?.value === 'string') facts.main = main.value;
  return { packageJson: facts };
}
