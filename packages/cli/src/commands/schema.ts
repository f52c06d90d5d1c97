import { modelJsonSchema } from '@meshplan/model';
import { EXIT, type Io } from '../io.js';

export function schemaCommand(io: Io): number {
  io.stdout(`${JSON.stringify(modelJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
