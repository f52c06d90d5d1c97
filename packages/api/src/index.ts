export * from './components.js';
export * from './constants.js';
export * from './requests.js';
export * from './responses.js';
