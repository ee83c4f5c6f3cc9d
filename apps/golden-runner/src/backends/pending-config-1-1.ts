/**
 * Config 1.1 cases (packages/golden/fixtures-1.1) that no backend runs yet,
 * each with the reason. A key that selects no case fails the suite, so an
 * entry must go as soon as its feature lands (see docs/guides/config-1.1.md).
 * Every feature of config 1.1 has landed: the table is empty.
 */
export const pendingConfig11: Readonly<Record<string, string>> = {};
