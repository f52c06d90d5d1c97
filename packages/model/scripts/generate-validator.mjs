// Writes generated/validate-model.js (and its .d.ts) from the built schema (run `tsc -b` first; the package's
// `generate` script does both).
import { writeFileSync } from 'node:fs';
import { modelJsonSchema } from '../dist/json-schema.js';
import { VALIDATOR_DECLARATION, validatorSource } from './validator-source.mjs';

const target = new URL('../generated/validate-model.js', import.meta.url);
writeFileSync(target, validatorSource(modelJsonSchema()));
writeFileSync(new URL('../generated/validate-model.d.ts', import.meta.url), VALIDATOR_DECLARATION);
console.log(`wrote ${target.pathname} and its declaration`);
