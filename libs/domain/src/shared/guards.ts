import { invalid } from './errors';
import { SLUG_PATTERN } from './ids';

/** Invariants re-checked in `decide`, whatever the edge already validated. */
export const requireSlug = (field: string, value: string): void => {
  if (!SLUG_PATTERN.test(value)) {
    throw invalid('INVALID_SLUG', `${field} must match ${SLUG_PATTERN.source}`, { field, value });
  }
};

export const requireText = (field: string, value: string | undefined, maxLength = 10_000): string => {
  const text = (value ?? '').trim();
  if (!text) throw invalid('FIELD_REQUIRED', `${field} is required`, { field });
  if (text.length > maxLength) throw invalid('FIELD_TOO_LONG', `${field} is longer than ${maxLength}`, { field, maxLength });
  return text;
};

export const EVIDENCE_CATEGORY_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;

export const normaliseCategories = (field: string, categories: readonly string[]): string[] => {
  for (const c of categories) {
    if (!EVIDENCE_CATEGORY_PATTERN.test(c)) {
      throw invalid('INVALID_EVIDENCE_CATEGORY', `${field}: '${c}' is not a valid category`, { field, category: c });
    }
  }
  return [...new Set(categories)];
};
