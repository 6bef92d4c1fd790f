/** Manifests: several documents per file, default namespace, and problems naming file and document. */
import { describe, expect, it } from 'vitest';
import { parseManifests } from './parse-manifests.js';

const TEMPLATE = 'apiVersion: lcm/v1\nkind: WorkerTemplate\nmetadata: { name: small }\nspec: {}\n';
const SESSION = 'apiVersion: lcm/v1\nkind: LabletSession\nmetadata: { name: s1 }\nspec: {}\n';

function problemOf(text: string): { message: string; details?: unknown } {
  try {
    parseManifests(text, 'objects.yaml', 'default');
  } catch (error) {
    return error as { message: string; details?: unknown };
  }
  throw new Error('no problem found');
}

describe('parseManifests', () => {
  it('reads every document, skips empty ones and puts namespaced objects in the namespace', () => {
    const manifests = parseManifests(`${TEMPLATE}---\n---\n${SESSION}`, 'objects.yaml', 'class-a');

    expect(manifests.map((manifest) => [manifest.document, manifest.object.kind])).toEqual([
      [1, 'WorkerTemplate'],
      [2, 'LabletSession'],
    ]);
    expect(manifests[0]?.object.metadata.namespace).toBeUndefined();
    expect(manifests[1]?.object.metadata).toEqual({ name: 's1', namespace: 'class-a' });
  });

  it('keeps a namespace the document sets', () => {
    const [manifest] = parseManifests(
      SESSION.replace('{ name: s1 }', '{ name: s1, namespace: b }'),
      '-',
      'a',
    );
    expect(manifest?.object.metadata.namespace).toBe('b');
  });

  it.each([
    [`${TEMPLATE}---\nkind: WorkerTemplate\n`, 'document 2', 'apiVersion'],
    [`${TEMPLATE}---\napiVersion: lcm/v1\nmetadata: { name: x }\n`, 'document 2', 'kind'],
    ['apiVersion: lcm/v1\nkind: Pod\nmetadata: { name: x }\n', 'document 1', 'kind'],
    ['apiVersion: lcm/v1\nkind: User\nmetadata: { name: x }\n', 'document 1', 'kind'],
    ['apiVersion: lcm/v1\nkind: Worker\nmetadata: {}\n', 'document 1', 'metadata.name'],
    ['- just\n- a list\n', 'document 1', 'document'],
    ['kind: [unclosed\n', 'document 1', 'yaml'],
  ])('names the file, the document and the field of a bad manifest (%#)', (text, where, field) => {
    const problem = problemOf(text);
    expect(problem.message).toContain(`objects.yaml: ${where} `);
    expect(problem.details).toEqual({ field });
  });

  it('refuses a file without objects', () => {
    expect(problemOf('# nothing\n').details).toEqual({ field: 'yaml' });
  });
});
