/**
 * The API's routes as its own OpenAPI document lists them, for tests that must cover every
 * route without a list of their own to keep up to date.
 */

export type JsonSchema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** Upper case, as sent. */
  method: string;
  /** The document's path template, `/api/v1/users/{id}`. */
  path: string;
  parameters: Parameter[];
  /** The JSON body's schema, or null when the route takes no body. */
  body: JsonSchema | null;
  /** False for the methods a documented path does not serve (they answer 405). */
  documented: boolean;
  /** The operation's tags; for a method the path does not serve, those of the path's first. */
  tags: string[];
  /** What the document says each status answers with: its headers above all. Empty when not documented. */
  responses: Record<string, DocumentedResponse>;
}

export interface DocumentedResponse {
  description?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema?: JsonSchema }>;
}

interface Document {
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, JsonSchema> | undefined>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Replaces `$ref`s to components (schemas, responses, headers) with what they name, all the way down. */
function resolved(schema: unknown, components: Document['components'] & object, depth = 0): unknown {
  if (depth > 20 || typeof schema !== 'object' || schema === null) return schema;
  if (Array.isArray(schema)) return schema.map((s) => resolved(s, components, depth + 1));
  const ref = (schema as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    const [kind = '', name = ''] = ref.replace(/^#\/components\//, '').split('/');
    return resolved(components[kind]?.[name] ?? {}, components, depth + 1);
  }
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, resolved(value, components, depth + 1)]),
  );
}

/** Every method of every path in the document, plus the methods each path refuses. */
export function operationsOf(document: Document): Operation[] {
  const components = document.components ?? {};
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const served = METHODS.filter((m) => m in item);
    for (const method of served) {
      const op = resolved(item[method], components) as {
        parameters?: Parameter[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
        tags?: string[];
        responses?: Record<string, DocumentedResponse>;
      };
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
        documented: true,
        tags: op.tags ?? [],
        responses: op.responses ?? {},
      });
    }
    const first = operations.find((o) => o.path === path);
    const pathParameters = first?.parameters.filter((p) => p.in === 'path');
    for (const method of METHODS.filter((m) => !served.includes(m))) {
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: pathParameters ?? [],
        body: null,
        documented: false,
        tags: first?.tags ?? [],
        responses: {},
      });
    }
  }
  return operations;
}
