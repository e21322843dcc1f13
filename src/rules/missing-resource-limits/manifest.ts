import { isMap, isScalar, type Pair, type YAMLMap } from 'yaml';
import { isMemoryHungryModelServer, modelServerOf } from '../../knowledge/images';
import { commandWords } from '../../parsers/shell/command';
import type { TextEdit } from '../../core/types';
import { insertLinesAfter, keyColumn, replaceValueWithBlock } from '../../parsers/yaml/edits';
import { commandEntries, getNode, pairOf, resolve, type KubeContainer } from '../../parsers/yaml/model';
import type { ManifestRuleImplementation } from '../../parsers/manifestRule';

/**
 * missing-resource-limits, exactly as rules.md says: a container whose `resources` has no
 * `limits.memory`, or no `requests` at all (CPU limits are deliberately not required). The fix
 * inserts only what is missing, as whole lines indented like their siblings, so comments and key
 * order stay; the numbers are starting points, so the fix is never safe (R2.2). Known model servers
 * whose memory is the model's (vLLM, TGI, Triton, Ollama) and GPU containers get no fix: a guessed
 * memory limit kills them, so the message asks for one sized from the model instead.
 */
const REQUESTS = ['requests:', '  cpu: 250m', '  memory: 512Mi'];
const LIMITS = ['limits:', '  memory: 1Gi'];

export const manifest: ManifestRuleImplementation = {
  kubernetes(workload, context) {
    if (!workload.checked) return;
    for (const container of workload.containers) {
      const problem = missing(container);
      if (!problem) continue;
      const sized = sizedByModel(container) ?? (context.deployment?.workloadAt?.(container.anchorStart)?.gpu ? 'uses a GPU' : undefined);
      const edit = sized ? undefined : fixFor(container, context.text);
      context.report({
        start: container.anchorStart,
        end: container.anchorEnd,
        message: `Container ${container.name ? `'${container.name}' ` : ''}has ${problem}: it can starve its node or be scheduled where it does not fit${
          sized ? `; it ${sized}, so size the memory request and limit from the model it loads (a guessed limit gets it killed)` : ''
        }`,
        fix: edit ? { description: 'Add resource requests and a memory limit', edits: [edit], safe: false } : undefined,
      });
    }
  },
};

/** Why a guessed memory limit would be wrong here: a known model server, or a container that requests a GPU. */
function sizedByModel(container: KubeContainer): string | undefined {
  const imageNode = getNode(container.map, 'image');
  const image = isScalar(imageNode) && typeof imageNode.value === 'string' ? imageNode.value : undefined;
  const server = modelServerOf(image, commandWords(commandEntries(container.map, ['command', 'args']).flatMap((entry) => entry.words)));
  if (isMemoryHungryModelServer(server)) return `runs ${server!.label}`;
  const resources = getNode(container.map, 'resources');
  for (const key of ['limits', 'requests']) {
    const section = isMap(resources) ? getNode(resources, key) : undefined;
    if (isMap(section) && section.items.some((pair) => isScalar(pair.key) && /(^|[./])gpu$/i.test(String(pair.key.value))))
      return 'uses a GPU';
  }
  return undefined;
}

function missing(container: KubeContainer): string | undefined {
  const resources = getNode(container.map, 'resources');
  const requests = isMap(resources) ? getNode(resources, 'requests') : undefined;
  const limits = isMap(resources) ? getNode(resources, 'limits') : undefined;
  const hasRequests = isMap(requests) && requests.items.length > 0;
  const hasMemoryLimit = isMap(limits) && pairOf(limits, 'memory') !== undefined;
  if (!hasRequests && !hasMemoryLimit) return 'no resource requests and no memory limit';
  if (!hasRequests) return 'no resource requests';
  if (!hasMemoryLimit) return 'no memory limit';
  return undefined;
}

function fixFor(container: KubeContainer, text: string): TextEdit | undefined {
  const column = keyColumn(text, container.map);
  if (column === undefined) return undefined;
  const resourcesPair = pairOf(container.map, 'resources');
  if (!resourcesPair || resourcesPair.key === null)
    return insertLinesAfter(text, container.anchorEnd, ['resources:', ...indent(REQUESTS), ...indent(LIMITS)], column);
  const resources = resolve(resourcesPair.value);
  if (!isMap(resources) || resources.flow || !resources.items.length) {
    return replaceValueWithBlock(text, resourcesPair as Pair, [...REQUESTS, ...LIMITS]);
  }
  if (resources !== resourcesPair.value) return undefined;
  const childColumn = keyColumn(text, resources)!;
  const requests = getNode(resources, 'requests');
  const limitsPair = pairOf(resources, 'limits');
  const keyEnd = (resourcesPair.key as { range: [number, number] }).range[1];
  const lines: string[] = [];
  if (!isMap(requests) || !requests.items.length) {
    if (pairOf(resources, 'requests'))
      return replaceValueWithBlock(
        text,
        pairOf(resources, 'requests')!,
        REQUESTS.slice(1).map((line) => line.trimStart()),
      );
    lines.push(...REQUESTS);
  }
  const limits = limitsPair ? resolve(limitsPair.value) : undefined;
  if (!limitsPair) lines.push(...LIMITS);
  else if (isMap(limits) && !limits.flow && limits.items.length && !pairOf(limits, 'memory')) {
    if (lines.length) return insertLinesAfter(text, keyEnd, lines, childColumn);
    return insertLinesAfter(
      text,
      (limitsPair.key as { range: [number, number] }).range[1],
      ['memory: 1Gi'],
      keyColumn(text, limits as YAMLMap)!,
    );
  } else if (!pairOf(isMap(limits) ? limits : ({ items: [] } as unknown as YAMLMap), 'memory')) {
    if (lines.length) return insertLinesAfter(text, keyEnd, lines, childColumn);
    return replaceValueWithBlock(text, limitsPair, ['memory: 1Gi']);
  }
  if (!lines.length) return undefined;
  return insertLinesAfter(text, keyEnd, lines, childColumn);
}

const indent = (lines: string[]) => lines.map((line) => `  ${line}`);
