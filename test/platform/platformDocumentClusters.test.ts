// What the views read of an Application's clusters: `spec.clusters` (names, first of each, in
// list order) for one on several clusters, `spec.cluster` for one on a single cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BerthLanguageService } from '../../platform/languageService';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { nodeLanguageServiceOptions } from '../../installation/languageServiceOptions';
import { settings, yamlDocument } from '../helpers/languageService';
import { repoRoot } from '../helpers/repo';

const APP = (name: string, spec: string): string => `apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\nspec:\n  image: nginx:1.27\n${spec}`;

test('an Application on several clusters lists them; one on a single cluster names it', () => {
  const workspace = new BerthWorkspace(new BerthLanguageService(nodeLanguageServiceOptions(repoRoot())));
  workspace.setFile(
    yamlDocument([APP('web', '  clusters: [east, west, east, 3]\n'), APP('api', '  cluster: east\n'), APP('none', '  clusters: []\n'), APP('loose', '')].join('---\n'), 'file:///ws/apps.yaml'),
    settings(),
  );
  const documents = workspace.platformDocuments();
  assert.deepEqual(
    documents.map((d) => [d.name, d.cluster, d.clusters]),
    [
      ['web', undefined, ['east', 'west']],
      ['api', 'east', undefined],
      ['none', undefined, []],
      ['loose', undefined, undefined],
    ],
  );
  assert.ok(!('cluster' in documents[0]!) && !('clusters' in documents[1]!), 'the other field is absent, not undefined');
});
