import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { at, findingsOf } from '../manifests/util';

const RULE = 'hardcoded-path';

describe('hardcoded-path (manifests)', () => {
  it('flags hostPath volumes on the volume entry, with severity warning', async () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: a:1\n      volumeMounts:\n        - {name: models, mountPath: /models}\n  volumes:\n    - name: models\n      hostPath:\n        path: /mnt/models\n    - name: sock\n      hostPath: {path: /dev/nvidia0}\n    - name: cache\n      emptyDir: {}\n';
    assert.deepEqual(await at(RULE, text, 'pod.yaml'), [{ at: '11:7', text: 'name: models' }]);
    assert.equal((await findingsOf(RULE, text, 'pod.yaml'))[0].severity, 'warning');
  });

  it('flags absolute host paths of compose bind mounts, not relative paths, named volumes, env-built or system paths', async () => {
    const text = [
      'services:',
      '  api:',
      '    image: a:1',
      '    volumes:',
      '      - /home/maya/models:/models:ro',
      '      - ./models:/models',
      '      - model-cache:/cache',
      '      - ${HOME}/data:/data',
      '      - /etc/localtime:/etc/localtime:ro',
      '      - type: bind',
      '        source: /srv/fraud/data',
      '        target: /data',
      '      - ~/.cache/huggingface:/root/.cache/huggingface',
      'volumes:',
      '  model-cache: {}',
      '',
    ].join('\n');
    assert.deepEqual(
      (await at(RULE, text, 'docker-compose.yml')).map((f) => f.at),
      ['5:9', '10:9', '13:9'],
    );
  });
});
