export { createTestDatabase, DEFAULT_TEST_ADMIN_URL } from './create-test-database.ts';
export type { CreateTestDatabaseOptions, TestDatabase } from './create-test-database.ts';
export { upsertFeatureRows, FEATURE_ROW_COLUMNS, FEATURE_ROW_KEY, type FeatureRowInput } from './feature-rows.ts';
export { truncateTables } from './truncate-tables.ts';
