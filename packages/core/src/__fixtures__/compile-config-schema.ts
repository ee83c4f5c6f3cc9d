import { Ajv2020 } from 'ajv/dist/2020.js';
import { configJsonSchema } from '../config/config-json-schema.js';

/** The config's JSON Schema compiled by ajv in strict mode: unknown keywords or a malformed schema throw here. */
export function compileConfigSchema(): (config: unknown) => boolean {
  const validate = new Ajv2020({ strict: true, allErrors: true }).compile(configJsonSchema());
  return (config) => validate(config);
}
