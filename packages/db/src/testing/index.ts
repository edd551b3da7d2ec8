export { createTestDatabase, DEFAULT_TEST_ADMIN_URL } from './create-test-database.ts';
export type { CreateTestDatabaseOptions, TestDatabase } from './create-test-database.ts';
