import { Transform } from 'class-transformer';
import { IsInt } from 'class-validator';

const DIGITS = /^\d+$/;

/**
 * A whole number sent as text (a query or path parameter): decimal digits only. Anything else
 * stays the string it came as, for `IsInt` to refuse with a 400. `@Type(() => Number)` read
 * `''` and `' '` as 0 and `0x1`, `+1`, `1.0`, `1e0` as 1, so a malformed value was answered as
 * if it were another one; digits beyond 2^53 − 1 would be read as a nearby number, so they stay
 * text too. Bounds (`Min`, `Max`) go next to it, as before.
 */
export const WholeNumber = (): PropertyDecorator => (target, property) => {
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && DIGITS.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : value))(target, property);
  IsInt()(target, property);
};
