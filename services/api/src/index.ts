export { buildApp, OPENAPI_PATH, DOCS_PATH } from './app/build-app.ts';
export { apiServer } from './api-server.ts';
export type { ApiContext } from './app/api-context.ts';
