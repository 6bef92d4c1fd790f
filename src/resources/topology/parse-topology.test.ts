/** parseTopology: what real-world YAML it tolerates and which field each bad input names. */
import { describe, expect, it } from 'vitest';
import { parseTopology } from './parse-topology.js';

/** A minimal valid lab YAML; each node line is a flow mapping such as `{id: n0, label: r1, …}`. */
function lab(...nodes: string[]): string {
  return `lab: {version: 0.3.0, title: t}\nnodes:\n${nodes.map((n) => `  - ${n}\n`).join('')}links: []\n`;
}

function invalidAt(field: string): unknown {
  return expect.objectContaining({ reason: 'Invalid', details: { field } });
}

describe('parseTopology on well-formed input', () => {
  it('tolerates missing tags and interfaces, unknown fields and annotations', () => {
    const text = [
      'lab: {version: 0.3.0, title: demo, description: "", owner: someone}',
      'annotations: [{type: text, text_content: hi, x1: 0, y1: 0}]',
      'smart_annotations: [{tag: "serial:5000", is_on: true}]',
      'future_field: {anything: [1, 2]}',
      'nodes:',
      '  - {id: n0, label: r1, node_definition: iosv, x: 0, y: 0, hide_links: false, unknown: 1}',
      'links: []',
    ].join('\n');
    const topology = parseTopology(text);
    expect(topology.nodes).toEqual([
      {
        id: 'n0',
        label: 'r1',
        nodeDefinition: 'iosv',
        imageDefinition: null,
        tags: [],
        interfaceCount: 0,
        cpus: null,
        ramMiB: null,
        bootDiskGiB: null,
        dataVolumeGiB: null,
        configuration: [],
      },
    ]);
    expect(topology).toMatchObject({ title: 'demo', nodeCount: 1, linkCount: 0 });
  });

  it('reads the title of a schema 0.0.x export from the top-level lab_title', () => {
    const text = 'lab_title: Old Lab\nnodes: [{id: n0, label: r1, node_definition: iosv}]\n';
    expect(parseTopology(text)).toMatchObject({
      title: 'Old Lab',
      schemaVersion: '',
      linkCount: 0,
    });
  });

  it('turns an unquoted numeric lab version into a string', () => {
    const text =
      'lab: {version: 0.1, title: t}\nnodes: [{id: n0, label: r1, node_definition: iosv}]';
    expect(parseTopology(text).schemaVersion).toBe('0.1');
  });

  it('accepts a configuration given as one {name, content} mapping', () => {
    const topology = parseTopology(
      lab('{id: n0, label: r1, node_definition: iosv, configuration: {name: a.txt, content: x}}'),
    );
    expect(topology.nodes[0]?.configuration).toEqual([{ name: 'a.txt', content: 'x' }]);
  });

  it('reads a numeric label or id as text', () => {
    const topology = parseTopology(lab('{id: 7, label: 1234, node_definition: iosv}'));
    expect(topology.nodes[0]).toMatchObject({ id: '7', label: '1234' });
  });

  it('puts every node definition once, sorted, in nodeDefinitions', () => {
    const topology = parseTopology(
      lab(
        '{id: n0, label: a, node_definition: ubuntu}',
        '{id: n1, label: b, node_definition: iosv}',
        '{id: n2, label: c, node_definition: iosv}',
      ),
    );
    expect(topology.nodeDefinitions).toEqual(['iosv', 'ubuntu']);
  });

  it('prefixes error fields with the given path', () => {
    expect(() =>
      parseTopology(lab('{id: n0, node_definition: iosv}'), { field: 'spec.topology' }),
    ).toThrow(invalidAt('spec.topology.nodes[0].label'));
  });
});

