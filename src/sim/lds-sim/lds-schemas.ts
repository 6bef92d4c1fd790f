/**
 * JSON schemas of the lds-sim routes (LDS Reservations API v3 field names); Fastify validates
 * every request against them before a handler runs (400 on mismatch, as LDS does).
 */

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1 } },
} as const;

const partParams = {
  type: 'object',
  required: ['id', 'part'],
  properties: { id: { type: 'string', minLength: 1 }, part: { type: 'integer' } },
} as const;

const sessionPart = {
  type: 'object',
  required: ['form_qualified_name'],
  properties: {
    repository_type: { type: 'string', enum: ['svn', 'minio'] },
    form_qualified_name: { type: 'string', minLength: 1 },
    track: { type: 'string' },
    exam_version: { type: 'string' },
    variables: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

export const createSessionSchema = {
  body: {
    type: 'object',
    required: [
      'origin',
      'auth_id',
      'auth_id_type',
      'candidate_id',
      'first_name',
      'last_name',
      'location',
      'rack_group',
      'rack_number',
      'scheduled_date',
      'timezone_offset',
    ],
    properties: {
      origin: { type: 'string' },
      auth_id: { type: 'string', minLength: 1 },
      auth_id_type: { type: 'string' },
      candidate_id: { type: 'string', minLength: 1 },
      first_name: { type: 'string' },
      last_name: { type: 'string' },
      location: { type: 'string' },
      rack_group: { type: 'string' },
      // Typed string in the OpenAPI, but the examples and the original system send a number.
      rack_number: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
      scheduled_date: { type: 'string', minLength: 10 },
      timezone_offset: { type: 'integer' },
      email_address: { type: 'string' },
      password: { type: 'string' },
      session_parts: { type: 'array', items: sessionPart },
      user_timeslot_end: { type: 'string' },
      max_length_minutes: { type: 'integer', minimum: 1 },
    },
  },
} as const;

export const listSessionsSchema = {
  querystring: {
    type: 'object',
    required: ['state'],
    properties: { state: { type: 'string', minLength: 1 } },
  },
} as const;

export const sessionSchema = { params: idParams } as const;

export const devicesSchema = {
  params: partParams,
  body: {
    type: 'array',
    items: {
      type: 'object',
      required: ['device_label', 'protocol', 'host'],
      properties: {
        device_label: { type: 'string', minLength: 1 },
        protocol: { type: 'string', minLength: 1 },
        host: { type: 'string', minLength: 1 },
        port: { anyOf: [{ type: 'integer', minimum: 1, maximum: 65535 }, { type: 'null' }] },
        password: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
    },
  },
} as const;

export const getDevicesSchema = { params: partParams } as const;

/** Release takes any JSON object; the content type itself is checked in the handler (415). */
export const releaseSchema = { params: idParams, body: { type: 'object' } } as const;

export const launchSchema = {
  querystring: {
    type: 'object',
    required: ['token'],
    properties: { token: { type: 'string', minLength: 1 } },
  },
} as const;

export const simEventsSchema = {
  body: {
    type: 'object',
    additionalProperties: false,
    properties: {
      sinkUrl: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      duplicate: { type: 'boolean' },
    },
  },
} as const;
