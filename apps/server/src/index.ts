export { type Action, can, type Role, resolveAccess } from './access.js';
export type { Actor, Credential } from './actor.js';
export { type AppOptions, createApp } from './app.js';
export { configFromEnv, type ServerConfig } from './config.js';
export { ModelEvents } from './events.js';
export { openApiDocument } from './openapi.js';
export { type RunningServer, startServer } from './server.js';
export { ModelStore } from './store.js';
