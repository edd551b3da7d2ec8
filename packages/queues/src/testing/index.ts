export { uniquePrefix } from './unique-prefix.ts';
export { obliteratePrefix } from './obliterate-prefix.ts';
