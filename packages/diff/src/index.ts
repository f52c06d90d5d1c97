export {
  type ChangeSeverity,
  type ContractChange,
  type ContractDiff,
  contractOf,
  type DiffContractsOptions,
  diffContracts,
  normalisePath,
  parseOperation,
  summarise,
} from './contracts.js';
export {
  DIFF_FAIL_ON,
  DIFF_SARIF_RULES,
  type DiffFailOn,
  diffMarkdown,
  diffSarif,
  diffText,
  markdownEscape,
  meetsFailOn,
  type NameOf,
  namesOf,
} from './format.js';
export {
  compareSchemas,
  MAX_SCHEMA_DEPTH,
  MAX_SCHEMA_VISITS,
  type SchemaChange,
  type SchemaRoot,
} from './schema.js';
