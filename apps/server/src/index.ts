export { type AppOptions, createApp } from './app.js';
export { configFromEnv, type ServerConfig } from './config.js';
export { openApiDocument } from './openapi.js';
export { type RunningServer, startServer } from './server.js';
export { ModelStore } from './store.js';
