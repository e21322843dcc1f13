import { CATEGORIES, CATEGORY_TITLES, type Category, type Finding, type Severity } from './types';

/** A finding with where it is, as reports list it (paths relative, positions 1-based). */
export interface LocatedFinding extends Finding {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface CategoryVerdict {
  category: Category;
  title: string;
  passed: boolean;
  counts: Record<Severity, number>;
}

export interface ReadinessSummary {
  files: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  byCategory: Partial<Record<Category, number>>;
  categories: CategoryVerdict[];
  /** 0–100: 100 minus weighted findings, floored at 0; a quick signal, not a grade. */
  score: number;
}

const WEIGHT: Record<Severity, number> = { error: 10, warning: 3, info: 1 };

/** Per-category pass/fail: a category passes when it has no error or warning finding. */
export function summarize(findings: readonly Finding[], files: number): ReadinessSummary {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const byCategory: Partial<Record<Category, number>> = {};
  const perCategory = new Map<Category, Record<Severity, number>>(CATEGORIES.map((c) => [c, { error: 0, warning: 0, info: 0 }]));
  let penalty = 0;
  for (const finding of findings) {
    bySeverity[finding.severity]++;
    byCategory[finding.category] = (byCategory[finding.category] ?? 0) + 1;
    perCategory.get(finding.category)![finding.severity]++;
    penalty += WEIGHT[finding.severity];
  }
  const categories = CATEGORIES.map((category) => {
    const counts = perCategory.get(category)!;
    return { category, title: CATEGORY_TITLES[category], passed: counts.error + counts.warning === 0, counts };
  });
  return { files, findings: findings.length, bySeverity, byCategory, categories, score: Math.max(0, 100 - penalty) };
}

export function groupByPath<T extends { path: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    let group = groups.get(item.path);
    if (!group) groups.set(item.path, (group = []));
    group.push(item);
  }
  return groups;
}
