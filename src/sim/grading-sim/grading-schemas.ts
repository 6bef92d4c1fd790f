/**
 * JSON schemas of the grading-sim routes (grading engine v1 field names); Fastify validates each
 * request before its handler runs and the sim answers a mismatch with an RFC 7807 400.
 */

const podInterface = {
  type: 'object',
  required: ['name', 'protocol', 'host', 'port'],
  properties: {
    name: { type: 'string', minLength: 1 },
    protocol: { type: 'string', minLength: 1 },
    host: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 0, maximum: 65535 },
    authentication: {
      type: 'object',
      properties: { scheme: { type: 'string' }, properties: { type: 'object' } },
    },
    configuration: { type: 'object', properties: { collectedConfig: { type: 'string' } } },
  },
} as const;

export const podSchema = {
  type: 'object',
  required: ['id', 'devices'],
  properties: {
    id: { type: 'string', minLength: 1 },
    devices: {
      type: 'array',
      items: {
        type: 'object',
        required: ['label', 'interfaces'],
        properties: {
          label: { type: 'string', minLength: 1 },
          hostname: { type: 'string' },
          collector: { type: 'string' },
          interfaces: { type: 'array', minItems: 1, items: podInterface },
        },
      },
    },
  },
} as const;

const partBody = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 3 }, pod: podSchema },
} as const;

const sessionParams = {
  type: 'object',
  required: ['sessionId'],
  properties: { sessionId: { type: 'string', minLength: 1 } },
} as const;

const partParams = {
  type: 'object',
  required: ['sessionId', 'partId'],
  properties: { sessionId: { type: 'string', minLength: 1 }, partId: { type: 'string' } },
} as const;

export const createSessionSchema = {
  body: {
    type: 'object',
    required: ['candidateId'],
    properties: {
      id: { type: 'string', minLength: 1 },
      candidateId: { type: 'string', minLength: 3 },
      lds: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string' }, environment: { type: 'string' } },
      },
      parts: { type: 'array', items: partBody },
    },
  },
} as const;

export const sessionSchema = { params: sessionParams } as const;

export const addPartSchema = {
  body: {
    type: 'object',
    required: ['sessionId', 'part'],
    properties: { sessionId: { type: 'string', minLength: 1 }, part: partBody },
  },
} as const;

export const partSchema = { params: partParams } as const;

export const putPodSchema = { params: partParams, body: podSchema } as const;

export const gradeSchema = {
  params: partParams,
  querystring: { type: 'object', properties: { recollect: { type: 'boolean' } } },
} as const;

export const scoringSchema = {
  body: {
    type: 'object',
    required: ['partId', 'scoringRequirements'],
    properties: {
      partId: { type: 'string', minLength: 1 },
      scoringRequirements: {
        type: 'object',
        required: ['cutScore'],
        properties: {
          cutScore: { type: 'number', minimum: 0 },
          minScore: { type: 'number' },
          rereadScore: { type: 'number' },
          version: { type: 'string' },
        },
      },
    },
  },
} as const;

export const tokenSchema = {
  body: {
    type: 'object',
    required: ['grant_type', 'client_id', 'client_secret'],
    properties: {
      grant_type: { type: 'string', const: 'client_credentials' },
      client_id: { type: 'string' },
      client_secret: { type: 'string' },
      scope: { type: 'string' },
    },
  },
} as const;

export const rulesetSchema = {
  params: { type: 'object', required: ['partId'], properties: { partId: { type: 'string' } } },
  body: {
    type: 'object',
    required: ['sections'],
    additionalProperties: false,
    properties: {
      version: { type: 'string' },
      cutScore: { type: 'number', minimum: 0 },
      sections: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'checks'],
          properties: {
            id: { type: 'string', minLength: 1 },
            checks: {
              type: 'array',
              items: {
                type: 'object',
                required: ['device', 'line'],
                properties: { device: { type: 'string' }, line: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  },
} as const;

export const failNextSchema = {
  body: {
    type: 'object',
    additionalProperties: false,
    properties: { count: { type: 'integer', minimum: 1 }, reason: { type: 'string' } },
  },
} as const;

export const simEventsSchema = {
  body: {
    type: 'object',
    additionalProperties: false,
    properties: { sinkUrl: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
  },
} as const;
