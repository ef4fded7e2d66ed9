const e = encodeURIComponent;

export const jobPath = (jobId: string, rest = ''): string => `/jobs/${e(jobId)}${rest}`;
export const projectJobsPath = (slug: string, rest = ''): string => `/projects/${e(slug)}/jobs${rest}`;

/** A query string of the defined values only. */
export const query = (params: Record<string, string | number | boolean | undefined>): string => {
  const defined = Object.entries(params).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined);
  return defined.length ? `?${new URLSearchParams(defined.map(([k, v]): [string, string] => [k, String(v)])).toString()}` : '';
};
