import { isPlaceholderSecret, isSecretName } from '../../knowledge/secrets';
import { trimTrailingSlashes } from '../../knowledge/webApps';
import type { ManifestRuleImplementation } from '../../parsers/manifestRule';
import { parentStage, runCommands, type DockerInstruction, type DockerStage, type DockerfileModel } from '../../parsers/dockerfile/model';

/**
 * secret-in-image: a Dockerfile that bakes a credential into the image it builds.
 * - `ARG <NAME>` / `ENV <NAME>=...` where NAME is a secret name under hardcoded-secret's naming rule
 *   (or `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`): build args are kept in the image history and
 *   ENV in its config, for anyone who pulls it;
 * - `COPY`/`ADD` of `.env`, `*.pem`, `*.key`, `id_rsa*`, `.aws/`, `credentials*`, `kubeconfig`,
 *   `*service-account*.json`: a layer keeps the file even if a later step deletes it.
 * Only stages that end up in a built image count: each target (the final stage, and a stage with its
 * own command that no other stage builds on) and the stages it is built `FROM`; a builder stage whose
 * files are only copied out does not ship its build args. `RUN --mount=type=secret` is the fix, never a finding.
 */

const AWS_NAMES = new Set(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']);
const ENV_EXAMPLES = /^\.env\.(example|sample|template|dist|defaults?|tpl|local\.example)$/i;
/** Certificates that are public by nature (CA bundles, chains): a `.pem` of these holds no key. */
const PUBLIC_CERTIFICATE =
  /(^|[-_.])(ca|cacert|ca-?bundle|ca-?certificates?|root-?ca|chain|fullchain|cert|certs|certificate|public|pub|combined-ca-bundle|global-bundle)([-_.]|$)/i;
const CODE_FILE = /\.(py|js|ts|go|rb|java|sh|md|txt)$/i;

/** Stages whose instructions reach a built image. */
function shippedStages(model: DockerfileModel): Set<DockerStage> {
  const referenced = new Set<string>();
  for (const stage of model.stages) {
    const parent = parentStage(model, stage);
    if (parent?.name) referenced.add(parent.name);
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
      for (const word of instruction.words) {
        const from = /^--from=(.+)$/i.exec(word);
        if (from) referenced.add(from[1].toLowerCase());
      }
    }
  }
  const targets = model.stages.filter(
    (stage, index) => index === model.stages.length - 1 || (runCommands(stage).length > 0 && !(stage.name && referenced.has(stage.name))),
  );
  const shipped = new Set<DockerStage>();
  for (const target of targets) {
    for (let stage: DockerStage | undefined = target; stage && !shipped.has(stage); stage = parentStage(model, stage)) shipped.add(stage);
  }
  return shipped;
}

function isSecretVariable(name: string): boolean {
  return AWS_NAMES.has(name) || isSecretName(name);
}

/** Why a copied source is a secret file, or undefined. */
function secretFile(source: string, destination: string): string | undefined {
  const path = trimTrailingSlashes(source.replace(/\\/g, '/'));
  const segments = path.split('/');
  if (segments.includes('.aws')) return '.aws/';
  const base = segments[segments.length - 1];
  if (base === '.env' || (/^\.env\./.test(base) && !ENV_EXAMPLES.test(base))) return base;
  if (/\.pem$/i.test(base)) {
    if (PUBLIC_CERTIFICATE.test(base.replace(/\.pem$/i, '')) || /ca-certificates|\/certs(\/|$)/i.test(destination)) return undefined;
    return base;
  }
  if (/\.key$/i.test(base) || /^id_rsa/.test(base) || base === 'kubeconfig') return base;
  if (/^credentials/i.test(base) && !CODE_FILE.test(base)) return base;
  if (/service-account.*\.json$|service_account.*\.json$/i.test(base)) return base;
  return undefined;
}

function secretId(name: string): string {
  return (
    name
      .replace(/^\.+/, '')
      .replace(/\.[^.]*$/, '')
      .replace(/[^\w-]+/g, '_')
      .toLowerCase() || 'secret'
  );
}

function checkVariables(instruction: DockerInstruction, report: (message: string) => void): void {
  const properties = (instruction.node as import('dockerfile-ast').Env).getProperties?.() ?? [];
  const names: string[] = [];
  for (const property of properties) {
    const name = property.getName();
    if (!isSecretVariable(name)) continue;
    if (instruction.keyword === 'ENV') {
      const value = (property.getValue() ?? '').replace(/^["']|["']$/g, '');
      // An empty or placeholder ENV bakes nothing in; a `$VAR` copies a build arg into the image.
      if (value === '' || (!value.startsWith('$') && isPlaceholderSecret(value))) continue;
    }
    names.push(name);
  }
  if (!names.length) return;
  const stored = instruction.keyword === 'ARG' ? 'build args are kept in the image history' : 'ENV values are kept in the image config';
  const shown = names.join(', ');
  report(
    `${instruction.keyword} ${shown} puts ${names.length > 1 ? 'secrets' : 'a secret'} in the image: ${stored}, readable by anyone who pulls it; give the build step that needs it RUN --mount=type=secret,id=${names[0]} and inject it at run time (a Kubernetes Secret, compose secrets, the platform's environment)`,
  );
}

function checkCopy(instruction: DockerInstruction, report: (message: string) => void): void {
  const words = instruction.words.filter((word) => !word.startsWith('--'));
  if (words.length < 2) return;
  const destination = words[words.length - 1];
  for (const source of words.slice(0, -1)) {
    const file = secretFile(source, destination);
    if (!file) continue;
    report(
      `${instruction.keyword} ${source} puts a secret file in an image layer: anyone who pulls the image can read it, and deleting it in a later step does not remove the layer; mount it for the step that needs it with RUN --mount=type=secret,id=${secretId(file)} and inject it at run time`,
    );
    return;
  }
}

export const manifest: ManifestRuleImplementation = {
  dockerfile(dockerfile, context) {
    const shipped = shippedStages(dockerfile);
    for (const stage of dockerfile.stages) {
      if (!shipped.has(stage)) continue;
      for (const instruction of stage.instructions) {
        const report = (message: string) => context.report({ start: instruction.start, end: instruction.end, message });
        if (instruction.keyword === 'ARG' || instruction.keyword === 'ENV') checkVariables(instruction, report);
        else if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') checkCopy(instruction, report);
      }
    }
  },
};
