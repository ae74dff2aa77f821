import SwaggerParser from '@apidevtools/swagger-parser';
import { parse as parseYaml } from 'yaml';
import { sampleString, sampleUuid } from './flask-rule';

/** One documented operation, with its path parameters filled. */
export interface ApiOperation {
  method: string;
  path: string;
  /** The effective `security` requires a credential (not empty, no `{}` alternative). */
  secured: boolean;
}

export type OpenApiResult = { operations: ApiOperation[] } | { error: string };

const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Reads an OpenAPI 2 or 3 document (JSON or YAML text). `$ref`s are resolved
 * inside the document only: the scanner fetches nothing on a document's say.
 */
export async function parseOpenApi(text: string, label: string): Promise<OpenApiResult> {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    return { error: `${label} is neither JSON nor YAML: ${firstLine(err)}` };
  }
  if (!isObject(doc) || !(typeof doc.openapi === 'string' || doc.swagger === '2.0') || !isObject(doc.paths)) {
    return { error: `${label} is not an OpenAPI document (it needs an "openapi: 3.x" or "swagger: '2.0'" field and a "paths" object)` };
  }
  let api: Json;
  try {
    api = (await SwaggerParser.dereference(doc as never, { resolve: { external: false } })) as unknown as Json;
  } catch (err) {
    return { error: `${label} is not a valid OpenAPI document: ${firstLine(err)}` };
  }
  const prefix = basePath(api);
  const globalSecurity = api.security;
  const operations: ApiOperation[] = [];
  for (const [template, item] of Object.entries(api.paths as Json)) {
    if (!isObject(item)) {
      continue;
    }
    for (const method of httpMethods) {
      const op = item[method];
      if (!isObject(op)) {
        continue;
      }
      const parameters = [...asArray(item.parameters), ...asArray(op.parameters)];
      operations.push({
        method: method.toUpperCase(),
        path: joinPath(prefix, fillTemplate(template, parameters)),
        secured: requiresCredential(op.security ?? globalSecurity),
      });
    }
  }
  return { operations };
}

function requiresCredential(security: unknown): boolean {
  return Array.isArray(security) && security.length > 0 && !security.some((req) => isObject(req) && Object.keys(req).length === 0);
}

/** OpenAPI 3 `servers[0].url` (its path part, variables at their defaults) or Swagger 2 `basePath`. */
function basePath(api: Json): string {
  if (typeof api.basePath === 'string') {
    return api.basePath;
  }
  const server = asArray(api.servers)[0];
  if (!isObject(server) || typeof server.url !== 'string') {
    return '';
  }
  const variables = isObject(server.variables) ? server.variables : {};
  const url = server.url.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const variable = variables[name];
    return isObject(variable) && typeof variable.default === 'string' ? variable.default : '';
  });
  try {
    return new URL(url, 'http://placeholder.invalid').pathname;
  } catch {
    return '';
  }
}

function fillTemplate(template: string, parameters: unknown[]): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const param = parameters.find((p) => isObject(p) && p.name === name && p.in === 'path');
    const schema = isObject(param) ? (isObject(param.schema) ? param.schema : param) : {};
    if (schema.type === 'integer' || schema.type === 'number') {
      return '1';
    }
    if (schema.format === 'uuid') {
      return sampleUuid;
    }
    if (Array.isArray(schema.enum) && schema.enum.length > 0) {
      return encodeURIComponent(String(schema.enum[0]));
    }
    return sampleString(name);
  });
}

function joinPath(prefix: string, path: string): string {
  return `${prefix.replace(/\/$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0].replace(/[:.\s]+$/, '');
}