describe('parseTopology rejects unusable input as Invalid', () => {
  it.each([
    ['text that is not YAML', 'nodes: [', 'topology'],
    ['an empty document', '', 'topology'],
    ['a list instead of a mapping', '- a\n- b\n', 'topology'],
    ['a plain string', 'just some text', 'topology'],
    ['a mapping with a repeated key', 'nodes: []\nnodes: []\n', 'topology'],
    ['several YAML documents', 'nodes: []\n---\nnodes: []\n', 'topology'],
    [
      'a document without a nodes list',
      'lab: {version: 0.3.0, title: t}\nlinks: []\n',
      'topology.nodes',
    ],
    ['nodes as a mapping', 'nodes: {n0: {label: r1}}\n', 'topology.nodes'],
    ['an empty nodes list', 'nodes: []\n', 'topology.nodes'],
    [
      'a lab that is not a mapping',
      'lab: demo\nnodes: [{id: n0, label: a, node_definition: iosv}]',
      'topology.lab',
    ],
  ])('rejects %s', (_what, text, field) => {
    expect(() => parseTopology(text)).toThrow(invalidAt(field));
  });

  it('names nodes[3].node_definition for the fourth node without one, and says what is expected', () => {
    const text = lab(
      '{id: n0, label: a, node_definition: iosv}',
      '{id: n1, label: b, node_definition: iosv}',
      '{id: n2, label: c, node_definition: iosv}',
      '{id: n3, label: d}',
    );
    expect(() => parseTopology(text)).toThrow(invalidAt('topology.nodes[3].node_definition'));
    expect(() => parseTopology(text)).toThrow(/node definition/);
  });

  it.each([
    ['a node that is not a mapping', lab('r1'), 'topology.nodes[0]'],
    ['a node without a label', lab('{id: n0, node_definition: iosv}'), 'topology.nodes[0].label'],
    [
      'a blank label',
      lab('{id: n0, label: " ", node_definition: iosv}'),
      'topology.nodes[0].label',
    ],
    [
      'a label over 128 characters',
      lab(`{id: n0, label: ${'x'.repeat(129)}, node_definition: iosv}`),
      'topology.nodes[0].label',
    ],
    ['a node without an id', lab('{label: a, node_definition: iosv}'), 'topology.nodes[0].id'],
    [
      'a list as node_definition',
      lab('{id: n0, label: a, node_definition: [iosv]}'),
      'topology.nodes[0].node_definition',
    ],
    [
      'a numeric image_definition',
      lab('{id: n0, label: a, node_definition: iosv, image_definition: 15}'),
      'topology.nodes[0].image_definition',
    ],
    [
      'tags that are not a list',
      lab('{id: n0, label: a, node_definition: iosv, tags: "serial:5000"}'),
      'topology.nodes[0].tags',
    ],
    [
      'a tag that is not a string',
      lab('{id: n0, label: a, node_definition: iosv, tags: [core, {a: 1}]}'),
      'topology.nodes[0].tags[1]',
    ],
    [
      'a tag over 64 characters',
      lab(`{id: n0, label: a, node_definition: iosv, tags: [${'t'.repeat(65)}]}`),
      'topology.nodes[0].tags[0]',
    ],
    [
      'interfaces that are not a list',
      lab('{id: n0, label: a, node_definition: iosv, interfaces: 4}'),
      'topology.nodes[0].interfaces',
    ],
    [
      'a negative ram',
      lab('{id: n0, label: a, node_definition: iosv, ram: -1}'),
      'topology.nodes[0].ram',
    ],
    [
      'a ram given as text',
      lab('{id: n0, label: a, node_definition: iosv, ram: 2GB}'),
      'topology.nodes[0].ram',
    ],
    [
      'cpus given as text',
      lab('{id: n0, label: a, node_definition: iosv, cpus: two}'),
      'topology.nodes[0].cpus',
    ],
    [
      'a configuration file without a name',
      lab(
        '{id: n0, label: a, node_definition: iosv, configuration: [{name: a, content: x}, {content: y}]}',
      ),
      'topology.nodes[0].configuration[1].name',
    ],
    [
      'a configuration file with a list as content',
      lab('{id: n0, label: a, node_definition: iosv, configuration: [{name: a, content: [x]}]}'),
      'topology.nodes[0].configuration[0].content',
    ],
    [
      'a numeric configuration',
      lab('{id: n0, label: a, node_definition: iosv, configuration: 5}'),
      'topology.nodes[0].configuration',
    ],
  ])('rejects %s', (_what, text, field) => {
    expect(() => parseTopology(text)).toThrow(invalidAt(field));
  });

  it('rejects a repeated label on the second node that uses it', () => {
    const text = lab(
      '{id: n0, label: R1, node_definition: iosv}',
      '{id: n1, label: R2, node_definition: iosv}',
      '{id: n2, label: R1, node_definition: iosv}',
    );
    expect(() => parseTopology(text)).toThrow(invalidAt('topology.nodes[2].label'));
  });

  it('rejects a repeated node id', () => {
    const text = lab(
      '{id: n0, label: a, node_definition: iosv}',
      '{id: n0, label: b, node_definition: iosv}',
    );
    expect(() => parseTopology(text)).toThrow(invalidAt('topology.nodes[1].id'));
  });

  it('rejects links that are not a list, or that name a node the lab lacks', () => {
    const node = '  - {id: n0, label: a, node_definition: iosv}\n';
    expect(() => parseTopology(`nodes:\n${node}links: {l0: x}\n`)).toThrow(
      invalidAt('topology.links'),
    );
    expect(() => parseTopology(`nodes:\n${node}links: [oops]\n`)).toThrow(
      invalidAt('topology.links[0]'),
    );
    expect(() =>
      parseTopology(`nodes:\n${node}links: [{id: l0, n1: n0, i1: i0, n2: n9, i2: i0}]\n`),
    ).toThrow(invalidAt('topology.links[0].n2'));
  });
});
