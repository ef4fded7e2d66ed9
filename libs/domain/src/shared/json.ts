/** Event data is plain JSON: no class instances, no Dates (ISO strings instead). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
