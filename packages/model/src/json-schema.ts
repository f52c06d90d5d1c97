import { z } from 'zod';
import { FORMAT, modelSchema } from './schema.js';

/** The model format as a JSON Schema (draft 2020-12) document, for editors and other tools. */
export function modelJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(modelSchema, { target: 'draft-2020-12', unrepresentable: 'any' });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://meshplan.dev/schema/meshplan-v1.json',
    title: `Meshplan model (${FORMAT})`,
    ...schema,
  };
}
