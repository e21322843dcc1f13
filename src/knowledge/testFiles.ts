/**
 * Test files, for every language and every rule: they run in a test environment, never in a
 * deployment. One answer for the whole product (before, Python, TS/JS and the cross-file rules each
 * had their own list).
 */
const TEST_FOLDER = /(^|\/)(tests?|testing|__tests__|__mocks__|e2e|spec)\//i;
const TEST_FILE = /^(test_.*\.py|.*_test\.py|conftest\.py|.*\.(test|spec|e2e|stories)\.[cm]?[jt]sx?)$/i;

/** Whether a path (absolute or relative, either separator) names a test file or a file under a test folder. */
export function isTestPath(file: string): boolean {
  const normalized = file.replace(/\\/g, '/');
  const base = normalized.slice(normalized.lastIndexOf('/') + 1);
  return TEST_FILE.test(base) || TEST_FOLDER.test(normalized);
}
