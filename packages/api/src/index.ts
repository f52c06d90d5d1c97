export { IMPORT_FORMATS, type ImportFormat } from '@meshplan/importers';
export * from './components.js';
export * from './constants.js';
export * from './requests.js';
export * from './responses.js';
