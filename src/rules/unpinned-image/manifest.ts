import { isScalar } from 'yaml';
import { pairOf } from '../../parsers/yaml/model';
import type { ManifestContext, ManifestRuleImplementation } from '../../parsers/manifestRule';

/**
 * unpinned-image: an image with no tag, or `:latest`, changes under you: rebuilds and rescheduled
 * pods pull whatever the tag points at that day. A digest pins; a `${VAR}` reference is left alone
 * (its value is set elsewhere); `FROM <earlier stage>` and `scratch` pull nothing.
 */
export const manifest: ManifestRuleImplementation = {
  dockerfile(dockerfile, context) {
    const stageNames = new Set<string>();
    for (const stage of dockerfile.stages) {
      if (!stageNames.has(stage.image.toLowerCase())) {
        const problem = imageProblem(stage.image);
        if (problem) report(context, stage.from.start, stage.imageEnd, stage.image, problem);
      }
      if (stage.name) stageNames.add(stage.name);
    }
  },
  kubernetes(workload, context) {
    for (const container of workload.containers) {
      const pair = pairOf(container.map, 'image');
      if (!pair || !isScalar(pair.value) || typeof pair.value.value !== 'string' || !pair.value.range) continue;
      const problem = imageProblem(pair.value.value);
      if (problem) report(context, (pair.key as { range: [number, number] }).range[0], pair.value.range[1], pair.value.value, problem);
    }
  },
  compose(service, context) {
    // With `build:`, `image:` names the image compose builds, not one it pulls.
    if (pairOf(service.map, 'build')) return;
    const pair = pairOf(service.map, 'image');
    if (!pair || !isScalar(pair.value) || typeof pair.value.value !== 'string' || !pair.value.range) return;
    const problem = imageProblem(pair.value.value);
    if (problem) report(context, (pair.key as { range: [number, number] }).range[0], pair.value.range[1], pair.value.value, problem);
  },
};

function report(context: ManifestContext, start: number, end: number, image: string, problem: string): void {
  context.report({
    start,
    end,
    message: `Image '${image}' ${problem}: every pull may get a different image; pin a version tag (or a digest)`,
  });
}

/** Why an image reference is unpinned, or undefined when it is pinned (or cannot be judged). */
export function imageProblem(reference: string): string | undefined {
  const image = reference.trim();
  // `<YOUR_IMAGE>:latest` is a template placeholder the user replaces, not an image anyone pulls.
  if (!image || image.includes('$') || image.includes('{{') || image.includes('<') || image.toLowerCase() === 'scratch') return undefined;
  if (image.includes('@')) return undefined;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  if (colon < 0) return 'has no tag';
  const tag = lastSegment.slice(colon + 1);
  if (!tag) return 'has no tag';
  return tag.toLowerCase() === 'latest' ? 'uses the latest tag' : undefined;
}
